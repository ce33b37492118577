"""95th-percentile time of 20 typical cross-searches, on SQLite and on PostgreSQL.

Loads the source's scale: ``egov_demo_data --scale 1.0`` (83,522 memberships: 81,663 people,
20,000 opinions, ~500 activities and meetings), then bulk-creates people up to 83,522 and
activities and meetings up to 1,000 each; PostgreSQL is vacuumed and analyzed, as its
autovacuum would do after a bulk load.
Each of 20 typical queries (full names, name fragments, last four digits, e-mail fragments,
Korean words inside inflected forms, filters) is run as a 관리자 would, through the function
that builds every result section: the query, the count and the first page of rows (with group
badges) per section — :func:`egov_plugin.insights.search.sections.run_section`.

``value`` is the worse of the two databases' p95 in ms; per-database figures, the SQL queries
per search, and the full view time (HTML and audit event included, ``view_p95_ms``) are extra
keys. ``floor``: the same sections' querysets evaluated by the bare ORM (``count()`` plus the
first page), the database work itself.

The script runs itself once per database in a subprocess (Django's settings are per process):
both load at once, then each is measured alone, SQLite first.
"""

import json
import random
import subprocess
import sys
import time

from _common import ROOT, p95, report

#: People in the registry at scale 1.0 (the source's figure).
PEOPLE = 83522

ACTIVITY_WORDS = [
    "중랑천 청소를 했습니다", "어르신 도시락을 나눴습니다", "주민참여예산 설명회를 열었습니다",
    "골목길 벽화를 그렸습니다", "공영주차장 민원을 모았습니다", "독거노인 안부를 살폈습니다",
    "놀이터 안전 점검을 했습니다", "마을 축제에서 먹거리를 팔았습니다",
]  # fmt: skip
MINUTES_WORDS = [
    "내년 예산에 관한 논의", "공원 조성 계획을 보고함", "주차장 확충 예산안을 심의함",
    "청소년 프로그램 운영 결과를 공유함", "복지 사각지대 발굴 방안을 토의함",
    "자치회관 프로그램 수강료를 결정함",
]  # fmt: skip


def load(scale):
    """Fill the (empty, migrated) database at ``scale``: demo data, then the top-ups."""
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    from egov_plugin.meetings.models import Meeting
    from egov_plugin.organizations.models import Activity, Organization
    from egov_plugin.people.demo import fresh_demo_mobiles, korean_name
    from egov_plugin.people.models import Person, Region

    call_command("egov_demo_data", "--scale", str(scale), stdout=open("/dev/null", "w"))
    rng = random.Random(7)
    # The demo data's 83,522 memberships are 81,663 people (some are in several groups); the
    # people the registry also knows from opinions and imports make up the source's 83,522.
    missing = max(0, round(PEOPLE * scale) - Person.objects.count())
    regions = list(Region.objects.all())
    Person.objects.bulk_create(
        Person(
            name=korean_name(rng, gender),
            gender=gender,
            region=rng.choice(regions),
            mobile=mobile,
            email=f"other{i:05d}@example.net" if rng.random() < 0.5 else "",
            source=Person.Source.DEMO,
        )
        for i, (gender, mobile) in enumerate(
            zip(rng.choices("MF", k=missing), fresh_demo_mobiles(rng, missing), strict=True)
        )
    )
    organizations = list(Organization.objects.all())
    target = round(1000 * scale)
    extra_activities = max(0, target - Activity.objects.count())
    extra_meetings = max(0, target - Meeting.objects.count())
    Activity.objects.bulk_create(
        Activity(
            organization=rng.choice(organizations),
            start_date=datetime.date(2014, 1, 1) + datetime.timedelta(days=rng.randrange(4000)),
            title=rng.choice(ACTIVITY_WORDS)[:12],
            description=" ".join(rng.sample(ACTIVITY_WORDS, 3)),
            place="성동구",
        )
        for _ in range(extra_activities)
    )
    now = timezone.now()
    meetings = []
    for _ in range(extra_meetings):
        text = " ".join(rng.sample(MINUTES_WORDS, 3))
        meetings.append(
            Meeting(
                body=rng.choice(organizations),
                starts_at=now - datetime.timedelta(days=rng.randrange(4000)),
                agenda=rng.choice(MINUTES_WORDS),
                minutes=f"<p>{text}</p>",
                minutes_text=text,  # bulk_create skips save(), which fills it
                decisions=rng.choice(MINUTES_WORDS),
            )
        )
    Meeting.objects.bulk_create(meetings)
    from django.db import connection

    if connection.vendor == "postgresql":
        # What a running site's autovacuum does after a bulk load: gather the statistics
        # (without them the planner guesses) and merge the trigram indexes' pending entries.
        # Done here, before measuring, so that neither database's timings include it.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def typical_queries():
    """The 20 queries, built from the loaded data (the same people on every run)."""
    from egov_plugin.committees.models import CommitteeField, CommitteeMembership
    from egov_plugin.organizations.models import Organization
    from egov_plugin.people.models import Person, Region

    rng = random.Random(11)
    candidates = list(
        Person.objects.exclude(email="").exclude(mobile=None).order_by("pk").values_list("pk")
    )
    picked = [pk for (pk,) in rng.sample(candidates, 8)]
    people = sorted(Person.objects.filter(pk__in=picked), key=lambda p: picked.index(p.pk))
    member = CommitteeMembership.objects.select_related("person").order_by("pk").first().person
    region = Region.objects.order_by("sort_order")[3]
    field = CommitteeField.objects.order_by("pk").first()
    organization = Organization.objects.order_by("pk").first()
    return [
        ("full name", {"q": people[0].name}),
        ("full name (committee member)", {"q": member.name}),
        ("name fragment", {"q": people[1].name[1:]}),
        ("name fragment, one syllable family name", {"q": people[2].name[:2]}),
        ("last four digits", {"q": people[3].mobile[-4:]}),
        ("last four digits", {"q": people[4].mobile[-4:]}),
        ("full mobile", {"q": people[5].mobile}),
        ("e-mail fragment", {"q": people[6].email.split("@")[0][:5]}),
        ("e-mail domain", {"q": "@" + people[7].email.split("@")[1]}),
        ("inflected: 예산을", {"q": "예산을"}),
        ("inflected: 청소를", {"q": "청소를"}),
        ("inflected: 주차장에서", {"q": "주차장에서"}),
        ("two words: 공원 조성", {"q": "공원 조성"}),
        ("group + neighbourhood", {"group": "committee", "region": region.pk}),
        ("consent + age band", {"consent": "sms", "age_band": "40s"}),
        ("organization", {"organization": organization.pk}),
        ("committee field", {"committee_field": field.pk}),
        ("word + date range", {"q": "예산", "date_from": "2020-01-01", "date_to": "2024-12-31"}),
        ("name + gender", {"q": people[0].name[1:], "gender": "F"}),
        ("one character", {"q": "김"}),
    ]


def measure(database, repeat):
    """Time the typical queries on the loaded database; returns the per-database figures."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client, RequestFactory
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from egov_plugin.consultations.models import Opinion
    from egov_plugin.insights.filters import CrossSearchForm
    from egov_plugin.insights.permissions import ContactPolicy
    from egov_plugin.insights.search.sections import available_sections, run_section
    from egov_plugin.meetings.models import Meeting
    from egov_plugin.organizations.models import Activity
    from egov_plugin.people import roles
    from egov_plugin.people.audiences.criteria import Criteria
    from egov_plugin.people.models import Person

    user, _created = get_user_model().objects.get_or_create(username="bench-admin")
    user.groups.add(Group.objects.get(name=roles.ADMINISTRATOR))
    user = get_user_model().objects.get(pk=user.pk)
    queries = typical_queries()
    factory = RequestFactory()
    policy = ContactPolicy(user)
    sections = available_sections(user)

    def run(params):
        request = factory.get("/", params)
        request.user = user
        criteria, _form = Criteria.from_request(request.GET, CrossSearchForm)
        return [run_section(section, request, criteria, policy) for section in sections]

    def orm(params):
        request = factory.get("/", params)
        criteria, _form = Criteria.from_request(request.GET, CrossSearchForm)
        for section in sections:
            if section.skip_reason(criteria):
                continue
            queryset = section.queryset(criteria)
            queryset.count()
            list(queryset[: section.per_page])

    client = Client()
    client.force_login(user)
    url = reverse("egov_insights:index")
    times, floors, views, per_query, sql = [], [], [], {}, {}
    for label, params in queries:
        run(params)  # warm-up
        with CaptureQueriesContext(connection) as captured:
            results = run(params)
        key = f"{label}: {params}"
        sql[key] = len(captured)
        durations = []
        for _ in range(repeat):
            started = time.perf_counter()
            run(params)
            durations.append(time.perf_counter() - started)
            started = time.perf_counter()
            orm(params)
            floors.append(time.perf_counter() - started)
        for _ in range(max(3, repeat // 4)):
            started = time.perf_counter()
            assert client.get(url, params).status_code == 200
            views.append(time.perf_counter() - started)
        times += durations
        per_query[key] = {
            "median_ms": round(sorted(durations)[len(durations) // 2] * 1000, 1),
            "results": {r.key: r.count_label for r in results if r.searched},
        }
    return {
        "database": database,
        "p95_ms": round(p95(times) * 1000, 1),
        "floor_p95_ms": round(p95(floors) * 1000, 1),
        "view_p95_ms": round(p95(views) * 1000, 1),
        "sql_per_search": sql,
        "by_query": per_query,
        "rows": {
            "people": Person.objects.count(),
            "opinions": Opinion.objects.count(),
            "activities": Activity.objects.count(),
            "meetings": Meeting.objects.count(),
        },
    }


def child(database, scale, repeat):
    """Load, say ``ready``, wait for ``go`` on stdin, measure: the parent lets the two
    databases load side by side but measures each alone, on an otherwise idle benchmark."""
    from _common import setup

    done = setup(database)
    try:
        load(scale)
        print("ready", flush=True)
        sys.stdin.readline()
        return measure(database, repeat)
    finally:
        done()


def main():
    from _common import arguments

    args = arguments(__doc__, repeat={"type": int, "default": 10}, child={"action": "store_true"})
    if args.child:
        print(json.dumps(child(args.database, args.scale, args.repeat), ensure_ascii=False))
        return
    command = [sys.executable, __file__, "--child", "--scale", str(args.scale),
               "--repeat", str(args.repeat)]  # fmt: skip
    processes = {
        database: subprocess.Popen(
            [*command, "--database", database],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for database in ("sqlite", "postgres")
    }
    for database, process in processes.items():
        for line in process.stdout:
            if line.strip() == "ready":
                break
        else:
            sys.exit(f"{database} run failed while loading")
    figures = {}
    for database, process in processes.items():
        out, _err = process.communicate("go\n")
        if process.returncode != 0:
            sys.exit(f"{database} run failed")
        figures[database] = json.loads(out.strip().splitlines()[-1])
    value = max(f["p95_ms"] for f in figures.values())
    floor = max(f["floor_p95_ms"] for f in figures.values())
    report(
        bench="cross_search",
        value=value,
        unit="ms",
        floor=floor,
        ratio=round(value / floor, 2) if floor else None,
        sqlite_p95_ms=figures["sqlite"]["p95_ms"],
        postgres_p95_ms=figures["postgres"]["p95_ms"],
        view_p95_ms={db: f["view_p95_ms"] for db, f in figures.items()},
        sql_per_search=figures["sqlite"]["sql_per_search"],
        by_query={db: f["by_query"] for db, f in figures.items()},
        rows=figures["sqlite"]["rows"],
        scale=args.scale,
        repeat=args.repeat,
    )


if __name__ == "__main__":
    main()

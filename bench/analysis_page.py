"""Time to render the analysis page of a consultation with 20,000 opinions, keywords computed.

Creates 17 neighbourhoods, 20,000 registry people (two thirds of them e-communication
subscribers, a few hundred committee members) and a consultation with 20,000 opinions spread
over genders, age bands, neighbourhoods and channels as in the demo data (weighted: more women,
more people in their 40s and 50s, busier neighbourhoods), with Korean text assembled from the
demo's phrases; plus eight earlier consultations of 300 opinions each, so that the page has
similar consultations to rank. Every consultation's keyword task is run (Kiwi), then the
analysis page is rendered by a 정책 담당 through Django's test client (in-process, no network),
after a warm-up.

``value`` is the median render time in seconds (``p95`` beside it); ``floor`` is the median
time of Wagtail's own admin dashboard in the same run, the cost of any admin page.
"""

import datetime
import hashlib
import random
import statistics
import time

from _common import arguments, p95, report, setup

args = arguments(__doc__, renders={"type": int, "default": 15})
done = setup(args.database)

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import Site  # noqa: E402

from egov_plugin.analysis.tasks import analyse_keywords  # noqa: E402
from egov_plugin.committees.models import (  # noqa: E402
    Committee,
    CommitteeField,
    CommitteeMembership,
)
from egov_plugin.consultations.demo import CHANNEL_WEIGHTS, TOPICS, opinion_text  # noqa: E402
from egov_plugin.consultations.models import (  # noqa: E402
    ConsultationIndexPage,
    ConsultationPage,
    Opinion,
)
from egov_plugin.people import roles  # noqa: E402
from egov_plugin.people.models import Person, Region, SubscriberProfile  # noqa: E402
from egov_plugin.people.regions import load_regions  # noqa: E402

OPINIONS = round(20_000 * args.scale)
PEOPLE = max(OPINIONS, 1000)
rng = random.Random(20)

load_regions()
regions = list(Region.objects.values_list("pk", flat=True))
region_weights = [rng.uniform(0.5, 2.0) for _ in regions]
GENDERS, GENDER_WEIGHTS = ["F", "M", ""], [52, 45, 3]
AGES = ["U20", "20s", "30s", "40s", "50s", "60s", "70+", ""]
AGE_WEIGHTS = [3, 12, 18, 22, 20, 13, 9, 3]
SURNAMES, GIVEN = "김이박최정강조윤장임", ["민수", "서연", "지훈", "하은", "도윤", "수빈", "영숙"]

Person.objects.bulk_create(
    Person(
        name=rng.choice(SURNAMES) + rng.choice(GIVEN),
        gender=rng.choices(GENDERS, GENDER_WEIGHTS)[0],
        age_band=rng.choices(AGES, AGE_WEIGHTS)[0],
        region_id=rng.choices(regions, region_weights)[0],
        mobile=f"010-{1000 + i // 10000:04d}-{i % 10000:04d}",
        source=Person.Source.DEMO,
    )
    for i in range(PEOPLE)
)
people = list(Person.objects.values_list("pk", "name", "gender", "age_band", "region_id", "mobile"))
SubscriberProfile.objects.bulk_create(
    SubscriberProfile(person_id=pk, sms_consent=True) for pk, *_ in people if rng.random() < 0.66
)
field, _ = CommitteeField.objects.get_or_create(name="행정")
committee = Committee.objects.create(name="주민참여위원회", field=field)
CommitteeMembership.objects.bulk_create(
    CommitteeMembership(committee=committee, person_id=pk) for pk, *_ in rng.sample(people, 400)
)

home = Site.objects.get(is_default_site=True).root_page.specific
index = home.add_child(instance=ConsultationIndexPage(title="정책 제안", slug="consultations"))
now = timezone.now()


def consultation(number, opens, count):
    title, _department, _field, aspects = TOPICS[number]
    page = index.add_child(
        instance=ConsultationPage(
            title=title,
            slug=f"c-{number}",
            summary=f"{title}에 대한 주민 여러분의 의견을 듣습니다.",
            body=[("text", f"<p>{title} 방안을 마련하고자 합니다. 의견을 들려주세요.</p>")],
            opens_at=opens,
            closes_at=opens + datetime.timedelta(days=30),
        )
    )
    page.save_revision().publish()
    opinions = []
    for pk, name, gender, age_band, region_id, mobile in rng.sample(people, count):
        channel, detail = rng.choice(CHANNEL_WEIGHTS)
        text = opinion_text(rng, aspects)
        created = min(opens + datetime.timedelta(days=30) * rng.random() ** 1.5, now)
        opinions.append(
            Opinion(
                page_id=page.pk, person_id=pk, name=name, gender=gender, age_band=age_band,
                region_id=region_id, mobile=mobile, text=text, channel=channel,
                channel_detail=detail, status=Opinion.Status.PUBLISHED, created_at=created,
                contact_key=mobile, text_hash=hashlib.sha256(text.encode()).hexdigest(),
            )
        )  # fmt: skip
    Opinion.objects.bulk_create(opinions, batch_size=2000)
    return page


earlier = [
    consultation(n, now - datetime.timedelta(days=400 - 40 * n), min(300, OPINIONS))
    for n in range(8)
]
page = consultation(len(TOPICS) - 3, now - datetime.timedelta(days=20), OPINIONS)

keyword_started = time.perf_counter()
for each in earlier + [page]:
    analyse_keywords.enqueue(each.pk)  # the test settings' backend runs it at once
keyword_seconds = time.perf_counter() - keyword_started

user = get_user_model().objects.create_user("bench-policy", password="x")
user.groups.add(Group.objects.get(name=roles.POLICY_STAFF))
client = Client()
client.force_login(user)
url = reverse("egov_analysis:consultation", args=[page.pk])
floor_url = reverse("wagtailadmin_home")


def get(address):
    started = time.perf_counter()
    response = client.get(address)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, (address, response.status_code)
    return response, elapsed


for _ in range(2):  # warm-up: templates, caches
    get(url)
    get(floor_url)
with CaptureQueriesContext(connection) as captured:
    response, _elapsed = get(url)
queries = len(captured)
html = response.content.decode()
assert 'id="chart-keywords-title"' in html, "keywords missing"
assert any(reverse("egov_analysis:consultation", args=[e.pk]) in html for e in earlier), (
    "no similar consultation ranked"
)

times, floors = [], []
for _ in range(args.renders):
    times.append(get(url)[1])
    floors.append(get(floor_url)[1])
median, floor = statistics.median(times), statistics.median(floors)
done()
report(
    bench="analysis_page",
    value=round(median, 3),
    unit="s",
    p95=round(p95(times), 3),
    floor=round(floor, 3),
    ratio=round(median / floor, 2) if floor else None,
    opinions=OPINIONS,
    queries=queries,
    keyword_task_s=round(keyword_seconds, 1),
    renders=args.renders,
    database=args.database,
)

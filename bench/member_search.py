"""95th-percentile time of typical member look-ups and activity/minutes searches.

Loads the source's scale with ``egov_demo_data`` (78,785 subscribers, 531 committee members,
4,206 organization members, ~300 activities and ~240 meetings at --scale 1.0), then times each
look-up the way the admin listing performs it: the listing view's own ``get_queryset()`` (its
search and filters, built from the query string), then the count and the first page of rows.

``value`` is the 95th percentile of those look-ups in milliseconds over ``--repeat`` runs of each
query after a warm-up. ``floor``: the same selection written directly with the ORM (count plus one
page, no view code) in the same run. ``view_p95_ms`` is the whole results view as staff meet it
when they type a search (Wagtail's results fragment: look-up, table HTML with per-row action
menus, audit event) — rendering dominates it, and it is reported, not the target.
"""

import statistics

from _common import arguments, p95, report, setup, timed

args = arguments(__doc__, repeat={"type": int, "default": 20})
done = setup(args.database)

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db.models import Q  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.urls import resolve, reverse  # noqa: E402

from egov_plugin.committees.models import CommitteeMembership  # noqa: E402
from egov_plugin.core.search import search  # noqa: E402
from egov_plugin.meetings.models import Meeting  # noqa: E402
from egov_plugin.organizations.models import Activity, OrganizationMembership  # noqa: E402
from egov_plugin.people.models import Person  # noqa: E402

call_command("egov_demo_data", "--scale", str(args.scale), stdout=open("/dev/null", "w"))

admin = get_user_model().objects.create_superuser("bench", "bench@example.org", "x")
client = Client()
client.force_login(admin)

committee_member = (
    CommitteeMembership.objects.select_related("person").exclude(person__email="").first()
)
org_member = OrganizationMembership.objects.select_related("person", "organization").first()
activity = Activity.objects.select_related("organization").first()
name_part = committee_member.person.name[1:]
org_name_part = org_member.person.name[1:]
email_part = committee_member.person.email.split("@")[0][:6]
last4 = org_member.person.mobile[-4:]

COMMITTEE = reverse("egov_committee_members:index_results")
ORGANIZATION = reverse("egov_organization_members:index_results")
ACTIVITIES = reverse("wagtailsnippets_egov_organizations_activity:list_results")
MEETINGS = reverse("wagtailsnippets_egov_meetings_meeting:list_results")

#: (label, URL, query string, the same selection with the ORM alone)
CASES = [
    ("committee: name part", COMMITTEE, {"q": name_part},
     lambda: CommitteeMembership.objects.filter(person__name__icontains=name_part)),
    ("committee: e-mail part", COMMITTEE, {"q": email_part},
     lambda: CommitteeMembership.objects.filter(
         Q(person__name__icontains=email_part) | Q(person__email__icontains=email_part))),
    ("committee: full mobile", COMMITTEE, {"q": committee_member.person.mobile},
     lambda: CommitteeMembership.objects.filter(person__mobile=committee_member.person.mobile)),
    ("committee: without e-mail", COMMITTEE, {"has_email": "no"},
     lambda: CommitteeMembership.objects.filter(person__email="")),
    ("committee: current term, one committee", COMMITTEE,
     {"term": "current", "committee": committee_member.committee_id},
     lambda: CommitteeMembership.objects.filter(committee_id=committee_member.committee_id)),
    ("organization: name part", ORGANIZATION, {"q": org_name_part},
     lambda: OrganizationMembership.objects.filter(person__name__icontains=org_name_part)),
    ("organization: last four digits", ORGANIZATION, {"q": last4},
     lambda: OrganizationMembership.objects.filter(person__mobile__endswith=last4)),
    ("organization: one organization", ORGANIZATION, {"organization": org_member.organization_id},
     lambda: OrganizationMembership.objects.filter(organization_id=org_member.organization_id)),
    ("activities: content 청소", ACTIVITIES, {"q": "청소"},
     lambda: search(Activity.objects.all(), ["title", "description", "place"], "청소")),
    ("activities: organization and period", ACTIVITIES,
     {"organization": activity.organization_id, "period_after": "2014-01-01",
      "period_before": "2026-12-31"},
     lambda: Activity.objects.filter(organization_id=activity.organization_id)),
    ("minutes: text 예산", MEETINGS, {"q": "예산"},
     lambda: search(Meeting.objects.all(), ["agenda", "minutes", "decisions"], "예산")),
    ("people: name part", reverse("egov_people:index_results"), {"q": name_part},
     lambda: Person.objects.search(name_part)),
]  # fmt: skip


def view(url, params):
    response = client.get(url, params)
    assert response.status_code == 200, (url, params, response.status_code)


factory = RequestFactory()


def lookup(url, params):
    """The listing view's own search and filters: its queryset, counted, first page fetched."""
    match = resolve(url)
    request = factory.get(url, params)
    request.user = admin
    instance = match.func.view_class(**match.func.view_initkwargs)
    instance.setup(request, *match.args, **match.kwargs)
    queryset = instance.get_queryset()
    queryset.count()
    list(queryset[: instance.get_paginate_by(queryset) or 20])


def orm(selection):
    queryset = selection()
    queryset.count()
    list(queryset.order_by("pk")[:50])


lookup_times, view_times, floor_times, per_case = [], [], [], {}
for label, url, params, selection in CASES:
    view(url, params)  # warm-up
    lookup(url, params)
    orm(selection)
    durations = timed(lambda url=url, params=params: lookup(url, params), args.repeat)
    lookup_times += durations
    view_times += timed(lambda url=url, params=params: view(url, params), args.repeat)
    floor_times += timed(lambda selection=selection: orm(selection), args.repeat)
    per_case[label] = round(statistics.median(durations) * 1000, 1)

people = Person.objects.count()
done()
value = p95(lookup_times) * 1000
floor = p95(floor_times) * 1000
report(
    bench="member_search",
    value=round(value, 1),
    unit="ms",
    floor=round(floor, 1),
    ratio=round(value / floor, 2),
    view_p95_ms=round(p95(view_times) * 1000, 1),
    median_ms_by_query=per_case,
    people=people,
    database=args.database,
    repeat=args.repeat,
)

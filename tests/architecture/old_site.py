"""Run by test_from_old_main.py inside the tree of old main (0f4bfbb), with that tree's code:
migrate a fresh SQLite database, fill it with demo data at scale 0.1 and save a few audiences
(the demo makes none). Uses only what old main has."""

import sys

import django

django.setup()

from django.core.management import call_command  # noqa: E402

import egov_plugin  # noqa: E402

if not egov_plugin.__file__.startswith(sys.argv[1]):
    raise SystemExit(f"egov_plugin comes from {egov_plugin.__file__}, not from {sys.argv[1]}")

call_command("migrate", verbosity=0, interactive=False, skip_checks=True)
call_command("egov_demo_data", scale=0.1, verbosity=0)

from egov_plugin.committees.models import CommitteeMembership  # noqa: E402
from egov_plugin.insights.models import SavedAudience  # noqa: E402
from egov_plugin.organizations.models import Organization  # noqa: E402
from egov_plugin.people.models import Person, Region  # noqa: E402

region = Region.objects.order_by("sort_order", "pk").first()
organization = Organization.objects.order_by("pk").first()
audiences = [
    (
        "성수1가1동 가입자",
        {"q": "", "group": "subscriber", "region": region.pk},
        Person.objects.filter(region=region, subscriber__isnull=False),
    ),
    (
        "단체 회원",
        {"q": "", "group": "organization", "organization": organization.pk},
        Person.objects.filter(organization_memberships__organization=organization),
    ),
    (
        "위원 전체",
        {"q": "김", "group": "committee"},
        Person.objects.filter(
            pk__in=CommitteeMembership.objects.values("person"), name__contains="김"
        ),
    ),
    ("빈 목록", {}, Person.objects.none()),
]
for name, criteria, people in audiences:
    ids = sorted(people.values_list("pk", flat=True).distinct())
    SavedAudience.objects.create(name=name, criteria=criteria, person_ids=ids, size=len(ids))

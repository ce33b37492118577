"""The organizations' demo data: the source's figures, idempotent, replacing only demo rows."""

import csv
import io

import pytest
from django.core.management import call_command
from django.db.models import Count, Max

from egov_plugin.organizations.demo import NEW_PEOPLE_SHARE, targets
from egov_plugin.organizations.models import (
    Activity,
    ActivityPhoto,
    Organization,
    OrganizationMembership,
)
from egov_plugin.people.models import Person, Region
from egov_plugin.people.regions import SEONGDONG_CSV

from .factories import ActivityFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

SCALE = "0.01"


def _demo(scale=SCALE):
    out = io.StringIO()
    call_command("egov_demo_data", "--scale", scale, stdout=out)
    return out.getvalue()


def _people_and_organizations(scale):
    """Only the two demo steps this app depends on, without the other apps' hooks."""
    import random

    from egov_plugin.organizations.demo import create_organizations
    from egov_plugin.people.demo import create_subscribers

    rng, out = random.Random(2014), io.StringIO()
    create_subscribers(scale=scale, rng=rng, stdout=out)
    create_organizations(scale=scale, rng=rng, stdout=out)
    return out.getvalue()


def _snapshot():
    return {
        "organizations": Organization.objects.aggregate(n=Count("pk"), last=Max("pk")),
        "members": OrganizationMembership.objects.aggregate(n=Count("pk"), last=Max("pk")),
        "people": Person.objects.aggregate(n=Count("pk"), last=Max("pk")),
        "activities": Activity.objects.aggregate(n=Count("pk"), last=Max("pk")),
        "photos": ActivityPhoto.objects.count(),
    }


def test_full_scale_targets_are_the_sources_figures(regions):
    with SEONGDONG_CSV.open(encoding="utf-8-sig") as file:
        source = {row["name"]: int(row["org_members_2014"]) for row in csv.DictReader(file)}
    target = targets(1.0, list(Region.objects.all()))
    by_name = {Region.objects.get(pk=pk).name: n for pk, n in target["members_by_region"].items()}
    assert by_name == source and sum(source.values()) == target["members"] == 4206
    assert target["organizations"] == 17 * 8
    assert (
        target["activities"] == 300 and targets(0.1, list(Region.objects.all()))["activities"] >= 20
    )


def test_demo_data_follows_the_figures_and_is_idempotent():
    output = _demo()
    regions = list(Region.objects.all())
    target = targets(float(SCALE), regions)
    assert Organization.objects.filter(is_demo=True).count() == 136
    memberships = OrganizationMembership.objects.select_related("person", "organization")
    assert memberships.count() == target["members"] == 42
    per_region = dict(
        memberships.values_list("organization__region").annotate(n=Count("pk")).order_by()
    )
    assert per_region == {pk: n for pk, n in target["members_by_region"].items() if n}

    new = [m.person for m in memberships if not hasattr(m.person, "subscriber")]
    subscribers = [m.person for m in memberships if hasattr(m.person, "subscriber")]
    assert abs(len(new) - round(42 * NEW_PEOPLE_SHARE)) <= 2
    assert subscribers, "some members are also e-communication subscribers"
    assert all(p.source == Person.Source.DEMO for p in new)
    assert all(p.mobile.startswith("010-0") and len(p.mobile) == 13 for p in new)
    males = sum(m.person.gender == "M" for m in memberships)
    assert abs(males - round(42 * 2133 / 4206)) <= 1
    assert all(
        m.person.gender == "F" for m in memberships if m.organization.kind.name == "새마을부녀회"
    )
    # Every member's region is the organization's: subscribers are drawn from the same dong.
    assert all(m.person.region_id == m.organization.region_id for m in memberships)

    assert Activity.objects.count() == 20 and ActivityPhoto.objects.count() >= 20
    assert not Activity.objects.filter(photos__isnull=True).exists()
    assert "Organizations: 136 created" in output

    before = _snapshot()
    output = _demo()
    assert _snapshot() == before  # nothing created, nothing replaced
    assert "136 demo organizations with 42 members already present" in output


def test_another_scale_replaces_only_demo_records():
    _people_and_organizations(0.01)
    staff_org = OrganizationFactory(name="직원이 만든 단체")
    staff_activity = ActivityFactory(organization=staff_org, title="직원이 기록한 활동")
    staff_person = Person.objects.create(name="직원입력", mobile="010-9999-0000")
    OrganizationMembership.objects.create(organization=staff_org, person=staff_person)

    _people_and_organizations(0.005)
    assert OrganizationMembership.objects.filter(organization__is_demo=True).count() == 21
    assert Organization.objects.filter(is_demo=True).count() == 136
    assert Activity.objects.filter(is_demo=True).count() == 20
    assert Activity.objects.filter(pk=staff_activity.pk).exists()
    assert OrganizationMembership.objects.filter(person=staff_person).exists()
    # No demo person is left without a group.
    orphans = Person.objects.filter(
        source=Person.Source.DEMO,
        subscriber__isnull=True,
        organization_memberships__isnull=True,
        committee_memberships__isnull=True,
    )
    assert not orphans.exists()


def test_new_people_never_take_an_existing_mobile_number(monkeypatch):
    import random

    from egov_plugin.organizations import demo

    Person.objects.create(name="기존", mobile="010-0000-0001")
    rng = random.Random(1)
    draws = iter([1, 1, 2, 2, 3])  # the stored number, then a repeat of a fresh one
    monkeypatch.setattr(rng, "randrange", lambda n: next(draws))
    assert demo.fresh_mobiles(rng, 2) == ["010-0000-0002", "010-0000-0003"]

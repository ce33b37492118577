"""Each breakdown of the analysis page against counts computed here, from what was created."""

import random
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import timezone

from egov_plugin.committees.models import Committee, CommitteeField, CommitteeMembership
from egov_plugin.consultations.models import Opinion
from tests.factories import PersonFactory, SubscriberFactory

from .conftest import add_opinion, days_ago

GENDERS = ["M", "F", ""]
AGES = ["U20", "20s", "30s", "40s", "50s", "60s", "70+", ""]
CHANNELS = ["homepage", "mobile", "social", "email", "offline"]
STATES = ["published"] * 6 + ["pending", "hidden", "unconfirmed"]
REGIONS = ["마장동", "성수1가1동", "왕십리도선동", None, "outside"]


@pytest.fixture
def spread(consultation, regions):
    """About 150 opinions with a known spread; returns the specs as created."""
    rng = random.Random(11)
    specs = []
    for _ in range(150):
        spec = {
            "gender": rng.choice(GENDERS),
            "age_band": rng.choice(AGES),
            "region": rng.choice(REGIONS),
            "channel": rng.choice(CHANNELS),
            "status": rng.choice(STATES),
            "days": rng.randrange(0, 6),
        }
        specs.append(spec)
        region = spec["region"]
        add_opinion(
            consultation,
            gender=spec["gender"],
            age_band=spec["age_band"],
            region=regions[region] if region not in (None, "outside") else None,
            outside_district=region == "outside",
            channel=spec["channel"],
            status=spec["status"],
            created=days_ago(spec["days"]),
        )
    return specs


def _counted(specs):
    return [s for s in specs if s["status"] in ("published", "pending")]


def _section(response, key):
    return next(b for b, _chart in response.context["sections"] if b.key == key)


def _by_key(breakdown):
    return {row.key: row.count for row in breakdown.rows}


def test_each_breakdown_matches_counts_made_here(policy_client, consultation, spread):
    counted = _counted(spread)
    url = reverse("egov_analysis:consultation", args=[consultation.pk])
    response = policy_client.get(url)
    assert response.status_code == 200
    assert response.context["total"] == len(counted)

    gender = Counter(s["gender"] for s in counted)
    assert _by_key(_section(response, "gender")) == {g: gender[g] for g in GENDERS}

    ages = Counter(s["age_band"] for s in counted)
    assert _by_key(_section(response, "age_band")) == {a: ages[a] for a in AGES}

    channels = Counter(s["channel"] for s in counted)
    channel_rows = _by_key(_section(response, "channel"))
    assert {k: v for k, v in channel_rows.items() if v} == dict(channels)

    regions = Counter(s["region"] for s in counted)
    region_rows = {row.label: row.count for row in _section(response, "region").rows}
    for name in ("마장동", "성수1가1동", "왕십리도선동"):
        assert region_rows[name] == regions[name]
    assert region_rows["행당1동"] == 0
    assert _by_key(_section(response, "region"))["outside"] == regions["outside"]
    assert _by_key(_section(response, "region"))[""] == regions[None]

    today = timezone.localdate()
    per_day = Counter((today - timezone.timedelta(days=s["days"])).isoformat() for s in counted)
    time_rows = _by_key(_section(response, "time"))
    assert {k: v for k, v in time_rows.items() if v} == dict(per_day)
    assert list(time_rows) == sorted(time_rows)  # every day from first to last, in order


def test_numbers_are_in_the_table_beside_each_chart(policy_client, consultation, spread):
    counted = _counted(spread)
    majang = sum(1 for s in counted if s["region"] == "마장동")
    html = policy_client.get(
        reverse("egov_analysis:consultation", args=[consultation.pk])
    ).content.decode()
    assert f'<th scope="row">마장동</th><td>{majang}</td>' in html
    assert html.count('role="img"') >= 6
    assert '<desc id="chart-gender-desc">' in html


def test_weekly_counts(policy_client, consultation, regions):
    for days in (0, 1, 8, 9, 10):
        add_opinion(consultation, created=days_ago(days))
    response = policy_client.get(
        reverse("egov_analysis:consultation", args=[consultation.pk]), {"period": "week"}
    )
    rows = _section(response, "time").rows
    expected = Counter(
        (d - timezone.timedelta(days=d.weekday())).isoformat()
        for d in (days_ago(n).date() for n in (0, 1, 8, 9, 10))
    )
    assert {r.key: r.count for r in rows if r.count} == dict(expected)


def test_registry_groups(policy_client, consultation, regions):
    subscribers = [SubscriberFactory().person for _ in range(3)]
    field = CommitteeField.objects.get_or_create(name="교통")[0]
    committee = Committee.objects.create(name="교통위원회", field=field)
    member = PersonFactory()
    CommitteeMembership.objects.create(committee=committee, person=member)
    CommitteeMembership.objects.create(committee=committee, person=subscribers[0])
    nobody = PersonFactory()
    for person in subscribers + [member, nobody, member]:
        add_opinion(consultation, person=person)
    add_opinion(consultation)  # not linked to the registry
    add_opinion(consultation, person=member, status=Opinion.Status.HIDDEN)  # not counted

    response = policy_client.get(reverse("egov_analysis:consultation", args=[consultation.pk]))
    rows = _by_key(_section(response, "group"))
    assert rows["subscriber"] == 3
    assert rows["committee"] == 3  # the member twice, and the subscriber who sits on it
    assert rows["none"] == 1
    assert rows["unlinked"] == 1
    assert _section(response, "group").total == 7

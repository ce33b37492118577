"""Demo data follows the source's figures and can be loaded twice without duplicates."""

import io
import json
import random
from pathlib import Path

import pytest
from django.core.management import call_command

from egov_plugin.people.demo import build_subscribers
from egov_plugin.people.models import ConsentRecord, Person, SubscriberProfile

FIGURES = json.loads(
    (Path(__file__).parents[2] / "egov_plugin/people/data/seed_figures.json").read_text("utf-8")
)["subscribers"]
BAND_LABELS = {"U20": "20대 미만", "20s": "20대", "30s": "30대", "40s": "40대",
               "50s": "50대", "60s": "60대", "70+": "70대 이상"}  # fmt: skip


class _Region:
    def __init__(self, pk):
        self.pk = pk


def test_full_scale_matches_the_source_within_half_a_point():
    rows = build_subscribers(1.0, random.Random(7), [_Region(i) for i in range(1, 18)])
    people = [r[0] for r in rows]
    assert len(people) == 78785
    male_share = sum(p.gender == "M" for p in people) / len(people) * 100
    assert abs(male_share - FIGURES["male"] / FIGURES["total"] * 100) <= 0.5
    for band, label in BAND_LABELS.items():
        share = sum(p.age_band == band for p in people) / len(people) * 100
        assert abs(share - FIGURES["age_bands_percent"][label]) <= 0.5, band
    mobiles = [p.mobile for p in people]
    assert len(set(mobiles)) == len(mobiles)
    assert all(m.startswith("010-0") and len(m) == 13 for m in mobiles)
    assert all(p.email.endswith(("@example.com", "@example.org")) for p in people if p.email)
    assert len({p.name for p in people}) > 1000  # varied names, not a handful repeated


@pytest.mark.django_db
def test_command_is_idempotent_and_rescales():
    out = io.StringIO()
    call_command("egov_demo_data", "--scale", "0.01", stdout=out)
    assert SubscriberProfile.objects.count() == 788
    consents = ConsentRecord.objects.count()
    assert consents > 0
    call_command("egov_demo_data", "--scale", "0.01", stdout=out)
    assert (SubscriberProfile.objects.count(), ConsentRecord.objects.count()) == (788, consents)
    assert "already present" in out.getvalue()
    staff_entered = Person.objects.create(name="직원입력", mobile="010-9999-0000")
    call_command("egov_demo_data", "--scale", "0.02", stdout=out)
    assert SubscriberProfile.objects.count() == 1576
    assert Person.objects.filter(pk=staff_entered.pk).exists()  # only demo records replaced


@pytest.mark.django_db
def test_command_rejects_a_bad_scale():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="--scale"):
        call_command("egov_demo_data", "--scale", "0")

"""The meetings' demo data: meetings of the demo organizations and of the committees with
members, idempotent, replacing only demo meetings (moved from tests/organizations)."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count, Max

from egov_plugin.committees.models import Committee
from egov_plugin.meetings.models import Meeting
from egov_plugin.organizations.models import Organization

from .factories import MeetingFactory

pytestmark = pytest.mark.django_db

SCALE = "0.01"


def _demo(scale=SCALE):
    out = io.StringIO()
    call_command("egov_demo_data", "--scale", scale, stdout=out)
    return out.getvalue()


def _snapshot():
    return Meeting.objects.aggregate(n=Count("pk"), last=Max("pk"))


def test_demo_meetings_follow_the_figures_and_are_idempotent():
    _demo()
    organizations = Meeting.objects.for_bodies(Organization.objects.all())
    assert organizations.count() == 15
    assert all(m.body.is_demo for m in organizations)
    committees = Meeting.objects.for_bodies(Committee.objects.all())
    assert committees.count() == 5
    assert all(m.body.memberships.exists() for m in committees)
    assert all("<p>" in m.minutes and m.minutes_text for m in Meeting.objects.all())
    assert Meeting.objects.filter(attendees__isnull=False).exists()

    before = _snapshot()
    output = _demo()
    assert _snapshot() == before  # nothing created, nothing replaced
    assert "Meetings: already present." in output


def test_another_scale_replaces_only_demo_meetings():
    import random

    from egov_plugin.meetings.demo import create_meetings

    _demo()
    staff_meeting = MeetingFactory(place="직원이 기록한 회의")
    committees = set(Meeting.objects.for_bodies(Committee.objects.all()).values_list("pk"))
    create_meetings(scale=0.1, rng=random.Random(1), stdout=io.StringIO())
    demo = Meeting.objects.for_bodies(Organization.objects.filter(is_demo=True))
    assert demo.filter(is_demo=True).count() == 20
    assert Meeting.objects.filter(pk=staff_meeting.pk).exists()
    # The committees' meetings are at their target at both scales: left as they were.
    assert set(Meeting.objects.for_bodies(Committee.objects.all()).values_list("pk")) == committees

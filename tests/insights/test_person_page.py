"""The person page: everything known about one person, masked unless permitted, audited."""

import pytest
from django.urls import reverse

from egov_plugin.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def person_url(person):
    return reverse("egov_insights:person", args=[person.pk])


def test_administrator_sees_everything_in_clear(administrator, district, admin_client_for):
    person = district["leader"]
    response = admin_client_for(administrator).get(person_url(person))
    assert response.status_code == 200
    html = response.content.decode()
    assert "박지훈" in html and "010-5555-6666" in html and "jihun@example.org" in html
    assert "성수동 주민자치회" in html  # membership
    assert "가로등을 더 밝게" in html  # opinion
    assert "secret" in html or "비밀" in html  # ballots are not linked, and the page says so


def test_policy_staff_see_it_masked(policy_staff, district, admin_client_for):
    response = admin_client_for(policy_staff).get(person_url(district["leader"]))
    html = response.content.decode()
    assert "박지훈" not in html and "010-5555-6666" not in html and "jihun@example.org" not in html


def test_group_contacts_permission_shows_that_groups_members(
    committee_staff, organization_staff, district, admin_client_for
):
    expert = district["expert"]
    assert "이서연" in admin_client_for(committee_staff).get(person_url(expert)).content.decode()
    html = admin_client_for(organization_staff).get(person_url(expert)).content.decode()
    assert "이서연" not in html


def test_viewing_a_person_is_audited(policy_staff, district, admin_client_for):
    person = district["subscriber"]
    admin_client_for(policy_staff).get(person_url(person))
    event = AuditEvent.objects.get(action="view", person_id=person.pk)
    assert event.actor == policy_staff
    assert "김민수" not in event.summary  # the summary is masked


def test_unknown_person_is_a_404(administrator, admin_client_for, db):
    response = admin_client_for(administrator).get(reverse("egov_insights:person", args=[999]))
    assert response.status_code == 404


def test_deliveries_and_consents_are_on_the_page(administrator, district, admin_client_for):
    from egov_plugin.outreach.models import Campaign, Delivery
    from egov_plugin.people import consent

    person = district["subscriber"]
    campaign = Campaign.objects.create(name="6월 설명회 안내", message="안내")
    Delivery.objects.create(campaign=campaign, person=person, channel="sms", address=person.mobile)
    consent.grant(person, "email", wording="이메일 수신에 동의합니다.", wording_version="2025-06-a")
    html = admin_client_for(administrator).get(person_url(person)).content.decode()
    # The delivery, by campaign, channel and status (test language: English), not its address.
    assert "6월 설명회 안내 · SMS · Queued" in html
    assert "2025-06-a" in html  # the consent record, by the version of its wording

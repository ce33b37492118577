"""Staff record a paper card's consent on the person's page: permission, audit, basis."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from egov_plugin.core.models import AuditEvent
from egov_plugin.people import consent
from egov_plugin.people.models import ConsentRecord
from tests.factories import SubscriberFactory

pytestmark = pytest.mark.django_db

SIGNED = datetime.date(2024, 4, 2)


@pytest.fixture
def member():
    return SubscriberFactory(sms_consent=False, person__name="김민수").person


def _url(person):
    return reverse("egov_people:paper_consent", args=[person.pk])


def test_staff_record_a_paper_card_and_it_is_audited(admin_client_for, administrator, member):
    client = admin_client_for(administrator)
    page = client.get(reverse("egov_people:inspect", args=[member.pk])).content.decode()
    assert _url(member) in page  # the action is offered where the consents are shown
    response = client.post(
        _url(member),
        {"channel": "sms", "granted": "yes", "card_signed_on": SIGNED.isoformat()},
    )
    assert response.status_code == 302
    record = ConsentRecord.objects.get(person=member)
    assert (record.granted, record.basis, record.card_signed_on) == (True, "paper", SIGNED)
    assert timezone.localdate(record.recorded_at) == SIGNED
    member.subscriber.refresh_from_db()
    assert member.subscriber.sms_consent is True
    event = AuditEvent.objects.get(action="edit")
    assert event.actor == administrator and event.data["consent_record"] == record.pk
    assert event.data["card_signed_on"] == SIGNED.isoformat()


def test_a_card_signed_before_a_withdrawal_does_not_override_it(
    admin_client_for, administrator, member
):
    consent.withdraw(member, "sms", source="080")
    client = admin_client_for(administrator)
    response = client.post(
        _url(member),
        {"channel": "sms", "granted": "yes", "card_signed_on": SIGNED.isoformat()},
        follow=True,
    )
    assert [m.level_tag for m in response.context["messages"]] == ["warning"]
    assert consent.current(member, "sms").granted is False
    member.subscriber.refresh_from_db()
    assert member.subscriber.sms_consent is False  # the flag follows the newest record


@pytest.mark.parametrize(
    "data",
    [
        {"channel": "sms", "granted": "yes", "card_signed_on": ""},
        {"channel": "sms", "granted": "yes", "card_signed_on": "2999-01-01"},
        {"channel": "personal_data", "granted": "yes", "card_signed_on": "2024-01-01"},
    ],
)
def test_bad_input_records_nothing(admin_client_for, administrator, member, data):
    response = admin_client_for(administrator).post(_url(member), data)
    assert response.status_code == 200 and response.context["form"].errors
    assert not ConsentRecord.objects.exists() and not AuditEvent.objects.filter(action="edit")


def test_staff_who_may_not_change_people_cannot_record(admin_client_for, policy_staff, member):
    client = admin_client_for(policy_staff)
    page = client.get(reverse("egov_people:inspect", args=[member.pk])).content.decode()
    assert _url(member) not in page
    data = {"channel": "sms", "granted": "yes", "card_signed_on": SIGNED.isoformat()}
    assert client.post(_url(member), data).status_code in (302, 403)
    assert client.get(_url(member)).status_code in (302, 403)
    assert not ConsentRecord.objects.exists()

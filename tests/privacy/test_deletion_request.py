"""A resident's deletion request: recorded, confirmed, carried out, audited."""

import pytest

from egov_plugin.committees.models import Committee, CommitteeField, CommitteeMembership
from egov_plugin.consultations.models import Opinion
from egov_plugin.core.models import AuditEvent
from egov_plugin.people.models import Person, SubscriberProfile
from egov_plugin.privacy.models import DeletionRequest
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

URL = "/admin/egov/privacy/deletion-requests/"


@pytest.fixture
def resident(make_consultation, make_opinion):
    person = PersonFactory(name="김민수", mobile="010-1234-5678", email="minsu@example.com")
    SubscriberProfile.objects.create(person=person)
    field = CommitteeField.objects.get_or_create(name="환경")[0]
    CommitteeMembership.objects.create(
        committee=Committee.objects.create(name="환경위원회", field=field), person=person
    )
    page = make_consultation("공원 조명", closed_days_ago=10)
    linked = make_opinion(page, 1, person=person)
    by_number = make_opinion(page, 2, mobile="010-1234-5678", name="김민수")
    someone_else = make_opinion(page, 3, name="이서연")
    return person, [linked, by_number], someone_else


def test_record_confirm_and_carry_out(client, administrator, resident):
    person, theirs, someone_else = resident
    client.force_login(administrator)
    response = client.post(
        f"{URL}new/",
        {
            "received_at": "2026-11-20 10:00",
            "requester_name": "김민수",
            "requester_contact": "010-1234-5678",
            "person": person.pk,
            "verification": "id_card",
            "verification_note": "주민등록증 확인",
            "status": "open",
            "outcome": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    request_obj = DeletionRequest.objects.get()
    assert request_obj.received_by_label == administrator.username
    assert AuditEvent.objects.filter(action="create", object_type="egov_privacy.deletionrequest")

    listing = client.get(URL)
    assert listing.status_code == 200 and "김민수" in listing.content.decode()
    edit = client.get(f"{URL}edit/{request_obj.pk}/").content.decode()
    assert f"carry-out/{request_obj.pk}/" in edit  # the "Carry out the deletion" button

    confirm_url = f"{URL}carry-out/{request_obj.pk}/"
    page = client.get(confirm_url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "2 opinions lose their name and contacts" in text
    assert "Committee member: 1" in text and "E-communication subscriber: 1" in text

    # Without the confirmation nothing happens.
    client.post(confirm_url, {})
    assert Person.objects.filter(pk=person.pk).exists()

    response = client.post(confirm_url, {"confirm": "yes"})
    assert response.status_code == 302
    assert not Person.objects.filter(pk=person.pk).exists()
    assert not CommitteeMembership.objects.exists()
    for opinion in Opinion.objects.filter(pk__in=[o.pk for o in theirs]):
        assert (opinion.name, opinion.mobile, opinion.email, opinion.person_id) == (
            "",
            "",
            "",
            None,
        )
        assert opinion.text.startswith("의견")
    assert Opinion.objects.get(pk=someone_else.pk).name == "이서연"

    request_obj.refresh_from_db()
    assert request_obj.status == "done"
    assert (request_obj.opinions_anonymized, request_obj.memberships_removed) == (2, 2)
    assert request_obj.person_number == person.pk
    assert request_obj.requester_name == "김*수"
    assert request_obj.requester_contact == "010-1234-****"
    assert request_obj.handled_by_label == administrator.username
    assert "김민수" not in client.get(URL).content.decode()
    event = AuditEvent.objects.get(action="delete", person_id=person.pk)
    assert event.data["opinions_anonymized"] == 2

    # Done is done: no second run, the confirmation page sends back.
    assert client.post(confirm_url, {"confirm": "yes"}).status_code == 302
    assert AuditEvent.objects.filter(action="delete").count() == 1


def test_other_verification_needs_a_description(client, administrator):
    client.force_login(administrator)
    response = client.post(
        f"{URL}new/",
        {
            "received_at": "2026-11-20 10:00",
            "requester_name": "김민수",
            "verification": "other",
            "status": "open",
        },
    )
    assert response.status_code == 200
    assert "Describe how the requester was verified." in response.content.decode()
    assert not DeletionRequest.objects.exists()


def test_policy_staff_cannot_handle_requests(client, policy_staff):
    client.force_login(policy_staff)
    assert client.get(URL).status_code in (302, 403)

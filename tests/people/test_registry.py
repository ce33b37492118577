"""The registry's rules: one person per mobile number, search, groups, consent."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from egov_plugin.people import consent
from egov_plugin.people.models import ConsentRecord, Person
from tests.factories import PersonFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


def test_mobile_is_unique_in_the_database():
    PersonFactory(mobile="010-1234-5678")
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(name="다른사람", mobile="010-1234-5678")


def test_clean_normalizes_contacts_and_names():
    person = Person(name=" 홍\u3000길동 ", mobile="+82 10 1234 5678", email="Hong@Example.COM")
    person.full_clean()
    assert (person.name, person.mobile, person.email) == (
        "홍 길동",
        "010-1234-5678",
        "hong@example.com",
    )


def test_clean_needs_a_contact_and_names_the_field():
    with pytest.raises(ValidationError) as exc:
        Person(name="홍길동").full_clean()
    assert "mobile" in exc.value.message_dict


def test_clean_rejects_a_landline_on_the_mobile_field():
    with pytest.raises(ValidationError) as exc:
        Person(name="홍길동", mobile="02-2286-5114").full_clean()
    assert list(exc.value.message_dict) == ["mobile"]


def test_clean_reports_a_duplicate_mobile_written_differently():
    PersonFactory(mobile="010-1234-5678")
    with pytest.raises(ValidationError) as exc:
        Person(name="홍길동", mobile="01012345678").full_clean()
    assert "mobile" in exc.value.message_dict


def test_find_match_prefers_the_mobile_then_the_email():
    by_mobile = PersonFactory(mobile="010-1111-2222", email="a@example.com")
    by_email = PersonFactory(mobile=None, email="b@example.com")
    assert Person.objects.find_match(mobile="010-1111-2222", email="b@example.com") == by_mobile
    assert Person.objects.find_match(mobile="010-3333-4444", email="b@example.com") == by_email
    assert Person.objects.find_match(mobile="", email="nobody@example.com") is None


def test_find_match_does_not_merge_family_members_sharing_an_address():
    PersonFactory(mobile="010-1111-2222", email="family@example.com")
    assert Person.objects.find_match(mobile="010-9999-8888", email="family@example.com") is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("민수", {"김민수", "남궁민수"}),
        ("김민", {"김민수"}),
        ("5678", {"김민수"}),
        ("010-1234-5678", {"김민수"}),
        ("01012345678", {"김민수"}),
        ("+82 10-1234-5678", {"김민수"}),
        ("1234-5678", {"김민수"}),
        ("12345678", {"김민수"}),
        ("0101234", {"김민수"}),
        ("(010)2222", {"남궁민수"}),
        ("@example.org", {"남궁민수"}),
        ("lee", {"이서연"}),
        ("  ", {"김민수", "남궁민수", "이서연"}),
    ],
)
def test_search_by_name_part_mobile_and_email(query, expected):
    PersonFactory(name="김민수", mobile="010-1234-5678", email="kim@example.com")
    PersonFactory(name="남궁민수", mobile="010-2222-3333", email="namgung@example.org")
    PersonFactory(name="이서연", mobile="010-4444-9999", email="lee@example.com")
    assert {p.name for p in Person.objects.search(query)} == expected


def test_groups_filter_and_badges_follow_the_subscriber_profile():
    subscriber = SubscriberFactory().person
    other = PersonFactory()
    assert list(Person.objects.in_group("subscriber")) == [subscriber]
    annotated = {p.pk: p.in_group_subscriber for p in Person.objects.with_groups()}
    assert annotated == {subscriber.pk: True, other.pk: False}
    assert Person.objects.in_group("no-such-group").count() == 0


def test_consent_is_recorded_with_wording_and_withdrawal_keeps_history():
    profile = SubscriberFactory(sms_consent=False)
    person = profile.person
    consent.grant(
        person, "sms", wording="문자 수신 동의 문구", wording_version="v3", source="admin"
    )
    profile.refresh_from_db()
    assert profile.sms_consent is True
    consent.withdraw(person, "sms", source="080")
    profile.refresh_from_db()
    assert profile.sms_consent is False
    records = list(ConsentRecord.objects.filter(person=person).order_by("pk"))
    assert [(r.granted, r.wording_version) for r in records] == [(True, "v3"), (False, "")]
    assert records[0].wording == "문자 수신 동의 문구"
    assert consent.current(person, "sms").granted is False


def test_str_of_a_person_is_masked():
    assert str(PersonFactory(name="홍길동")) == "홍*동"

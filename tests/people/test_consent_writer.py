"""Consent has one writer (people.consent), and every record names its legal basis."""

import datetime
import re
import subprocess
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from egov_plugin.people import consent
from egov_plugin.people.models import ConsentRecord, SubscriberProfile
from tests.factories import PersonFactory, SubscriberFactory

ROOT = Path(__file__).resolve().parents[2]
WRITER = "egov_plugin/people/consent.py"

#: What creates rows: the constructor (not the class statement), or the manager's writers.
_WRITES = re.compile(
    r"(?<!class )\bConsentRecord\(|ConsentRecord\.objects\.(create|bulk_create|get_or_create|"
    r"update_or_create)\b|\.consents\.(create|bulk_create|get_or_create|update_or_create)\b"
)


def test_only_people_consent_creates_consent_records():
    files = subprocess.run(
        ["git", "ls-files", "egov_plugin/*.py"], cwd=ROOT, capture_output=True, text=True
    ).stdout.split()
    assert WRITER in files  # the scan reads the real tree
    offenders = []
    for name in files:
        if name == WRITER:
            continue
        for number, line in enumerate((ROOT / name).read_text("utf-8").splitlines(), start=1):
            if _WRITES.search(line):
                offenders.append(f"{name}:{number}: {line.strip()}")
    assert offenders == [], "create consent records through egov_plugin.people.consent"


def test_the_scan_sees_a_direct_write():
    assert _WRITES.search("    ConsentRecord.objects.bulk_create(rows)")
    assert _WRITES.search("records.append(ConsentRecord(person=p))")
    assert _WRITES.search("person.consents.create(channel='sms')")
    assert not _WRITES.search("class ConsentRecord(models.Model):")
    assert not _WRITES.search("ConsentRecord.objects.filter(person=p)")


@pytest.mark.django_db
def test_grant_many_writes_records_and_sets_the_profiles_flags():
    sms_only = SubscriberFactory(sms_consent=False, email_consent=False)
    both = SubscriberFactory(sms_consent=False, email_consent=False)
    member = PersonFactory()  # no subscriber profile: only records
    signed = datetime.date(2024, 3, 2)
    at = timezone.now() - datetime.timedelta(days=3)
    records = consent.grant_many(
        [
            consent.Grant(sms_only.person, "sms", wording="문구", wording_version="v1", at=at),
            consent.Grant(both.person_id, "sms", basis=consent.Basis.IMPORT, source="import:1"),
            consent.Grant(both.person_id, "email", basis=consent.Basis.IMPORT, source="import:1"),
            consent.Grant(member, "email", basis=consent.Basis.PAPER, card_signed_on=signed),
        ],
        batch_size=2,
    )
    assert len(records) == 4 and ConsentRecord.objects.count() == 4
    flags = dict(
        (p.person_id, (p.sms_consent, p.email_consent)) for p in SubscriberProfile.objects.all()
    )
    assert flags == {sms_only.person_id: (True, False), both.person_id: (True, True)}
    assert consent.current(sms_only.person, "sms").recorded_at == at
    paper = consent.current(member, "email")
    assert (paper.granted, paper.basis, paper.card_signed_on) == (True, "paper", signed)
    assert consent.current(member, "sms") is None


@pytest.mark.django_db
def test_grant_many_with_one_bad_grant_writes_nothing():
    profile = SubscriberFactory(sms_consent=False)
    with pytest.raises(ValidationError) as caught:
        consent.grant_many(
            [
                consent.Grant(profile.person, "sms", basis=consent.Basis.IMPORT),
                consent.Grant(profile.person, "email", basis=consent.Basis.PAPER),
            ]
        )
    assert "card_signed_on" in caught.value.message_dict
    assert not ConsentRecord.objects.exists()
    profile.refresh_from_db()
    assert profile.sms_consent is False


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"basis": "card", "wording": "", "wording_version": "v1"}, "wording"),
        ({"basis": "card", "wording": "문구", "wording_version": ""}, "wording_version"),
        ({"basis": "paper", "wording": "", "wording_version": ""}, "card_signed_on"),
        (
            {
                "basis": "paper",
                "wording": "",
                "wording_version": "",
                "card_signed_on": timezone.localdate() + datetime.timedelta(days=2),
            },
            "card_signed_on",
        ),
        ({"basis": "telepathy", "wording": "", "wording_version": ""}, "basis"),
    ],
)
def test_a_basis_needs_what_it_names(kwargs, field):
    person = PersonFactory()
    with pytest.raises(ValidationError) as caught:
        consent.grant(person, "sms", **kwargs)
    assert field in caught.value.message_dict
    assert not ConsentRecord.objects.exists()
    record = ConsentRecord(person=person, channel="sms", **kwargs)
    with pytest.raises(ValidationError):
        record.full_clean()


@pytest.mark.django_db
def test_card_and_paper_records_with_what_they_need_are_kept():
    person = PersonFactory()
    card = consent.grant(
        person, "sms", wording="관리카드 문구", wording_version="2024-1", basis="card"
    )
    paper = consent.withdraw(person, "sms", basis="paper", card_signed_on=datetime.date(2024, 5, 1))
    card.full_clean()
    paper.full_clean()
    assert consent.current(person, "sms") == paper


@pytest.mark.django_db(transaction=True)
def test_migration_gives_existing_records_a_basis_from_their_source():
    executor = MigrationExecutor(connection)
    executor.migrate([("egov_people", "0003_search_indexes")])
    apps = executor.loader.project_state([("egov_people", "0003_search_indexes")]).apps
    Person = apps.get_model("egov_people", "Person")
    OldRecord = apps.get_model("egov_people", "ConsentRecord")
    person = Person.objects.create(name="홍길동", mobile="010-0000-1111")
    for source in ("import:7", "demo", "opinion:3", "outreach-unsubscribe", ""):
        OldRecord.objects.create(person=person, channel="sms", source=source)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    bases = dict(ConsentRecord.objects.values_list("source", "basis"))
    assert bases == {
        "import:7": "import",
        "demo": "card",
        "opinion:3": "online",
        "outreach-unsubscribe": "online",
        "": "online",
    }

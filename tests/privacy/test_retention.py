"""egov_retention on a database with old and new data."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from egov_plugin.committees.models import Committee, CommitteeField, CommitteeMembership
from egov_plugin.consultations.models import Opinion
from egov_plugin.core.models import AuditEvent
from egov_plugin.core.storage import private_storage
from egov_plugin.imports.models import ImportJob, ImportRow, PreparedRows
from egov_plugin.people import consent
from egov_plugin.people.models import ConsentRecord, Person, SubscriberProfile
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

YEAR = 365


@pytest.fixture
def data(make_consultation, make_opinion, regions):
    old = make_consultation("오래된 협의", closed_days_ago=3 * YEAR + 10)
    recent = make_consultation("최근 협의", closed_days_ago=2 * YEAR)
    still_open = make_consultation("진행 중 협의", closed_days_ago=-5)
    author = PersonFactory(name="박지훈")
    old_opinions = [make_opinion(old, i, person=author if i == 0 else None) for i in range(3)]
    old_opinions.append(make_opinion(old, 3, gender="M", age_band="20s", channel="offline"))
    new_opinions = [make_opinion(recent, 10), make_opinion(still_open, 11)]

    # People: withdrew consent and in no group (removed); withdrew but on a committee (kept);
    # left the subscription (removed); subscribed (kept); withdrew then consented again (kept).
    withdrew = PersonFactory(name="이서연")
    consent.grant(withdrew, "personal_data", wording="동의", wording_version="1")
    consent.withdraw(withdrew, "personal_data")
    committee_member = PersonFactory(name="남궁민수")
    consent.withdraw(committee_member, "personal_data")
    field = CommitteeField.objects.get_or_create(name="복지")[0]
    CommitteeMembership.objects.create(
        committee=Committee.objects.create(name="복지위원회", field=field), person=committee_member
    )
    left = PersonFactory(name="홍길동")
    SubscriberProfile.objects.create(person=left, withdrawn_at=timezone.now() - timedelta(days=1))
    subscriber = PersonFactory(name="김민수")
    SubscriberProfile.objects.create(person=subscriber)
    again = PersonFactory(name="최유리")
    consent.withdraw(again, "personal_data", at=timezone.now() - timedelta(days=10))
    consent.grant(again, "personal_data", wording="동의", wording_version="2")
    return {
        "old": old_opinions,
        "new": new_opinions,
        "author": author,
        "removed": [withdrew, left],
        "kept": [committee_member, subscriber, again, author],
    }


def _breakdown(page):
    return sorted(
        Opinion.objects.filter(page=page).values_list(
            "gender", "age_band", "region", "channel", "text"
        )
    )


def test_dry_run_prints_counts_and_changes_nothing(data):
    before = list(Opinion.objects.order_by("pk").values())
    out = StringIO()
    call_command("egov_retention", "--dry-run", stdout=out)
    assert "Would anonymize 4 opinions" in out.getvalue()
    assert "remove 2 people" in out.getvalue()
    assert list(Opinion.objects.order_by("pk").values()) == before
    assert Person.objects.count() == 6
    assert not AuditEvent.objects.filter(action="anonymize").exists()


def test_run_anonymizes_old_opinions_keeps_aggregates_and_removes_withdrawn_people(data):
    old_page = data["old"][0].page
    aggregates = _breakdown(old_page)
    out = StringIO()
    call_command("egov_retention", stdout=out)
    assert "Anonymized 4 opinions, removed 2 people" in out.getvalue()

    for opinion in Opinion.objects.filter(pk__in=[o.pk for o in data["old"]]):
        assert (opinion.name, opinion.mobile, opinion.email) == ("", "", "")
        assert opinion.person_id is None and opinion.ip_address is None
        assert opinion.contact_key == ""
    assert _breakdown(old_page) == aggregates  # text, gender, age band, region, channel kept
    for opinion in Opinion.objects.filter(pk__in=[o.pk for o in data["new"]]):
        assert opinion.name == "김민수" and opinion.mobile.startswith("010-7000-")

    remaining = set(Person.objects.values_list("pk", flat=True))
    assert not remaining & {p.pk for p in data["removed"]}
    assert {p.pk for p in data["kept"]} <= remaining
    assert not ConsentRecord.objects.filter(person_id__in=[p.pk for p in data["removed"]]).exists()

    event = AuditEvent.objects.get(action="anonymize")
    assert (event.data["opinions"], event.data["people"]) == (4, 2)
    assert sorted(event.data["removed_people"]) == sorted(p.pk for p in data["removed"])


def test_a_second_run_finds_nothing_left_and_is_audited_too(data):
    call_command("egov_retention", stdout=StringIO())
    out = StringIO()
    call_command("egov_retention", stdout=out)
    assert "Anonymized 0 opinions, removed 0 people" in out.getvalue()
    assert AuditEvent.objects.filter(action="anonymize").count() == 2


def test_the_retention_period_is_a_setting(data, settings):
    settings.EGOV_OPINION_RETENTION_YEARS = 1
    out = StringIO()
    call_command("egov_retention", "--dry-run", stdout=out)
    assert "Would anonymize 5 opinions" in out.getvalue()  # the recent consultation too


def _upload(days_ago, status):
    job = ImportJob.objects.create(
        kind=ImportJob.Kind.PEOPLE,
        status=status,
        original_name="명단.csv",
        file=ContentFile("성명,휴대폰\n김민수,01012345678\n".encode(), name="upload.csv"),
    )
    PreparedRows.objects.create(job=job, key="k", data=b"rows")
    ImportRow.objects.create(
        job=job,
        row_number=3,
        outcome=ImportRow.Outcome.REJECTED,
        message="휴대폰: 번호가 아닙니다",
        data=["김민수", "0101234"],
    )
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(days_ago))
    job.refresh_from_db()
    return job


def test_old_uploads_lose_their_file_and_cells_but_keep_the_record(db, settings):
    settings.EGOV_IMPORT_RETENTION_DAYS = 30
    old = _upload(31, ImportJob.Status.PREVIEWED)
    recent = _upload(5, ImportJob.Status.FAILED)
    old_path = old.file.name
    assert private_storage().exists(old_path)

    out = StringIO()
    call_command("egov_retention", "--dry-run", stdout=out)
    assert "clear 1 old uploads" in out.getvalue()
    assert private_storage().exists(old_path)

    call_command("egov_retention", stdout=StringIO())
    old.refresh_from_db()
    assert old.file.name == "" and not private_storage().exists(old_path)
    assert not PreparedRows.objects.filter(job=old).exists()
    row = old.rows.get()
    assert row.data is None and row.message == "휴대폰: 번호가 아닙니다"  # the record stays
    recent.refresh_from_db()
    assert recent.file.name and PreparedRows.objects.filter(job=recent).exists()
    assert recent.rows.get().data == ["김민수", "0101234"]
    assert AuditEvent.objects.get(action="anonymize").data["uploads"] == 1

"""People uploads: header detection, normalization, the people rules, re-upload, rollback."""

import pytest

from egov_plugin.imports.jobs import create_job
from egov_plugin.imports.models import ImportJob, ImportRow
from egov_plugin.imports.pipeline import commit_job
from egov_plugin.people.models import Person, SubscriberProfile
from tests.factories import PersonFactory

from .conftest import PEOPLE_HEADERS, xlsx_bytes

pytestmark = pytest.mark.django_db

MESSY = [
    PEOPLE_HEADERS,
    [1, "김민수", 1012345678, "minsu@example.com", "왕2", "30대", "남"],  # Excel dropped the 0
    [2, "이서연", "010.2222.3333", "", "금호2.3가동", "1985년생", "여자"],
    [3, "박지훈", "", "JIHOON@Example.com", "서울시 성동구 마장동", "40", "M"],
    [4, "", "010-4444-5555", "", "마장동", "", ""],  # no name
    [5, "최유진", "02-123-4567", "", "", "", ""],  # a landline only: no valid contact
    [6, "정하늘", "010-6666-7777", "", "왕십리9동", "아흔", "?"],  # unrecognised optionals
    [7, "김민수", "010-1234-5678", "", "", "", "여"],  # the same person again
    [8, None, None, None, None, None, None],  # blank: not a row
]


def upload(rows, kind="people", **kw):
    return create_job(kind, xlsx_bytes(rows, **kw), "명단.xlsx")


def test_preview_counts_and_problems_store_nothing(regions):
    job, report = upload(MESSY, title_rows=["소통 네트워크 관리카드", ""], merge_title=True)
    assert job.header_row == 3
    assert report.counts == {
        "created": 4,
        "updated": 0,
        "unchanged": 0,
        "merged": 1,
        "skipped": 2,
    }
    assert Person.objects.count() == 0
    errors = {(e["row"], e["column"]) for e in report.errors}
    assert errors == {(7, "성명"), (8, "휴대폰")}
    warnings = {(w["row"], w["column"]) for w in report.warnings}
    assert {(9, "주소(동)"), (9, "연령대"), (9, "성별")} <= warnings
    assert (10, "성별") in warnings  # merged row disagrees on gender: first value kept


def test_commit_normalizes_and_records_each_row(regions):
    job, __ = upload(MESSY, title_rows=["소통 네트워크 관리카드"])
    commit_job(job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    minsu = Person.objects.get(name="김민수")
    assert minsu.mobile == "010-1234-5678"
    assert minsu.email == "minsu@example.com"
    assert minsu.region == regions["왕십리2동"]
    assert (minsu.age_band, minsu.gender) == ("30s", "M")
    seoyeon = Person.objects.get(name="이서연")
    assert seoyeon.region == regions["금호2·3가동"] and seoyeon.birth_year == 1985
    jihoon = Person.objects.get(name="박지훈")
    assert jihoon.email == "jihoon@example.com" and jihoon.mobile is None
    haneul = Person.objects.get(name="정하늘")
    assert (haneul.region, haneul.age_band, haneul.gender) == (None, "", "")
    assert SubscriberProfile.objects.count() == 4
    outcomes = {number: job.outcome_of(number) for number in range(1, 12)}
    assert {n: o for n, o in outcomes.items() if o} == {
        3: "created",
        4: "created",
        5: "created",
        6: "rejected",
        7: "rejected",
        8: "created",
        9: "merged",
    }
    # Rows with something to say are listed with their message; plain new rows are not.
    listed = dict(ImportRow.objects.filter(job=job).values_list("row_number", "outcome"))
    assert listed == {6: "rejected", 7: "rejected", 8: "created", 9: "merged"}


def test_same_file_again_creates_nothing(regions):
    data = xlsx_bytes(MESSY)
    job, __ = create_job("people", data, "a.xlsx")
    commit_job(job)
    before = Person.objects.count()
    job2, report = create_job("people", data, "a.xlsx")
    assert report.created == 0 and report.updated == 0
    commit_job(job2)
    assert Person.objects.count() == before
    assert SubscriberProfile.objects.count() == before
    # Unchanged rows are in the job's outcomes only, unless they have a warning to show.
    job2.refresh_from_db()
    assert job2.outcome_of(3) == job2.outcome_of(7) == "unchanged"
    unchanged = ImportRow.objects.filter(job=job2, outcome="unchanged")
    assert [r.row_number for r in unchanged] == [7]
    assert "not a recognised gender" in unchanged.get().message


def test_existing_person_is_completed_never_overwritten(regions):
    person = PersonFactory(name="홍길동", mobile="010-9999-0000", email="", gender="F", age_band="")
    job, report = upload(
        [PEOPLE_HEADERS, [1, "홍길순", "01099990000", "hong@example.com", "", "50대", "남"]]
    )
    assert report.updated == 1
    columns = {w["column"] for w in report.warnings}
    assert columns == {"성명", "성별"}  # conflicts named, values kept
    commit_job(job)
    person.refresh_from_db()
    assert (person.name, person.gender) == ("홍길동", "F")
    assert (person.email, person.age_band) == ("hong@example.com", "50s")
    assert person.subscriber.withdrawn_at is None


def test_failure_midway_leaves_the_database_as_before(regions, monkeypatch):
    job, __ = upload(MESSY)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(SubscriberProfile.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        commit_job(job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert Person.objects.count() == 0
    assert not ImportRow.objects.exists()


def test_commit_uses_the_previews_rows_against_the_registry_of_the_moment(regions):
    from egov_plugin.imports.models import PreparedRows

    job, report = upload(MESSY)
    assert report.created == 4
    # The uploaded file is gone: the commit can only use the rows the preview cleaned.
    job.file.storage.delete(job.file.name)
    # Someone enters 이서연 (row 3) between the preview and the commit.
    PersonFactory(name="이서연", mobile="010-2222-3333")
    result = commit_job(job)
    assert (result.created, result.updated, result.merged, result.skipped) == (3, 1, 1, 2)
    assert Person.objects.filter(mobile="010-2222-3333").count() == 1
    assert Person.objects.count() == 4
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and not job.file
    assert not PreparedRows.objects.filter(job=job).exists()


def test_commit_reads_the_file_again_when_no_rows_are_stored(regions):
    from egov_plugin.imports.models import PreparedRows

    job, __ = upload(MESSY)
    PreparedRows.objects.filter(job=job).delete()
    result = commit_job(job)
    assert (result.created, result.merged, result.skipped) == (4, 1, 2)
    assert Person.objects.get(mobile="010-1234-5678").region.name == "왕십리2동"


def test_failure_in_a_later_batch_undoes_the_earlier_batches(regions, monkeypatch):
    from egov_plugin.imports.kinds import people

    rows = [PEOPLE_HEADERS] + [
        [n, f"김{n}", f"010-3000-{n:04d}", "", "", "", ""] for n in range(1, 8)
    ]
    job, __ = upload(rows)
    monkeypatch.setattr(people, "BATCH", 2)
    calls = []
    original = SubscriberProfile.objects.bulk_create

    def fails_third_time(objects, **kwargs):
        calls.append(len(objects))
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return original(objects, **kwargs)

    monkeypatch.setattr(SubscriberProfile.objects, "bulk_create", fails_third_time)
    with pytest.raises(RuntimeError):
        commit_job(job)
    assert calls == [2, 2, 2]  # two batches were written before the failure
    assert Person.objects.count() == 0 and SubscriberProfile.objects.count() == 0
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED

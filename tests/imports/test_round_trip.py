"""Export, then upload the same file again: nothing is created, nothing changes, and what
residents wrote comes back exactly — in .xlsx and .csv, for opinions and for people."""

import datetime
import io

import pytest
from django.forms.models import model_to_dict
from django.utils import timezone

from egov_plugin.consultations.models import Opinion
from egov_plugin.imports.jobs import create_job
from egov_plugin.imports.pipeline import commit_job
from egov_plugin.imports.readers import read_table
from egov_plugin.people.models import Person, SubscriberProfile
from tests.factories import PersonFactory

from .conftest import make_consultation

pytestmark = pytest.mark.django_db

#: What residents wrote that a spreadsheet would run, or that a careless writer would change.
TEXTS = [
    "'성수동' 주민입니다",
    "''=이미 따옴표가 둘",
    "'=따옴표 하나",
    '=HYPERLINK("http://evil.example","click")',
    "+82 번호로 연락 주세요",
    "-2 도가 넘는 추위입니다",
    "@SUM(A1:A2) 처럼 보이는 글",
    "\t탭으로 시작하는 의견",
    "\r캐리지 리턴으로 시작",
    "줄바꿈이\r\n두 번\n있습니다  ",
    "_x000D_ 처럼 쓴 글",
]
NAMES = ["'별명'", "=이름", "김민수", "@시민", "-박", "+최"]


def _export(client, url, export_format):
    response = client.post(url, {"format": export_format, "reason": "의견 정리 후 다시 올림"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    return content, f"export.{export_format}"


def _opinions(page):
    fields = ["name", "mobile", "email", "text", "stance", "region", "age_band", "gender"]
    return [
        (model_to_dict(o, fields=fields), o.created_at, o.person_id, o.status)
        for o in Opinion.objects.filter(page=page).order_by("pk")
    ]


@pytest.fixture
def opinions(consultation, regions):
    base = timezone.now().replace(microsecond=123456) - datetime.timedelta(days=3)
    made = []
    for index, text in enumerate(TEXTS):
        made.append(
            Opinion.objects.create(
                page=consultation,
                name=NAMES[index % len(NAMES)],
                # Some with a mobile, some with an e-mail only, some with no contact at all.
                mobile=f"010-4444-{index:04d}" if index % 3 == 0 else "",
                email=f"resident{index}@example.com" if index % 3 == 1 else "",
                text=text,
                stance=["agree", "disagree", ""][index % 3],
                region=regions["마장동"] if index % 2 else None,
                age_band="30s" if index % 2 else "",
                gender="F" if index % 2 else "",
                created_at=base + datetime.timedelta(hours=index, microseconds=index),
            )
        )
    return made


@pytest.mark.parametrize("export_format", ["xlsx", "csv"])
def test_opinions_export_uploaded_again_creates_and_changes_nothing(
    consultation, opinions, admin_client_for, administrator, export_format
):
    before = _opinions(consultation)
    content, name = _export(
        admin_client_for(administrator), "/admin/egov/imports/export/opinions/", export_format
    )
    job, report = create_job("opinions", content, name, target=consultation)
    assert (report.created, report.merged, report.skipped) == (0, 0, 0), report.as_json()
    assert report.unchanged == len(TEXTS)
    assert not report.warnings  # the dates were read as dates, to the microsecond
    commit_job(job)
    assert _opinions(consultation) == before


@pytest.mark.parametrize("export_format", ["xlsx", "csv"])
def test_opinions_export_from_an_english_admin_is_written_in_korean(
    consultation, opinions, admin_client_for, administrator, export_format
):
    """Staff who chose English for the admin get the file the upload reads: channel, status and
    stance in Korean (a CSV streams after the view: its rows too)."""
    from django.utils import translation
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(administrator)
    profile.preferred_language = "en"
    profile.save()
    before = _opinions(consultation)
    with translation.override("en"):
        content, name = _export(
            admin_client_for(administrator), "/admin/egov/imports/export/opinions/", export_format
        )
    table = read_table(content, name).rows
    channel, status = table[0].index("경로"), table[0].index("상태")
    with translation.override("ko"):
        korean = {str(label) for __, label in Opinion.Status.choices}
    assert {row[channel] for row in table[1:]} == {"홈페이지"}
    assert {row[status] for row in table[1:]} <= korean and "게시됨" in korean
    with translation.override("en"):
        job, report = create_job("opinions", content, name, target=consultation)
    assert report.unchanged == len(TEXTS) and not report.warnings, report.as_json()
    commit_job(job)
    assert _opinions(consultation) == before


@pytest.mark.parametrize("export_format", ["xlsx", "csv"])
def test_opinions_export_imported_elsewhere_restores_every_text_exactly(
    consultation, consultation_index, opinions, admin_client_for, administrator, export_format
):
    content, name = _export(
        admin_client_for(administrator),
        f"/admin/egov/imports/export/opinions/?page={consultation.pk}",
        export_format,
    )
    other = make_consultation(consultation_index, "다른 의견수렴")
    # The export's 번호 names opinions of the first consultation: they are not copied over.
    job, report = create_job("opinions", content, name, target=other)
    assert report.created == 0 and report.unchanged == len(TEXTS)
    # Without the numbers (a file from elsewhere), every opinion is new and exactly as written.
    Opinion.objects.filter(page=consultation).delete()
    job, report = create_job("opinions", content, name, target=other)
    assert report.created == len(TEXTS) and not report.warnings, report.as_json()
    commit_job(job)
    imported = Opinion.objects.filter(page=other).order_by("created_at")
    assert [o.text for o in imported] == TEXTS
    assert [o.name for o in imported] == [NAMES[i % len(NAMES)] for i in range(len(TEXTS))]
    original = [o.created_at for o in sorted(opinions, key=lambda o: o.created_at)]
    if export_format == "csv":
        assert [o.created_at for o in imported] == original  # to the microsecond
    else:  # Excel keeps times to the millisecond
        assert all(
            abs(a.created_at - b) < datetime.timedelta(milliseconds=1)
            for a, b in zip(imported, original, strict=True)
        )


@pytest.mark.parametrize("export_format", ["xlsx", "csv"])
def test_masked_opinions_export_uploaded_again_creates_nothing(
    consultation, opinions, admin_client_for, policy_staff, export_format
):
    before = _opinions(consultation)
    content, name = _export(
        admin_client_for(policy_staff), "/admin/egov/imports/export/opinions/", export_format
    )
    names = [row[1] for row in read_table(content, name).rows[1:]]
    assert "김*수" in names and "김민수" not in names  # masked: no view_personal_data
    job, report = create_job("opinions", content, name, target=consultation)
    assert report.created == 0 and report.unchanged == len(TEXTS), report.as_json()
    commit_job(job)
    assert _opinions(consultation) == before


def _people():
    return [
        (model_to_dict(p), p.updated_at, hasattr(p, "subscriber"))
        for p in Person.objects.order_by("pk")
    ]


@pytest.mark.parametrize("export_format", ["xlsx", "csv"])
def test_people_export_uploaded_again_creates_and_changes_nothing(
    regions, admin_client_for, administrator, export_format
):
    subscriber = PersonFactory(name="'별명'", mobile="010-1111-0001", region=regions["마장동"])
    SubscriberProfile.objects.create(person=subscriber, sms_consent=True)
    # In the registry for another reason (a committee, an opinion): not a subscriber.
    PersonFactory(name="=이름", mobile="010-1111-0002", email="member@example.com")
    PersonFactory(name="박서준", mobile="", email="only-mail@example.com", gender="F")
    before = _people()
    profiles = SubscriberProfile.objects.count()
    content, name = _export(
        admin_client_for(administrator), "/admin/egov/imports/export/people/", export_format
    )
    job, report = create_job("people", content, name)
    assert (report.created, report.updated, report.skipped) == (0, 0, 0), report.as_json()
    assert report.unchanged == 3
    commit_job(job)
    assert _people() == before
    assert SubscriberProfile.objects.count() == profiles


def test_people_export_columns_read_back_for_new_people(regions, admin_client_for, administrator):
    """The export imported into an empty registry makes the same people and subscriptions."""
    subscriber = PersonFactory(name="'별명'", mobile="010-1111-0001", region=regions["마장동"])
    SubscriberProfile.objects.create(person=subscriber, sms_consent=True, email_consent=False)
    PersonFactory(name="=이름", mobile="010-1111-0002")
    content, name = _export(
        admin_client_for(administrator), "/admin/egov/imports/export/people/", "csv"
    )
    Person.objects.all().delete()
    job, report = create_job("people", content, name)
    commit_job(job)
    assert sorted(Person.objects.values_list("name", "mobile")) == [
        ("'별명'", "010-1111-0001"),
        ("=이름", "010-1111-0002"),
    ]
    profile = SubscriberProfile.objects.get()
    assert (profile.person.name, profile.sms_consent, profile.email_consent) == (
        "'별명'",
        True,
        False,
    )


def test_export_bytes_keep_the_apostrophe_prefix_only_where_needed(
    consultation, opinions, admin_client_for, administrator
):
    content, __ = _export(
        admin_client_for(administrator), "/admin/egov/imports/export/opinions/", "csv"
    )
    text = content.decode("utf-8-sig")
    assert "'=HYPERLINK(" in text and "'+82" in text and "'-2 도" in text and "'@SUM" in text
    assert "'''=이미" in text and "''=따옴표" in text  # one apostrophe more, taken off on reading
    assert ",'성수동' 주민입니다," in text  # a resident's own apostrophe: as written
    import csv

    rows = list(csv.reader(io.StringIO(text)))
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for cell in r)

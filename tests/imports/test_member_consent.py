"""The members' upload carries consent columns: Y/N per channel, the day it was given, its
legal basis (명단, or 종이카드 with the day the card was signed). The members' export writes the
same columns, so an export uploaded again records nothing twice."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from egov_plugin.committees.models import CommitteeMembership
from egov_plugin.imports.jobs import create_job
from egov_plugin.imports.pipeline import commit_job
from egov_plugin.imports.readers import read_table
from egov_plugin.imports.templates import build_template
from egov_plugin.organizations.models import OrganizationMembership
from egov_plugin.people import consent
from egov_plugin.people.models import ConsentRecord, Person
from tests.factories import PersonFactory, SubscriberFactory

from .conftest import xlsx_bytes

pytestmark = pytest.mark.django_db

HEADER = [
    "성명",
    "휴대폰",
    "이메일",
    "문자 수신 동의",
    "이메일 수신 동의",
    "동의 일자",
    "동의 근거",
]
HEADER_CARD = [*HEADER, "카드 서명일"]


def _upload(rows, body, kind="organization-members", commit=True):
    job, report = create_job(kind, xlsx_bytes(rows), "members.xlsx", target=body)
    if commit and not report.errors:
        commit_job(job)
    return report


def _consents(person):
    return [
        (r.channel, r.granted, r.basis, r.card_signed_on, timezone.localdate(r.recorded_at))
        for r in ConsentRecord.objects.filter(person=person).order_by("channel")
    ]


def test_members_upload_records_consent_with_its_basis(regions, organization):
    report = _upload(
        [
            HEADER_CARD,
            ["김민수", "010-1111-2222", "minsu@example.com", "Y", "Y", "2024-03-01", "", ""],
            ["박새롬", "010-3333-4444", "", "Y", "N", "", "종이카드", "2024-02-10"],
            ["이하늘", "010-5555-6666", "", "N", "", "", "", ""],
        ],
        organization,
    )
    assert (report.created, report.skipped) == (3, 0), report.as_json()
    minsu, saerom, haneul = (Person.objects.get(name=n) for n in ("김민수", "박새롬", "이하늘"))
    march = datetime.date(2024, 3, 1)
    assert _consents(minsu) == [
        ("email", True, "import", None, march),
        ("sms", True, "import", None, march),
    ]
    february = datetime.date(2024, 2, 10)
    assert _consents(saerom) == [("sms", True, "paper", february, february)]
    assert _consents(haneul) == []
    record = consent.current(minsu, "sms")
    assert record.source.startswith("import:") and record.wording_version == "import"
    assert OrganizationMembership.objects.count() == 3


@pytest.mark.parametrize(
    "cells, column, message",
    [
        (["Y", "", "", "종이카드", ""], "카드 서명일", "needs the day the card was signed"),
        (["Y", "", "", "우편", ""], "동의 근거", "is not a legal basis"),
        (["Y", "", "지난봄", "", ""], "동의 일자", "Not a date"),
        (["", "Y", "", "종이카드", "2099-01-01"], "카드 서명일", "in the future"),
        (["Y", "", "2024-01-01", "종이카드", "2024-02-01"], "동의 일자", "before the card"),
    ],
)
def test_a_consent_without_a_valid_basis_rejects_the_row_and_names_the_column(
    regions, committee, cells, column, message
):
    report = _upload(
        [HEADER_CARD, ["최가람", "010-7777-8888", "garam@example.com", *cells]],
        committee,
        kind="committee-members",
    )
    assert report.skipped == 1 and report.created == 0
    assert [(e["row"], e["column"]) for e in report.errors] == [(2, column)]
    assert message in report.errors[0]["message"]
    assert not ConsentRecord.objects.exists() and not CommitteeMembership.objects.exists()


def test_an_upload_neither_withdraws_nor_overrides_a_withdrawal(regions, organization):
    agreed = SubscriberFactory(person__name="김민수", person__mobile="010-1111-2222").person
    consent.grant(agreed, "sms", wording="문구", wording_version="v1")
    withdrew = PersonFactory(name="박새롬", mobile="010-3333-4444")
    month_ago = timezone.now() - datetime.timedelta(days=30)
    consent.grant(withdrew, "sms", wording="문구", wording_version="v1", at=month_ago)
    consent.withdraw(withdrew, "sms", source="080", at=timezone.now() - datetime.timedelta(days=9))
    before = ConsentRecord.objects.count()
    report = _upload(
        [
            HEADER,
            ["김민수", "010-1111-2222", "", "N", "", "", ""],
            ["박새롬", "010-3333-4444", "", "Y", "", "", ""],
        ],
        organization,
    )
    assert report.created == 2 and ConsentRecord.objects.count() == before
    assert [(w["row"], w["column"]) for w in report.warnings] == [
        (2, "문자 수신 동의"),
        (3, "문자 수신 동의"),
    ]
    assert "does not withdraw" in report.warnings[0]["message"]
    assert "withdrew this consent" in report.warnings[1]["message"]
    assert consent.current(agreed, "sms").granted and not consent.current(withdrew, "sms").granted
    # A card signed after the withdrawal is a new consent.
    later = timezone.localdate().isoformat()
    report = _upload(
        [HEADER, ["박새롬", "010-3333-4444", "", "Y", "", later, "명단"]], organization
    )
    assert report.updated == 1, report.as_json()
    assert consent.current(withdrew, "sms").granted


def test_an_existing_member_whose_only_news_is_consent_is_updated(regions, organization):
    person = PersonFactory(name="김민수", mobile="010-1111-2222")
    OrganizationMembership.objects.create(organization=organization, person=person)
    rows = [HEADER, ["김민수", "010-1111-2222", "", "Y", "", "2024-05-01", ""]]
    first = _upload(rows, organization)
    assert (first.updated, first.unchanged) == (1, 0), first.as_json()
    again = _upload(rows, organization)
    assert (again.updated, again.unchanged) == (0, 1), again.as_json()
    assert ConsentRecord.objects.filter(person=person).count() == 1


@pytest.mark.parametrize("kind", ["organization-members", "committee-members"])
def test_the_members_template_has_the_consent_columns(regions, kind):
    sheet = load_workbook(io.BytesIO(build_template(kind)))["명단"]
    titles = [cell.value for cell in sheet[2]]
    assert titles[-5:] == list(consent.SPREADSHEET_TITLES)


def _export(client, url):
    response = client.post(url, {"format": "xlsx", "reason": "명단 정리 후 다시 올림"})
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _state():
    return (
        sorted(
            (p.pk, p.name, p.mobile, p.email, p.region_id, p.updated_at)
            for p in Person.objects.all()
        ),
        sorted(
            ConsentRecord.objects.values_list(
                "person_id", "channel", "granted", "basis", "card_signed_on", "recorded_at"
            )
        ),
        sorted(OrganizationMembership.objects.values_list("person_id", "role", "joined_on")),
        sorted(CommitteeMembership.objects.values_list("person_id", "role", "term_start")),
    )


@pytest.mark.parametrize(
    "kind, url, body_fixture",
    [
        ("organization-members", "egov_organization_members:export", "organization"),
        ("committee-members", "egov_committee_members:export", "committee"),
    ],
)
def test_members_export_uploaded_again_changes_nothing(
    regions, admin_client_for, administrator, request, settings, kind, url, body_fixture
):
    body = request.getfixturevalue(body_fixture)
    upload = [
        HEADER_CARD,
        ["김민수", "010-1111-2222", "minsu@example.com", "Y", "Y", "2024-03-01", "", ""],
        ["박새롬", "010-3333-4444", "saerom@example.com", "Y", "N", "", "종이카드", "2024-02-10"],
        ["이하늘", "010-5555-6666", "haneul@example.com", "", "", "", "", ""],
    ]
    report = _upload(upload, body, kind=kind)
    assert report.created == 3 and not report.errors, report.as_json()
    online = Person.objects.get(name="이하늘")
    consent.grant(online, "email", wording="온라인 문구", wording_version="w1")
    before = _state()
    settings.LANGUAGE_CODE = "ko"  # the column titles staff get, which the upload reads
    with translation.override("ko"):
        content = _export(admin_client_for(administrator), reverse(url))
    table = read_table(content, "export.xlsx").rows
    assert list(table[0][-5:]) == list(consent.SPREADSHEET_TITLES)
    by_name = {row[0]: list(row[-5:]) for row in table[1:]}
    assert by_name["박새롬"][:2] == ["Y", ""] and by_name["박새롬"][3] == "종이카드"
    assert by_name["이하늘"][:2] == ["", "Y"] and by_name["이하늘"][3] == "온라인"
    with translation.override("ko"):
        job, report = create_job(kind, content, "export.xlsx", target=body)
    assert (report.created, report.updated, report.skipped) == (0, 0, 0), report.errors
    assert report.unchanged == 3 and not report.warnings, report.as_json()
    commit_job(job)
    assert _state() == before


@pytest.mark.parametrize(
    "kind, url, body_fixture, titles",
    [
        (
            "organization-members",
            "egov_organization_members:export",
            "organization",
            [
                "이름",
                "휴대전화번호",
                "이메일",
                "단체",
                "단체 유형",
                "단체 소재 행정동",
                "직위",
                "가입일시",
            ],
        ),
        (
            "committee-members",
            "egov_committee_members:export",
            "committee",
            ["이름", "이메일", "휴대전화번호", "위원회", "분야", "직위", "직업", "임기 시작일"],
        ),
    ],
)
def test_members_export_from_an_english_admin_is_korean_and_reads_back(
    regions, admin_client_for, administrator, request, kind, url, body_fixture, titles
):
    """A staff member who chose English for the admin gets the file the upload reads: Korean
    column titles and Korean roles, so uploading it again changes nothing."""
    from wagtail.users.models import UserProfile

    body = request.getfixturevalue(body_fixture)
    role = "위원장" if kind == "committee-members" else "회장"
    upload = [
        [*HEADER, "직책"],
        ["김민수", "010-1111-2222", "minsu@example.com", "Y", "N", "2024-03-01", "", role],
        ["박새롬", "010-3333-4444", "", "Y", "", "", "", ""],
    ]
    report = _upload(upload, body, kind=kind)
    assert report.created == 2 and not report.errors, report.as_json()
    profile = UserProfile.get_for_user(administrator)
    profile.preferred_language = "en"
    profile.save()
    before = _state()

    with translation.override("en"):
        client = admin_client_for(administrator)
        # The admin itself is in English for this person ...
        assert "Export" in client.get(reverse(url)).content.decode()
        content = _export(client, reverse(url))
    table = read_table(content, "export.xlsx").rows
    # ... the file is not.
    assert list(table[0][: len(titles)]) == titles
    assert list(table[0][-5:]) == list(consent.SPREADSHEET_TITLES)
    roles = {row[0]: row[titles.index("직위")] for row in table[1:]}
    assert roles["김민수"] == role
    with translation.override("en"):
        job, report = create_job(kind, content, "export.xlsx", target=body)
    assert (report.created, report.updated, report.skipped) == (0, 0, 0), report.errors
    assert report.unchanged == 2 and not report.warnings, report.as_json()
    commit_job(job)
    assert _state() == before

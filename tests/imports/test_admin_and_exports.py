"""The admin flow (upload → preview → mapping → commit task → report → error workbook),
templates that import without a warning, other kinds, and safe audited exports."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from egov_plugin.committees.models import CommitteeMembership
from egov_plugin.consultations.models import Opinion
from egov_plugin.core.models import AuditEvent
from egov_plugin.imports.jobs import create_job
from egov_plugin.imports.models import ImportJob
from egov_plugin.imports.pipeline import commit_job
from egov_plugin.imports.templates import build_template
from egov_plugin.organizations.models import OrganizationMembership
from egov_plugin.people.models import Person
from tests.factories import PersonFactory

from .conftest import xlsx_bytes

pytestmark = pytest.mark.django_db


def test_admin_upload_preview_remap_commit_and_error_workbook(
    regions, admin_client_for, administrator
):
    client = admin_client_for(administrator)
    data = xlsx_bytes(
        [
            ["회원 명단 (2024)"],
            ["이름", "H.P", "사는 곳", "비고"],
            ["김민수", "010-1234-5678", "마장동", '=HYPERLINK("http://x")'],
            ["", "010-2222-3333", "옥수동", ""],
        ]
    )
    response = client.post(
        "/admin/egov/imports/", {"kind": "people", "file": SimpleUploadedFile("a.xlsx", data)}
    )
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.header_row == 2
    # "사는 곳" is not a known title: that column is left out until staff map it.
    assert job.mapping == {"0": "name", "1": "mobile", "3": "memo"}
    assert Person.objects.count() == 0
    page = client.get(f"/admin/egov/imports/{job.pk}/")
    assert page.status_code == 200 and "성명".encode() in page.content

    # Staff map the unknown column to the neighbourhood and preview again.
    response = client.post(
        f"/admin/egov/imports/{job.pk}/",
        {"column_0": "name", "column_1": "mobile", "column_2": "region", "column_3": "memo"},
    )
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.mapping["2"] == "region" and job.counts["created"] == 1

    response = client.post(f"/admin/egov/imports/{job.pk}/", {"action": "commit"})
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.progress == 100
    assert Person.objects.get().region == regions["마장동"]
    assert AuditEvent.objects.filter(action="import").count() == 1

    # The rejected rows are personal data: a reason is asked and the download is audited.
    url = f"/admin/egov/imports/{job.pk}/errors/"
    assert client.get(url).status_code == 200
    errors = client.post(url, {"format": "xlsx", "reason": "반려된 행 수정 후 재업로드"})
    assert errors.status_code == 200
    event = AuditEvent.objects.get(action="export")
    assert event.reason == "반려된 행 수정 후 재업로드" and event.data["rows"] == 1
    sheet = load_workbook(io.BytesIO(b"".join(errors.streaming_content))).active
    rows = list(sheet.values)
    assert rows[0] == ("원래 행", "이름", "H.P", "사는 곳", "비고", "오류 내용")
    assert rows[1][0] == 4 and rows[1][2] == "010-2222-3333"
    assert "name" in rows[1][-1].lower() or "성명" in rows[1][-1]


@pytest.mark.parametrize(
    "kind", ["people", "organization-members", "committee-members", "opinions"]
)
def test_filled_template_imports_without_a_single_warning(
    regions, kind, organization, committee, consultation
):
    workbook = load_workbook(io.BytesIO(build_template(kind)))
    sheet = workbook["명단"]
    headers = [c.value for c in sheet[2]]
    assert sheet["A3"].value == "예시"
    # Drop-downs on gender, age band and neighbourhood (from row 3 down).
    validated = {
        headers[list(dv.sqref.ranges)[0].min_col - 1]
        for dv in sheet.data_validations.dataValidation
        if dv.type == "list"
    }
    assert {"성별", "연령대", "주소(동)"} <= validated
    lists = workbook["목록"]
    choices = {
        lists.cell(1, c).value: [
            lists.cell(r, c).value for r in range(2, 20) if lists.cell(r, c).value
        ]
        for c in range(1, lists.max_column + 1)
    }
    assert "왕십리제2동" not in choices["region"] and "마장동" in choices["region"]
    assert workbook["안내"]["A1"].value == "작성 안내"
    filled = {
        "성명": "이서연",
        "휴대폰": "010-2222-3333",
        "이메일": "seoyeon@example.com",
        "주소(동)": choices["region"][3],
        "연령대": choices["age_band"][2],
        "성별": choices["gender"][1],
        "가입일": "2024-05-01",
        "문자수신동의": "Y",
        "메일수신동의": "N",
        "직책": (choices.get("role") or [""])[0],
        "직업": choices["occupation"][0],
        "임기시작일": "2024-01-01",
        "임기종료일": "2025-12-31",
        "의견": "버스 정류장에 그늘막을 설치해 주세요.",
        "작성일": "2024-05-02",
        "찬반": "찬성",
    }
    for column, title in enumerate(headers, start=1):
        if title in filled:
            sheet.cell(row=4, column=column, value=filled[title])
    buffer = io.BytesIO()
    workbook.save(buffer)
    target = {
        "organization-members": organization,
        "committee-members": committee,
        "opinions": consultation,
    }.get(kind)
    job, report = create_job(kind, buffer.getvalue(), "template.xlsx", target=target)
    assert (report.created, report.errors, report.warnings) == (1, [], [])
    commit_job(job)
    if kind == "committee-members":
        member = CommitteeMembership.objects.get()
        assert (member.role, member.occupation) == ("chair", "professor")
    if kind == "organization-members":
        assert OrganizationMembership.objects.get().role == "president"
    if kind == "opinions":
        opinion = Opinion.objects.get()
        assert (opinion.channel, opinion.import_job_id, opinion.stance) == (
            "import",
            job.pk,
            "agree",
        )


def test_members_and_opinions_reupload_creates_nothing(regions, organization, consultation):
    existing = PersonFactory(name="김민수", mobile="010-1234-5678")
    members = xlsx_bytes(
        [
            ["성명", "연락처", "직책"],
            ["김민수", "01012345678", "총무"],
            ["박새롬", "010-7777-8888", "회원"],
        ]
    )
    for expected in ((2, 0), (0, 2)):
        job, report = create_job("organization-members", members, "m.xlsx", target=organization)
        assert (report.created, report.unchanged) == expected
        commit_job(job)
    assert OrganizationMembership.objects.get(person=existing).role == "secretary"
    opinions = xlsx_bytes(
        [
            ["작성자", "연락처", "의견내용", "등록일"],
            ["김민수", "010-1234-5678", "주차장이 부족합니다.", "2024-04-01"],
            ["익명", "", "가로등을 늘려 주세요.", "2024-04-02"],
            ["익명", "", "가로등을 늘려 주세요.", "2024-04-02"],
        ]
    )
    for expected in ((2, 1, 0), (0, 1, 2)):
        job, report = create_job("opinions", opinions, "o.xlsx", target=consultation)
        assert (report.created, report.merged, report.unchanged) == expected
        commit_job(job)
    assert Opinion.objects.count() == 2
    # The file's contacts were never verified: the opinion keeps them and links to nobody.
    assert Opinion.objects.get(mobile="010-1234-5678").person is None


DANGEROUS = ['=HYPERLINK("http://evil.example","click")', "+1", "-2", "@SUM(A1:A2)", "\tx", "\rx"]


@pytest.mark.parametrize("export_format", ["xlsx", "csv"])
def test_people_export_neutralizes_formulas_and_is_audited(
    regions, admin_client_for, administrator, export_format
):
    for index, value in enumerate(DANGEROUS):
        PersonFactory(name=value, mobile=f"010-5555-{index:04d}")
    PersonFactory(name="김민수", mobile="010-1234-5678", region=regions["마장동"])
    client = admin_client_for(administrator)
    url = "/admin/egov/imports/export/people/"
    assert client.get(f"{url}?region={regions['마장동'].pk}").status_code == 200
    response = client.post(url, {"format": export_format, "reason": "주민 간담회 안내 발송"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    if export_format == "xlsx":
        sheet = load_workbook(io.BytesIO(content)).active
        cells = {c.value: c.data_type for row in sheet.iter_rows(min_row=2) for c in row[:1]}
        for value in DANGEROUS:
            # XML turns a lone CR into LF on reading; the cell is still text, never a formula.
            assert cells[value.replace("\r", "\n")] == "s", value
    else:
        assert content.startswith(b"\xef\xbb\xbf")
        names = [r[0] for r in csv.reader(io.StringIO(content.decode("utf-8-sig")))][1:]
        for value in DANGEROUS:
            assert "'" + value in names
    event = AuditEvent.objects.get(action="export")
    assert event.reason == "주민 간담회 안내 발송" and event.data["rows"] == 7


def test_export_needs_the_personal_data_permission(policy_staff, admin_client_for):
    response = admin_client_for(policy_staff).get("/admin/egov/imports/export/people/")
    assert response.status_code in (302, 403)


def test_a_running_job_shows_its_progress_and_refreshes(regions, admin_client_for, administrator):
    job, __ = create_job(
        "people", xlsx_bytes([["성명", "휴대폰"], ["김민수", "01012345678"]]), "a.xlsx"
    )
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.RUNNING, total_rows=80000, processed_rows=20000
    )
    page = admin_client_for(administrator).get(f"/admin/egov/imports/{job.pk}/").content.decode()
    assert '<progress max="100" value="25">' in page
    assert 'http-equiv="refresh"' in page
    # A job already running is not started a second time.
    admin_client_for(administrator).post(f"/admin/egov/imports/{job.pk}/", {"action": "commit"})
    assert ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.RUNNING
    assert Person.objects.count() == 0

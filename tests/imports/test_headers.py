"""Header rows as offices make them (issue 13, item 15): a group title over two columns
(연락처 over 휴대폰 | 이메일), a sheet with titles and no rows, CSV files with NUL bytes."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from egov_plugin.imports.jobs import create_job
from egov_plugin.imports.models import ImportJob
from egov_plugin.imports.pipeline import commit_job
from egov_plugin.imports.readers import ReadError
from egov_plugin.imports.templates import build_template
from egov_plugin.people.models import Person

from .conftest import csv_bytes

pytestmark = pytest.mark.django_db


def _merged_workbook():
    """The 관리카드 as an office draws it: title, then 연락처 merged over 휴대폰 and 이메일, and
    성명 and 주소(동) merged down over both header rows."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["소통 네트워크 관리카드"])
    sheet.append(["성명", "연락처", None, "주소(동)"])
    sheet.append([None, "휴대폰", "이메일", None])
    sheet.append(["김민수", "010-1234-5678", "minsu@example.com", "마장동"])
    sheet.append(["이서연", None, "seoyeon@example.com", "사근동"])
    for cells in ("A1:D1", "A2:A3", "B2:C2", "D2:D3"):
        sheet.merge_cells(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_merged_two_row_header_keeps_the_email_column(regions, admin_client_for, administrator):
    job, report = create_job("people", _merged_workbook(), "card.xlsx")
    assert report.created == 2 and not report.errors, report.as_json()
    assert (job.header_rows, job.header_row, job.first_header_row) == (2, 3, 2)
    assert job.headers == ["성명", "휴대폰", "이메일", "주소(동)"]
    assert sorted(job.mapping.values()) == ["email", "mobile", "name", "region"]
    page = admin_client_for(administrator).get(f"/admin/egov/imports/{job.pk}/")
    assert "rows 2–3" in page.content.decode()
    commit_job(job)
    assert dict(Person.objects.values_list("name", "email")) == {
        "김민수": "minsu@example.com",
        "이서연": "seoyeon@example.com",
    }
    assert Person.objects.get(name="김민수").mobile == "010-1234-5678"


def test_a_two_row_header_without_merged_cells_csv(regions):
    data = csv_bytes(
        [
            ["성명", "연락처", "", "연령대"],
            ["", "휴대폰", "이메일", ""],
            ["김민수", "01012345678", "minsu@example.com", "30대"],
        ]
    )
    job, report = create_job("people", data, "card.csv")
    assert report.created == 1 and not report.errors and not report.warnings, report.as_json()
    assert job.headers == ["성명", "휴대폰", "이메일", "연령대"] and job.header_row == 2
    commit_job(job)
    assert Person.objects.get().email == "minsu@example.com"


def test_the_group_titles_may_also_be_the_lower_row_that_names_more(regions):
    # 성명 stands alone in the upper row (merged down); the lower row names three fields.
    data = csv_bytes(
        [
            ["성명", "연락처", "", ""],
            ["", "휴대폰", "이메일", "주소(동)"],
            ["김민수", "01012345678", "minsu@example.com", "마장동"],
        ]
    )
    job, report = create_job("people", data, "card.csv")
    assert report.created == 1 and not report.errors, report.as_json()
    assert job.headers == ["성명", "휴대폰", "이메일", "주소(동)"]


def test_a_header_with_a_second_row_that_is_half_data_is_refused_naming_the_rows(regions):
    data = csv_bytes(
        [
            ["성명", "연락처", "", "주소(동)"],
            ["김민수", "휴대폰", "이메일", "마장동"],
            ["이서연", "01012345678", "a@example.com", "사근동"],
        ]
    )
    with pytest.raises(ReadError, match="Row 2 names columns .*휴대폰, 이메일.* row 1"):
        create_job("people", data, "card.csv")
    assert not ImportJob.objects.exists()


def test_a_title_row_and_a_plain_header_are_still_one_header_row(regions):
    data = csv_bytes(
        [
            ["2024년 명단", "", "", ""],
            ["성명", "휴대폰", "이메일", "기타"],
            ["김민수", "01012345678", "minsu@example.com", "x"],
        ]
    )
    job, report = create_job("people", data, "card.csv")
    assert job.header_rows == 1 and job.header_row == 2 and report.created == 1


@pytest.mark.parametrize("name", ["only-titles.xlsx", "only-titles.csv"])
def test_a_sheet_with_titles_and_no_rows_is_refused(regions, admin_client_for, administrator,
                                                    name):  # fmt: skip
    rows = [["성명", "휴대폰", "이메일"], ["", "", ""]]
    if name.endswith(".csv"):
        data = csv_bytes(rows)
    else:
        workbook = Workbook()
        for row in rows:
            workbook.active.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        data = buffer.getvalue()
    with pytest.raises(ReadError, match=r"titles \(row 1\) but no rows"):
        create_job("people", data, name)
    response = admin_client_for(administrator).post(
        "/admin/egov/imports/", {"kind": "people", "file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 400 and b"no rows below them" in response.content
    assert not ImportJob.objects.exists()


def test_the_template_uploaded_unfilled_is_refused(regions):
    with pytest.raises(ReadError, match="no rows below them"):
        create_job("people", build_template("people"), "template-people.xlsx")


def test_a_csv_with_a_nul_byte_names_the_row_and_column(regions, admin_client_for,
                                                        administrator):  # fmt: skip
    data = csv_bytes(
        [["성명", "휴대폰", "이메일"], ["김민수", "01012345678", "a@example.com"],
         ["이서연", "01098765432", "b@exam\x00ple.com"]]
    )  # fmt: skip
    with pytest.raises(ReadError, match="Row 3, column C holds a NUL character"):
        create_job("people", data, "people.csv")
    response = admin_client_for(administrator).post(
        "/admin/egov/imports/", {"kind": "people", "file": SimpleUploadedFile("p.csv", data)}
    )
    assert response.status_code == 400 and b"Row 3, column C" in response.content
    assert not Person.objects.exists()


def test_a_binary_file_is_still_not_a_spreadsheet(regions):
    with pytest.raises(ReadError, match="not a spreadsheet"):
        create_job("people", b"\x89PNG\r\n\x1a\n" + b"\x00" * 500 + b"IHDR", "photo.csv")


def test_excels_unicode_text_utf16_is_read(regions):
    text = "성명\t휴대폰\r\n김민수\t01012345678\r\n"
    job, report = create_job("people", text.encode("utf-16"), "people.txt")
    assert report.created == 1

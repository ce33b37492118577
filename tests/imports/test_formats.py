"""Every format staff meet, and every kind of bad input: one clear message, nothing stored."""

import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.test import override_settings

from egov_plugin.imports.jobs import create_job
from egov_plugin.imports.models import ImportJob
from egov_plugin.imports.readers import ReadError, read_table
from egov_plugin.people.models import Person

from .conftest import PEOPLE_HEADERS, csv_bytes, libreoffice_convert, xlsx_bytes

pytestmark = pytest.mark.django_db

ROWS = [
    PEOPLE_HEADERS,
    [1, "김민수", "010-1234-5678", "", "마장동", "30대", "남"],
    [2, "이서연", "010-2222-3333", "seoyeon@example.com", "옥수동", "40대", "여"],
]


def test_cp949_csv_with_multiline_cells_and_quoted_commas(regions):
    rows = [
        ["성명", "연락처", "거주지", "비고"],
        ["김민수", "010-1234-5678", "마장동", "첫 줄,\n둘째 줄"],
        ["이서연", "01022223333", "옥수동", "없음"],
    ]
    data = csv_bytes(rows, encoding="cp949")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    table = read_table(data, "명단.csv")
    assert table.format == "csv (cp949)"
    assert table.rows[1][3] == "첫 줄,\n둘째 줄"
    job, report = create_job("people", data, "명단.csv")
    assert report.created == 2 and not report.errors


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_utf8_csv_with_and_without_bom(regions, encoding):
    table = read_table(csv_bytes(ROWS, encoding=encoding), "a.csv")
    assert table.rows[0][1] == "성명"


def test_xls_and_ods_written_by_libreoffice(regions, tmp_path):
    source = xlsx_bytes(ROWS, title_rows=["소통 네트워크 관리카드"], merge_title=True)
    for target in ("xls", "ods"):
        data = libreoffice_convert(tmp_path, "card.xlsx", source, target)
        job, report = create_job("people", data, f"card.{target}")
        assert job.header_row == 2, target
        assert (report.created, report.errors, report.warnings) == (2, [], []), target


def test_command_json_contract_and_exit_status(regions, tmp_path, capsys):
    path = tmp_path / "people.xlsx"
    path.write_bytes(xlsx_bytes([*ROWS, [3, "", "010-5555-6666", "", "", "", ""], ROWS[1]]))
    call_command("egov_import", "people", str(path), "--dry-run", "--format", "json")
    result = json.loads(capsys.readouterr().out)
    assert result == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "merged": 1,
        "skipped": 1,
        "errors": [{"row": 4, "column": "성명", "message": "The name is missing."}],
        "warnings": [],
    }
    assert Person.objects.count() == 0
    call_command("egov_import", "people", str(path), "--format", "json")
    assert json.loads(capsys.readouterr().out)["created"] == 2
    assert Person.objects.count() == 2
    call_command("egov_import", "people", str(path), "--format", "json")
    again = json.loads(capsys.readouterr().out)
    assert (again["created"], again["unchanged"]) == (0, 2)

    bad = tmp_path / "photo.xlsx"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    with pytest.raises(SystemExit) as exit_info:
        call_command("egov_import", "people", str(bad), "--format", "json")
    assert exit_info.value.code == 2


def _zip_bomb():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (20 * 1024 * 1024))
    return buffer.getvalue()


def _protected():
    # An encrypted .xlsx is an OLE compound file holding EncryptionInfo and EncryptedPackage.
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    return header + "EncryptionInfo".encode("utf-16-le") + "EncryptedPackage".encode("utf-16-le")


BAD_FILES = [
    ("photo.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 2000, "damaged"),
    ("report.pdf", b"%PDF-1.4\n\x00\x00binary", "not a spreadsheet"),
    ("cut.xlsx", xlsx_bytes(ROWS)[:3000], "damaged"),
    ("secret.xlsx", _protected(), "password"),
    ("bomb.xlsx", _zip_bomb(), "zip bomb"),
    ("empty.xlsx", xlsx_bytes([[None]]), "empty"),
    ("title-only.xlsx", xlsx_bytes([["회원 명단"], ["2024년"], ["가", "나", "다"]]), "No header"),
]


@override_settings(EGOV_IMPORT_MAX_UNCOMPRESSED_BYTES=10 * 1024 * 1024)
@pytest.mark.parametrize(("name", "data", "expected"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_input_one_message_nothing_stored(
    regions, admin_client_for, administrator, name, data, expected
):
    with pytest.raises(ReadError, match=expected):
        create_job("people", data, name)
    client = admin_client_for(administrator)
    response = client.post(
        "/admin/egov/imports/",
        {"kind": "people", "file": _upload(name, data)},
    )
    assert response.status_code == 400
    assert expected.encode() in response.content
    assert not ImportJob.objects.exists() and not Person.objects.exists()


@override_settings(EGOV_IMPORT_MAX_BYTES=1000)
def test_over_the_size_limit(admin_client_for, administrator):
    data = xlsx_bytes(ROWS * 50)
    with pytest.raises(ReadError, match="larger than the limit"):
        create_job("people", data, "big.xlsx")
    response = admin_client_for(administrator).post(
        "/admin/egov/imports/", {"kind": "people", "file": _upload("big.xlsx", data)}
    )
    assert response.status_code == 400 and not ImportJob.objects.exists()


def _upload(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


SYNONYMS = {
    "name": ["성명", "이름"],
    "mobile": ["휴대폰", "핸드폰", "휴대전화", "연락처", "전화번호"],
    "region": ["주소(동)", "거주지", "행정동"],
    "age_band": ["연령", "연령대", "나이"],
    "email": ["이메일", "E-mail", "메일"],
}
OPINION_SYNONYMS = {"text": ["의견", "의견내용", "내용"], "created_at": ["작성일", "등록일"]}


@pytest.mark.parametrize(
    ("key", "title"),
    [(k, t) for k, titles in {**SYNONYMS, **OPINION_SYNONYMS}.items() for t in titles],
)
def test_korean_and_english_column_titles_map_automatically(key, title):
    from egov_plugin.imports.kinds import KINDS
    from egov_plugin.imports.mapping import auto_map

    kind = KINDS["opinions" if key in OPINION_SYNONYMS else "people"]
    assert auto_map(["번호", f" {title} "], kind.fields) == {0: "_number", 1: key}


def test_command_imports_into_the_named_committee_and_consultation(
    regions, tmp_path, capsys, committee, consultation
):
    from egov_plugin.committees.models import CommitteeMembership
    from egov_plugin.consultations.models import Opinion

    members = tmp_path / "위원.xlsx"
    members.write_bytes(
        xlsx_bytes([["성명", "연락처", "직책"], ["김민수", "010-1234-5678", "위원장"]])
    )
    call_command(
        "egov_import", "committee-members", str(members), "--committee", committee.name,
        "--format", "json",
    )  # fmt: skip
    assert json.loads(capsys.readouterr().out)["created"] == 1
    assert CommitteeMembership.objects.get().role == "chair"
    opinions = tmp_path / "의견.csv"
    opinions.write_bytes(
        csv_bytes([["작성자", "의견내용"], ["익명", "공원을 넓혀 주세요."]], "cp949")
    )
    call_command(
        "egov_import", "opinions", str(opinions), "--consultation", consultation.slug,
        "--format", "json",
    )  # fmt: skip
    assert json.loads(capsys.readouterr().out)["created"] == 1
    assert Opinion.objects.get().channel == "import"
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="committee"):
        call_command("egov_import", "committee-members", str(members), "--committee", "없음")

"""Files for the import tests, made in the tests themselves (openpyxl, CP949, LibreOffice)."""

import io
import shutil
import subprocess

import pytest
from openpyxl import Workbook

from egov_plugin.committees.models import Committee, CommitteeField
from egov_plugin.organizations.models import Organization, OrganizationKind
from tests.consultations.conftest import (  # noqa: F401 - fixtures reused here
    consultation,
    consultation_index,
    home,
    make_consultation,
)

PEOPLE_HEADERS = ["번호", "성명", "휴대폰", "이메일", "주소(동)", "연령대", "성별"]


def xlsx_bytes(rows, *, title_rows=(), merge_title=False):
    """An .xlsx workbook (openpyxl) with optional title rows above the given rows."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "명단"
    for title in title_rows:
        sheet.append([title])
    if merge_title and title_rows:
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, encoding="utf-8-sig"):
    import csv

    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def libreoffice_convert(tmp_path, source_name, data, target):
    """Convert a file with LibreOffice (headless); skips when LibreOffice is missing."""
    binary = shutil.which("libreoffice") or shutil.which("soffice")
    if binary is None:
        pytest.skip("LibreOffice is not installed (Debian: libreoffice-calc-nogui)")
    source = tmp_path / source_name
    source.write_bytes(data)
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            binary,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    converted = tmp_path / "out" / (source.stem + "." + target.split(":")[0])
    return converted.read_bytes()


@pytest.fixture
def organization(regions):
    return Organization.objects.create(
        name="마장동 주민자치회",
        kind=OrganizationKind.objects.order_by("pk").first(),
        region=regions["마장동"],
    )


@pytest.fixture
def committee(db):
    field = CommitteeField.objects.order_by("pk").first() or CommitteeField.objects.create(
        name="복지"
    )
    return Committee.objects.create(name="복지위원회", field=field)


@pytest.fixture(autouse=True)
def english(settings):
    """Messages are asserted in their English source form, whatever translations exist."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def staff(administrator, policy_staff, committee_staff, organization_staff):
    """The four roles by name."""
    return {
        "administrator": administrator,
        "policy": policy_staff,
        "committee": committee_staff,
        "organization": organization_staff,
    }

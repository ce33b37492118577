"""EGOV_ENCRYPT_EXPORTS: personal data leaves as an encrypted workbook, its password shown once."""

import io
import re
import zipfile

import msoffcrypto
import pytest
from django.core.checks import run_checks
from msoffcrypto.exceptions import InvalidKeyError
from openpyxl import load_workbook

from egov_plugin.core.models import AuditEvent
from egov_plugin.core.spreadsheets import write_xlsx
from tests.factories import PersonFactory

URL = "/admin/egov/imports/export/people/"


@pytest.fixture(autouse=True)
def english(settings):
    """Messages are asserted in their English source form, whatever translations exist."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _decrypt(content, password):
    office = msoffcrypto.OfficeFile(io.BytesIO(content))
    office.load_key(password=password, verify_password=True)
    plain = io.BytesIO()
    office.decrypt(plain)
    return load_workbook(plain).active


def test_write_xlsx_with_a_password_opens_only_with_it():
    content = write_xlsx(["성명"], [["김민수"]], password="s3cret-Pass").read()
    assert not zipfile.is_zipfile(io.BytesIO(content))  # no spreadsheet program reads it as is
    with pytest.raises(InvalidKeyError):
        _decrypt(content, "wrong-password")
    assert [c.value for c in _decrypt(content, "s3cret-Pass")[2]] == ["김민수"]


@pytest.fixture
def encrypted(settings):
    settings.EGOV_ENCRYPT_EXPORTS = True


@pytest.mark.django_db
def test_export_shows_the_password_once_and_downloads_the_encrypted_file_once(
    encrypted, admin_client_for, administrator
):
    PersonFactory(name="김민수", mobile="010-1234-5678")
    client = admin_client_for(administrator)
    page = client.get(URL)
    assert b'value="csv"' not in page.content  # CSV is not offered
    response = client.post(URL, {"format": "xlsx", "reason": "주민 간담회 안내 발송"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    password = re.search(r'id="egov-export-password"[^>]*>([^<]+)</code>', html).group(1)
    link = re.search(r'href="(/admin/egov/exports/[^"]+/)"', html).group(1)

    download = client.get(link)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="people-')
    sheet = _decrypt(download.content, password)
    assert [c.value for c in sheet[2]][:2] == ["김민수", "010-1234-5678"]
    with pytest.raises(InvalidKeyError):
        _decrypt(download.content, password[::-1])
    assert client.get(link).status_code == 404  # once only

    event = AuditEvent.objects.get(action="export")
    assert event.data["encrypted"] is True and event.data["rows"] == 1
    # The password is in no audit event.
    assert not AuditEvent.objects.filter(data__icontains=password).exists()
    assert password not in str(list(AuditEvent.objects.values()))


@pytest.mark.django_db
def test_csv_is_refused_with_the_reason(encrypted, admin_client_for, administrator):
    PersonFactory()
    client = admin_client_for(administrator)
    response = client.post(URL, {"format": "csv", "reason": "주민 간담회 안내 발송"})
    assert response.status_code == 200  # the form again, with the message
    assert "only an Excel workbook (.xlsx) can carry a password" in response.content.decode()
    assert not AuditEvent.objects.filter(action="export").exists()


@pytest.mark.django_db
def test_another_session_cannot_use_the_download_link(
    encrypted, client, administrator, django_user_model
):
    client.force_login(administrator)
    response = client.post(URL, {"format": "xlsx", "reason": "주민 간담회 안내 발송"})
    link = re.search(r'href="(/admin/egov/exports/[^"]+/)"', response.content.decode()).group(1)
    other = django_user_model.objects.create_superuser(username="other", password="pw")
    client.logout()
    client.force_login(other)
    assert client.get(link).status_code == 404


def test_a_check_error_when_encryption_is_on_but_msoffcrypto_is_missing(settings, monkeypatch):
    import egov_plugin.core.checks as checks

    settings.EGOV_ENCRYPT_EXPORTS = True
    assert not [e for e in run_checks() if e.id == "egov_core.E001"]
    monkeypatch.setattr(checks, "encryption_available", lambda: False)
    errors = [e for e in run_checks() if e.id == "egov_core.E001"]
    assert errors and "msoffcrypto-tool is not installed" in errors[0].msg


@pytest.mark.django_db
def test_files_never_downloaded_are_removed_after_the_hour(
    encrypted, admin_client_for, administrator, monkeypatch
):
    import datetime

    from django.utils import timezone

    from egov_plugin.core import exports
    from egov_plugin.core.storage import private_storage

    if private_storage().exists(exports.STORAGE_DIR):  # files left by other tests
        for name in private_storage().listdir(exports.STORAGE_DIR)[1]:
            private_storage().delete(f"{exports.STORAGE_DIR}/{name}")
    client = admin_client_for(administrator)
    client.post(URL, {"format": "xlsx", "reason": "주민 간담회 안내 발송"})
    assert len(private_storage().listdir(exports.STORAGE_DIR)[1]) == 1
    later = timezone.now() + datetime.timedelta(hours=2)
    monkeypatch.setattr(exports.timezone, "now", lambda: later)
    client.logout()
    client.force_login(administrator)  # a new session: the old one never came back
    client.post(URL, {"format": "xlsx", "reason": "주민 간담회 안내 발송"})
    assert len(private_storage().listdir(exports.STORAGE_DIR)[1]) == 1  # only the new one

"""악성 파일 업로드 (Malicious file upload) — KISA web item: a file an attacker uploads or mails in
becomes executable on the server or is served back so that a browser runs it.

Attacks tried here: ``.html``, ``.svg``, ``.exe``, a GIF/HTML polyglot, double extensions
(``명단.xlsx.html``, ``사진.jpg.html``), a right-to-left override name, an oversized file and a zip
bomb, sent to the spreadsheet import, the mail inbox (upload and a real IMAP mailbox), Wagtail
documents and Wagtail images; and attachment names that are paths (``../../x``, ``/etc/x``,
``C:\\x``), NUL bytes or 400 characters long, which used to stop every later
``egov_fetch_mail``.

Controls that stop them: the import reads files by their content, not their name (refused
with a Korean/English message, 400, nothing stored); size and uncompressed-size limits
(``EGOV_IMPORT_MAX_BYTES``, ``EGOV_IMPORT_MAX_UNCOMPRESSED_BYTES``); Wagtail's extension lists
(``WAGTAILDOCS_EXTENSIONS``, image formats); whatever is kept is stored in private storage under
a random name (never executed, never under a served folder) and downloaded only as
``application/octet-stream`` unless its extension is on the inert list, always as an
``attachment`` with ``nosniff`` and ``CSP: sandbox``; sender-given names are made safe before
anything uses them.

악성 파일 업로드: HTML·SVG·실행 파일·다형(polyglot) 파일·이중 확장자·과대 파일·압축 폭탄을 일괄
등록·메일함·문서·이미지에 올려 보고, 파일이 실행되거나 브라우저에서 열리지 않는지, 경로 같은 첨부
파일 이름이 메일 가져오기를 멈추지 않는지 확인합니다.
"""

import imaplib
import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from egov_plugin.imports.models import ImportJob, MailAttachment, MailMessage
from tests.imports import dovecot

from .filedata import (
    HTML_PAYLOAD,
    POLYGLOT_GIF,
    SVG_PAYLOAD,
    attack_mail,
    mbox,
    private_collection,
    private_document,
    store_attachment,
)

pytestmark = pytest.mark.django_db


def private_storage():
    # Imported here, so that this module also runs (and fails) on code without it.
    from egov_plugin.core.storage import private_storage

    return private_storage()


EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200 + b"This program cannot be run in DOS mode"


def upload(client, name, data, kind="people"):
    return client.post(
        reverse("egov_imports:index"),
        {"kind": kind, "file": SimpleUploadedFile(name, data)},
    )


@pytest.mark.parametrize(
    "name, data",
    [
        ("명단.html", HTML_PAYLOAD),
        ("명단.svg", SVG_PAYLOAD),
        ("명단.exe", EXE),
        ("명단.xlsx", EXE),  # a program named as a workbook
        ("명단.xlsx", POLYGLOT_GIF),
        ("명단.xlsx.html", HTML_PAYLOAD),
        ("명단.html.xlsx", HTML_PAYLOAD),
    ],
)
def test_active_files_are_refused_by_the_import(admin_client_for, administrator, name, data):
    response = upload(admin_client_for(administrator), name, data)
    assert response.status_code == 400
    assert not ImportJob.objects.exists()


def test_oversized_import_and_mail_uploads_are_refused(admin_client_for, administrator, settings):
    settings.EGOV_IMPORT_MAX_BYTES = 1024
    client = admin_client_for(administrator)
    big = b"\xec\x84\xb1\xeb\xaa\x85,\xed\x9c\xb4\xeb\x8c\x80\xed\x8f\xb0\n" * 200
    assert upload(client, "people.csv", big).status_code == 400
    response = client.post(
        reverse("egov_imports:mail"),
        {"file": SimpleUploadedFile("inbox.mbox", mbox(attack_mail("a.html", b"x" * 4096)))},
    )
    assert response.status_code == 400
    assert not ImportJob.objects.exists() and not MailMessage.objects.exists()


def test_a_zip_bomb_is_refused_before_it_is_inflated(admin_client_for, administrator, settings):
    settings.EGOV_IMPORT_MAX_UNCOMPRESSED_BYTES = 100_000
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("[Content_Types].xml", "<Types/>")
        bomb.writestr("xl/worksheets/sheet1.xml", b"0" * 5_000_000)
    assert len(archive.getvalue()) < 20_000
    response = upload(admin_client_for(administrator), "명단.xlsx", archive.getvalue())
    assert response.status_code == 400
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize(
    "filename, payload, sent_type",
    [
        ("report.html", HTML_PAYLOAD, "application/octet-stream"),
        ("chart.svg", SVG_PAYLOAD, "application/octet-stream"),
        ("setup.exe", EXE, "application/octet-stream"),
        ("사진.jpg.html", HTML_PAYLOAD, "application/octet-stream"),
        ("photo.gif", POLYGLOT_GIF, "image/gif"),
        ("data.xml", b"<?xml version='1.0'?><x/>", "application/octet-stream"),
        ("app.js", b"alert(1)", "application/octet-stream"),
    ],
)
def test_mail_attachments_are_kept_inert(
    admin_client_for, administrator, filename, payload, sent_type
):
    attachment = store_attachment(filename, payload, content_type="text/html")
    assert attachment.file.name.startswith("egov_imports/mail/")
    assert private_storage().exists(attachment.file.name)
    response = admin_client_for(administrator).get(attachment.download_url)
    assert response.status_code == 200
    assert response["Content-Type"] == sent_type  # never the sender's text/html
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"


@pytest.mark.parametrize(
    "hostile, shown",
    [
        ("../../x", "x"),
        ("../../../../etc/cron.d/evil", "evil"),
        ("/etc/passwd", "passwd"),
        ("C:\\Windows\\System32\\drivers\\etc\\hosts", "hosts"),
        ("..", "attachment"),
        ("invoice\u202egpj.exe", "invoicegpj.exe"),
        ("a" * 400 + ".pdf", "a" * 146 + ".pdf"),
    ],
)
def test_path_like_attachment_names_are_sanitised(hostile, shown):
    attachment = store_attachment(hostile, b"%PDF-1.4")
    assert attachment.filename == shown
    assert attachment.file.name.startswith("egov_imports/mail/")
    assert ".." not in attachment.file.name and "etc" not in attachment.file.name


def test_nul_in_an_attachment_name_is_removed():
    from egov_plugin.imports.mail import parse_mail

    raw = attack_mail("report.pdf", b"%PDF").as_bytes().replace(b"report.pdf", b"rep\x00ort.pdf")
    assert parse_mail(raw).attachments[0][0] == "report.pdf"


@pytest.fixture
def imap_server():
    if dovecot.binary() is None:
        pytest.skip("Dovecot is not installed (Debian: dovecot-imapd)")
    server = dovecot.Dovecot().start()
    yield server
    server.stop()


def test_a_hostile_attachment_name_no_longer_stops_the_mail_fetch(imap_server):
    connection = imaplib.IMAP4("127.0.0.1", imap_server.port)
    connection.login(dovecot.USER, dovecot.PASSWORD)
    mails = [
        attack_mail("../../x", HTML_PAYLOAD, message_id="<m1@x>"),
        attack_mail("/etc/passwd", b"root:x:0:0", message_id="<m2@x>"),
        attack_mail("a" * 300 + ".html", HTML_PAYLOAD, message_id="<m3@x>"),
        attack_mail("보고서.pdf", b"%PDF-1.4", message_id="<m4@x>"),
    ]
    for message in mails:
        connection.append("INBOX", "", imaplib.Time2Internaldate(time.time()), message.as_bytes())
    connection.logout()
    settings = {
        "EGOV_IMPORT_MAIL_HOST": "127.0.0.1",
        "EGOV_IMPORT_MAIL_PORT": imap_server.port,
        "EGOV_IMPORT_MAIL_TLS": "none",
        "EGOV_IMPORT_MAIL_USER": dovecot.USER,
        "EGOV_IMPORT_MAIL_PASSWORD": dovecot.PASSWORD,
    }
    with override_settings(**settings), open("/dev/null", "w") as quiet:
        call_command("egov_fetch_mail", stdout=quiet)
        assert MailMessage.objects.count() == 4
        assert sorted(MailAttachment.objects.values_list("filename", flat=True)) == sorted(
            ["x", "passwd", "a" * 145 + ".html", "보고서.pdf"]
        )
        call_command("egov_fetch_mail", stdout=quiet)  # the next run is not stopped either
        assert MailMessage.objects.count() == 4


def test_wagtail_refuses_html_documents_and_svg_images(admin_client_for, organization_staff):
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    collection = private_collection()
    client = admin_client_for(organization_staff)
    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "회의자료",
            "collection": collection.pk,
            "file": SimpleUploadedFile("회의자료.html", HTML_PAYLOAD, "text/html"),
        },
    )
    assert response.status_code == 200 and not get_document_model().objects.exists()
    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "사진",
            "collection": collection.pk,
            "file": SimpleUploadedFile("사진.svg", SVG_PAYLOAD, "image/svg+xml"),
        },
    )
    assert response.status_code == 200 and not get_image_model().objects.exists()


def test_a_polyglot_meeting_paper_downloads_inert(admin_client_for, organization_staff):
    document = private_document(title="회의록", filename="회의록.pdf", data=POLYGLOT_GIF)
    response = admin_client_for(organization_staff).get(
        reverse("egov_files:download", args=["private-document", document.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"

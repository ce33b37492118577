"""Mail that repeats an opinion: assigning it marks it a duplicate (no 500, not stuck), and a
mail without Message-ID is stored once whether it came by IMAP (CRLF) or in an .mbox (LF)."""

import imaplib
import mailbox
import time
from email.message import EmailMessage

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

from egov_plugin.consultations.models import Opinion
from egov_plugin.imports.mail import MailError, import_upload, parse_mail, split_upload
from egov_plugin.imports.models import MailMessage

from . import dovecot
from .test_mail import euc_kr_mail

pytestmark = pytest.mark.django_db

INBOX = "/admin/egov/imports/mail/"


def _assign(client, mail, consultation):
    return client.post(INBOX, {"mail": mail.pk, "consultation": consultation.pk})


def test_assigning_a_second_copy_of_a_routed_mail_marks_it_a_duplicate(
    consultation, admin_client_for, administrator
):
    tagged = euc_kr_mail(
        f"[의견:{consultation.slug}] 공원 조명", "조명을 밝게 해 주세요.", message_id="<a@x>"
    )
    untagged = euc_kr_mail("공원 조명", "조명을 밝게 해 주세요.", message_id="<b@x>")
    assert import_upload(tagged.as_bytes(), "a.eml") == (1, 0)
    assert import_upload(untagged.as_bytes(), "b.eml") == (1, 0)
    opinion = Opinion.objects.get()
    waiting = MailMessage.objects.get(message_id="<b@x>")
    client = admin_client_for(administrator)

    response = _assign(client, waiting, consultation)
    assert response.status_code == 302  # was a 500: UNIQUE constraint failed: …opinion_id
    waiting.refresh_from_db()
    assert waiting.duplicate_of == opinion and waiting.opinion is None
    assert waiting.consultation_id == consultation.pk
    assert Opinion.objects.count() == 1
    page = client.get(INBOX)
    assert f"repeats opinion {opinion.pk}".encode() in page.content  # the message
    # No longer waiting in the inbox, and assigning it again changes nothing.
    assert "<b@x>" not in [m.message_id for m in page.context["mails"]]
    assert _assign(client, waiting, consultation).status_code == 404
    assert Opinion.objects.count() == 1


def test_a_mail_repeating_a_homepage_opinion_is_a_duplicate_too(consultation, admin_client_for,
                                                                 administrator):  # fmt: skip
    Opinion.objects.create(
        page=consultation,
        name="김민수",
        email="minsu@example.com",
        text="문의\n\n주차 문제입니다.",
    )
    import_upload(euc_kr_mail("문의", "주차 문제입니다.", message_id="<c@x>").as_bytes(), "c.eml")
    mail = MailMessage.objects.get()
    assert _assign(admin_client_for(administrator), mail, consultation).status_code == 302
    mail.refresh_from_db()
    assert mail.duplicate_of.email == "minsu@example.com" and Opinion.objects.count() == 1


def test_two_copies_routed_by_tag_store_both_mails_and_one_opinion(consultation):
    """Before, the second copy's opinion broke the mail's transaction: the mail was lost."""
    first = euc_kr_mail(f"[의견:{consultation.slug}] 소음", "공사 소음", message_id="<d1@x>")
    second = euc_kr_mail(f"[의견:{consultation.slug}] 소음", "공사 소음", message_id="<d2@x>")
    assert import_upload(first.as_bytes(), "1.eml") == (1, 0)
    assert import_upload(second.as_bytes(), "2.eml") == (1, 0)
    assert Opinion.objects.count() == 1
    copy = MailMessage.objects.get(message_id="<d2@x>")
    assert copy.duplicate_of == Opinion.objects.get() and copy.opinion is None


def _without_message_id(slug):
    message = EmailMessage()
    message["From"] = "이서연 <seoyeon@example.com>"
    message["To"] = "opinions@sd.go.kr"
    message["Subject"] = f"[의견:{slug}] 버스 정류장"
    message["Date"] = "Wed, 03 Apr 2024 09:15:00 +0900"
    # A line starting with "From " is quoted (">From ") in an mbox file, not over IMAP.
    message.set_content(
        "정류장에 지붕을 놓아 주세요.\nFrom 마장동 주민 일동\n감사합니다.\n", charset="utf-8"
    )
    message.add_attachment(b"\x89PNG\r\n\x1a\n photo", maintype="image", subtype="png",
                           filename="정류장.png")  # fmt: skip
    return message


@pytest.fixture
def imap_server():
    if dovecot.binary() is None:
        pytest.skip("Dovecot is not installed (Debian: dovecot-imapd)")
    server = dovecot.Dovecot().start()
    yield server
    server.stop()


def test_a_mail_without_message_id_by_imap_and_in_an_mbox_is_stored_once(
    imap_server, consultation, tmp_path
):
    message = _without_message_id(consultation.slug)
    connection = imaplib.IMAP4("127.0.0.1", imap_server.port)
    connection.login(dovecot.USER, dovecot.PASSWORD)
    # imaplib sends CRLF line endings, as every IMAP client does.
    connection.append("INBOX", "", imaplib.Time2Internaldate(time.time()), message.as_bytes())
    connection.logout()
    settings = {
        "EGOV_IMPORT_MAIL_HOST": "127.0.0.1",
        "EGOV_IMPORT_MAIL_PORT": imap_server.port,
        "EGOV_IMPORT_MAIL_TLS": "none",
        "EGOV_IMPORT_MAIL_USER": dovecot.USER,
        "EGOV_IMPORT_MAIL_PASSWORD": dovecot.PASSWORD,
        "EGOV_IMPORT_MAIL_FOLDER": "INBOX",
    }
    with override_settings(**settings):
        call_command("egov_fetch_mail", stdout=open("/dev/null", "w"))
    fetched = MailMessage.objects.get()
    assert fetched.uid == 1 and fetched.message_id.startswith("<sha256-")

    # The same mail saved by a mail program into an mbox: LF line endings, ">From " quoting.
    path = tmp_path / "saved.mbox"
    box = mailbox.mbox(path)
    box.add(message)
    box.close()
    data = path.read_bytes()
    assert b"\r\n" not in data and b"\n>From " in data
    assert import_upload(data, "saved.mbox") == (0, 1)
    assert MailMessage.objects.count() == 1 and Opinion.objects.count() == 1
    assert "From 마장동 주민 일동" in Opinion.objects.get().text


def test_the_content_hash_ignores_line_endings_only():
    message = _without_message_id("park")
    lf = message.as_bytes()
    crlf = lf.replace(b"\n", b"\r\n")
    assert parse_mail(lf).message_id == parse_mail(crlf).message_id
    other = _without_message_id("park")
    other.replace_header("Subject", "[의견:park] 버스 정류장 2")
    assert parse_mail(other.as_bytes()).message_id != parse_mail(lf).message_id


@pytest.mark.parametrize(
    ("name", "data", "names"),
    [
        ("note.eml", b"just some text without headers", "note.eml"),
        ("empty.mbox", b"", "empty.mbox"),
        ("photo.png", b"\x89PNG", "photo.png"),
    ],
)
def test_mail_upload_errors_name_the_file_in_korean(name, data, names):
    with pytest.raises(MailError) as raised, translation.override("ko"):
        split_upload(data, name)
    with translation.override("ko"):
        message = str(raised.value)
    assert names in message
    assert any("\uac00" <= ch <= "\ud7a3" for ch in message), message  # Hangul


def test_mail_upload_errors_reach_staff_as_a_400(admin_client_for, administrator):
    response = admin_client_for(administrator).post(
        INBOX, {"file": SimpleUploadedFile("memo.eml", b"no headers here")}
    )
    assert response.status_code == 400
    assert "memo.eml" in response.content.decode()

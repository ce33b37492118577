"""Opinions by e-mail: .eml/.mbox uploads, Korean encodings, routing, the inbox, IMAP."""

import base64
import imaplib
import quopri
import time
from email.header import Header
from email.message import Message
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings

from egov_plugin.consultations.models import Opinion
from egov_plugin.imports.mail import import_upload, parse_mail
from egov_plugin.imports.models import MailMessage

from . import dovecot

pytestmark = pytest.mark.django_db


def encoded_word(text, charset="euc-kr"):
    """An RFC 2047 word as Korean mail programs write it: CP949 bytes labelled EUC-KR."""
    return f"=?{charset}?B?{base64.b64encode(text.encode('cp949')).decode()}?="


def euc_kr_mail(subject, body, *, to="opinions@sd.go.kr", message_id):
    """A mail with an EUC-KR (really CP949) subject and sender, and a quoted-printable body."""
    text = Message()
    text["Content-Type"] = 'text/plain; charset="euc-kr"'
    text["Content-Transfer-Encoding"] = "quoted-printable"
    text.set_payload(quopri.encodestring(body.encode("cp949")).decode("ascii"))
    message = MIMEMultipart()
    message.attach(text)
    message["Subject"] = encoded_word(subject)
    message["From"] = f"{encoded_word('김민수')} <minsu@example.com>"
    message["To"] = to
    message["Message-ID"] = message_id
    message["Date"] = "Tue, 02 Apr 2024 10:00:00 +0900"
    return message


def html_mail(message_id, *, subject="공원 의견", to="opinions@sd.go.kr"):
    message = MIMEMultipart()
    message.attach(MIMEText("<p>놀이터를<br>고쳐 주세요.</p><script>x()</script>", "html", "utf-8"))
    attachment = MIMEApplication(b"%PDF-1.4 photo", Name="사진.pdf")
    attachment.add_header("Content-Disposition", "attachment", filename=("utf-8", "", "사진.pdf"))
    message.attach(attachment)
    message["Subject"] = Header(subject, "utf-8")
    message["From"] = "Lee <lee@example.com>"
    message["To"] = to
    message["Message-ID"] = message_id
    return message


def mbox(*messages):
    return b"".join(
        b"From sender@example.com Tue Apr  2 10:00:00 2024\n" + m.as_bytes() + b"\n"
        for m in messages
    )


def test_euc_kr_subject_with_cp949_syllables_and_qp_body():
    # 똠 and 햏 exist only in CP949, yet mail declaring EUC-KR carries them.
    raw = euc_kr_mail("[의견:park] 똠방각하 햏 공원", "벤치를 늘려\n주세요.", message_id="<a@x>")
    parsed = parse_mail(raw.as_bytes())
    assert parsed.subject == "[의견:park] 똠방각하 햏 공원"
    assert parsed.text == "벤치를 늘려\n주세요."
    assert (parsed.sender_name, parsed.sender_email) == ("김민수", "minsu@example.com")


def test_mbox_upload_routes_by_tag_and_plus_address_and_keeps_the_rest(consultation):
    slug = consultation.slug
    data = mbox(
        euc_kr_mail(f"[의견:{slug}] 공원 조명", "조명을 밝게 해 주세요.", message_id="<1@x>"),
        html_mail("<2@x>", to=f"opinions+{slug}@sd.go.kr"),
        euc_kr_mail("문의드립니다", "어디에 의견을 내나요?", message_id="<3@x>"),
    )
    assert import_upload(data, "inbox.mbox") == (3, 0)
    assert import_upload(data, "inbox.mbox") == (0, 3)  # nothing twice
    tagged = Opinion.objects.get(email="minsu@example.com")
    assert (tagged.channel, tagged.page_id) == ("email", consultation.pk)
    assert tagged.text == "공원 조명\n\n조명을 밝게 해 주세요."
    html = Opinion.objects.get(email="lee@example.com")
    assert "놀이터를\n고쳐 주세요." in html.text and "x()" not in html.text
    mail = MailMessage.objects.get(message_id="<2@x>")
    attachment = mail.attachments.get()
    assert attachment.filename == "사진.pdf" and attachment.file.read() == b"%PDF-1.4 photo"
    waiting = MailMessage.objects.get(opinion__isnull=True)
    assert waiting.subject == "문의드립니다"


def test_staff_assign_a_waiting_mail_and_upload_eml(consultation, admin_client_for, administrator):
    client = admin_client_for(administrator)
    raw = euc_kr_mail("문의", "주차 문제입니다.", message_id="<9@x>").as_bytes()
    response = client.post("/admin/egov/imports/mail/", {"file": SimpleUploadedFile("a.eml", raw)})
    assert response.status_code == 302
    page = client.get("/admin/egov/imports/mail/")
    assert "주차 문제입니다.".encode() in page.content
    mail = MailMessage.objects.get()
    response = client.post(
        "/admin/egov/imports/mail/", {"mail": mail.pk, "consultation": consultation.pk}
    )
    assert response.status_code == 302
    mail.refresh_from_db()
    assert mail.opinion.page_id == consultation.pk
    bad = client.post(
        "/admin/egov/imports/mail/", {"file": SimpleUploadedFile("a.png", b"\x89PNG")}
    )
    assert bad.status_code == 400


def test_inbox_masks_senders_for_policy_staff_and_is_audited(
    consultation, admin_client_for, policy_staff, administrator
):
    from egov_plugin.core.models import AuditEvent

    import_upload(euc_kr_mail("문의", "주차 문제입니다.", message_id="<10@x>").as_bytes(), "a.eml")
    masked = admin_client_for(policy_staff).get("/admin/egov/imports/mail/").content.decode()
    assert "김*수" in masked and "김민수" not in masked
    whole = admin_client_for(administrator).get("/admin/egov/imports/mail/").content.decode()
    assert "김민수" in whole
    assert AuditEvent.objects.filter(action="list", summary="Mail inbox").count() == 2


@pytest.fixture
def imap_server():
    if dovecot.binary() is None:
        pytest.skip("Dovecot is not installed (Debian: dovecot-imapd)")
    server = dovecot.Dovecot().start()
    yield server
    server.stop()


def test_fetch_mail_from_a_real_dovecot(imap_server, consultation):
    connection = imaplib.IMAP4("127.0.0.1", imap_server.port)
    connection.login(dovecot.USER, dovecot.PASSWORD)
    for message in (
        euc_kr_mail(
            f"[의견:{consultation.slug}] 소음", "공사 소음이 심합니다.", message_id="<m1@x>"
        ),
        html_mail("<m2@x>"),
    ):
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
        assert MailMessage.objects.count() == 2
        assert sorted(MailMessage.objects.values_list("uid", flat=True)) == [1, 2]
        assert Opinion.objects.get().text == "소음\n\n공사 소음이 심합니다."
        call_command("egov_fetch_mail", stdout=open("/dev/null", "w"))  # again: nothing new
        assert MailMessage.objects.count() == 2 and Opinion.objects.count() == 1

"""Opinions sent by e-mail: reading .eml/.mbox files and the department's IMAP mailbox.

Korean mail is messy: subjects in RFC 2047 words declared as EUC-KR but holding CP949-only
syllables (Outlook's ``ks_c_5601-1987``), bodies in quoted-printable or base64, HTML without a
text part. :func:`parse_mail` turns any of these into clean text. A mail goes to a consultation
when its subject carries a tag (``[의견:slug]``) or it was sent to a plus-address
(``opinions+slug@…``); the others wait, unassigned, for staff. The Message-ID (and for IMAP
the mailbox and UID) makes a second run import nothing twice.
"""

import email
import email.header
import email.utils
import hashlib
import imaplib
import mailbox
import re
import tempfile
from dataclasses import dataclass, field

from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from egov_plugin.consultations.channels import Channel
from egov_plugin.consultations.models import ConsultationPage, Opinion
from egov_plugin.core.conf import egov_settings
from egov_plugin.core.text import InvalidValue, normalize_email, normalize_name
from egov_plugin.people import linking

from .models import MailAttachment, MailMessage

SUBJECT_TAG = re.compile(r"\[\s*(?:의견|opinion)\s*[:：]\s*([\w-]+)\s*\]", re.IGNORECASE)
PLUS_ADDRESS = re.compile(r"[^\s<>@+,]+\+([\w-]+)@", re.IGNORECASE)

# Korean mail declares EUC-KR but is written by software that uses CP949, its superset.
_CHARSETS = {"euc-kr": "cp949", "euc_kr": "cp949", "ks_c_5601-1987": "cp949", "ksc5601": "cp949"}


class MailError(ValueError):
    """A mail file or mailbox that cannot be read; ``str()`` is for staff."""


@dataclass
class ParsedMail:
    """A mail reduced to what an opinion needs."""

    message_id: str
    subject: str
    sender_name: str
    sender_email: str
    recipients: list
    sent_at: object
    text: str
    attachments: list = field(default_factory=list)  # (filename, content type, bytes)


def _codec(charset):
    charset = (charset or "utf-8").lower()
    return _CHARSETS.get(charset, charset)


def decode_text(data, charset):
    """Bytes in a declared charset, with CP949 for EUC-KR and UTF-8/CP949 when it is wrong."""
    for codec in (_codec(charset), "utf-8", "cp949"):
        try:
            return data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", errors="replace")


def decode_header(value):
    """An RFC 2047 header as text, whatever the declared charset."""
    if value is None:
        return ""
    parts = []
    for chunk, charset in email.header.decode_header(str(value)):
        if isinstance(chunk, bytes):
            parts.append(decode_text(chunk, charset or "ascii"))
        else:
            parts.append(chunk)
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def html_to_text(html):
    """The readable text of an HTML body (paragraphs and line breaks kept as lines)."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "head"]):
        tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for block in soup.find_all(["p", "div", "li", "tr", "h1", "h2", "h3", "h4", "blockquote"]):
        block.append("\n")
    text = soup.get_text()
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def parse_mail(raw):
    """A :class:`ParsedMail` from the bytes of one message."""
    message = email.message_from_bytes(raw)
    plain, html, attachments = [], [], []
    for part in message.walk():
        if part.is_multipart():
            continue
        filename = part.get_filename()
        disposition = (part.get("Content-Disposition") or "").lower()
        payload = part.get_payload(decode=True) or b""
        if filename or disposition.startswith("attachment"):
            name = decode_header(filename) or "attachment"
            attachments.append((name, part.get_content_type(), payload))
        elif part.get_content_type() == "text/plain":
            plain.append(decode_text(payload, part.get_content_charset()))
        elif part.get_content_type() == "text/html":
            html.append(decode_text(payload, part.get_content_charset()))
    text = "\n\n".join(p.strip() for p in plain) if plain else html_to_text("\n".join(html))
    name, address = email.utils.parseaddr(decode_header(message.get("From")))
    try:
        address = normalize_email(address)
    except InvalidValue:
        address = ""
    recipients = [
        addr
        for __, addr in email.utils.getaddresses(
            [decode_header(v) for h in ("To", "Cc", "Delivered-To") for v in message.get_all(h, [])]
        )
        if addr
    ]
    sent_at = None
    if message.get("Date"):
        try:
            sent_at = email.utils.parsedate_to_datetime(str(message["Date"]))
        except (TypeError, ValueError):
            sent_at = None
        if sent_at is not None and timezone.is_naive(sent_at):
            sent_at = timezone.make_aware(sent_at)
    message_id = (message.get("Message-ID") or "").strip()
    if not message_id:
        # A mail without one still needs a stable key so that re-runs skip it.
        message_id = f"<sha256-{hashlib.sha256(raw).hexdigest()}@egov.invalid>"
    return ParsedMail(
        message_id=message_id[:255],
        subject=decode_header(message.get("Subject"))[:500],
        sender_name=normalize_name(name)[:200],
        sender_email=address,
        recipients=recipients,
        sent_at=sent_at,
        text=text.strip(),
        attachments=attachments,
    )


def route(parsed):
    """The consultation a mail is for (subject tag, then plus-address), or ``None``."""
    slugs = [m.group(1) for m in SUBJECT_TAG.finditer(parsed.subject)]
    for recipient in parsed.recipients:
        slugs += [m.group(1) for m in PLUS_ADDRESS.finditer(recipient + " ")]
    for slug in slugs:
        page = ConsultationPage.objects.filter(slug=slug.lower()).first()
        if page is None:
            page = ConsultationPage.objects.filter(slug=slug).first()
        if page is not None:
            return page
    return None


def create_opinion(mail, page, job=None):
    """The opinion for a stored mail on ``page`` (channel "e-mail"); links and returns it."""
    text = SUBJECT_TAG.sub("", mail.subject).strip()
    body = mail.text or text
    if text and mail.text:
        body = f"{text}\n\n{mail.text}"
    # A mail's From: is not verified (anyone can forge it): the opinion keeps the sender's
    # address and is linked to nobody (egov_plugin.people.linking).
    person = linking.link(verified=None, email=mail.sender_email)
    existing = None
    if mail.sender_email:
        existing = Opinion.objects.filter(
            page=page, contact_key=mail.sender_email, text_hash=Opinion.hash_text(body)
        ).first()
    opinion = existing or Opinion(
        page=page,
        person=person,
        name=mail.sender_name or mail.sender_email.split("@")[0],
        email=mail.sender_email,
        text=body,
        channel=Channel.EMAIL,
        channel_detail="mail",
        status=(
            Opinion.Status.PENDING
            if getattr(page.specific, "moderation", "") == "review"
            else Opinion.Status.PUBLISHED
        ),
        created_at=mail.sent_at or timezone.now(),
        import_job_id=job.pk if job else None,
    )
    if existing is None:
        if person is not None:
            opinion.gender, opinion.age_band = person.gender, person.age_band
            opinion.region_id = person.region_id
        opinion.save()
    mail.consultation = page
    mail.opinion = opinion
    mail.save(update_fields=["consultation", "opinion"])
    return opinion


def store_mail(raw, *, mailbox_name="", uid=None, job=None):
    """Store one mail (and its opinion when it can be routed); ``None`` if already stored."""
    parsed = parse_mail(raw)
    if MailMessage.objects.filter(message_id=parsed.message_id).exists():
        return None
    if uid is not None and MailMessage.objects.filter(mailbox=mailbox_name, uid=uid).exists():
        return None
    try:
        with transaction.atomic():
            mail = MailMessage.objects.create(
                message_id=parsed.message_id,
                mailbox=mailbox_name,
                uid=uid,
                subject=parsed.subject,
                sender_name=parsed.sender_name,
                sender_email=parsed.sender_email,
                recipients=", ".join(parsed.recipients),
                sent_at=parsed.sent_at,
                text=parsed.text,
                job=job,
            )
            for filename, content_type, payload in parsed.attachments:
                attachment = MailAttachment(
                    message=mail,
                    filename=filename[:255],
                    content_type=content_type[:100],
                    size=len(payload),
                )
                attachment.file.save(filename[-100:], ContentFile(payload), save=False)
                attachment.save()
            page = route(parsed)
            if page is not None:
                create_opinion(mail, page, job)
    except IntegrityError:
        return None  # stored meanwhile by another run
    return mail


def split_upload(data, filename):
    """The raw messages of an uploaded ``.eml`` (one) or ``.mbox`` (many) file."""
    name = filename.lower()
    if name.endswith(".eml"):
        if b":" not in data[:2000]:
            raise MailError("This is not a mail file (.eml).")
        return [data]
    if name.endswith((".mbox", ".mbx")) or data.startswith(b"From "):
        with tempfile.NamedTemporaryFile(suffix=".mbox") as handle:
            handle.write(data)
            handle.flush()
            box = mailbox.mbox(handle.name, create=False)
            try:
                messages = [box.get_bytes(key) for key in box.keys()]
            finally:
                box.close()
        if not messages:
            raise MailError("The mailbox file holds no mail.")
        return messages
    raise MailError("Upload an .eml or .mbox file.")


def import_upload(data, filename, job=None):
    """Store every mail of an uploaded file; returns ``(stored, skipped)``."""
    stored = skipped = 0
    for raw in split_upload(data, filename):
        if store_mail(raw, job=job) is None:
            skipped += 1
        else:
            stored += 1
    return stored, skipped


def connect():
    """An IMAP connection to the mailbox of the ``EGOV_IMPORT_MAIL_*`` settings, logged in."""
    host, port = egov_settings.IMPORT_MAIL_HOST, egov_settings.IMPORT_MAIL_PORT
    if not host:
        raise MailError("EGOV_IMPORT_MAIL_HOST is not set.")
    tls = egov_settings.IMPORT_MAIL_TLS
    if tls == "ssl":
        connection = imaplib.IMAP4_SSL(host, port)
    else:
        connection = imaplib.IMAP4(host, port)
        if tls == "starttls":
            connection.starttls()
    connection.login(egov_settings.IMPORT_MAIL_USER, egov_settings.IMPORT_MAIL_PASSWORD)
    return connection


def fetch_imap():
    """Import new mail from the configured IMAP folder; returns ``(stored, skipped)``.

    Mails are read without marking them seen, so the mailbox looks the same to the people who
    read it. UIDs already stored for this mailbox (and UIDVALIDITY) are not fetched again.
    """
    folder = egov_settings.IMPORT_MAIL_FOLDER
    connection = connect()
    try:
        status, __ = connection.select(_quote(folder), readonly=True)
        if status != "OK":
            raise MailError(f"The folder {folder!r} cannot be opened.")
        validity = (connection.response("UIDVALIDITY")[1] or [b"0"])[0]
        validity = validity.decode() if isinstance(validity, bytes) else str(validity)
        name = (
            f"{egov_settings.IMPORT_MAIL_USER}@{egov_settings.IMPORT_MAIL_HOST}/{folder};{validity}"
        )[:255]
        status, data = connection.uid("SEARCH", None, "ALL")
        uids = [int(u) for u in (data[0] or b"").split()]
        known = set(
            MailMessage.objects.filter(mailbox=name, uid__in=uids).values_list("uid", flat=True)
        )
        stored = skipped = 0
        for uid in uids:
            if uid in known:
                skipped += 1
                continue
            status, response = connection.uid("FETCH", str(uid), "(BODY.PEEK[])")
            raw = next((item[1] for item in response if isinstance(item, tuple)), None)
            if status != "OK" or raw is None:
                continue
            if store_mail(raw, mailbox_name=name, uid=uid) is None:
                skipped += 1
            else:
                stored += 1
        return stored, skipped
    finally:
        try:
            connection.logout()
        except (imaplib.IMAP4.error, OSError):
            pass


def _quote(folder):
    return folder if re.fullmatch(r"[\w.]+", folder) else '"{}"'.format(folder.replace('"', '\\"'))

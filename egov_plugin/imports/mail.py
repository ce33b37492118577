"""Opinions sent by e-mail: reading .eml/.mbox files and the department's IMAP mailbox.

Korean mail is messy: subjects in RFC 2047 words declared as EUC-KR but holding CP949-only
syllables (Outlook's ``ks_c_5601-1987``), bodies in quoted-printable or base64, HTML without a
text part. :func:`parse_mail` turns any of these into clean text. A mail goes to a consultation
when its subject carries a tag (``[의견:slug]``) or it was sent to a plus-address
(``opinions+slug@…``); the others wait, unassigned, for staff. The Message-ID (and for IMAP
the mailbox and UID) makes a second run import nothing twice.
"""

import email
import email.errors
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
from django.utils.translation import gettext as _

from egov_plugin.consultations.channels import Channel
from egov_plugin.consultations.models import ConsultationPage, Opinion
from egov_plugin.core.downloads import safe_filename
from egov_plugin.core.text import InvalidValue, normalize_email, normalize_name
from egov_plugin.people import linking

from .conf import app_settings
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


#: Headers that say which mail it is; a server adds others on delivery (Received, Return-Path).
_IDENTIFYING_HEADERS = ("From", "To", "Cc", "Date", "Subject")
_MBOX_FROM = re.compile(rb"^>+From ", re.MULTILINE)


def _canonical(data):
    # CRLF (IMAP, .eml from Outlook) and LF (.mbox) alike; an mbox quotes "From " lines.
    data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return _MBOX_FROM.sub(b"From ", data).rstrip()


def content_hash(message):
    """A hash of what a mail says, the same however it travelled (issue: IMAP gives CRLF
    line endings, an .mbox LF and quoted "From " lines, a server adds its own headers).

    It covers the identifying headers (decoded) and each part's type and decoded content.
    """
    digest = hashlib.sha256()
    for name in _IDENTIFYING_HEADERS:
        for value in message.get_all(name, []):
            digest.update(f"{name}:{decode_header(value)}\n".encode())
    for part in message.walk():
        if part.is_multipart():
            continue
        payload = part.get_payload(decode=True) or b""
        digest.update(f"\n--{part.get_content_type()}\n".encode())
        digest.update(_canonical(payload))
    return digest.hexdigest()


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
            # The sender chooses the name: "../../x", "C:\\x", NUL or a right-to-left
            # override must neither become a path nor stop the import of this mail.
            name = safe_filename(decode_header(filename), default="attachment")
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
        # A mail without one still needs a stable key so that re-runs skip it, whether it
        # comes by IMAP or in an .mbox (see content_hash).
        message_id = f"<sha256-{content_hash(message)}@egov.invalid>"
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
    """The opinion for a stored mail on ``page`` (channel "e-mail"); links and returns it.

    A mail whose sender and text are already an opinion on the page (another copy of the same
    mail, or the same text sent through the homepage) becomes no second opinion: it is marked
    as a duplicate of that one (``mail.duplicate_of``), which is returned.
    """
    text = SUBJECT_TAG.sub("", mail.subject).strip()
    body = mail.text or text
    if text and mail.text:
        body = f"{text}\n\n{mail.text}"
    # A mail's From: is not verified (anyone can forge it): the opinion keeps the sender's
    # address and is linked to nobody (egov_plugin.people.linking).
    person = linking.link(verified=None, email=mail.sender_email)
    with transaction.atomic():
        # One assignment at a time per mail: a second click finds it done.
        current = MailMessage.objects.select_for_update().get(pk=mail.pk)
        if current.opinion_id or current.duplicate_of_id:
            mail.opinion_id, mail.duplicate_of_id = current.opinion_id, current.duplicate_of_id
            return current.opinion or current.duplicate_of
        existing = _same_opinion(mail, page, body)
        if existing is None:
            opinion = Opinion(
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
            if person is not None:
                opinion.gender, opinion.age_band = person.gender, person.age_band
                opinion.region_id = person.region_id
            try:
                with transaction.atomic():
                    opinion.save()
            except IntegrityError:
                # The same opinion was stored meanwhile (egov_opinion_not_twice).
                existing = _same_opinion(mail, page, body)
                if existing is None:
                    raise
        mail.consultation = page
        if existing is None:
            mail.opinion = opinion
        else:
            mail.duplicate_of = opinion = existing
        mail.save(update_fields=["consultation", "opinion", "duplicate_of"])
    return opinion


def _same_opinion(mail, page, body):
    """The opinion on ``page`` with the mail's sender and ``body`` (the duplicate key)."""
    if not mail.sender_email:
        return None
    return Opinion.objects.filter(
        page=page, contact_key=mail.sender_email.lower(), text_hash=Opinion.hash_text(body)
    ).first()


def store_mail(raw, *, mailbox_name="", uid=None, job=None, parsed=None):
    """Store one mail (and its opinion when it can be routed); ``None`` if already stored."""
    parsed = parsed or parse_mail(raw)
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
                # Stored under a random name (RandomName keeps only a plain extension).
                attachment.file.save(filename, ContentFile(payload), save=False)
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
            raise MailError(
                _("“%(file)s” is not a mail file (.eml): it has no mail headers.")
                % {"file": filename}
            )
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
            raise MailError(
                _(
                    "“%(file)s” holds no mail: a mailbox file (.mbox) starts each mail with a "
                    "line beginning with “From ”."
                )
                % {"file": filename}
            )
        return messages
    raise MailError(
        _("“%(file)s” is not a mail file: upload an .eml or .mbox file.") % {"file": filename}
    )


def import_upload(data, filename, job=None):
    """Store every mail of an uploaded file; returns ``(stored, skipped)``.

    Every mail is read before any is stored: a file with one unreadable mail stores nothing
    and says which mail it is.
    """
    parsed = []
    for number, raw in enumerate(split_upload(data, filename), start=1):
        try:
            parsed.append((raw, parse_mail(raw)))
        except (ValueError, TypeError, LookupError, email.errors.MessageError) as exc:
            raise MailError(
                _("Mail %(number)d of “%(file)s” cannot be read (%(error)s); nothing was imported.")
                % {"number": number, "file": filename, "error": type(exc).__name__}
            ) from exc
    stored = skipped = 0
    for raw, message in parsed:
        if store_mail(raw, job=job, parsed=message) is None:
            skipped += 1
        else:
            stored += 1
    return stored, skipped


def connect():
    """An IMAP connection to the mailbox of the ``EGOV_IMPORT_MAIL_*`` settings, logged in."""
    host, port = app_settings.IMPORT_MAIL_HOST, app_settings.IMPORT_MAIL_PORT
    if not host:
        raise MailError(_("EGOV_IMPORT_MAIL_HOST is not set: no mailbox to read."))
    tls = app_settings.IMPORT_MAIL_TLS
    if tls == "ssl":
        connection = imaplib.IMAP4_SSL(host, port)
    else:
        connection = imaplib.IMAP4(host, port)
        if tls == "starttls":
            connection.starttls()
    connection.login(app_settings.IMPORT_MAIL_USER, app_settings.IMPORT_MAIL_PASSWORD)
    return connection


def fetch_imap():
    """Import new mail from the configured IMAP folder; returns ``(stored, skipped)``.

    Mails are read without marking them seen, so the mailbox looks the same to the people who
    read it. UIDs already stored for this mailbox (and UIDVALIDITY) are not fetched again.
    """
    folder = app_settings.IMPORT_MAIL_FOLDER
    connection = connect()
    try:
        status, __ = connection.select(_quote(folder), readonly=True)
        if status != "OK":
            raise MailError(
                _("The mail folder “%(folder)s” cannot be opened.") % {"folder": folder}
            )
        validity = (connection.response("UIDVALIDITY")[1] or [b"0"])[0]
        validity = validity.decode() if isinstance(validity, bytes) else str(validity)
        name = (
            f"{app_settings.IMPORT_MAIL_USER}@{app_settings.IMPORT_MAIL_HOST}/{folder};{validity}"
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

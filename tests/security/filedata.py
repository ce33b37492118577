"""Hostile files for the file items of the matrix: mails with attachments an attacker names and
fills, and private meeting papers and activity photos in the organizations' collection."""

import io
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile

#: An HTML page that, if a browser ran it in the site's origin, would change the page, open a
#: dialog and call home with the staff member's cookies.
HTML_PAYLOAD = (
    b"<!doctype html><html><body><h1 id=pwned>pwned</h1>"
    b"<script>window.opener && (window.opener.document.title='PWNED');"
    b"document.cookie && fetch('/steal?c=' + document.cookie);alert('xss');"
    b"try{parent.document.body.innerHTML='PWNED'}catch(e){}</script></body></html>"
)
SVG_PAYLOAD = (
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.domain)">'
    b"<script>alert('svg')</script></svg>"
)
#: A GIF header followed by HTML: a "picture" that sniffing browsers would render as a page.
POLYGLOT_GIF = b"GIF89a/*\x01\x00\x01\x00\x00\x00\x00;*/" + HTML_PAYLOAD


def attack_mail(filename, payload, *, content_type="text/html", message_id="<attack@x>"):
    """A mail to the department with one attachment whose name and bytes the sender chose.

    The name goes into the header as given (``../../x``, an absolute path, NUL …), the way a
    hostile mail program would write it.
    """
    message = MIMEMultipart()
    message.attach(MIMEText("첨부한 자료를 확인해 주세요.", "plain", "utf-8"))
    maintype, subtype = content_type.split("/", 1)
    part = MIMEApplication(payload, _subtype=subtype)
    part.replace_header("Content-Type", f"{maintype}/{subtype}")
    if filename.isascii():
        part["Content-Disposition"] = f'attachment; filename="{filename}"'
    else:  # RFC 2231, as mail programs send Korean names
        part.add_header("Content-Disposition", "attachment", filename=("utf-8", "", filename))
    message.attach(part)
    message["Subject"] = "민원 자료"
    message["From"] = "Attacker <attacker@example.com>"
    message["To"] = "opinions@sd.go.kr"
    message["Message-ID"] = message_id
    return message


def mbox(*messages):
    """An .mbox file of the messages (the upload format of the mail inbox)."""
    return b"".join(
        b"From sender@example.com Tue Apr  2 10:00:00 2024\n" + m.as_bytes() + b"\n"
        for m in messages
    )


def store_attachment(filename="report.html", payload=HTML_PAYLOAD, **kwargs):
    """Import one attack mail as an upload would; returns its stored attachment."""
    from egov_plugin.imports.mail import import_upload
    from egov_plugin.imports.models import MailAttachment

    import_upload(mbox(attack_mail(filename, payload, **kwargs)), "inbox.mbox")
    return MailAttachment.objects.latest("pk")


def private_collection():
    """The organizations' collection, made private as after every migrate."""
    from egov_plugin.organizations.media_permissions import (
        ensure_media_permissions,
        media_collection,
    )
    from egov_plugin.people import roles

    roles.ensure_roles()
    ensure_media_permissions()
    return media_collection()


def private_document(
    title="2024년 3월 회의 참석자 명단", filename="참석자명단_홍길동.html", data=None
):
    """A meeting paper (Wagtail document) uploaded to the private collection."""
    from wagtail.documents import get_document_model

    document = get_document_model()(title=title, collection=private_collection())
    document.file = ContentFile(data if data is not None else HTML_PAYLOAD, name=filename)
    document.save()
    return document


def public_document(filename="안내문.pdf"):
    """A document in the root collection (published material, not private)."""
    from wagtail.documents import get_document_model
    from wagtail.models import Collection

    document = get_document_model()(title="안내문", collection=Collection.get_first_root_node())
    document.file = ContentFile(b"%PDF-1.4 public", name=filename)
    document.save()
    return document


def jpeg_bytes():
    from PIL import Image

    output = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 40)).save(output, "JPEG")
    return output.getvalue()


def private_photo(filename="활동사진_홍길동.jpg"):
    """An activity photo (Wagtail image) uploaded to the private collection."""
    from wagtail.images import get_image_model

    image = get_image_model()(title="봉사활동", collection=private_collection())
    image.file = ImageFile(io.BytesIO(jpeg_bytes()), name=filename)
    image.save()
    return image

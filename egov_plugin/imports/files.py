"""The stored files of imports that staff may download: mail attachments.

Uploaded spreadsheets (``ImportJob.file``) have no download at all: staff already have the
file they uploaded, and the rejected rows come back as a new workbook (an audited export).
"""

from django.utils.translation import gettext_lazy as _

from egov_plugin.core.downloads import FileKind, register_file_kind

from .permissions import can_import


def may_download_attachment(user, attachment):
    """A mail's attachments are for those who see the mail inbox: staff who import opinions."""
    return can_import(user, "opinions")


def _attachment_summary(attachment):
    return _("Attachment of mail #%(mail)s") % {"mail": attachment.message_id}


def _attachment_person(attachment):
    opinion = getattr(attachment.message, "opinion", None)
    return opinion.person_id if opinion is not None else None


def register():
    """Register the download kinds of imports (from ``AppConfig.ready()``)."""
    from .models import FILE_KIND

    register_file_kind(
        FileKind(
            key=FILE_KIND,
            model="egov_imports.MailAttachment",
            may_download=may_download_attachment,
            filename=lambda attachment: attachment.filename,
            summary=_attachment_summary,
            person=_attachment_person,
        )
    )

"""``manage.py egov_fetch_mail``: import opinions from the department's IMAP mailbox."""

import imaplib

from django.core.management.base import BaseCommand, CommandError

from ...mail import MailError, fetch_imap


class Command(BaseCommand):
    """Fetch new mail from ``EGOV_IMPORT_MAIL_HOST`` (port, TLS, user, password, folder from
    the ``EGOV_IMPORT_MAIL_*`` settings). Mail tagged for a consultation becomes an opinion;
    the rest waits in the admin's mail inbox. Running it again imports nothing twice."""

    help = "Import opinions from the IMAP mailbox set in EGOV_IMPORT_MAIL_* settings."

    def handle(self, *args, **options):
        try:
            stored, skipped = fetch_imap()
        except (MailError, imaplib.IMAP4.error, OSError) as exc:
            raise CommandError(f"mailbox: {exc}") from exc
        self.stdout.write(f"stored {stored}, already imported {skipped}")

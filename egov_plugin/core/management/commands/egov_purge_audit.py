import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from egov_plugin.core.audit import purge
from egov_plugin.core.conf import egov_settings
from egov_plugin.core.models import RetentionError


class Command(BaseCommand):
    """Remove audit events past their retention (``EGOV_AUDIT_RETENTION_YEARS``), oldest first.

    ``--before YYYY-MM-DD`` removes less (events before that date); a date within the
    retention period is refused. A checkpoint keeps the hash of the last removed event, so
    ``egov_verify_audit`` still verifies the rest; the purge itself is an audit event.
    """

    help = "Remove audit events older than the retention period (access records)."

    def add_arguments(self, parser):
        parser.add_argument("--before", type=datetime.date.fromisoformat, default=None)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, before=None, dry_run=False, **options):
        if before is not None:
            before = timezone.make_aware(datetime.datetime.combine(before, datetime.time()))
        try:
            count = purge(before, dry_run=dry_run)
        except RetentionError as exc:
            raise CommandError(str(exc)) from exc
        years = egov_settings.AUDIT_RETENTION_YEARS
        verb = "Would remove" if dry_run else "Removed"
        self.stdout.write(f"{verb} {count} audit events (kept at least {years} years).")

"""``manage.py egov_outreach_reports``: turn sent SMS into delivered or failed from the
provider's delivery reports (run it from cron, e.g. every 10 minutes)."""

from django.core.management.base import BaseCommand

from egov_plugin.outreach.reports import update_delivery_reports


class Command(BaseCommand):
    help = "Ask the SMS provider which sent messages were delivered, and record the answers."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Only messages sent in the last DAYS days (default: EGOV_OUTREACH_REPORT_DAYS).",
        )

    def handle(self, *args, **options):
        totals = update_delivery_reports(days=options["days"])
        if totals.get("unsupported"):
            self.stdout.write("The configured SMS backend gives no delivery reports.")
            return
        self.stdout.write(
            "checked {checked}: {delivered} delivered, {failed} failed, "
            "{pending} without a final report".format(**totals)
        )

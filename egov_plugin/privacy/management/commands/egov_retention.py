from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from egov_plugin.core import audit
from egov_plugin.privacy import retention

from ...conf import app_settings

#: At most this many removed people's numbers are listed in the run's audit event.
MAX_LISTED = 10_000


class Command(BaseCommand):
    """Apply the retention periods of personal data (run it daily or monthly, e.g. from cron).

    - Opinions on consultations closed more than ``EGOV_OPINION_RETENTION_YEARS`` ago lose the
      personal data given with them (name, contacts, link to the person, IP address); their
      text and the gender / age band / neighbourhood / channel the analyses count are kept.
    - People who withdrew consent (or left the subscription) and are in no group are removed.
    - Uploads older than ``EGOV_IMPORT_RETENTION_DAYS`` lose their file, previewed rows and
      rejected rows' cells.

    Each run is one audit event with the counts. ``--dry-run`` prints
    what would change and changes nothing.
    """

    help = "Anonymize expired opinions and remove people who withdrew consent."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Change nothing; print counts.")

    def handle(self, *args, dry_run=False, **options):
        counts = retention.run(dry_run=dry_run)
        years = app_settings.OPINION_RETENTION_YEARS
        if dry_run:
            self.stdout.write(
                f"Would anonymize {counts['opinions']} opinions (consultations closed more than "
                f"{years} years ago), remove {counts['people']} people who withdrew consent "
                f"and clear {counts['uploads']} old uploads."
            )
            return
        audit.record(
            None,
            audit.Action.ANONYMIZE,
            summary=_("Retention: %(opinions)d opinions anonymized, %(people)d people removed")
            % counts,
            data={
                "opinions": counts["opinions"],
                "people": counts["people"],
                # The numbers (not personal data) let the access records answer "what happened
                # to person #123"; capped so that one event stays a reasonable size.
                "removed_people": counts["removed_people"][:MAX_LISTED],
                "opinion_retention_years": years,
                "uploads": counts["uploads"],
                "command": "egov_retention",
            },
        )
        self.stdout.write(
            f"Anonymized {counts['opinions']} opinions, removed {counts['people']} people and "
            f"cleared {counts['uploads']} old uploads."
        )

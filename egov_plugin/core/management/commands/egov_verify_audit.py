import json

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from egov_plugin.core.audit import verify_chain
from egov_plugin.core.models import AuditEvent

#: What each problem means, for the error message.
PROBLEMS = {
    "content": "was changed",
    "link": "does not follow the one before (an event was removed or inserted)",
    "start": "is the oldest but does not follow the last purge checkpoint "
    "(older events were removed outside a lawful purge)",
    "end": "is the newest but is not the chain head (newer events were removed)",
}


class Command(BaseCommand):
    """Check the audit log's hash chain: every event unchanged and none removed in between.

    Every one of the ``EGOV_AUDIT_CHAINS`` chains is checked on its own, with its head.
    Exit status 0 when the chain is intact; non-zero, naming the first broken event, when not.
    ``--format json`` prints ``{"events": n, "intact": bool, "first_bad_event": id|null,
    "problem": "content"|"link"|"start"|"end"|null}``.
    """

    help = "Verify the audit log's hash chain (tamper evidence)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument(
            "--database", default="default", help="the database alias to check (default: default)"
        )
        parser.add_argument(
            "--database-name",
            metavar="NAME",
            help="check the database NAME on the same server as --database instead "
            "(e.g. a restored copy)",
        )

    def handle(self, *args, format, database, database_name, **options):
        if database_name:
            # A second alias with the same server and credentials, another database.
            alias = "egov_verify_copy"
            connections.settings[alias] = {
                **connections[database].settings_dict,
                "NAME": database_name,
            }
            database = alias
        count = AuditEvent.objects.using(database).count()
        bad = verify_chain(using=database)
        if format == "json":
            self.stdout.write(
                json.dumps(
                    {
                        "events": count,
                        "intact": bad is None,
                        "first_bad_event": bad.pk if bad else None,
                        "problem": bad.problem if bad else None,
                    }
                )
            )
        if bad is not None and bad.pk is None:
            raise CommandError("Every audit event was removed after the chain head was written.")
        if bad is not None:
            what = PROBLEMS[bad.problem]
            raise CommandError(f"Audit event {bad.pk} ({bad.timestamp:%Y-%m-%d %H:%M}) {what}.")
        if format == "text":
            self.stdout.write(f"Audit log intact: {count} events.")

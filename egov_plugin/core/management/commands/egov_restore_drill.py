"""``manage.py egov_restore_drill``: back up, restore into a new database, and check the copy."""

import json

from django.core.management.base import BaseCommand, CommandError

from egov_plugin.core.restore_drill import DrillError, run


class Command(BaseCommand):
    """Dump the PostgreSQL database with ``pg_dump --format=custom``, restore it with
    ``pg_restore`` into a new database beside it, and compare: every table's row count (taken
    in the dump's own snapshot, so the site may stay in use) and the audit log's hash chains
    (``egov_verify_audit`` on the copy). Prints one JSON object; exit status 1 unless the copy
    is whole. The restored database is dropped afterwards unless ``--keep``; ``--dump-to``
    keeps the dump file.
    """

    help = "Restore drill: pg_dump, pg_restore into a new database, compare counts, verify audit."

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default", help="database alias (default)")
        parser.add_argument("--dump-to", metavar="FILE", help="keep the dump in FILE")
        parser.add_argument("--keep", action="store_true", help="keep the restored database")

    def handle(self, *args, database, dump_to, keep, **options):
        try:
            report = run(using=database, dump_to=dump_to, keep=keep)
        except DrillError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(report, ensure_ascii=False))
        if not report["ok"]:
            raise CommandError(
                "The restored copy is not whole: "
                + ("row counts differ; " if not report["counts_equal"] else "")
                + ("the audit log does not verify" if not report["audit"]["intact"] else "")
            )

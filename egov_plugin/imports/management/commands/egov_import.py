"""``manage.py egov_import KIND FILE``: import people, members or opinions from a file."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from egov_plugin.committees.models import Committee
from egov_plugin.consultations.models import ConsultationPage
from egov_plugin.organizations.models import Organization

from ...jobs import create_job
from ...kinds import KINDS, get_kind
from ...pipeline import analyse, commit_job, execute
from ...readers import ReadError

#: Exit status when the file could not be read at all (row errors do not change the status).
UNREADABLE = 2


class Command(BaseCommand):
    """Import a spreadsheet or CSV file as the admin upload does.

    With ``--format json`` one JSON object is printed: ``created``, ``updated``, ``unchanged``,
    ``merged``, ``skipped`` and the lists ``errors`` and ``warnings`` (each item ``row``,
    ``column``, ``message``; rows as Excel numbers them). The exit status is 0 when the file
    was read, 2 when it could not be read and 1 for wrong arguments.
    """

    help = "Import people, organization or committee members, or opinions from a file."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file")
        parser.add_argument("--organization", help="name of the organization (members)")
        parser.add_argument("--committee", help="name of the committee (members)")
        parser.add_argument("--consultation", help="slug of the consultation page (opinions)")
        parser.add_argument("--dry-run", action="store_true", help="preview; store nothing")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        kind_key = options["kind"]
        target = self._target(get_kind(kind_key).target, options)
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            return self._unreadable(options, f"{path}: {exc.strerror}")
        try:
            if options["dry_run"]:
                kind = get_kind(kind_key, target)
                report = execute(analyse(data, path.name, kind), kind, commit=False)
            else:
                job, __ = create_job(kind_key, data, path.name, target=target)
                report = commit_job(job)
        except ReadError as exc:
            return self._unreadable(options, f"{path.name}: {exc}")
        if options["format"] == "json":
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False))
            return
        counts = ", ".join(f"{key} {value}" for key, value in report.counts.items())
        prefix = "(dry run) " if options["dry_run"] else ""
        self.stdout.write(f"{prefix}{path.name}: {counts}")
        for level, problems in (("error", report.errors), ("warning", report.warnings)):
            for problem in problems:
                self.stdout.write(
                    f"  row {problem['row']} [{problem['column']}] {level}: {problem['message']}"
                )

    def _target(self, target, options):
        value = options.get(target) if target else None
        if target and not value:
            raise CommandError(f"--{target} is needed for this kind")
        if target == "organization":
            found = Organization.objects.filter(name=value).first()
        elif target == "committee":
            found = Committee.objects.filter(name=value).first()
        elif target == "consultation":
            found = ConsultationPage.objects.filter(slug=value).first()
        else:
            return None
        if found is None:
            raise CommandError(f"no {target} {value!r}")
        return found

    def _unreadable(self, options, message):
        if options["format"] == "json":
            self.stdout.write(json.dumps({"error": message}, ensure_ascii=False))
        self.stderr.write(message)
        sys.exit(UNREADABLE)

"""``manage.py egov_outreach_optout_080 FILE``: record the 080 line's opt-outs.

``FILE`` lists the numbers that called the free opt-out line, one a line (``-`` reads standard
input), as the 080 service exports them. Each caller's SMS consent is withdrawn (source
``080``); running the same list again changes nothing. Numbers are never printed.
"""

import sys

from django.core.management.base import BaseCommand

from egov_plugin.outreach.optout import record_080


class Command(BaseCommand):
    help = "Withdraw the SMS consent of the numbers that called the 080 opt-out line."

    def add_arguments(self, parser):
        parser.add_argument("file", help="numbers, one a line; - for standard input")

    def handle(self, *args, **options):
        if options["file"] == "-":
            result = record_080(sys.stdin)
        else:
            with open(options["file"], encoding="utf-8-sig") as lines:
                result = record_080(lines)
        self.stdout.write(
            f"withdrawn: {result.withdrawn}, already withdrawn: {result.already}, "
            f"not in the registry: {result.unknown}"
        )
        if result.invalid:
            lines = ", ".join(str(n) for n in result.invalid)
            self.stderr.write(f"lines without a mobile number: {lines}")

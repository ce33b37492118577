"""``manage.py egov_scheduler``: enqueue the periodic jobs of ``EGOV_SCHEDULE``."""

import json
import signal
import threading

from django.core.management.base import BaseCommand
from django.utils import timezone

from egov_plugin.core.scheduler import Scheduler, serve


class Command(BaseCommand):
    """Run the scheduler: every ``--tick`` seconds, enqueue the jobs of ``EGOV_SCHEDULE`` that
    are due onto their queues (the workers run them). Start one on each of several hosts if you
    like: one holds the lock and is active, the others wait and take over when it stops.

    ``--once`` looks once and exits; ``--list`` prints the schedule and when each job is next
    due, as JSON. Output: one JSON line per event (``active``, ``standby``, ``enqueued``,
    ``skipped``, ``failed``). TERM or INT stops it after the current tick.
    """

    help = "Enqueue the periodic jobs of EGOV_SCHEDULE (one scheduler active across hosts)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--tick", type=float, default=30.0, help="seconds between looks (default 30)"
        )
        parser.add_argument("--once", action="store_true", help="look once, then exit")
        parser.add_argument("--list", action="store_true", help="print the schedule and exit")

    def handle(self, *args, tick, once, list, **options):
        if list:
            scheduler = Scheduler()
            runs = scheduler.next_runs()
            rows = [
                {
                    "job": job.name,
                    "command": " ".join([job.command, *job.args]),
                    "queue": job.queue,
                    "every": job.every,
                    "daily": job.daily.strftime("%H:%M") if job.daily else None,
                    "enabled": job.enabled(),
                    "next": timezone.localtime(runs[job.name]).isoformat(),
                }
                for job in scheduler.jobs
            ]
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        serve(tick=tick, once=once, out=self.stdout, stop=stop)

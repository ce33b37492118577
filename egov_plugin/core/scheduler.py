"""Periodic work without cron: ``manage.py egov_scheduler``.

The jobs come from ``EGOV_SCHEDULE`` (name -> management command, its arguments, the kind of
queue, and either ``every`` N seconds or ``daily`` at ``"HH:MM"`` in the site's ``TIME_ZONE``).
The scheduler does no work itself: when a job is due it enqueues the task
:func:`egov_plugin.core.tasks.run_scheduled_job` on the job's queue, so the work runs on the
workers of that queue (sending, imports, analysis) on whichever host they are.

Several hosts may run the scheduler; exactly one is active at a time. The active one holds a
lock the database server itself keeps (a PostgreSQL session advisory lock on a connection of
its own; on SQLite, which lives on one host, an ``flock`` on a file beside the database). When
the holder dies, its connection closes and the server releases the lock, so a standby takes
over at its next tick: no expiry to tune, no lease to renew. The last time each job was
enqueued is kept in the default cache, so a scheduler that takes over continues the schedule
instead of starting it again.
"""

import datetime as dt
import fcntl
import hashlib
import json
import os
import tempfile
import threading
import zoneinfo
from dataclasses import dataclass

from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connections
from django.utils import timezone

from .conf import find_setting
from .queues import KINDS, queue_name

#: The two keys of the PostgreSQL advisory lock: "egov" in ASCII, and 1 for the scheduler.
LOCK_KEYS = (0x65676F76, 1)
CACHE_PREFIX = "egov_scheduler:last:"


@dataclass(frozen=True)
class Job:
    """One entry of ``EGOV_SCHEDULE``."""

    name: str
    command: str
    args: tuple = ()
    kind: str = "imports"
    every: int | None = None  # seconds between runs
    daily: dt.time | None = None  # local time (TIME_ZONE) of the daily run
    requires: str = ""  # an EGOV_ setting that must be set, or the job is skipped

    @property
    def queue(self):
        """The queue the job's task goes to (after ``EGOV_TASK_QUEUES``)."""
        return queue_name(self.kind)

    def enabled(self):
        """Whether the setting the job needs (``requires``) is set."""
        return not self.requires or bool(find_setting(self.requires))

    def next_run(self, last, now):
        """When the job is next due, given when it was last enqueued (``None``: never)."""
        if self.every is not None:
            return now if last is None else last + dt.timedelta(seconds=self.every)
        zone = zoneinfo.ZoneInfo(django_settings.TIME_ZONE)
        # A daily job never enqueued before waits for its time: starting the scheduler at noon
        # must not run the nightly retention at once.
        after = (last or now).astimezone(zone)
        candidate = dt.datetime.combine(after.date(), self.daily, tzinfo=zone)
        if candidate <= after:
            candidate = dt.datetime.combine(
                after.date() + dt.timedelta(days=1), self.daily, tzinfo=zone
            )
        return candidate


def jobs():
    """The jobs of ``EGOV_SCHEDULE``; a malformed entry raises ``ImproperlyConfigured``."""
    return [_job(name, entry) for name, entry in schedule_setting().items()]


def schedule_setting():
    """``EGOV_SCHEDULE`` over the package's defaults: a site's entry replaces the default entry
    of the same name, and ``None`` removes it."""
    from .conf import DEFAULTS

    site = getattr(django_settings, "EGOV_SCHEDULE", {})
    merged = {**DEFAULTS["SCHEDULE"], **site}
    return {name: entry for name, entry in merged.items() if entry is not None}


def job_named(name):
    """The job called ``name`` (``KeyError`` when the schedule has none)."""
    entry = schedule_setting()[name]
    return _job(name, entry)


def _job(name, entry):
    def bad(problem):
        return ImproperlyConfigured(f"EGOV_SCHEDULE[{name!r}]: {problem}")

    if not isinstance(entry, dict) or not entry.get("command"):
        raise bad('needs a dict with "command" (a management command name)')
    unknown = set(entry) - {"command", "args", "queue", "every", "daily", "requires"}
    if unknown:
        raise bad(f"unknown key(s) {', '.join(sorted(unknown))}")
    kind = entry.get("queue", "imports")
    if kind not in KINDS:
        raise bad(f"queue must be one of {', '.join(KINDS)}, not {kind!r}")
    every, daily = entry.get("every"), entry.get("daily")
    if (every is None) == (daily is None):
        raise bad('give exactly one of "every" (seconds) or "daily" ("HH:MM")')
    if every is not None and (not isinstance(every, int) or every <= 0):
        raise bad(f'"every" must be a positive number of seconds, not {every!r}')
    if daily is not None:
        try:
            daily = dt.time.fromisoformat(daily)
        except (TypeError, ValueError):
            raise bad(f'"daily" must be a time "HH:MM", not {daily!r}') from None
    requires = entry.get("requires", "")
    if requires:
        try:
            find_setting(requires)
        except AttributeError:
            raise bad(f'"requires" names no setting: EGOV_{requires}') from None
    args = entry.get("args", ())
    if isinstance(args, str) or not all(isinstance(arg, str) for arg in args):
        raise bad('"args" must be a list of strings')
    return Job(name, entry["command"], tuple(args), kind, every, daily, requires)


class Scheduler:
    """Decides which jobs are due and enqueues them; ``clock`` gives the time (tests pass a
    controllable one)."""

    def __init__(self, clock=timezone.now):
        self.clock = clock
        self.jobs = jobs()

    def last_run(self, job):
        """When ``job`` was last enqueued (from the cache), or ``None``."""
        value = cache.get(CACHE_PREFIX + job.name)
        return dt.datetime.fromisoformat(value) if value else None

    def next_runs(self):
        """``{name: datetime}`` of when each job is next due."""
        now = self.clock()
        return {job.name: job.next_run(self.last_run(job), now) for job in self.jobs}

    def tick(self):
        """Enqueue every job that is due now; returns one report dict per job looked at that
        was due (``event``: ``"enqueued"``, ``"skipped"`` or ``"failed"``)."""
        from .tasks import run_scheduled_job

        now = self.clock()
        reports = []
        for job in self.jobs:
            last = self.last_run(job)
            if last is None and job.daily is not None:
                # Start counting from now (see Job.next_run); remembered so a takeover agrees.
                self._remember(job, now)
                continue
            if job.next_run(last, now) > now:
                continue
            report = {"job": job.name, "command": job.command, "queue": job.queue}
            if not job.enabled():
                report["event"] = "skipped"
                report["reason"] = f"EGOV_{job.requires} is not set"
            else:
                try:
                    result = run_scheduled_job.using(queue_name=job.queue).enqueue(job.name)
                except Exception as exc:  # the queue is unreachable: try again next tick
                    reports.append({**report, "event": "failed", "error": type(exc).__name__})
                    continue
                report["event"] = "enqueued"
                report["task"] = str(result.id)
            self._remember(job, now)
            reports.append(report)
        return reports

    def _remember(self, job, when):
        cache.set(CACHE_PREFIX + job.name, when.isoformat(), timeout=None)


class AdvisoryLock:
    """The PostgreSQL session advisory lock, on a connection used for nothing else (so no
    command the scheduler runs can close it). The server releases it when that connection
    ends, which is what happens when the holder's process or host dies."""

    def __init__(self, using="default"):
        self.connection = connections.create_connection(using)

    def acquire(self):
        """True when this process holds the lock (now or already); never waits."""
        try:
            with self.connection.cursor() as cursor:
                cursor.execute(
                    "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND"
                    " pid = pg_backend_pid() AND granted AND classid = %s AND objid = %s"
                    " AND objsubid = 2)",
                    LOCK_KEYS,
                )
                if cursor.fetchone()[0]:
                    return True
                cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", LOCK_KEYS)
                return bool(cursor.fetchone()[0])
        except DatabaseError:
            # The connection is gone, and the lock with it: reconnect at the next try.
            self.release()
            return False

    def release(self):
        """Give the lock up (by closing the connection that holds it)."""
        try:
            self.connection.close()
        except DatabaseError:
            pass


class FileLock:
    """``flock`` on a file beside the SQLite database: SQLite is on one host, and the kernel
    releases the lock when the holding process dies."""

    def __init__(self, path):
        self.path = path
        self.fd = None

    def acquire(self):
        """True when this process holds the lock (now or already); never waits."""
        if self.fd is not None:
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self.fd = fd
        return True

    def release(self):
        """Give the lock up."""
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def lock_for(using="default"):
    """The lock that keeps one scheduler active on the database ``using``."""
    database = django_settings.DATABASES[using]
    engine = database["ENGINE"]
    if "postgresql" in engine:
        return AdvisoryLock(using)
    if "sqlite" in engine:
        name = str(database.get("NAME") or "")
        if not name or name == ":memory:" or name.startswith("file:"):
            digest = hashlib.sha256(name.encode()).hexdigest()[:12]
            path = os.path.join(tempfile.gettempdir(), f"egov_scheduler-{digest}.lock")
        else:
            path = f"{name}.scheduler-lock"
        return FileLock(path)
    raise ImproperlyConfigured(
        f"egov_scheduler keeps one scheduler active with a PostgreSQL advisory lock (or a file "
        f"lock on SQLite); the database engine {engine} has neither."
    )


def serve(*, tick=30.0, once=False, out=None, stop=None, clock=timezone.now, lock=None):
    """Run the scheduler until ``stop`` (a ``threading.Event``) is set: each ``tick`` seconds,
    take the lock if it is free and, while holding it, enqueue the jobs that are due.

    Writes one JSON line per change (``active``/``standby``) and per job to ``out``.
    """
    stop = stop or threading.Event()
    lock = lock or lock_for()
    scheduler = Scheduler(clock)
    active = None

    def say(event, **fields):
        if out is not None:
            out.write(json.dumps({"event": event, "pid": os.getpid(), **fields}) + "\n")
            out.flush()

    say("started", jobs=[job.name for job in scheduler.jobs])
    try:
        while True:
            holding = lock.acquire()
            if holding != active:
                active = holding
                say("active" if active else "standby")
            if active:
                for report in scheduler.tick():
                    say(report.pop("event"), **report)
            if once or stop.wait(tick):
                break
    finally:
        lock.release()
        say("stopped")

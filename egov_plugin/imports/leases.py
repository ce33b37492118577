"""Telling an import that is running from one whose worker died.

A commit runs in one transaction, so a worker killed half-way (out of memory, a deploy, a
power cut) leaves the database as it was — but the job would still say "running", and a
retried task would refuse to run it twice. So the process that commits a job claims it
(:func:`claim`): the job records the worker (``host:pid:start``, the process's start time
telling a reused process id from the original) and a heartbeat that a thread renews every
``EGOV_IMPORT_HEARTBEAT_SECONDS`` (:func:`heartbeat`). A running job is *stalled*
(:func:`is_stalled`) when

- its worker ran on this host and that process is gone (checked at once, exactly), or
- its worker ran on another host and its heartbeat is older than ``EGOV_IMPORT_LEASE_SECONDS``
  (a heartbeat cannot be written while SQLite's one writer is busy, but SQLite has one host), or
- the task backend says the job's task has finished (it ended without running the job).

:func:`reap` marks stalled jobs failed, with the reason, so the admin shows them as failed and
offers to run them again; the uploaded file stays until ``egov_retention`` removes it.
"""

import os
import socket
import threading
from datetime import timedelta

from django.db import DatabaseError, connection
from django.utils import timezone
from django.utils.translation import gettext as _

from .conf import app_settings
from .models import ImportJob


def _start_time(pid):
    """The start time of process ``pid`` (clock ticks since boot), ``""`` where unknown, or
    ``None`` when there is no such process."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            stat = handle.read()
    except FileNotFoundError:
        return None
    except OSError:
        return ""
    # The command name (2nd field) is in parentheses and may hold spaces: count from after it.
    fields = stat[stat.rfind(b")") + 2 :].split()
    return fields[19].decode() if len(fields) > 19 else ""


def identity(pid=None):
    """``host:pid:start`` of process ``pid`` (this process by default)."""
    pid = os.getpid() if pid is None else pid
    return f"{socket.gethostname()}:{pid}:{_start_time(pid) or ''}"


def _alive_here(worker):
    """``True``/``False`` for a worker of this host, ``None`` for another host's (or unknown)."""
    parts = worker.rsplit(":", 2)
    if len(parts) != 3 or parts[0] != socket.gethostname() or not parts[1].isdigit():
        return None
    pid, started = int(parts[1]), parts[2]
    now = _start_time(pid)
    if now is None:
        if not os.path.isdir("/proc"):  # not Linux: ask the kernel whether the pid exists
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return False
            except PermissionError:
                return True
            return True
        return False
    return not started or not now or now == started


def _task_finished(job):
    """Whether the task backend reports the job's task as finished (``False`` if unknown)."""
    if not job.task_id:
        return False
    from .tasks import commit_import

    try:
        result = commit_import.get_result(job.task_id)
    except Exception:  # noqa: BLE001 - backends without results, unknown ids, lost rows
        return False
    return str(getattr(result, "status", "")) in ("SUCCESSFUL", "FAILED")


def is_stalled(job, now=None):
    """Whether ``job`` (queued or running) will never finish on its own."""
    if job.status == ImportJob.Status.QUEUED:
        return _task_finished(job)
    if job.status != ImportJob.Status.RUNNING:
        return False
    if job.worker:
        alive = _alive_here(job.worker)
        if alive is not None:
            return not alive
    now = now or timezone.now()
    last = job.heartbeat_at or job.created_at
    if last is not None and now - last > timedelta(seconds=app_settings.IMPORT_LEASE_SECONDS):
        return True
    return _task_finished(job)


def stalled_reason():
    return _(
        "The import stopped before it finished: the process running it ended (it was stopped "
        "or ran out of memory). Nothing was imported. You can run it again."
    )


def reap(jobs=None, now=None):
    """Mark the stalled jobs among ``jobs`` (default: all queued or running) failed; returns
    the jobs marked."""
    if jobs is None:
        jobs = ImportJob.objects.all()
    candidates = jobs.filter(status__in=[ImportJob.Status.QUEUED, ImportJob.Status.RUNNING])
    now = now or timezone.now()
    reaped = []
    for job in candidates:
        if not is_stalled(job, now):
            continue
        # Only if nothing changed meanwhile: a worker that just finished keeps its outcome.
        updated = ImportJob.objects.filter(pk=job.pk, status=job.status, worker=job.worker).update(
            status=ImportJob.Status.FAILED, error=stalled_reason(), finished_at=now
        )
        if updated:
            reaped.append(job)
    return reaped


class Claimed(Exception):
    """The job is being run by a live worker (or is already done): it is not run again."""


def claim(job):
    """Mark ``job`` running in this process; raises :class:`Claimed` if another live worker
    runs it or it is done. A stalled job is taken over."""
    now = timezone.now()
    me = identity()
    fields = {"status": ImportJob.Status.RUNNING, "worker": me, "heartbeat_at": now, "error": ""}
    free = ImportJob.objects.filter(pk=job.pk).exclude(
        status__in=[ImportJob.Status.RUNNING, ImportJob.Status.DONE]
    )
    if not free.update(**fields):
        current = ImportJob.objects.get(pk=job.pk)
        if current.status == ImportJob.Status.DONE or not is_stalled(current, now):
            raise Claimed(job.pk)
        taken = ImportJob.objects.filter(
            pk=job.pk, status=ImportJob.Status.RUNNING, worker=current.worker
        ).update(**fields)
        if not taken:
            raise Claimed(job.pk)
    job.status, job.worker, job.heartbeat_at, job.error = (
        ImportJob.Status.RUNNING,
        me,
        now,
        "",
    )


class heartbeat:  # noqa: N801 - used as a context manager, like contextlib's
    """Renew ``job``'s heartbeat from a thread while the block runs."""

    def __init__(self, job):
        self.job = job
        self.interval = app_settings.IMPORT_HEARTBEAT_SECONDS
        self.stop = threading.Event()
        self.thread = None

    def __enter__(self):
        if self.interval and self.interval > 0:
            self.thread = threading.Thread(
                target=self._beat, name=f"egov-import-heartbeat-{self.job.pk}", daemon=True
            )
            self.thread.start()
        return self

    def _beat(self):
        try:
            while not self.stop.wait(self.interval):
                try:
                    ImportJob.objects.filter(
                        pk=self.job.pk, status=ImportJob.Status.RUNNING, worker=self.job.worker
                    ).update(heartbeat_at=timezone.now())
                except DatabaseError:
                    pass  # SQLite's one writer is the import itself: the next beat will do
        finally:
            connection.close()  # this thread's own connection

    def __exit__(self, *exc):
        # Called outside the job's transaction: the thread may be waiting for the job's row.
        self.stop.set()
        if self.thread is not None:
            self.thread.join()
        return False

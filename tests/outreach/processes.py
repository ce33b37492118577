"""Helpers of the tests that run real worker processes (db_worker, rqworker) against a database
of their own."""

import subprocess
import sys
import time
import uuid
from pathlib import Path

from django.conf import settings as django_settings

ROOT = Path(__file__).resolve().parents[2]


def database_url(tmp_path):
    """A database of the test's own: PostgreSQL when the suite runs on it, else a file SQLite."""
    if django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        import psycopg

        name = f"egov_worker_{uuid.uuid4().hex[:8]}"
        db = django_settings.DATABASES["default"]
        base = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}"
        with psycopg.connect(f"{base.replace('postgres://', 'postgresql://')}/postgres",
                             autocommit=True) as conn:  # fmt: skip
            conn.execute(f'CREATE DATABASE "{name}"')

        def drop():
            with psycopg.connect(f"{base.replace('postgres://', 'postgresql://')}/postgres",
                                 autocommit=True) as conn:  # fmt: skip
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        return f"{base}/{name}", drop
    return f"sqlite:///{tmp_path}/worker.sqlite3", lambda: None


def run(env, *args):
    """Run ``python *args`` in the repository root; returns its standard output."""
    return subprocess.run(
        [sys.executable, *args], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout


def wait(predicate, seconds):
    """Poll ``predicate`` until it holds (True) or ``seconds`` pass (False)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def descendants(pid):
    """The ids of every process below ``pid`` (read from /proc)."""
    children = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def kill_tree(process):
    """SIGKILL ``process`` and everything it started, as a dying host would lose them.

    An RQ worker runs each job in a "work horse" child in a process group of its own, so
    killing the worker's group alone would leave the job running.
    """
    import os
    import signal

    for pid in [process.pid, *descendants(process.pid)]:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    process.wait()

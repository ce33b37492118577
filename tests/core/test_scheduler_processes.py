"""Real ``egov_scheduler`` processes against a database of the test's own: two started at once,
exactly one enqueues; when that one is killed (SIGKILL, as a dying host), the other takes over.

On PostgreSQL the lock is the server's advisory lock; on SQLite (one host) a file lock. The
schedule is one job due every second (``scheduler_settings.py``); the tasks are rows of
django-tasks-db, counted against what the schedulers said they enqueued.
"""

import json
import os
import signal
import subprocess
import sys

import pytest

from tests.outreach.processes import ROOT, database_url, run, wait


@pytest.fixture
def environment(tmp_path):
    url, drop = database_url(tmp_path)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "tests.core.scheduler_settings",
        "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'example_site'}",
    }
    schedulers = []
    try:
        run(env, "example_site/manage.py", "migrate", "--verbosity", "0")
        yield env, schedulers
    finally:
        for process, _ in schedulers:
            if process.poll() is None:
                process.kill()
                process.wait()
        drop()


def start(env, schedulers, log):
    process = subprocess.Popen(
        [sys.executable, "example_site/manage.py", "egov_scheduler", "--tick", "0.2"],
        env=env,
        cwd=ROOT,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    schedulers.append((process, log))
    return process


def events(log):
    lines = log.read_text().splitlines() if log.exists() else []
    return [json.loads(line) for line in lines if line.startswith("{")]


def enqueued(log):
    return [event for event in events(log) if event["event"] == "enqueued"]


def queued_tasks(env):
    out = run(
        env, "example_site/manage.py", "shell", "-v", "0", "-c",
        "from django_tasks_db.models import DBTaskResult; print(DBTaskResult.objects.count())",
    )  # fmt: skip
    return int(out)


@pytest.mark.django_db
def test_two_schedulers_one_enqueues_and_the_other_takes_over_when_it_dies(environment, tmp_path):
    env, schedulers = environment
    first = start(env, schedulers, tmp_path / "first.log")
    second = start(env, schedulers, tmp_path / "second.log")
    logs = {first.pid: tmp_path / "first.log", second.pid: tmp_path / "second.log"}

    def states():
        return {
            pid: [e["event"] for e in events(log) if e["event"] in ("active", "standby")]
            for pid, log in logs.items()
        }

    assert wait(lambda: all(states().values()), 60), {p: events(log) for p, log in logs.items()}
    holder = next(pid for pid, seen in states().items() if seen[0] == "active")
    standby = next(pid for pid in logs if pid != holder)
    assert states()[standby] == ["standby"]
    # The active one enqueues the job every second; the other keeps waiting.
    assert wait(lambda: len(enqueued(logs[holder])) >= 3, 60), events(logs[holder])
    assert enqueued(logs[standby]) == []
    assert states()[standby] == ["standby"]

    os.kill(holder, signal.SIGKILL)
    next(process for process, _ in schedulers if process.pid == holder).wait()
    before = len(enqueued(logs[holder]))
    assert wait(lambda: len(enqueued(logs[standby])) >= 2, 60), events(logs[standby])
    assert states()[standby] == ["standby", "active"]
    # Every task in the queue was enqueued by the one active scheduler of its time, once.
    survivor = next(process for process, _ in schedulers if process.pid == standby)
    survivor.send_signal(signal.SIGTERM)
    assert survivor.wait(timeout=30) == 0
    assert events(logs[standby])[-1]["event"] == "stopped"
    assert queued_tasks(env) == before + len(enqueued(logs[standby]))


@pytest.mark.django_db
def test_a_stopped_scheduler_gives_the_lock_to_one_started_later(environment, tmp_path):
    env, schedulers = environment
    first = start(env, schedulers, tmp_path / "first.log")
    assert wait(lambda: enqueued(tmp_path / "first.log"), 60), events(tmp_path / "first.log")
    second = start(env, schedulers, tmp_path / "second.log")
    assert wait(lambda: events(tmp_path / "second.log")[1:], 60)
    assert events(tmp_path / "second.log")[1]["event"] == "standby"
    first.send_signal(signal.SIGTERM)
    assert first.wait(timeout=30) == 0
    assert wait(lambda: enqueued(tmp_path / "second.log"), 60), events(tmp_path / "second.log")
    second.send_signal(signal.SIGTERM)
    assert second.wait(timeout=30) == 0

"""A real ``db_worker`` killed half-way through a campaign and restarted: everyone once."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from .processes import ROOT, database_url, run, wait

RECIPIENTS = 24


@pytest.fixture
def environment(tmp_path):
    url, drop = database_url(tmp_path)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "tests.outreach.worker_settings",
        "EGOV_TEST_OUTBOX": str(tmp_path / "outbox.jsonl"),
        "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'example_site'}",
    }
    try:
        yield env, tmp_path / "outbox.jsonl"
    finally:
        drop()


def _manage(env, *args):
    return run(env, "example_site/manage.py", *args)


def _worker(env):
    return subprocess.Popen(
        [
            sys.executable,
            "example_site/manage.py",
            "db_worker",
            "--queue-name",
            "*",
            "--interval",
            "0.1",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _lines(outbox):
    if not outbox.exists():
        return []
    return [json.loads(line) for line in outbox.read_text("utf-8").splitlines() if line]


def _status(env):
    return json.loads(run(env, "-m", "tests.outreach.worker_script", "status"))


def test_worker_killed_midway_resumes_and_serves_everyone_once(environment):
    env, outbox = environment
    _manage(env, "migrate", "--verbosity", "0")
    run(env, "-m", "tests.outreach.worker_script", "setup", str(RECIPIENTS))

    worker = _worker(env)
    try:
        assert wait(lambda: len(_lines(outbox)) >= 6, 60), "the worker sent nothing"
        # Kill during the next batch's (slow) provider call, not between write and commit.
        time.sleep(0.1)
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
    killed_at = len(_lines(outbox))
    status = _status(env)
    assert 0 < killed_at < RECIPIENTS
    assert status["campaign"] == "sending"
    assert status.get("sent", 0) == killed_at  # every message written was recorded, no more

    # The killed task stays "running" in the task table: resuming enqueues the rest again.
    _manage(env, "egov_outreach_resume")
    worker = _worker(env)
    try:
        assert wait(lambda: _status(env)["campaign"] == "done", 120), _status(env)
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()

    numbers = [line["to"] for line in _lines(outbox)]
    assert len(numbers) == len(set(numbers)) == RECIPIENTS
    assert _status(env) == {"campaign": "done", "sent": RECIPIENTS}

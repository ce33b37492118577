"""Real RQ workers on Redis: a sending worker killed with SIGKILL while the provider holds an
accepted batch, then restarted, serves everyone exactly once; a busy analysis worker never
delays a campaign.

The workers are ``manage.py rqworker`` processes (django-rq, django-tasks-rq's job class) with
the test's own database and queues named with a random suffix on the Redis database of
``EGOV_TEST_REDIS_URL`` (default ``redis://127.0.0.1:6379/3``); the test removes its queues'
keys afterwards. SMS go to the fake NHN Cloud server of ``providers.py``.
"""

import json
import os
import subprocess
import sys
import uuid

import pytest

from .processes import ROOT, database_url, descendants, kill_tree, run, wait
from .providers import NhnHandler, serve

RECIPIENTS = 40
REDIS_URL = os.environ.get("EGOV_TEST_REDIS_URL", "redis://127.0.0.1:6379/3")


@pytest.fixture
def fake_nhn():
    yield from serve(NhnHandler)


@pytest.fixture
def environment(tmp_path, fake_nhn):
    import redis

    url, drop = database_url(tmp_path)
    suffix = uuid.uuid4().hex[:10]
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "tests.outreach.rq_settings",
        "EGOV_TEST_QUEUE_SUFFIX": suffix,
        "EGOV_TEST_REDIS_URL": REDIS_URL,
        "EGOV_TEST_NHN_URL": fake_nhn.url,
        "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'example_site'}",
        "EGOV_TEST_LOG_DIR": str(tmp_path),
    }
    workers = []
    try:
        run(env, "example_site/manage.py", "migrate", "--verbosity", "0")
        yield env, workers, suffix
    finally:
        for worker in workers:
            if worker.poll() is None:
                kill_tree(worker)
        _forget(redis.Redis.from_url(REDIS_URL), suffix)
        drop()


def _forget(connection, suffix):
    """Remove what RQ keeps of this test's queues (the rest expires on its own)."""
    for key in connection.scan_iter(f"*{suffix}*"):
        connection.delete(key)
    for key in connection.scan_iter("rq:job:*"):  # jobs and workers are keyed by id
        if (
            connection.type(key) == b"hash"
            and suffix in (connection.hget(key, "origin") or b"").decode()
        ):
            connection.delete(key, key.replace(b"rq:job:", b"rq:results:"))
    for key in connection.scan_iter("rq:worker:*"):
        if (
            connection.type(key) == b"hash"
            and suffix in (connection.hget(key, "queues") or b"").decode()
        ):
            connection.srem("rq:workers", key)
            connection.delete(key)
    for name in ("rq:queues", "rq:workers"):
        for member in connection.smembers(name):
            if suffix.encode() in member:
                connection.srem(name, member)


def _queue(suffix, kind):
    return f"egov_{kind}_{suffix}"


def _worker(env, *queues):
    """Start ``rqworker`` for ``queues``; its output goes to a log the failures quote."""
    command = [sys.executable, "example_site/manage.py", "rqworker", *queues]
    command += ["--job-class", "django_tasks_rq.Job", "--with-scheduler"]
    log = open(env["EGOV_TEST_LOG_DIR"] + f"/worker-{uuid.uuid4().hex[:6]}.log", "w")  # noqa: SIM115
    return subprocess.Popen(
        command,
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _logs(env):
    """The last lines of every worker's log (to explain a failure)."""
    from pathlib import Path

    return "\n".join(
        f"--- {path.name}\n" + "\n".join(path.read_text().splitlines()[-30:])
        for path in sorted(Path(env["EGOV_TEST_LOG_DIR"]).glob("worker-*.log"))
    )


def _status(env):
    return json.loads(run(env, "-m", "tests.outreach.worker_script", "status"))


def test_sending_worker_killed_while_the_provider_holds_a_batch(environment, fake_nhn):
    env, workers, suffix = environment
    run(env, "-m", "tests.outreach.worker_script", "setup", str(RECIPIENTS))
    fake_nhn.delay = 0.1
    workers.append(_worker(env, _queue(suffix, "sending")))
    assert wait(lambda: len(fake_nhn.messages) >= 12, 90), "the worker sent nothing"

    # The next request is accepted and never answered: the worker dies holding it.
    fake_nhn.mode = "stall"
    assert fake_nhn.stalled.wait(60)
    horses = descendants(workers[0].pid)
    assert horses  # the job runs in a child ("work horse"), which dies with its worker
    kill_tree(workers[0])
    accepted_at_kill = len(fake_nhn.messages)
    status = _status(env)
    assert status["campaign"] == "sending"
    assert status.get("sent", 0) < accepted_at_kill  # the accepted batch was never recorded

    fake_nhn.mode = "ok"
    workers.append(_worker(env, _queue(suffix, "sending")))
    # What the scheduler runs every few minutes: queue the unfinished ranges again.
    run(env, "example_site/manage.py", "egov_outreach_resume")
    assert wait(lambda: _status(env)["campaign"] == "done", 180), (_status(env), _logs(env))

    assert _status(env) == {"campaign": "done", "sent": RECIPIENTS}
    numbers = fake_nhn.numbers()
    assert len(numbers) == RECIPIENTS
    assert fake_nhn.duplicates() == 0  # measured: no number got the message twice
    assert set(numbers.values()) == {1}
    requests = fake_nhn.requests
    assert all(len(r["recipientList"]) <= 4 for r in requests)  # EGOV_OUTREACH_BATCH_SIZE
    assert len(requests) <= RECIPIENTS // 4 + 2  # one request per batch, not per message


def test_a_busy_analysis_worker_does_not_delay_a_campaign(environment, fake_nhn):
    env, workers, suffix = environment
    workers.append(_worker(env, _queue(suffix, "analysis")))
    workers.append(_worker(env, _queue(suffix, "sending")))
    task_id = run(env, "-m", "tests.outreach.worker_script", "busy", "900").strip()

    def task_status():
        return run(env, "-m", "tests.outreach.worker_script", "task", task_id).strip()

    assert wait(lambda: task_status() == "RUNNING", 60), task_status()
    run(env, "-m", "tests.outreach.worker_script", "setup", "12")
    assert wait(lambda: _status(env)["campaign"] == "done", 60), (_status(env), _logs(env))
    assert task_status() == "RUNNING"  # the campaign went out while the analysis still ran
    # (the fixture kills the analysis worker; it would have run 15 minutes)
    assert len(fake_nhn.numbers()) == 12

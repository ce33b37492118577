"""A real ``db_worker`` killed in the middle of an import (issue 13, item 11): the job is seen
as failed with the reason, nothing was imported, "Run the import again" in the admin imports it
once; and a job left by a dead worker loses its file after the retention period."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from egov_plugin.imports import leases
from egov_plugin.imports.models import ImportJob
from tests.outreach.processes import database_url

ROOT = Path(__file__).resolve().parents[2]
ROWS = 3000


@pytest.fixture
def environment(tmp_path):
    url, drop = database_url(tmp_path)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "tests.imports.worker_settings",
        "EGOV_TEST_MEDIA": str(tmp_path / "media"),
        "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'example_site'}",
    }
    try:
        yield env, url
    finally:
        drop()


def _run(env, *args):
    return subprocess.run(
        [sys.executable, *args], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout


def _script(env, *args):
    return json.loads(_run(env, "-m", "tests.imports.worker_script", *args).splitlines()[-1])


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


def _query(url, sql):
    """One row of ``sql`` read straight from the test's database (no Django start-up: fast)."""
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///"), timeout=5) as conn:
            return conn.execute(sql).fetchone()
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://")) as conn:
        return conn.execute(sql).fetchone()


def _job(url):
    return _query(url, "SELECT status, processed_rows, worker FROM egov_imports_importjob")


def _wait(predicate, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def _stop(worker):
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()


def test_a_killed_import_is_failed_and_runs_again_from_the_admin(environment):
    env, url = environment
    _run(env, "example_site/manage.py", "migrate", "--verbosity", "0")
    _script(env, "setup", str(ROWS))
    assert _job(url)[0] == "queued"

    worker = _worker(env)
    try:
        # processed_rows is written just before the import's transaction begins.
        assert _wait(lambda: (_job(url) or ("",))[0] == "running" and _job(url)[1] > 0, 90), _job(
            url
        )
        time.sleep(0.5)  # into the slow batches
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
    finally:
        _stop(worker)
    status = _script(env, "status")
    # What the database says after the kill: nothing imported, and the job still "running"
    # (and the task too: django-tasks-db never hears of the worker's death).
    assert (status["status"], status["people"]) == ("running", 0), status
    assert _query(url, "SELECT status FROM django_tasks_database_dbtaskresult")[0] == "RUNNING"

    # The admin tells a dead worker's job from a running one: failed, the reason, a button.
    page = _script(env, "page")
    assert page == {"code": 200, "status": "failed", "reason_shown": True, "retry_button": True}
    status = _script(env, "status")
    assert "다시 실행할 수 있습니다" in status["error"], status["error"]  # the Korean reason
    assert status["file"] is True  # kept for the new run (egov_retention removes it later)

    assert _script(env, "retry") == {"code": 302, "status": "queued"}
    worker = _worker(env)
    try:
        assert _wait(lambda: _job(url)[0] == "done", 120), _job(url)
        # The file goes right after the import's transaction (a worker killed just then leaves
        # it to egov_retention).
        assert _wait(lambda: _query(url, "SELECT file FROM egov_imports_importjob")[0] == "", 30)
    finally:
        _stop(worker)
    status = _script(env, "status")
    assert status["people"] == ROWS and status["counts"]["created"] == ROWS, status
    assert status["file"] is False  # removed after a successful import


def _dead_pid():
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


@pytest.mark.django_db
def test_retention_fails_a_dead_workers_job_and_removes_its_file(settings, regions):
    settings.EGOV_IMPORT_RETENTION_DAYS = 30
    job = ImportJob.objects.create(kind="people", original_name="people.xlsx")
    job.file.save("upload.xlsx", ContentFile(b"PK rows"), save=True)
    # Claimed by a process of this host that has since died (a real one, just ended).
    dead = f"{leases.identity().split(':')[0]}:{_dead_pid()}:1"
    ImportJob.objects.filter(pk=job.pk).update(
        status="running",
        worker=dead,
        heartbeat_at=timezone.now(),
        created_at=timezone.now() - timedelta(days=31),
    )
    name = ImportJob.objects.get(pk=job.pk).file.name
    call_command("egov_retention", stdout=open(os.devnull, "w"))
    job.refresh_from_db()
    assert job.status == "failed" and job.error
    assert not job.file and not job.file.storage.exists(name)


@pytest.mark.django_db
def test_a_live_worker_keeps_its_job_and_a_silent_remote_one_loses_it(settings):
    settings.EGOV_IMPORT_LEASE_SECONDS = 600
    me = ImportJob.objects.create(
        kind="people", original_name="a.xlsx", status="running", worker=leases.identity(),
        heartbeat_at=timezone.now() - timedelta(days=1),
    )  # fmt: skip
    remote = ImportJob.objects.create(
        kind="people", original_name="b.xlsx", status="running", worker="other-host:123:456",
        heartbeat_at=timezone.now() - timedelta(seconds=601),
    )  # fmt: skip
    beating = ImportJob.objects.create(
        kind="people", original_name="c.xlsx", status="running", worker="other-host:124:456",
        heartbeat_at=timezone.now() - timedelta(seconds=30),
    )  # fmt: skip
    reused = ImportJob.objects.create(
        kind="people", original_name="d.xlsx", status="running",
        worker=f"{leases.identity().rsplit(':', 2)[0]}:{os.getpid()}:1",  # pid reused
        heartbeat_at=timezone.now(),
    )  # fmt: skip
    assert {j.pk for j in leases.reap()} == {remote.pk, reused.pk}
    statuses = dict(ImportJob.objects.values_list("pk", "status"))
    assert statuses[me.pk] == statuses[beating.pk] == "running"
    # A live worker's job is not taken over by a second task.
    with pytest.raises(leases.Claimed):
        leases.claim(ImportJob.objects.get(pk=me.pk))

"""The example site as production runs it: ``scripts/serve`` with the production settings.

The ``production_server`` fixture (one per test process) starts ``scripts/serve`` — gunicorn with
2 worker processes and the task worker — against a new SQLite database in a temporary folder,
the machine's Redis (``EGOV_TEST_REDIS_URL``, default database 2, under a key prefix of its
own, removed afterwards) and static files collected by the production storage. It stops the
whole process group at the end and checks that nothing of it is left running.

Requests go over real HTTP to the loopback port. TLS ends at nginx in production; here the
client sends ``X-Forwarded-Proto: https`` as nginx would (see :class:`Browserless`).
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("EGOV_TEST_REDIS_URL", "redis://127.0.0.1:6379/2")
STARTUP_SECONDS = 300  # migrate + collectstatic on a busy 2-core machine


def free_port():
    """A free loopback port; within ``EGOV_TEST_PORTS`` (``"18100-18199"``) when set, for
    machines where each test run has its own port range."""
    low, _, high = os.environ.get("EGOV_TEST_PORTS", "0-0").partition("-")
    for port in range(int(low), int(high or low) + 1) if int(low) else [0]:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise RuntimeError(f"no free port in EGOV_TEST_PORTS={os.environ['EGOV_TEST_PORTS']}")


#: The test run's own variables, which a deployment does not have (the browser tests' async
#: escape hatch would even fail ``check --deploy``).
DROPPED_ENV = {
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "PYTEST_XDIST_WORKER",
    "PYTEST_XDIST_WORKER_COUNT",
}


def production_env(folder, **extra):
    """The environment of a production deployment on this machine, in ``folder``."""
    env = {key: value for key, value in os.environ.items() if key not in DROPPED_ENV}
    env.update(
        DJANGO_SETTINGS_MODULE="example_site.settings.production",
        PYTHONPATH=str(ROOT),
        SECRET_KEY="production-test-" + uuid.uuid4().hex + uuid.uuid4().hex,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"sqlite:///{folder}/db.sqlite3",
        REDIS_URL=REDIS_URL,
        REDIS_KEY_PREFIX=f"egov-test-{uuid.uuid4().hex[:10]}",
        STATIC_ROOT=str(folder / "static"),
        WEB_CONCURRENCY="2",
        EGOV_VENV=sys.prefix,  # scripts/serve runs with the tests' own Python
    )
    env.update(extra)
    return env


@dataclass
class Browserless:
    """A minimal HTTP client that sends cookies back by hand.

    Production cookies are ``Secure``, and an HTTP client keeps them from a plain ``http://``
    URL; behind nginx the browser speaks HTTPS, so this client plays the browser's part.
    """

    base: str
    cookies: dict = field(default_factory=dict)
    https: bool = True

    def request(self, method, path, **kwargs):
        headers = dict(kwargs.pop("headers", {}))
        if self.https:
            headers.setdefault("X-Forwarded-Proto", "https")
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = requests.request(
            method, self.base + path, headers=headers, allow_redirects=False, timeout=30, **kwargs
        )
        for cookie in response.cookies:
            self.cookies[cookie.name] = cookie.value
        return response

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, **kwargs):
        return self.request("POST", path, **kwargs)


def csrf_token(html):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "no CSRF token in the form"
    return match.group(1)


@dataclass
class Server:
    url: str
    env: dict
    log: Path
    process: subprocess.Popen

    def client(self, **kwargs):
        return Browserless(self.url, **kwargs)

    def manage(self, *args, timeout=120):
        """Run ``manage.py`` with the server's settings and database; returns its stdout."""
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT / "example_site",
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    def log_text(self):
        return self.log.read_text("utf-8", errors="replace")


def _redis_cleanup(prefix):
    import redis

    connection = redis.Redis.from_url(REDIS_URL)
    keys = list(connection.scan_iter(f"{prefix}:*", count=1000))
    if keys:
        connection.delete(*keys)
    connection.close()


def _wait_healthy(server):
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(
                f"scripts/serve exited ({server.process.returncode}):\n{server.log_text()[-4000:]}"
            )
        try:
            if requests.get(server.url + "/healthz", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    pytest.fail(f"scripts/serve did not become healthy:\n{server.log_text()[-4000:]}")


def _group_alive(pgid):
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture(scope="session")
def production_server(tmp_path_factory):
    """``scripts/serve`` running the production settings; yields a :class:`Server`."""
    folder = tmp_path_factory.mktemp("production")
    port = free_port()
    env = production_env(folder, GUNICORN_BIND=f"127.0.0.1:{port}")
    log = folder / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["bash", str(ROOT / "scripts/serve")],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped as one below
        )
    server = Server(url=f"http://127.0.0.1:{port}", env=env, log=log, process=process)
    try:
        _wait_healthy(server)
        yield server
    finally:
        pgid = process.pid
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                pass
        deadline = time.monotonic() + 30
        while _group_alive(pgid) and time.monotonic() < deadline:
            time.sleep(0.5)
        leftover = _group_alive(pgid)
        if leftover:
            os.killpg(pgid, signal.SIGKILL)
        _redis_cleanup(env["REDIS_KEY_PREFIX"])
        assert not leftover, "scripts/serve left processes running after TERM"

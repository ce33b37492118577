"""Requests per second of the consultation page (1,000 opinions) and the budget vote page as
production serves them: gunicorn with 2 worker processes, the production settings (Redis cache,
cached_db sessions, WhiteNoise, CSP, JSON logs), over HTTP on loopback.

Floor: a plain Wagtail page (the example site's page type: a title and an intro) at the same
depth, served by the same server in the same run. The three pages are measured in interleaved
bursts (each burst: ``--concurrency`` client threads, ``--burst`` requests), so whatever else the
machine does slows them alike. Requests carry ``X-Forwarded-Proto: https`` as nginx would.

Prints one JSON line: ``value`` is the consultation page's req/s, ``ratio`` consultation/floor,
``vote_ratio`` vote/floor, ``p95_ms`` the consultation page's 95th-percentile latency (and the
same for the others). Target: ``min(ratio, vote_ratio) >= 0.8``.

    .venv/bin/python bench/served_pages.py [--scale F] [--database sqlite|postgres]
"""

import argparse
import datetime
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "example_site")]

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--scale", type=float, default=1.0, help="1.0: 1,000 opinions")
parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
parser.add_argument("--rounds", type=int, default=12)
parser.add_argument("--burst", type=int, default=40)
parser.add_argument("--concurrency", type=int, default=4)
parser.add_argument(
    "--port",
    type=int,
    default=int(os.environ.get("EGOV_BENCH_PORT", "0")),
    help="the server's port (default: a free one)",
)
parser.add_argument(
    "--redis", default=os.environ.get("EGOV_BENCH_REDIS_URL", "redis://127.0.0.1:6379/2")
)
args = parser.parse_args()


def log(message):
    print(message, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def psql(statement):
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
        c.execute(statement)


folder = Path(tempfile.mkdtemp(prefix="egov-served-"))
prefix = f"egov-bench-{uuid.uuid4().hex[:8]}"
db_name = f"egov_bench_served_{uuid.uuid4().hex[:8]}"
if args.database == "postgres":
    psql(f'CREATE DATABASE "{db_name}"')
    database_url = f"postgres://postgres@127.0.0.1:5432/{db_name}"
else:
    database_url = f"sqlite:///{folder}/db.sqlite3"
port = args.port or free_port()
env = {
    **{k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE",)},
    "DJANGO_SETTINGS_MODULE": "example_site.settings.production",
    "PYTHONPATH": str(ROOT),
    "SECRET_KEY": "bench-" + uuid.uuid4().hex * 2,
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DATABASE_URL": database_url,
    "REDIS_URL": args.redis,
    "REDIS_KEY_PREFIX": prefix,
    "STATIC_ROOT": str(folder / "static"),
    "GUNICORN_BIND": f"127.0.0.1:{port}",
    "WEB_CONCURRENCY": "2",
    "GUNICORN_ACCESS_LOG": "0",
}
os.environ.update(env)

import django  # noqa: E402

django.setup()
from django.core.management import call_command  # noqa: E402

log("migrating and collecting static files ...")
call_command("migrate", verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)

from django.utils import timezone  # noqa: E402
from wagtail.models import Site  # noqa: E402

from egov_plugin.consultations.models import (  # noqa: E402
    ConsultationIndexPage,
    ConsultationPage,
    Opinion,
)
from egov_plugin.people.regions import load_regions  # noqa: E402
from home.models import HomePage  # noqa: E402
from tests.budgeting.factories import BudgetVotePageFactory  # noqa: E402

OPINIONS = round(1000 * args.scale)
load_regions()
home = Site.objects.get(is_default_site=True).root_page.specific
index = home.add_child(instance=ConsultationIndexPage(title="정책 제안", slug="consultations"))
now = timezone.now()
consultation = index.add_child(
    instance=ConsultationPage(
        title="왕십리 광장 조성 계획",
        slug="plaza",
        summary="광장 조성 방향에 대한 의견을 듣습니다.",
        opens_at=now - datetime.timedelta(days=3),
        closes_at=now + datetime.timedelta(days=30),
    )
)
consultation.save_revision().publish()
Opinion.objects.bulk_create(
    Opinion(
        page_id=consultation.pk,
        name="김민수",
        region_id=(i % 17) + 1,
        text=f"광장에 그늘막과 벤치를 충분히 설치해 주세요. 의견 {i}번입니다.",
        answer="검토하겠습니다." if i % 10 == 0 else "",
        contact_key=f"010-0000-{i:04d}",
        text_hash=str(i),
        created_at=now - datetime.timedelta(minutes=i),
    )
    for i in range(OPINIONS)
)
votes = home.add_child(instance=HomePage(title="주민참여예산", slug="budget"))
vote = BudgetVotePageFactory(parent=votes, slug="2026")
section = home.add_child(instance=HomePage(title="구정 소개", slug="about"))
plain = section.add_child(
    instance=HomePage(title="인사말", slug="greeting", intro="<p>성동구 누리집입니다.</p>")
)
plain.save_revision().publish()
urls = {"floor": plain.url, "consultation": consultation.url, "vote": vote.url}
from django.db import connections  # noqa: E402

connections.close_all()

log(f"starting gunicorn (2 workers) on port {port} ...")
server_log = (folder / "gunicorn.log").open("wb")
server = subprocess.Popen(
    [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "example_site/gunicorn.conf.py")],
    env={**os.environ},
    stdout=server_log,
    stderr=subprocess.STDOUT,
    start_new_session=True,
)


def get(path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    started = time.perf_counter()
    connection.request("GET", path, headers={"X-Forwarded-Proto": "https", "Host": "127.0.0.1"})
    response = connection.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"{path}: {response.status} {body[:300]!r}")
    return elapsed


def burst(path, count, concurrency):
    """``count`` requests by ``concurrency`` threads; (wall seconds, latencies)."""
    latencies, lock = [], threading.Lock()
    remaining = [count]

    def worker():
        while True:
            with lock:
                if remaining[0] <= 0:
                    return
                remaining[0] -= 1
            duration = get(path)
            with lock:
                latencies.append(duration)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, latencies


def p95(values):
    return statistics.quantiles(values, n=20)[18] if len(values) >= 20 else max(values)


try:
    deadline = time.monotonic() + 120
    while True:
        try:
            get("/healthz")
            break
        except (OSError, RuntimeError):
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit((folder / "gunicorn.log").read_text()[-3000:]) from None
            time.sleep(0.5)
    for path in urls.values():  # warm-up: both workers, every page
        burst(path, 20, args.concurrency)
    wall = {name: 0.0 for name in urls}
    latencies = {name: [] for name in urls}
    for _ in range(args.rounds):
        for name, path in urls.items():
            seconds, durations = burst(path, args.burst, args.concurrency)
            wall[name] += seconds
            latencies[name] += durations
finally:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
    connections.close_all()
    if args.database == "postgres":
        psql(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
    import redis

    r = redis.Redis.from_url(args.redis)
    keys = list(r.scan_iter(f"{prefix}:*"))
    if keys:
        r.delete(*keys)

requests_each = args.rounds * args.burst
rps = {name: requests_each / wall[name] for name in urls}
print(
    json.dumps(
        {
            "bench": "served_pages",
            "value": round(rps["consultation"], 1),
            "unit": "req/s",
            "floor": round(rps["floor"], 1),
            "ratio": round(rps["consultation"] / rps["floor"], 3),
            "vote_ratio": round(rps["vote"] / rps["floor"], 3),
            "vote_value": round(rps["vote"], 1),
            "p95_ms": round(p95(latencies["consultation"]) * 1000, 1),
            "vote_p95_ms": round(p95(latencies["vote"]) * 1000, 1),
            "floor_p95_ms": round(p95(latencies["floor"]) * 1000, 1),
            "opinions": OPINIONS,
            "requests": requests_each,
            "workers": 2,
            "concurrency": args.concurrency,
            "database": args.database,
        }
    )
)

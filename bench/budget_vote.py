"""Benchmark: 500 residents vote at once through the real HTTP flow, against PostgreSQL.

Run from the repository root: ``.venv/bin/python bench/budget_vote.py [--scale F]``.

It creates its own database (``egov_bench_budget_<pid>`` on 127.0.0.1:5432, user postgres),
migrates it, creates an open vote, and serves the example site from a few pre-forked processes
(a thread pool each, plain ``wsgiref``). Then 500 voters (``--scale`` multiplies the number;
never fewer than 1), each a thread with its own session and address, all start together: open
the vote, ask for a code, read it from the file SMS outbox, confirm it, fill in and cast the
ballot, read the receipt. Duplicate attempts go alongside: some voters send their ballot twice
at the same moment, and some prove their number again afterwards and try to vote again.

``value`` is ballots stored per second over the voting phase. ``floor`` is the same inserts
(a ballot and its choices, one transaction each) made with psycopg alone by as many threads as
the server has, in the same run: the database's own pace for this work. The last line printed
is one JSON object; the database is dropped at the end.
"""

import argparse
import json
import os
import random
import re
import signal
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "example_site")]

PG = "postgres://postgres@127.0.0.1:5432/{name}"
VOTERS = 500
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CODE_RE = re.compile(r"\d{6}")
RECEIPT_RE = re.compile(r'class="receipt-code"[^>]*>([0-9A-Z-]+)<')
HTTP_TIMEOUT = 120  # seconds for one request
PHASE_TIMEOUT = 600  # seconds for the whole voting phase


def log(message):
    print(message, file=sys.stderr, flush=True)


# --- Database ---------------------------------------------------------------------------------


def admin_sql(statement):
    import psycopg

    with psycopg.connect(PG.format(name="postgres"), autocommit=True) as conn:
        conn.execute(statement)


def setup_django(db_name, outbox):
    os.environ["DATABASE_URL"] = PG.format(name=db_name)
    os.environ["DJANGO_SETTINGS_MODULE"] = "example_site.settings.test"
    import django
    from django.conf import settings

    django.setup()
    # Pool threads live for the whole run, so their connections are kept (as in production).
    settings.DATABASES["default"]["CONN_MAX_AGE"] = 300
    settings.EGOV_SMS_BACKEND = "egov_plugin.core.sms.FileBackend"
    settings.EGOV_SMS_FILE_PATH = str(outbox)
    # Every voter comes from its own address (as phones on mobile networks do), given in
    # X-Forwarded-For as a proxy in front of the site would; the per-IP limits stay as shipped.
    settings.EGOV_TRUSTED_PROXY_COUNT = 1
    # The duplicate attempts ask for a second code for the same number within the minute.
    settings.EGOV_VERIFICATION_RESEND_SECONDS = 0


def create_vote(name="bench"):
    import datetime

    from django.utils import timezone
    from wagtail.models import Site

    from egov_plugin.budgeting.models import BallotRule, BudgetProject, BudgetVotePage

    root = Site.objects.get(is_default_site=True).root_page
    page = BudgetVotePage(
        title=f"벤치마크 투표 {name}",
        slug=f"bench-vote-{name}",
        total_budget=1_000_000_000,
        opens_at=timezone.now() - datetime.timedelta(hours=1),
        closes_at=timezone.now() + datetime.timedelta(days=1),
        ballot_rule=BallotRule.UP_TO,
        max_choices=3,
    )
    for order in range(6):
        page.projects.add(
            BudgetProject(title=f"사업 {order + 1}", cost=100_000_000 + order, sort_order=order)
        )
    root.add_child(instance=page)
    return page


# --- Server: pre-forked processes, a pool of threads each ------------------------------------


def serve_forever(sock, port, threads):
    """In a child process: answer requests on the shared socket with ``threads`` threads."""
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

    from django.core.wsgi import get_wsgi_application

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = WSGIServer(("127.0.0.1", port), QuietHandler, bind_and_activate=False)
    server.socket.close()
    server.socket = sock
    server.server_name, server.server_port = "127.0.0.1", port
    server.setup_environ()
    server.set_app(get_wsgi_application())

    def loop():
        while True:
            try:
                conn, address = sock.accept()
            except OSError:
                return
            try:
                server.finish_request(conn, address)
            except Exception as exc:  # a broken connection must not stop the worker
                log(f"worker: {exc!r}")
            finally:
                server.shutdown_request(conn)

    workers = [threading.Thread(target=loop, daemon=True) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()


def start_server(processes, threads):
    from django.db import connections

    connections.close_all()  # no connection may be shared with the children
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(2048)
    port = sock.getsockname()[1]
    pids = []
    for _ in range(processes):
        pid = os.fork()
        if pid == 0:
            try:
                serve_forever(sock, port, threads)
            finally:
                os._exit(0)
        pids.append(pid)
    sock.close()
    return port, pids


def stop_server(pids):
    for pid in pids:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            continue
    for pid in pids:
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass


# --- Client -------------------------------------------------------------------------------------


class Outbox:
    """Follows the file SMS outbox and hands each voter the newest code sent to their number."""

    def __init__(self, path):
        self.path = Path(path)
        self.codes = {}
        self.condition = threading.Condition()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._follow, daemon=True)
        self.thread.start()

    def _follow(self):
        offset, pending = 0, b""
        while not self.stopped.is_set():
            if self.path.exists():
                with self.path.open("rb") as handle:
                    handle.seek(offset)
                    data = handle.read()
                offset += len(data)
                pending += data
                *lines, pending = pending.split(b"\n")
                if lines:
                    with self.condition:
                        for line in lines:
                            message = json.loads(line)
                            self.codes.setdefault(message["to"], []).append(
                                CODE_RE.search(message["text"]).group()
                            )
                        self.condition.notify_all()
            time.sleep(0.02)

    def wait_code(self, phone, count, timeout=60):
        """The ``count``-th code sent to ``phone`` (1 for the first)."""
        with self.condition:
            ok = self.condition.wait_for(
                lambda: len(self.codes.get(phone, [])) >= count, timeout=timeout
            )
            if not ok:
                raise TimeoutError(f"no code for voter {phone[-4:]}")
            return self.codes[phone][count - 1]

    def stop(self):
        self.stopped.set()
        self.thread.join(timeout=5)


def _token(response):
    match = CSRF_RE.search(response.text)
    if not match:
        raise RuntimeError(f"no form on {response.url} ({response.status_code})")
    return match.group(1)


def _session(ip):
    import requests

    session = requests.Session()
    session.headers["X-Forwarded-For"] = ip
    return session


def _verify(session, base, phone, outbox, nth):
    form = session.get(base + "verify/", timeout=HTTP_TIMEOUT)
    sent = session.post(
        base + "verify/",
        {"csrfmiddlewaretoken": _token(form), "phone": phone, "consent": "on"},
        allow_redirects=False,
        timeout=HTTP_TIMEOUT,
    )
    if sent.status_code != 302:
        raise RuntimeError(f"code request answered {sent.status_code}")
    code = outbox.wait_code(phone, nth)
    page = session.get(base + "verify/code/", timeout=HTTP_TIMEOUT)
    checked = session.post(
        base + "verify/code/",
        {"csrfmiddlewaretoken": _token(page), "code": code},
        allow_redirects=False,
        timeout=HTTP_TIMEOUT,
    )
    if checked.status_code != 302:
        raise RuntimeError(f"code check answered {checked.status_code}")


def _ballot_data(token, rng, region_ids, project_ids):
    return {
        "csrfmiddlewaretoken": token,
        "region": rng.choice(region_ids),
        "age_band": rng.choice(["20s", "30s", "40s", "50s", "60s", "70+"]),
        "gender": rng.choice(["F", "M", ""]),
        "age_confirmed": "on",
        "projects": rng.sample(project_ids, rng.randint(1, 3)),
    }


class Voter:
    """One resident: the whole flow, and for some a duplicate attempt."""

    def __init__(self, index, base, outbox, region_ids, project_ids, *, race):
        self.index, self.base, self.outbox = index, base, outbox
        self.phone = f"010-{3000 + index // 10000:04d}-{index % 10000:04d}"
        self.ip = f"10.{index // 250}.{index % 250}.{1 + index % 200}"
        self.rng = random.Random(index)
        self.region_ids, self.project_ids = region_ids, project_ids
        self.race = race
        self.outcomes = []  # HTTP statuses of the ballot submissions
        self.error = None
        self.receipt = None

    def run(self, start):
        try:
            start.wait(timeout=60)
            session = _session(self.ip)
            session.get(self.base, timeout=HTTP_TIMEOUT)
            _verify(session, self.base, self.phone, self.outbox, 1)
            form = session.get(self.base + "ballot/", timeout=HTTP_TIMEOUT)
            data = _ballot_data(_token(form), self.rng, self.region_ids, self.project_ids)
            if self.race:
                self._submit_twice(session, data)
            else:
                self.outcomes.append(self._submit(session, data))
            receipt = session.get(self.base + "receipt/", timeout=HTTP_TIMEOUT)
            match = RECEIPT_RE.search(receipt.text)
            self.receipt = match.group(1) if match else None
        except Exception as exc:
            self.error = repr(exc)

    def _submit(self, session, data):
        response = session.post(
            self.base + "ballot/", data, allow_redirects=False, timeout=HTTP_TIMEOUT
        )
        return response.status_code

    def _submit_twice(self, session, data):
        """The same ballot sent twice at the same moment (a double tap, two tabs)."""
        together = threading.Barrier(2)
        results = []

        def send():
            together.wait(timeout=30)
            results.append(self._submit(session, data))

        threads = [threading.Thread(target=send) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=HTTP_TIMEOUT * 2)
        self.outcomes += results

    def vote_again(self):
        """Later, from a new session: prove the number again and try to vote again."""
        try:
            session = _session(self.ip)
            _verify(session, self.base, self.phone, self.outbox, 2)
            form = session.get(self.base + "ballot/", timeout=HTTP_TIMEOUT)
            if form.status_code != 200:
                return form.status_code
            data = _ballot_data(_token(form), self.rng, self.region_ids, self.project_ids)
            return self._submit(session, data)
        except Exception as exc:
            self.error = repr(exc)
            return None


def run_voters(base, outbox, count, region_ids, project_ids):
    race_every = 10  # one voter in ten double-submits
    voters = [
        Voter(i, base, outbox, region_ids, project_ids, race=i % race_every == 0)
        for i in range(count)
    ]
    start = threading.Barrier(count + 1)
    threads = [threading.Thread(target=v.run, args=(start,), daemon=True) for v in voters]
    for thread in threads:
        thread.start()
    start.wait(timeout=60)
    began = time.perf_counter()
    deadline = began + PHASE_TIMEOUT
    for thread in threads:
        thread.join(timeout=max(0.1, deadline - time.perf_counter()))
    elapsed = time.perf_counter() - began
    return voters, elapsed


# --- Floor: the same inserts with psycopg alone --------------------------------------------------


def measure_floor(db_name, page_id, region_id, project_ids, count, threads):
    import hashlib

    import psycopg

    todo = list(range(count))
    lock = threading.Lock()

    def worker():
        rng = random.Random()
        with psycopg.connect(PG.format(name=db_name)) as conn:
            while True:
                with lock:
                    if not todo:
                        return
                    n = todo.pop()
                with conn.transaction():
                    ballot_id = conn.execute(
                        "INSERT INTO egov_budgeting_ballot (page_id, phone_hash, region_id, "
                        "age_band, gender, cast_at, receipt_code, ip_address, device_id) "
                        "VALUES (%s, %s, %s, '30s', 'F', now(), %s, '10.0.0.1', '') RETURNING id",
                        (page_id, hashlib.sha256(str(n).encode()).hexdigest(), region_id,
                         f"FLOOR{n:05d}"),
                    ).fetchone()[0]  # fmt: skip
                    with conn.cursor() as cursor:
                        cursor.executemany(
                            "INSERT INTO egov_budgeting_ballotchoice (ballot_id, project_id) "
                            "VALUES (%s, %s)",
                            [(ballot_id, p) for p in rng.sample(project_ids, 2)],
                        )

    began = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(timeout=PHASE_TIMEOUT)
    return count / (time.perf_counter() - began)


# --- Main ---------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="voters = 500 × scale")
    parser.add_argument("--processes", type=int, default=3, help="server processes")
    parser.add_argument("--threads", type=int, default=8, help="threads per server process")
    args = parser.parse_args()
    count = max(1, round(VOTERS * args.scale))
    db_name = f"egov_bench_budget_{os.getpid()}"
    tmp = tempfile.TemporaryDirectory(prefix="egov-bench-")
    outbox_path = Path(tmp.name) / "sms-outbox.jsonl"
    admin_sql(f'CREATE DATABASE "{db_name}"')
    pids = []
    try:
        setup_django(db_name, outbox_path)
        from django.core.management import call_command

        log(f"Migrating {db_name} …")
        call_command("migrate", verbosity=0)
        from egov_plugin.budgeting.models import Ballot
        from egov_plugin.budgeting.results import compute_results
        from egov_plugin.people.models import Region
        from egov_plugin.people.regions import load_regions

        load_regions()
        page = create_vote()
        floor_page = create_vote("floor")
        region_ids = list(Region.objects.values_list("pk", flat=True))
        project_ids = list(page.projects.values_list("pk", flat=True))
        floor_projects = list(floor_page.projects.values_list("pk", flat=True))

        port, pids = start_server(args.processes, args.threads)
        base = f"http://127.0.0.1:{port}{page.url}"
        outbox = Outbox(outbox_path)
        for _ in range(100):  # wait for the server (bounded)
            try:
                _session("10.255.0.1").get(base, timeout=5)
                break
            except Exception:
                time.sleep(0.1)
        log(f"{count} voters against {args.processes}×{args.threads} server threads …")
        voters, elapsed = run_voters(base, outbox, count, region_ids, project_ids)
        log(f"Voting phase: {elapsed:.1f} s")

        # Duplicate attempts after the fact: one voter in ten proves the number again.
        again = [v for v in voters if v.index % 10 == 5 and not v.error]
        again_statuses = [v.vote_again() for v in again]
        outbox.stop()
        stop_server(pids)
        pids = []

        from django.db.models import Count

        stored = Ballot.objects.filter(page=page).count()
        duplicates = sum(
            n - 1
            for n in Ballot.objects.filter(page=page)
            .values("phone_hash")
            .annotate(n=Count("id"))
            .values_list("n", flat=True)
            if n > 1
        )
        errors = [v.error for v in voters if v.error]
        race_outcomes = [sorted(v.outcomes) for v in voters if v.race]
        races_refused = sum(1 for o in race_outcomes if len(o) == 2 and o[0] == 302 and o[1] >= 400)
        receipts = {v.receipt for v in voters if v.receipt}
        checks_pass = compute_results(page).all_checks_pass
        floor = measure_floor(
            db_name,
            floor_page.pk,
            region_ids[0],
            floor_projects,
            count,
            args.processes * args.threads,
        )
        value = stored / elapsed if elapsed else 0.0
        for error in errors[:5]:
            log(f"voter error: {error}")
        result = {
            "bench": "budget_vote",
            "value": round(value, 1),
            "unit": "ballots/s",
            "floor": round(floor, 1),
            "ratio": round(value / floor, 3) if floor else None,
            "attempted": count,
            "stored": stored,
            "duplicates": duplicates,
            "double_submits": len(race_outcomes),
            "double_submits_refused": races_refused,
            "revotes": len(again),
            "revotes_refused": sum(1 for s in again_statuses if s in (403, 409)),
            "receipts": len(receipts),
            "errors": len(errors),
            "checks_pass": checks_pass,
            "seconds": round(elapsed, 1),
            "server": f"{args.processes}x{args.threads}",
        }
    finally:
        stop_server(pids)
        from django.db import connections

        connections.close_all()
        admin_sql(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
        tmp.cleanup()
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()

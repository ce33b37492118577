"""Issue 14, items 1 and 2: the example site served as production serves it.

``scripts/serve`` starts gunicorn (2 workers) and the task worker with the production settings,
against the machine's Redis; these tests talk to it over HTTP. They would all have failed
before: there was no production server, and with ``REDIS_URL`` set every page answered 500
(``No module named 'redis'``).
"""

import json
import re
import subprocess
import sys
import textwrap

import requests

from tests.production_server import ROOT, csrf_token, production_env


def access_records(server):
    records = []
    for line in server.log_text().splitlines():
        if line.startswith("{"):
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if record.get("logger") == "gunicorn.access":
                records.append(record)
    return records


def test_pages_and_admin_login_are_served_with_the_redis_cache(production_server):
    client = production_server.client()
    home = client.get("/")
    assert home.status_code == 200, home.text[:2000]
    assert "성동구" in home.text
    login = client.get("/admin/login/")
    assert login.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in login.text


def test_healthz_reports_database_cache_and_tasks_without_login(production_server):
    # A load balancer probes a web host by its address, in plain HTTP, without a session.
    response = requests.get(
        production_server.url + "/healthz", headers={"Host": "10.1.2.3"}, timeout=10
    )
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "tasks": "ok"},
    }
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_rate_limit_holds_across_the_worker_processes(production_server):
    """30 SMS codes an hour per address (EGOV_VERIFICATION_PER_IP_PER_HOUR): with a cache per
    process each of the 2 workers would count its own 30."""
    production_server.manage(
        "shell",
        "-c",
        textwrap.dedent(
            """
            from egov_plugin.people.regions import load_regions
            from tests.budgeting.factories import BudgetVotePageFactory
            load_regions()
            BudgetVotePageFactory(slug="limit-vote")
            """
        ),
    )
    client = production_server.client()
    page = client.get("/limit-vote/verify/")
    assert page.status_code == 200, page.text[:1000]
    token = csrf_token(page.text)
    before = len(access_records(production_server))
    outcomes = []
    for i in range(45):
        response = client.post(
            "/limit-vote/verify/",
            data={"phone": f"010-0000-{i:04d}", "consent": "on", "csrfmiddlewaretoken": token},
            headers={"Referer": production_server.url.replace("http:", "https:") + "/"},
        )
        outcomes.append(response.status_code)
    assert outcomes.count(302) == 30, outcomes
    assert set(outcomes[30:]) == {429}, outcomes
    workers = {r["pid"] for r in access_records(production_server)[before:]}
    assert len(workers) == 2, "both gunicorn workers must have answered for this to mean anything"


def test_static_files_are_hashed_and_served_for_ever(production_server):
    client = production_server.client()
    login = client.get("/admin/login/")
    hashed = re.findall(r'(/static/[^"?]+\.[0-9a-f]{12}\.(?:css|js))', login.text)
    assert hashed, "no content-hashed static file on the admin login page"
    response = client.get(hashed[0], headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert "immutable" in response.headers["Cache-Control"]
    assert "max-age=315360000" in response.headers["Cache-Control"]
    assert response.headers.get("Content-Encoding") == "gzip"


def test_access_log_is_json_without_query_strings(production_server):
    client = production_server.client()
    client.get("/?q=010-9876-5432&email=resident%40example.com")
    records = access_records(production_server)
    assert records, "no JSON access records"
    mine = [r for r in records if r["path"] == "/" and r["method"] == "GET"]
    assert mine
    assert {"remote", "status", "bytes", "duration_ms", "time", "level"} <= set(mine[-1])
    log = production_server.log_text()
    assert "9876-5432" not in log
    assert "resident%40example.com" not in log and "resident@example.com" not in log


def test_production_settings_refuse_to_load_without_redis(tmp_path):
    env = production_env(tmp_path)
    del env["REDIS_URL"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT / "example_site",
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Set the environment variable REDIS_URL for production." in result.stderr


def test_gunicorn_refuses_to_start_on_a_per_process_cache(tmp_path):
    (tmp_path / "locmem_production.py").write_text(
        "from example_site.settings.production import *  # noqa\n"
        'CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}\n'
    )
    env = production_env(
        tmp_path,
        DJANGO_SETTINGS_MODULE="locmem_production",
        PYTHONPATH=f"{ROOT}:{tmp_path}",
        GUNICORN_BIND="127.0.0.1:0",
    )
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "example_site/gunicorn.conf.py")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "egov_core.E004" in result.stdout + result.stderr


def test_serve_runs_the_scheduler_which_enqueues_the_periodic_jobs(production_server):
    from tests.outreach.processes import wait

    def scheduler_events():
        events = []
        for line in production_server.log_text().splitlines():
            if line.startswith('{"event"'):
                events.append(json.loads(line))
        return events

    # scripts/serve starts the scheduler after gunicorn, which may answer before.
    assert wait(lambda: "serve: started scheduler" in production_server.log_text(), 120)
    assert wait(lambda: any(e["event"] == "enqueued" for e in scheduler_events()), 120), (
        production_server.log_text()[-3000:]
    )
    events = scheduler_events()
    assert [e["event"] for e in events][:2] == ["started", "active"]
    enqueued = {e["job"]: e["queue"] for e in events if e["event"] == "enqueued"}
    assert enqueued["analyse_keywords"] == "egov_analysis"
    assert enqueued["outreach_reports"] == "egov_sending"

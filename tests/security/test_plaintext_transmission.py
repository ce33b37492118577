"""KISA 웹 취약점 — 데이터 평문 전송 (Plaintext Data Transmission).

항목: 로그인 정보·개인정보·세션 식별자가 암호화되지 않은 HTTP로 오가거나, HTTPS를 쓰더라도
HTTP로 내려받을 수 있어 중간자가 엿보거나 바꿀 수 있는지 점검한다.

The item: passwords, personal data or session ids travelling over plain HTTP, or an HTTPS site
that can still be reached over HTTP, so that someone on the path can read or change them.

Attacks tried here, against the example site served by ``scripts/serve`` with the production
settings (TLS ends at nginx, which sets ``X-Forwarded-Proto``; these requests play its part):
- the resident pages, the admin login and a POST of a login, over plain HTTP;
- a first visit over HTTPS: does the browser learn never to use HTTP again (HSTS)?
- cookies that a browser would send back over plain HTTP;
- resident forms that would put a phone number, e-mail, name or code into a URL (GET), where
  access logs, browser history and ``Referer`` headers keep it.

Controls: ``SECURE_SSL_REDIRECT`` (every plain-HTTP request answered 301 to HTTPS before any
view runs), HSTS for a year with ``includeSubDomains`` and ``preload`` (the values the preload
list accepts), ``Secure`` cookies, ``SECURE_PROXY_SSL_HEADER`` for the proxy's header, resident
forms with personal data sent by POST, and ``manage.py check --deploy`` clean.
"""

import re
import subprocess
import sys

import pytest
from django.test import Client

from egov_plugin.consultations.models import ConsultationIndexPage
from tests.budgeting.factories import BudgetVotePageFactory
from tests.consultations.conftest import make_consultation
from tests.production_server import ROOT, production_env
from tests.sitedata import ensure_site

PERSONAL_FIELDS = {"mobile", "phone", "email", "name", "code", "password", "username"}


@pytest.mark.parametrize("path", ["/", "/admin/login/", "/admin/"])
def test_plain_http_is_redirected_to_https(production_server, path):
    response = production_server.client(https=False).get(path)
    assert response.status_code == 301
    assert (
        response.headers["Location"]
        == f"https://127.0.0.1:{production_server.url.rsplit(':', 1)[1]}{path}"
    )


def test_a_login_posted_over_plain_http_is_not_processed(production_server):
    response = production_server.client(https=False).post(
        "/admin/login/", data={"username": "nobody", "password": "secret"}
    )
    assert response.status_code == 301  # redirected before the login view saw it
    assert "Set-Cookie" not in response.headers


def test_https_answers_carry_hsts_with_preload_values(production_server):
    response = production_server.client().get("/")
    assert response.status_code == 200
    hsts = response.headers["Strict-Transport-Security"]
    max_age = int(re.search(r"max-age=(\d+)", hsts).group(1))
    assert max_age >= 31536000
    assert "includeSubDomains" in hsts
    assert "preload" in hsts


def test_cookies_are_never_sent_over_plain_http(production_server):
    response = production_server.client().get("/admin/login/")
    cookies = response.raw.headers.getlist("Set-Cookie")
    assert cookies
    for cookie in cookies:
        assert "Secure" in cookie, cookie


def test_check_deploy_is_clean_on_the_production_settings(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        cwd=ROOT / "example_site",
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def _forms(html):
    return re.findall(r"<form\b([^>]*)>(.*?)</form>", html, flags=re.S | re.I)


@pytest.mark.django_db
def test_resident_forms_with_personal_data_are_posted(regions, settings):
    settings.EGOV_SMS_BACKEND = "egov_plugin.core.sms.LocmemBackend"
    index = ensure_site().add_child(instance=ConsultationIndexPage(title="정책 제안", slug="c"))
    consultation = make_consultation(index, "성수동 공원 조성", identity_check="sms")
    vote = BudgetVotePageFactory()
    client = Client()
    checked = 0
    for url in (consultation.url, vote.url + "verify/"):
        response = client.get(url)
        assert response.status_code == 200
        for attributes, body in _forms(response.content.decode()):
            names = set(re.findall(r'name="([^"]+)"', body))
            if names & PERSONAL_FIELDS:
                checked += 1
                assert re.search(r'method="post"', attributes, re.I), (url, attributes)
    assert checked >= 2

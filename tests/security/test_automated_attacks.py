"""KISA 웹 취약점 — 자동화 공격 (Automated Attacks).

항목: 로그인, 의견 등록, 인증번호 요청·확인, 투표처럼 반복해서 보낼 수 있는 요청을 프로그램으로
대량 전송해 비밀번호를 추측하거나, 문자를 대량 발송시키거나, 의견·투표를 조작할 수 있는지 점검한다.

The item: requests a program can repeat — login, opinions, SMS code requests and checks, votes —
sent in bulk to guess passwords, make the site send SMS in bulk, or stuff opinions and votes.

Attacks tried here, each also with a forged ``X-Forwarded-For`` that names a new address for
every request (behind the trusted proxy, which appends the real one; issue 13 item 6: 40 of 40
spoofed opinions passed and the audit log stored the forged address):
- 40 opinions on one consultation from one client: at most ``EGOV_OPINION_PER_IP_PER_HOUR``
  (30) are stored;
- SMS code requests for 40 different numbers: at most ``EGOV_VERIFICATION_PER_IP_PER_HOUR``
  are sent; codes for one number: at most ``EGOV_VERIFICATION_PER_PHONE_PER_HOUR``;
- guessing a verification code: the code is spent after ``EGOV_VERIFICATION_MAX_ATTEMPTS``;
- guessing a staff password, and spraying one password over many usernames: the username and
  the client's address are locked after ``EGOV_LOGIN_MAX_FAILURES``, the lock is audited with
  the real address;
- the same limits across gunicorn's worker processes, through the shared Redis cache, on the
  real server (``tests/production/test_serving.py`` for the SMS codes without forgery; here
  with forgery).

Controls: ``egov_plugin.core.clientip`` (the trusted-proxy rule, ``EGOV_TRUSTED_PROXY_COUNT`` /
``EGOV_TRUSTED_PROXIES``), ``egov_plugin.core.ratelimit``, ``egov_plugin.core.verification``,
``egov_plugin.consultations.submission.check_rate_limits``, ``egov_plugin.privacy.login``
(login lock), ``EGOV_REQUIRE_SHARED_CACHE`` (system check ``egov_core.E004``).
"""

import re

import pytest
from django.core.cache import cache
from django.test import Client

from egov_plugin.consultations.conf import app_settings as consultations_settings
from egov_plugin.consultations.models import Opinion
from egov_plugin.core import sms
from egov_plugin.core.clientip import client_ip
from egov_plugin.core.conf import egov_settings
from egov_plugin.core.models import AuditEvent
from egov_plugin.core.verification import VerificationError, check_code, request_code
from egov_plugin.privacy.models import LoginFailure
from tests.production_server import csrf_token

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counters():
    """The limits count in the cache, which outlives a test's database transaction."""
    cache.clear()
    yield
    cache.clear()


NGINX = "127.0.0.1"
ATTACKER = "198.51.100.7"

# Two ways a site says "one proxy in front": the setting, and the deprecated switch which used
# to trust the first (client-written) entry.
PROXY_SETTINGS = [("EGOV_TRUSTED_PROXY_COUNT", 1), ("EGOV_TRUST_X_FORWARDED_FOR", True)]


def spoofed(i):
    """What nginx passes on when the attacker wrote a new address into the header."""
    return {"REMOTE_ADDR": NGINX, "HTTP_X_FORWARDED_FOR": f"10.{i // 250}.{i % 250}.1, {ATTACKER}"}


@pytest.mark.parametrize("name, value", PROXY_SETTINGS)
def test_forty_spoofed_opinions_do_not_pass_the_limit(
    consultation, opinion_data, settings, name, value
):
    setattr(settings, name, value)
    client = Client()
    answers = []
    for i in range(40):
        data = {**opinion_data, "mobile": f"010-3000-{i:04d}", "text": f"의견 {i}번입니다."}
        answers.append(client.post(consultation.url, data, **spoofed(i)).status_code)
    assert Opinion.objects.count() == consultations_settings.OPINION_PER_IP_PER_HOUR == 30
    assert answers[30:] == [429] * 10
    # Each opinion keeps the address nginx saw, not the one the attacker wrote.
    assert set(Opinion.objects.values_list("ip_address", flat=True)) == {ATTACKER}


def test_without_a_trusted_proxy_the_header_is_not_an_address_at_all(consultation, opinion_data):
    client = Client()
    for i in range(35):
        data = {**opinion_data, "mobile": f"010-3100-{i:04d}"}
        client.post(
            consultation.url, data, REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=f"10.0.0.{i}"
        )
    assert Opinion.objects.count() == 30


@pytest.fixture
def sms_outbox(settings):
    settings.EGOV_SMS_BACKEND = "egov_plugin.core.sms.LocmemBackend"
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


def _sent(phone, purpose, ip):
    try:
        request_code(phone, purpose, ip=ip)
    except VerificationError:
        return False
    return True


@pytest.mark.parametrize("name, value", PROXY_SETTINGS)
def test_spoofed_sms_code_requests_are_limited_per_real_address(
    rf, sms_outbox, settings, name, value
):
    setattr(settings, name, value)
    sent = [
        _sent(f"010-4000-{i:04d}", "attack", client_ip(rf.post("/", **spoofed(i))))
        for i in range(40)
    ]
    assert sent.count(True) == len(sms_outbox) == egov_settings.VERIFICATION_PER_IP_PER_HOUR == 30


def test_sms_codes_to_one_number_are_limited(sms_outbox, settings):
    settings.EGOV_VERIFICATION_RESEND_SECONDS = 0
    sent = [_sent("010-4100-0001", "attack", f"203.0.113.{i}") for i in range(10)]
    assert sent.count(True) == egov_settings.VERIFICATION_PER_PHONE_PER_HOUR == 5


def test_guessing_a_verification_code_spends_it(sms_outbox):
    request_code("010-4200-0001", "vote:1", ip="203.0.113.9")
    code = re.search(r"\d{6}", sms_outbox[-1].text)[0]
    wrong = [c for c in (f"{n:06d}" for n in range(7)) if c != code][:5]
    for guess in wrong:
        with pytest.raises(VerificationError):
            check_code("010-4200-0001", "vote:1", guess)
    with pytest.raises(VerificationError) as refused:
        check_code("010-4200-0001", "vote:1", code)  # found at last: too late
    assert refused.value.code == "too_many_attempts"


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(
        username="kim", password="right-Passw0rd", is_staff=True
    )


@pytest.mark.parametrize("name, value", PROXY_SETTINGS)
def test_a_password_spray_with_spoofed_addresses_locks_the_real_address(
    staff, settings, name, value
):
    setattr(settings, name, value)
    client = Client()
    for i in range(6):
        client.post(
            "/admin/login/", {"username": f"user{i}", "password": "Spring2026!"}, **spoofed(i)
        )
    response = client.post(
        "/admin/login/", {"username": "kim", "password": "right-Passw0rd"}, **spoofed(99)
    )
    assert "_auth_user_id" not in client.session
    assert "Too many failed logins" in response.content.decode() or response.status_code == 200
    assert set(LoginFailure.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    event = AuditEvent.objects.get(action="login_locked")
    assert event.ip_address == ATTACKER and event.data["ip"] == ATTACKER


def test_spoofed_sms_codes_on_the_real_server_are_limited_across_workers(production_server):
    """gunicorn (2 workers) with the production settings: nginx's place is taken by this
    client, on the loopback the settings trust as the one proxy."""
    production_server.manage(
        "shell",
        "-c",
        "from egov_plugin.people.regions import load_regions\n"
        "from tests.budgeting.factories import BudgetVotePageFactory\n"
        "load_regions(); BudgetVotePageFactory(slug='spoof-vote')",
    )
    client = production_server.client()
    token = csrf_token(client.get("/spoof-vote/verify/").text)
    outcomes = []
    for i in range(40):
        response = client.post(
            "/spoof-vote/verify/",
            data={"phone": f"010-5000-{i:04d}", "consent": "on", "csrfmiddlewaretoken": token},
            headers={
                "Referer": production_server.url.replace("http:", "https:") + "/",
                "X-Forwarded-For": f"10.9.{i}.1, {ATTACKER}",
            },
        )
        outcomes.append(response.status_code)
    assert outcomes.count(302) == 30 and set(outcomes[30:]) == {429}, outcomes

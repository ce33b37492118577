"""Login lock after repeated failures and admin session timeout, through Wagtail's real views."""

import datetime
import time

import pytest
from django.utils import timezone, translation

from egov_plugin.core.models import AuditEvent
from egov_plugin.privacy.middleware import LAST_ACTIVITY_KEY
from egov_plugin.privacy.models import LoginFailure

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(
        username="kim", password="right-password", is_staff=True, is_superuser=True
    )


def _login(client, password, username="kim", ip="192.0.2.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def _signed_in(client):
    return "_auth_user_id" in client.session


def test_the_account_is_locked_after_five_failures_even_with_the_right_password(client, staff):
    for _ in range(4):
        assert "didn&#x27;t match" in _login(client, "wrong").content.decode()
    fifth = _login(client, "wrong").content.decode()
    assert "Too many failed logins" in fifth
    response = _login(client, "right-password")
    assert "Too many failed logins" in response.content.decode()
    assert not _signed_in(client)
    assert LoginFailure.objects.count() == 5  # refused attempts while locked do not count
    event = AuditEvent.objects.get(action="login_locked")
    assert event.data["username"] == "kim" and event.data["ip"] == "192.0.2.1"


def test_the_lock_is_by_username_from_any_address_and_by_address_for_any_username(
    client, staff, django_user_model
):
    django_user_model.objects.create_user(username="lee", password="lee-password", is_staff=True)
    for i in range(5):
        _login(client, "wrong", ip=f"198.51.100.{i}")  # five addresses, one username
    assert (
        "Too many failed logins"
        in _login(client, "right-password", ip="203.0.113.1").content.decode()
    )
    for i in range(5):
        _login(client, "wrong", username=f"nobody{i}", ip="203.0.113.50")  # one address
    response = _login(client, "lee-password", username="lee", ip="203.0.113.50")
    assert "Too many failed logins" in response.content.decode()
    response = _login(client, "lee-password", username="lee", ip="203.0.113.51")
    assert response.status_code == 302 and _signed_in(client)


def test_a_success_clears_the_failures(client, staff):
    for _ in range(4):
        _login(client, "wrong")
    assert _login(client, "right-password").status_code == 302
    client.logout()
    for _ in range(4):
        _login(client, "wrong")
    assert _login(client, "right-password").status_code == 302  # not 8 failures: 4


def test_the_lock_ends_after_the_lock_period(client, staff, settings):
    settings.EGOV_LOGIN_LOCK_MINUTES = 30
    for _ in range(5):
        _login(client, "wrong")
    LoginFailure.objects.update(at=timezone.now() - datetime.timedelta(minutes=31))
    assert _login(client, "right-password").status_code == 302


def test_the_locked_message_is_korean_on_the_korean_login_page(client, staff, settings):
    settings.LANGUAGE_CODE = "ko-kr"
    with translation.override("ko"):
        for _ in range(5):
            response = _login(client, "wrong")
    html = response.content.decode()
    assert "로그인이 잠겼습니다" in html


def test_an_idle_admin_session_ends(client, staff, settings):
    settings.EGOV_ADMIN_SESSION_TIMEOUT_MINUTES = 30
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200
    session = client.session
    session[LAST_ACTIVITY_KEY] = time.time() - 29 * 60
    session.save()
    assert client.get("/admin/").status_code == 200  # 29 minutes: still signed in
    session = client.session
    session[LAST_ACTIVITY_KEY] = time.time() - 31 * 60
    session.save()
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=/admin/pages/")
    assert not _signed_in(client)
    page = client.get(response["Location"]).content.decode()
    assert "signed out after 30 minutes without activity" in page


def test_the_editors_background_pings_do_not_keep_the_session_alive(client, staff, settings):
    settings.EGOV_ADMIN_SESSION_TIMEOUT_MINUTES = 30
    client.force_login(staff)
    client.get("/admin/")
    session = client.session
    idle_since = time.time() - 29 * 60
    session[LAST_ACTIVITY_KEY] = idle_since
    session.save()
    client.post("/admin/editing-sessions/release/1/")
    assert client.session[LAST_ACTIVITY_KEY] == idle_since  # the ping was not activity
    session = client.session
    session[LAST_ACTIVITY_KEY] = time.time() - 31 * 60
    session.save()
    ping = client.post("/admin/editing-sessions/release/1/")
    assert ping.status_code == 302 and ping["Location"].startswith("/admin/login/")
    assert not _signed_in(client)


def test_signing_in_with_ones_own_account_does_not_clear_the_guesses_at_anothers(
    client, staff, django_user_model
):
    """Issue 13 item 5: the attacker guesses kim's password from 203.0.113.9, signing in as
    themselves (mallory) after every four tries to reset the count."""
    django_user_model.objects.create_user(username="mallory", password="mallory-pw", is_staff=True)
    attacker = "203.0.113.9"
    for _ in range(4):
        _login(client, "guess", username="kim", ip=attacker)
    assert _login(client, "mallory-pw", username="mallory", ip=attacker).status_code == 302
    client.logout()
    fifth = _login(client, "guess", username="kim", ip=attacker).content.decode()
    assert "Too many failed logins" in fifth
    # kim is locked from everywhere, the attacker's address for every username.
    assert "Too many failed logins" in _login(client, "right-password").content.decode()
    assert LoginFailure.objects.filter(username="kim").count() == 5


def test_a_success_clears_only_its_own_usernames_failures(client, staff, django_user_model):
    django_user_model.objects.create_user(username="lee", password="lee-password", is_staff=True)
    office = "10.20.3.4"
    _login(client, "typo", username="lee", ip=office)
    _login(client, "typo", username="kim", ip=office)
    _login(client, "typo", username="kim", ip="10.20.3.5")
    assert _login(client, "right-password", ip=office).status_code == 302
    assert list(LoginFailure.objects.values_list("username", "ip_address")) == [("lee", office)]

"""KISA 웹 취약점 — 불충분한 세션 관리 (Insufficient Session Management).

항목: 세션 식별자를 예측·고정·재사용할 수 있거나, 로그아웃·장시간 미사용 뒤에도 세션이 살아
있거나, 세션 식별자가 URL이나 스크립트로 새어 나가는지 점검한다.

The item: a session id that can be predicted, fixed in advance or reused; a session that
survives logout or long inactivity; a session id that leaks through URLs or to scripts.

Attacks tried here, on the Wagtail admin of this site:
- session fixation: the attacker plants a session id in the victim's browser before login;
- replaying the session cookie of a browser that has logged out;
- an admin session left idle past ``EGOV_ADMIN_SESSION_TIMEOUT_MINUTES``;
- looking for the session id in the links and redirects of admin and resident pages;
- the cookie's flags as production sends them (over the real production server);
- a second login with the same account from another browser (stolen password or session).

Controls: Django's ``login()`` gives a new session key and deletes the old one; ``logout()``
deletes the session on the server (``cached_db``: database row and cache entry); the admin idle
timeout (``egov_plugin.privacy.middleware``); session ids only in cookies (``Secure``,
``HttpOnly``, ``SameSite=Lax`` in production; never in URLs); one admin session per account
(``egov_plugin.privacy.single_session``: the later login signs the earlier browser out, with
a message telling them to change the password if it was not them).
"""

import time

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.urls import reverse

from egov_plugin.privacy.middleware import LAST_ACTIVITY_KEY
from tests.production_server import csrf_token

pytestmark = pytest.mark.django_db

PASSWORD = "a-Long-staff-passw0rd"


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_superuser("session-kim", "kim@example.org", PASSWORD)


def log_in(client, username="session-kim"):
    response = client.post(
        reverse("wagtailadmin_login"), {"username": username, "password": PASSWORD}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return client


def session_key(client):
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_login_replaces_a_planted_session_id(staff):
    victim = Client()
    planted = victim.session  # the attacker's session id, planted in the victim's browser
    planted["planted"] = True
    planted.save()
    victim.cookies[settings.SESSION_COOKIE_NAME] = planted.session_key
    log_in(victim)
    assert session_key(victim) != planted.session_key
    assert not SessionStore().exists(planted.session_key)
    attacker = Client()
    attacker.cookies[settings.SESSION_COOKIE_NAME] = planted.session_key
    assert attacker.get(reverse("wagtailadmin_home")).status_code == 302  # to the login page


def test_logout_ends_the_session_on_the_server(staff):
    browser = log_in(Client())
    key = session_key(browser)
    assert browser.get(reverse("wagtailadmin_home")).status_code == 200
    assert browser.post(reverse("wagtailadmin_logout")).status_code == 302
    assert not SessionStore().exists(key)
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = key
    response = replay.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_logout_by_get_does_not_end_the_session(staff):
    # A link on another site cannot sign staff out by GET. (Wagtail's logout view answered 405
    # but deleted the session cookie all the same.)
    browser = log_in(Client())
    response = browser.get(reverse("wagtailadmin_logout"))
    assert response.status_code == 405
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert browser.get(reverse("wagtailadmin_home")).status_code == 200


def test_an_idle_admin_session_is_signed_out(staff):
    browser = log_in(Client())
    session = browser.session
    session[LAST_ACTIVITY_KEY] = time.time() - 31 * 60
    session.save()
    response = browser.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert not SessionStore().exists(session.session_key)


def test_the_session_id_is_never_in_a_url_or_page(staff, client):
    browser = log_in(Client())
    key = session_key(browser)
    for url in (reverse("wagtailadmin_home"), reverse("wagtailadmin_explore_root"), "/"):
        response = browser.get(url, follow=True)
        assert response.status_code == 200
        assert key not in response.content.decode()
        for redirect_url, _status in response.redirect_chain:
            assert key not in redirect_url
    # Django takes the session id only from the cookie: one in the URL is ignored.
    stranger = Client()
    response = stranger.get(reverse("wagtailadmin_home"), {settings.SESSION_COOKIE_NAME: key})
    assert response.status_code == 302


def test_a_second_login_signs_the_first_browser_out(staff):
    first = log_in(Client())
    assert first.get(reverse("wagtailadmin_home")).status_code == 200
    second = log_in(Client())
    response = first.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_login")
    page = first.get(response["Location"])
    assert "another browser" in page.content.decode() or "다른 브라우저" in page.content.decode()
    assert second.get(reverse("wagtailadmin_home")).status_code == 200
    # Signing in again in the same browser keeps that browser signed in.
    log_in(second)
    assert second.get(reverse("wagtailadmin_home")).status_code == 200


def test_concurrent_logins_when_the_site_allows_them(staff, settings):
    settings.EGOV_ADMIN_SINGLE_SESSION = False
    first = log_in(Client())
    log_in(Client())
    assert first.get(reverse("wagtailadmin_home")).status_code == 200


def test_production_session_cookie_flags(production_server):
    production_server.manage(
        "shell",
        "-c",
        "from django.contrib.auth.models import User; "
        f"User.objects.create_superuser('flags-kim', 'k@example.org', {PASSWORD!r})",
    )
    browser = production_server.client()
    login = browser.get("/admin/login/")
    assert login.status_code == 200
    csrf_cookie = login.headers["Set-Cookie"]
    assert "csrftoken=" in csrf_cookie
    for flag in ("Secure", "HttpOnly", "SameSite=Lax"):
        assert flag in csrf_cookie
    response = browser.post(
        "/admin/login/",
        data={
            "username": "flags-kim",
            "password": PASSWORD,
            "csrfmiddlewaretoken": csrf_token(login.text),
        },
        headers={"Referer": production_server.url.replace("http:", "https:") + "/admin/login/"},
    )
    assert response.status_code == 302, response.text[:2000]
    session_cookie = [c for c in response.raw.headers.getlist("Set-Cookie") if "sessionid=" in c]
    assert session_cookie, response.headers
    for flag in ("Secure", "HttpOnly", "SameSite=Lax"):
        assert flag in session_cookie[0]
    assert browser.get("/admin/").status_code == 200

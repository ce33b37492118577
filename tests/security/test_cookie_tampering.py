"""KISA 웹 취약점 — 쿠키 변조 (Cookie Tampering).

항목: 쿠키 값을 바꿔 다른 사용자로 행세하거나, 권한을 얻거나, 서버가 믿는 값을 조작하거나,
쿠키를 통해 스크립트를 심을 수 있는지 점검한다.

The item: changing a cookie's value to pass as another user, gain a permission, alter a value
the server trusts, or inject script through it.

Attacks tried here, on this project's cookies:
- the session cookie: random ids, a valid id with one character changed, and a hand-made
  "session" claiming to be the superuser;
- the budget vote's device cookie (the fraud signals' "one device"): an id chosen by the
  attacker, markup, another browser's value with the signature removed;
- the language cookie: path-like, markup and unknown values;
- Django's messages cookie: an unsigned message with markup, and a message signed with the
  wrong key.

Controls: sessions live on the server (``cached_db``), the cookie only names them, so there is
nothing to edit in it, and an unknown id is an anonymous visitor; the device cookie is signed
(``egov_plugin.budgeting.voting``: an altered one reads as no device and is replaced); the
language cookie is matched against ``LANGUAGES`` (anything else falls back to Korean) and never
written into a page; the messages cookie is signed with ``SECRET_KEY`` (an unsigned or
wrongly signed one is dropped).
"""

import base64
import json

import pytest
from django.conf import settings
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core import signing
from django.test import Client, RequestFactory
from django.urls import reverse

from egov_plugin.budgeting import voting
from egov_plugin.budgeting.models import Ballot
from tests.budgeting.conftest import ballot_data, url, verify
from tests.budgeting.factories import BudgetVotePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", "pw")


@pytest.fixture
def outbox(settings):
    from django.core.cache import cache

    from egov_plugin.core import sms

    settings.EGOV_SMS_BACKEND = "egov_plugin.core.sms.LocmemBackend"
    sms.outbox.clear()
    cache.clear()
    yield sms.outbox
    sms.outbox.clear()


def test_a_forged_or_altered_session_cookie_is_an_anonymous_visitor(superuser):
    real = Client()
    real.force_login(superuser)
    key = real.cookies[settings.SESSION_COOKIE_NAME].value
    assert real.get(reverse("wagtailadmin_home")).status_code == 200
    handmade = base64.b64encode(json.dumps({"_auth_user_id": str(superuser.pk)}).encode())
    for forged in (key[:-1] + ("a" if key[-1] != "a" else "b"), "0" * 32, handmade.decode()):
        attacker = Client()
        attacker.cookies[settings.SESSION_COOKIE_NAME] = forged
        response = attacker.get(reverse("wagtailadmin_home"))
        assert response.status_code == 302, forged
        assert response["Location"].startswith(reverse("wagtailadmin_login"))


@pytest.mark.parametrize("forged", ["attacker-chosen-device", "<script>alert(1)</script>"])
def test_a_forged_device_cookie_is_not_recorded_and_is_replaced(outbox, regions, forged):
    vote = BudgetVotePageFactory()
    client = Client()
    client.cookies["egov_device"] = forged
    response = client.get(url(vote))
    assert response.status_code == 200
    issued = response.cookies["egov_device"].value
    assert issued != forged and forged not in issued  # a new, signed device id
    verify(client, vote, outbox)
    client.post(url(vote, "ballot/"), ballot_data(vote, regions))
    ballot = Ballot.objects.get()
    assert ballot.device_id != forged
    request = RequestFactory().get("/")
    request.COOKIES["egov_device"] = issued
    assert ballot.device_id == voting.device_id(request) != ""


def test_a_device_cookie_without_its_signature_counts_as_no_device(outbox, regions):
    vote = BudgetVotePageFactory()
    honest = Client()
    honest.get(url(vote))
    unsigned = honest.cookies["egov_device"].value.rsplit(":", 1)[0]
    attacker = Client()
    attacker.cookies["egov_device"] = unsigned  # another browser's id, signature stripped
    verify(attacker, vote, outbox, phone="010-0222-3333")
    attacker.cookies["egov_device"] = unsigned
    attacker.post(url(vote, "ballot/"), ballot_data(vote, regions))
    assert Ballot.objects.get().device_id == ""


@pytest.mark.parametrize("value", ["../../etc/passwd", "<script>alert(1)</script>", "xx-YY"])
def test_a_tampered_language_cookie_falls_back_to_korean(value):
    from tests.sitedata import ensure_site

    ensure_site()
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = value
    for path in ("/", reverse("wagtailadmin_login")):
        response = client.get(path)
        assert response.status_code == 200
        html = response.content.decode()
        assert 'lang="ko' in html
        assert value not in html


def _messages_cookie(text, key):
    storage = CookieStorage(request=None)
    storage.signer = signing.get_cookie_signer(salt=storage.key_salt)
    if key != settings.SECRET_KEY:
        storage.signer = signing.Signer(key=key, salt=storage.key_salt)
    return storage._encode([Message(constants.ERROR, text)])


def test_a_forged_messages_cookie_shows_nothing():
    client = Client()
    markup = "<script>alert('forged')</script>Approved by the administrator"
    # The control: a message signed with the site's key is shown (escaped).
    client.cookies["messages"] = _messages_cookie("서명된 메시지", settings.SECRET_KEY)
    assert "서명된 메시지" in client.get(reverse("wagtailadmin_login")).content.decode()
    for forged in (
        _messages_cookie(markup, "not-the-site-key"),
        base64.b64encode(json.dumps([["__json_message", 0, 40, markup]]).encode()).decode(),
        markup,
    ):
        client = Client()
        client.cookies["messages"] = forged
        response = client.get(reverse("wagtailadmin_login"))
        assert response.status_code == 200
        assert "Approved by the administrator" not in response.content.decode()
        assert "<script>alert('forged')" not in response.content.decode()

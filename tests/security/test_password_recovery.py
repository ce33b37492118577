"""KISA 웹 취약점 — 취약한 비밀번호 복구 절차 (Weak Password Recovery).

항목: 비밀번호 찾기·재설정 기능이 본인 확인 없이 새 비밀번호를 알려 주거나, 추측 가능한 정보만으로
재설정되거나, 재설정 링크가 재사용·유출될 수 있는지 점검한다.

The item: a password recovery that gives out or resets a password without checking who asks,
on guessable information, or through a reusable link.

Why it does not apply here, and what is tested instead: residents have no accounts and no
passwords (they verify with an SMS code for each opinion or vote). Staff passwords are reset
only by an administrator, in person, through Wagtail's user edit form
(``WAGTAIL_PASSWORD_RESET_ENABLED = False`` in the example site): there is no "forgot password"
mail that anyone who knows a staff e-mail address could trigger, nor a link that would then sit
in a mailbox. Tested: every route of Wagtail's password reset answers 404, anonymous and with a
staff member's real address; the login page offers no reset link; no mail is sent. An
administrator's reset is a permission change of its own (``test_insufficient_authorization``)
and follows the password rule (``test_weak_password_policy``).
"""

import pytest
from django.core import mail
from django.test import Client

pytestmark = pytest.mark.django_db

RESET_PATHS = [
    "/admin/password_reset/",
    "/admin/password_reset/done/",
    "/admin/password_reset/confirm/MQ/set-password/",
    "/admin/password_reset/confirm/MQ/c1x2y3-0123456789abcdef0123456789abcdef/",
    "/admin/password_reset/complete/",
]


@pytest.mark.parametrize("path", RESET_PATHS)
def test_the_password_reset_routes_do_not_exist(home, policy_staff, path):
    policy_staff.email = "lee@seongdong.example"
    policy_staff.save()
    client = Client()
    assert client.get(path).status_code == 404
    response = client.post(path, {"email": "lee@seongdong.example"})
    assert response.status_code == 404
    assert mail.outbox == []


def test_the_login_page_offers_no_reset_link(home):
    html = Client().get("/admin/login/").content.decode()
    assert "password_reset" not in html

"""KISA 웹 취약점 — 약한 비밀번호 정책 (Weak Password Policy).

항목: 관리자·사용자 계정에 추측하기 쉬운 비밀번호(짧은 길이, 한 종류의 문자, 연속·반복 문자,
아이디와 같은 값)를 쓸 수 있는지 점검한다. KISA 기준: 영문 대문자·소문자·숫자·특수문자 중
2종류 이상 조합 시 10자리 이상, 3종류 이상 조합 시 8자리 이상(이 사이트는 9자리 이상).

The item: accounts allowed easily guessed passwords — short, of one kind of character, runs
and repeats, the username itself. Residents have no accounts here (they verify by SMS code),
so the accounts are the staff's, created and changed in Wagtail's admin.

Attacks tried here: an administrator creating a staff account, and editing one, through
Wagtail's real user forms with the passwords a guesser tries first (``password``,
``12345678``, ``seongdong1``, ``abcd1234!``, the username, ``aaaa`` runs, 9 characters of two
kinds), and a staff member changing their own password to such a one; each is refused with
the rule in Korean, and nothing is saved. Passwords that follow the rule are accepted.

Controls: ``AUTH_PASSWORD_VALIDATORS`` of the example site — Django's similarity, minimum
length (9) and common-password validators and
``egov_plugin.privacy.passwords.CharacterClassPasswordValidator`` (9+ characters of three
kinds or 10+ of two; no runs or repeats of four). Guessing is limited by the login lock
(``tests/privacy/test_login.py``, ``test_automated_attacks``).
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

pytestmark = pytest.mark.django_db

WEAK = ["password", "12345678", "abcd1234!", "Zxy1111@@", "gusdnqkf!", "Seong9dx", "new-staff-kim"]
STRONG = ["Sd#2026gu-r7", "vq8!mzt3wp", "k3m9x7q2pl"]


@pytest.fixture
def admin(admin_client):
    """A superuser: the staff roles do not manage accounts (administrators of the system do)."""
    return admin_client


def _create(client, password, username="new-staff-kim"):
    return client.post(
        "/admin/users/new/",
        {
            "username": username,
            "email": "new.staff@seongdong.example",
            "first_name": "민수",
            "last_name": "김",
            "password1": password,
            "password2": password,
        },
    )


@pytest.mark.parametrize("password", WEAK)
def test_an_administrator_cannot_give_a_new_account_a_weak_password(admin, password):
    with translation.override("ko"):
        response = _create(admin, password)
    assert response.status_code == 200  # the form again, with the error
    assert not get_user_model().objects.filter(username="new-staff-kim").exists()
    assert "비밀번호" in response.content.decode()


@pytest.mark.parametrize("password", STRONG)
def test_a_password_following_the_rule_is_accepted(admin, password):
    response = _create(admin, password)
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert get_user_model().objects.get(username="new-staff-kim").check_password(password)


def test_the_rule_is_explained_in_korean(admin):
    with translation.override("ko"):
        html = _create(admin, "abcdefg1").content.decode()
    assert "2종류 이상" in html and "10자 이상" in html


def test_editing_an_account_cannot_set_a_weak_password(admin, policy_staff):
    response = admin.post(
        f"/admin/users/edit/{policy_staff.pk}/",
        {
            "username": policy_staff.username,
            "email": "lee@seongdong.example",
            "first_name": "",
            "last_name": "",
            "password1": "12341234",
            "password2": "12341234",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    policy_staff.refresh_from_db()
    assert not policy_staff.check_password("12341234")


def test_staff_cannot_change_their_own_password_to_a_weak_one(policy_staff):
    client = Client()
    client.force_login(policy_staff)
    response = client.post(
        "/admin/account/",
        {
            "password-old_password": "pw",
            "password-new_password1": "aaaa1111",
            "password-new_password2": "aaaa1111",
        },
    )
    policy_staff.refresh_from_db()
    assert policy_staff.check_password("pw")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "password, ok",
    [("abcdefghij", False), ("abcdefghi1", False), ("xkqmzpwv73", True), ("Xkqm!pw7", False),
     ("Xkqm!pw7z", True), ("xkqmzpw7!", True), ("Xk7!aaaa9z", False), ("Xk7!dcba9z", False)],
)  # fmt: skip
def test_the_validator_itself(password, ok):
    try:
        validate_password(password)
    except ValidationError:
        assert not ok
    else:
        assert ok

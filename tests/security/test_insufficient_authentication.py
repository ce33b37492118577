"""KISA 웹 취약점 — 불충분한 인증 절차 (Insufficient Authentication).

항목: 로그인하지 않고 관리 기능·개인정보 화면에 접근하거나, 중요 기능에 재인증이 없거나, 인증번호를
무제한 시도할 수 있는지 점검한다.

The item: admin functions or personal data reachable without signing in, important actions
without re-authentication, verification codes open to unlimited guessing.

Attacks tried here:
- every URL of the admin (the whole URLconf under the admin's path, Wagtail's and the
  package's, each filled with sample ids) requested anonymously with GET and POST: every one
  sends to the login page, or answers 403/404/405 — none answers 200 but the login page itself
  and Wagtail's public helpers (its icon sprite, its JavaScript translations);
- the private-file downloads (``/egov-files/…``) and Wagtail's document view anonymously;
- the budget-vote ballot and receipt without a verified number (the SMS step skipped);
- a staff member changing their own password without the current one;
- guessing a verification code: spent after ``EGOV_VERIFICATION_MAX_ATTEMPTS`` wrong codes
  (``test_automated_attacks``; the login lock likewise).

Re-authentication: the package's sensitive actions (exports of personal data, deletion of a
person's data, permission changes) need a signed-in staff member holding that permission,
each audited with a stated reason; Wagtail asks for the current password to change one.
Residents have no accounts: each opinion or vote is verified on its own (SMS code, signed
link). Controls: Wagtail's ``require_admin_access`` on every admin URL, the package's views'
permission checks (``test_insufficient_authorization``), ``egov_plugin.core.downloads``,
``egov_plugin.budgeting.voting``, ``egov_plugin.core.verification``.
"""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from tests.budgeting.factories import BudgetVotePageFactory

pytestmark = pytest.mark.django_db

PUBLIC_ADMIN = {"login/", "sprite/", "jsi18n/"}


def _routes(patterns, prefix=""):
    for entry in patterns:
        if not isinstance(entry.pattern, RoutePattern):
            continue  # Wagtail's admin has no regex routes that take input
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route


def admin_paths():
    routes = sorted(set(_routes(get_resolver().url_patterns)))
    return ["/" + re.sub(r"<[^>]+>", "1", r) for r in routes if r.startswith("admin/")]


def test_there_are_many_admin_routes_to_try(home):
    assert len(admin_paths()) > 200  # the walk found Wagtail's and the package's


def test_every_admin_route_needs_a_login(home, admin_user):
    client = Client(raise_request_exception=False)
    opened = []
    for path in admin_paths():
        if path.removeprefix("/admin/") in PUBLIC_ADMIN:
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            code = response.status_code
            if code in (403, 404, 405):
                continue
            if code == 302 and "/admin/login/" in response["Location"]:
                continue
            opened.append((method, path, code))
    assert opened == []


def test_private_files_and_documents_need_a_login(home):
    client = Client(raise_request_exception=False)
    for path in ("/egov-files/mail/1/", "/egov-files/upload/1/", "/documents/1/x.pdf"):
        assert client.get(path).status_code in (302, 403, 404), path


def test_the_ballot_needs_a_verified_number(home):
    vote = BudgetVotePageFactory()
    client = Client()
    for path in ("ballot/", "receipt/"):
        response = client.get(vote.url + path)
        assert response.status_code in (302, 403, 404), path
        if response.status_code == 302:  # back to the vote's first step
            assert path not in response["Location"]
    assert client.post(vote.url + "ballot/", {"projects": ["1"]}).status_code in (302, 403, 404)


def test_a_password_change_needs_the_current_password(policy_staff):
    client = Client()
    client.force_login(policy_staff)
    client.post(
        "/admin/account/",
        {
            "password-old_password": "not-my-password",
            "password-new_password1": "Sd#2026gu-r7",
            "password-new_password2": "Sd#2026gu-r7",
        },
    )
    policy_staff.refresh_from_db()
    assert policy_staff.check_password("pw") and not policy_staff.check_password("Sd#2026gu-r7")

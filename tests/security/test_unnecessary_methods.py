"""KISA 웹 취약점 — 불필요한 Method 악용 (Unnecessary HTTP Methods).

항목: PUT, DELETE, TRACE, OPTIONS, PATCH, CONNECT 등 서비스에 필요 없는 HTTP 메서드가 허용되어
파일을 올리거나 지우고, 요청 내용을 되돌려 받거나(TRACE, XST), 예상하지 못한 처리가 일어나는지
점검한다.

The item: HTTP methods the service does not need (PUT, DELETE, TRACE, OPTIONS, PATCH, CONNECT)
being accepted, letting an attacker write or delete, echo the request back (cross-site tracing)
or reach code paths never meant for them.

Attacks tried here: every such method (and an invented one) against the resident pages
(home, consultation list and page, the opinion form's URL, the budget vote's routes), the
unsubscribe link, the private-file download, Wagtail's document view, the admin (login, pages,
the access records, an edit form) anonymous and signed in. Before the fix Wagtail's page views
answered ``PUT``/``DELETE``/``OPTIONS``/``TRACE`` like a ``GET`` (200).

Wanted: 405 with ``Allow: GET, HEAD, POST`` (or 400/404 where the path itself is refused) —
never 200, 2xx or 500, and never the request echoed back.

Control: ``egov_plugin.core.request_hygiene.RequestHygieneMiddleware`` (``EGOV_OTHER_METHODS_PATHS``
lists the prefixes of any API a site adds that needs other methods). The web server in front
should refuse ``TRACE`` itself as well (docs/concepts/security.md).
"""

import pytest
from django.test import Client

from tests.budgeting.factories import BudgetVotePageFactory

pytestmark = pytest.mark.django_db

METHODS = ["PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "PROPFIND", "FOO"]


@pytest.fixture
def resident_paths(consultation):
    vote = BudgetVotePageFactory()
    return [
        "/",
        "/consultations/",
        consultation.url,
        consultation.url + "?page=2",
        vote.url,
        vote.url + "verify/",
        vote.url + "ballot/",
        "/outreach/unsubscribe/not-a-token/",
        "/egov-files/mail/1/",
        "/documents/1/x.pdf",
    ]


ADMIN_PATHS = [
    "/admin/",
    "/admin/login/",
    "/admin/pages/",
    "/admin/egov/privacy/access/",
    "/admin/users/",
    "/admin/logout/",
]


def assert_refused(response, method, path):
    assert response.status_code in (400, 404, 405), (method, path, response.status_code)
    if response.status_code == 405:
        assert response["Allow"] == "GET, HEAD, POST"
    assert b"X-Echo-Probe" not in response.content  # TRACE must not echo the request


@pytest.mark.parametrize("method", METHODS)
def test_resident_routes_refuse_other_methods(resident_paths, method):
    client = Client(raise_request_exception=False)
    for path in resident_paths:
        response = client.generic(method, path, "x=1", HTTP_X_ECHO_PROBE="X-Echo-Probe")
        assert_refused(response, method, path)


@pytest.mark.parametrize("method", METHODS)
def test_admin_routes_refuse_other_methods_also_when_signed_in(home, administrator, method):
    anonymous = Client(raise_request_exception=False)
    staff = Client(raise_request_exception=False)
    staff.force_login(administrator)
    for client in (anonymous, staff):
        for path in ADMIN_PATHS + [f"/admin/pages/{home.pk}/edit/"]:
            response = client.generic(method, path, "{}", HTTP_X_ECHO_PROBE="X-Echo-Probe")
            assert_refused(response, method, path)
    assert "_auth_user_id" in staff.session  # a DELETE on logout signed nobody out


def test_get_head_and_post_still_work(consultation, opinion_data):
    client = Client()
    assert client.get(consultation.url).status_code == 200
    assert client.head(consultation.url).status_code == 200
    assert client.post(consultation.url, opinion_data).status_code in (200, 302)


def test_a_site_api_may_take_other_methods(home, settings):
    settings.EGOV_OTHER_METHODS_PATHS = ["/api/"]
    response = Client(raise_request_exception=False).put("/api/thing/", "{}")
    assert response.status_code == 404  # passed on to the URLconf, which has no such API
    assert Client().put("/", "{}").status_code == 405

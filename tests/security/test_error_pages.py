"""KISA 웹 취약점 — 에러 페이지 적용 미흡 (Improper Error Handling).

항목: 오류가 났을 때 웹 서버·프레임워크의 기본 오류 페이지가 나와 서버 종류와 버전, 내부 경로,
소스 코드, 예외 추적(traceback) 정보가 드러나는지 점검한다.

The item: the server's or framework's default error pages showing its kind and version, paths
on the server, source code or a traceback.

Attacks tried here, against the example site's own routes with ``DEBUG = False``:
- each error a visitor can cause — 400 (a forged ``Host``, NUL characters), 403 (a staff page
  without the right, a form without its CSRF token), 404 (a page that does not exist, anonymous
  and signed in), 405 (``PUT``), 500 (a view that raises) — answers with the site's own Korean
  page, built on ``base.html``, carrying no traceback, no version, no Django/Wagtail default page;
- NUL characters and broken (lone surrogate) characters in query parameters and form fields —
  the resident consultation search ``/consultations/?q=a%00b`` without login, the opinion form,
  the admin's access-record filters — which used to answer 500 with a traceback holding the
  mobile number of the same form (issue 13 item 8): now 400 with a message in Korean, the log
  line names no field value.

Controls: ``egov_plugin.core.errors`` (``handler400/403/404/500`` and ``CSRF_FAILURE_VIEW`` of
``example_site/urls.py`` and settings), templates ``egov_core/errors/<code>.html``;
``egov_plugin.core.request_hygiene.RequestHygieneMiddleware`` (400 for NUL/surrogates, 405);
``DEBUG = False`` in the production profile (``tests/security/test_plaintext_transmission.py``
runs ``check --deploy``).
"""

import logging

import pytest
from django.test import Client, override_settings
from django.urls import path

from egov_plugin.consultations.models import Opinion
from example_site import urls as site_urls

pytestmark = pytest.mark.django_db

LEAKS = (b"Traceback", b"Django", b"django", b"Wagtail", b"wagtail", b"Python", b"/work/", b"DEBUG")


def boom(request):
    raise RuntimeError("secret detail: 010-1234-5678")


urlpatterns = [path("boom/", boom), *site_urls.urlpatterns]
handler400 = site_urls.handler400
handler403 = site_urls.handler403
handler404 = site_urls.handler404
handler500 = site_urls.handler500


def assert_site_error_page(response, code, korean, leaks=LEAKS):
    assert response.status_code == code
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert korean in html, html[:500]
    assert "<main" in html and 'lang="ko"' in html  # the site's base.html
    for leak in leaks:
        assert leak not in response.content, leak
    assert "010-1234-5678" not in html


def test_404_is_the_sites_korean_page(home):
    assert_site_error_page(Client().get("/no-such-page/"), 404, "페이지를 찾을 수 없습니다")


def test_404_for_signed_in_staff_is_the_same_page(home, administrator):
    client = Client()
    client.force_login(administrator)
    # Staff see Wagtail's user bar on every page of the site, also this one.
    response = client.get("/no-such-page/")
    assert_site_error_page(response, 404, "페이지를 찾을 수 없습니다", leaks=(b"Traceback",))


def test_400_for_a_forged_host(home, settings):
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]  # the test profile allows any
    response = Client().get("/", HTTP_HOST="evil.example.com:99999")
    assert_site_error_page(response, 400, "요청을 처리할 수 없습니다")


def test_403_for_a_staff_page_without_the_right(home, policy_staff):
    client = Client()
    client.force_login(policy_staff)
    response = client.get("/admin/egov/audit/")
    # Wagtail's admin answers refusals itself (a redirect or its own page); never a traceback.
    assert response.status_code in (302, 403)
    for leak in (b"Traceback", b"RuntimeError"):
        assert leak not in response.content


def test_403_for_a_form_without_its_csrf_token(consultation):
    client = Client(enforce_csrf_checks=True)
    response = client.post(consultation.url, {"text": "x"})
    assert_site_error_page(response, 403, "CSRF")
    assert "새로고침" in response.content.decode()


def test_405_for_put_on_a_resident_page(consultation):
    response = Client().put(consultation.url, "x=1")
    assert_site_error_page(response, 405, "허용되지 않는 요청")
    assert response["Allow"] == "GET, HEAD, POST"


@override_settings(ROOT_URLCONF=__name__)
def test_500_shows_nothing_of_the_error(home):
    client = Client(raise_request_exception=False)
    assert_site_error_page(client.get("/boom/"), 500, "일시적인 오류가 발생했습니다")


@pytest.mark.parametrize(
    "query",
    ["?q=a%00b", "?q=%00", "?q%00=1", "?page=1%00", "?q=%ED%A0%80", "?q=%F4%90%80%80"],
)
def test_nul_in_the_consultation_search_is_a_400_not_a_500(consultation_index, query):
    response = Client(raise_request_exception=False).get("/consultations/" + query)
    if query in ("?q=%ED%A0%80", "?q=%F4%90%80%80"):
        # Invalid UTF-8 is decoded to U+FFFD by Django: an ordinary (if odd) search.
        assert response.status_code == 200
        return
    assert_site_error_page(response, 400, "사용할 수 없는 문자")


def test_nul_in_the_opinion_form_is_refused_and_nothing_is_stored(
    consultation, opinion_data, caplog
):
    data = {**opinion_data, "text": "조명\x00을 설치해 주세요"}
    with caplog.at_level(logging.WARNING):
        response = Client(raise_request_exception=False).post(consultation.url, data)
    assert_site_error_page(response, 400, "사용할 수 없는 문자")
    assert not Opinion.objects.exists()
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "010-1234-5678" not in logged and "김민수" not in logged


def test_a_lone_surrogate_in_a_form_field_is_refused(rf):
    from egov_plugin.core.request_hygiene import RequestHygieneMiddleware

    # No HTTP client can send one (it is not valid UTF-8): a value decoded with the
    # surrogateescape handler upstream, e.g. by a WSGI layer, still must not reach a view.
    request = rf.post("/", {"name": "x"})
    planted = request.POST.copy()  # what a lenient decoder would have kept
    planted["name"] = "김\udcff"
    request._post = planted
    response = RequestHygieneMiddleware(lambda r: pytest.fail("the view was reached"))(request)
    assert response.status_code == 400


@pytest.mark.parametrize("field", ["person", "actor", "timestamp_after"])
def test_nul_in_the_access_record_filters_is_a_400(home, administrator, field):
    client = Client(raise_request_exception=False)
    client.force_login(administrator)
    response = client.get("/admin/egov/privacy/access/", {field: "010-1234-5678\x00"})
    assert_site_error_page(response, 400, "사용할 수 없는 문자")

"""KISA 웹 취약점 — 정보 누출 (Information Leakage).

항목: 웹 서버·프레임워크의 종류와 버전, 오류 메시지의 추적 정보, 주석, 공개 페이지와 로그 등에
불필요한 정보나 개인정보(전화번호·이메일·이름)가 노출되는지 점검한다.

The item: server and framework names and versions in headers, stack traces, comments, public
pages, logs or error reports giving away internal detail or personal data.

Attacks tried here:
- reading the answer headers of resident pages, the admin login and the real gunicorn server
  for ``Server``/``X-Powered-By`` version strings;
- reading the resident pages (consultation list and page with published opinions by residents
  with mobile numbers and e-mail addresses) and their HTML comments for a phone number or an
  e-mail address;
- ``robots.txt`` and the sitemap for the admin's path;
- searches and forms that carry phone numbers, e-mail addresses and names (the admin's
  access-record search, ``/consultations/?q=…``), then errors quoting them (a forged ``Host``
  naming an e-mail address, an exception whose message holds a mobile number): no log line,
  gunicorn's included, and no Django error report holds them in clear (issue 13 item 9).

Controls: ``egov_plugin.core.logmasking`` (``PersonalDataFilter``, the default of
``EGOV_LOG_MASKING_FILTER`` used by ``egov_plugin.core.jsonlog``; Django's
``DEFAULT_EXCEPTION_REPORTER``/``_FILTER`` in the example site), ``egov_plugin.core.jsonlog``
(paths without query strings, gunicorn's access records rebuilt), ``egov_plugin.core.errors``
(error pages without detail; ``test_error_pages``), the masked opinion list of
``egov_plugin.consultations``. Closed consultations are invisible to the public:
``tests/consultations/test_closed_visibility.py``; personal pages are ``no-store``:
``tests/budgeting/test_personal_pages.py``.
"""

import json
import logging
import re
import sys

import pytest
from django.test import Client, RequestFactory
from django.views.debug import get_exception_reporter_class

from egov_plugin.consultations.models import Opinion
from egov_plugin.core.jsonlog import JsonFormatter, personal_data_filter
from tests.consultations.test_moderation import make_opinion

pytestmark = pytest.mark.django_db

PHONE = re.compile(r"01[016789]-?\d{3,4}-?\d{4}")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
VERSION = re.compile(r"\d+\.\d+")


def assert_no_version_headers(headers):
    assert "X-Powered-By" not in headers
    server = headers.get("Server", "")
    assert not VERSION.search(server), server


def test_resident_and_admin_answers_name_no_software_version(consultation, client):
    for path in ("/", "/consultations/", consultation.url, "/admin/login/", "/no-such-page/"):
        assert_no_version_headers(client.get(path).headers)


@pytest.fixture
def published(consultation):
    opinion = make_opinion(
        consultation,
        "산책로 조명을 늘려 주세요. 연락은 010-2222-3333 으로 주세요.",
        name="박서연",
        status=Opinion.Status.PUBLISHED,
        email="seoyeon.park@example.com",
    )
    return opinion


def test_resident_pages_show_no_phone_number_or_e_mail_address(published, client):
    consultation = published.page
    for path in ("/consultations/", consultation.url, consultation.url + "?page=1"):
        html = client.get(path).content.decode()
        found = [n for n in PHONE.findall(html) if n.replace("-", "")[-4:] != "****"]
        # The text a resident wrote is theirs to publish; no contact field is rendered.
        assert published.person.mobile not in html
        assert "seoyeon.park@example.com" not in html
        assert "박서연" not in html  # the list shows names masked: 박*연
        for comment in re.findall(r"<!--(.*?)-->", html, re.S):
            assert not PHONE.search(comment) and not EMAIL.search(comment), comment
        assert all("2222-3333" in n for n in found), found


def test_robots_and_sitemap_do_not_name_the_admin(consultation, client):
    for path in ("/robots.txt", "/sitemap.xml"):
        response = client.get(path)
        assert response.status_code in (200, 404)
        assert b"/admin" not in response.content
    for page in (consultation, consultation.get_parent()):
        for url in page.specific.get_sitemap_urls():
            assert "/admin" not in url["location"]


def _masking_handler():
    """A handler as the production LOGGING builds it: the masking filter and the JSON lines."""
    lines = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(self.format(record))

    handler = Collect()
    handler.setFormatter(JsonFormatter())
    handler.addFilter(personal_data_filter())
    return handler, lines


@pytest.fixture
def django_log():
    handler, lines = _masking_handler()
    loggers = [logging.getLogger(name) for name in ("django", "egov_plugin")]
    for logger in loggers:
        logger.addHandler(handler)
    yield lines
    for logger in loggers:
        logger.removeHandler(handler)


def test_a_forged_host_naming_an_e_mail_address_is_logged_masked(home, settings, django_log):
    settings.ALLOWED_HOSTS = ["testserver"]
    Client().get("/", HTTP_HOST="hong.gildong@example.com")
    text = "\n".join(django_log)
    assert "DisallowedHost" in text or "Invalid HTTP_HOST" in text
    assert "hong.gildong@example.com" not in text
    assert "h***@example.com" in text


def test_an_exception_quoting_a_mobile_number_is_logged_masked(home, django_log, settings):
    settings.ROOT_URLCONF = "tests.security.test_error_pages"
    Client(raise_request_exception=False).get("/boom/?q=김민수&mobile=010-1234-5678")
    records = [json.loads(line) for line in django_log]
    errors = [r for r in records if r.get("exc_info")]
    assert errors, records
    assert "RuntimeError" in errors[0]["exc_info"]  # operators keep the traceback
    text = "\n".join(django_log)
    assert "010-1234-5678" not in text and "010-1234-****" in text
    assert "김민수" not in text


def test_the_admin_person_search_does_not_reach_the_log_in_clear(
    home, administrator, django_log, settings
):
    client = Client(raise_request_exception=False)
    client.force_login(administrator)
    # A search that fails in the view (NUL) and one that works; neither may be logged.
    client.get("/admin/egov/privacy/access/", {"person": "010-5555-6666\x00"})
    client.get("/admin/egov/privacy/access/", {"person": "010-5555-6666"})
    assert "5555-6666" not in "\n".join(django_log)


def _resident_post():
    # Built here, not in the test: the report shows the source lines around the failing one.
    return RequestFactory().post(
        "/consultations/x/?q=김민수&email=hong%40example.com",
        {"mobile": "010-1234-5678", "text": "제 번호는 010-9999-8888 입니다", "stance": "agree"},
    )


def test_djangos_error_report_masks_the_query_the_form_and_the_frames(settings):
    request = _resident_post()
    try:
        mobile, email = request.POST["mobile"], request.GET["email"]  # the frame's locals
        raise ValueError(f"no person with {mobile} / {email}")
    except ValueError:
        reporter = get_exception_reporter_class(request)(request, *sys.exc_info())
        report = reporter.get_traceback_text() + reporter.get_traceback_html()
    for clear in ("010-1234-5678", "010-9999-8888", "hong@example.com", "hong%40example.com"):
        assert clear not in report, clear
    assert "김민수" not in report
    assert "agree" in report  # what carries no personal data stays readable


def test_gunicorn_logs_no_personal_data(production_server):
    """The real server (scripts/serve: gunicorn with the production logging): a person
    search in the query, a referrer with a phone number, a forged Host naming an address."""
    client = production_server.client()
    client.get(
        "/consultations/?q=010-7777-4444&email=kim.resident%40example.com",
        headers={"Referer": "https://x.example/?mobile=010-7777-4444"},
    )
    client.get("/", headers={"Host": "kim.resident@example.com"})
    client.get("/consultations/?q=%00010-7777-4444")
    log = production_server.log_text()
    assert "7777-4444" not in log
    assert "kim.resident@example.com" not in log and "kim.resident%40example.com" not in log
    assert_no_version_headers(client.get("/").headers)

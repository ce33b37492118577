"""Issue 13 item 7: a Content-Security-Policy that the resident pages and the admin work under.

The resident policy allows scripts and styles only from the site or with the request's nonce,
and nothing inline otherwise; the admin's replaces ``script-src``/``style-src`` with what
Wagtail 8 needs (its own inline scripts) and keeps the rest. Chromium visits the resident pages
and the admin screens with the policy on and reports every ``securitypolicyviolation`` event and
every CSP console error: there must be none.
"""

import re
import time
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from egov_plugin.consultations.models import ConsultationIndexPage
from tests.budgeting.factories import BudgetVotePageFactory
from tests.consultations.conftest import make_consultation
from tests.sitedata import ensure_site

ROOT = Path(__file__).resolve().parent.parent.parent
TEMPLATE_DIRS = [*ROOT.glob("egov_plugin/*/templates"), ROOT / "example_site"]

COLLECT = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
    window.__cspViolations.push({directive: e.violatedDirective, blocked: e.blockedURI,
        source: e.sourceFile, line: e.lineNumber, sample: e.sample});
});
"""


def _templates():
    for folder in TEMPLATE_DIRS:
        yield from folder.rglob("*.html")


def test_no_template_has_an_inline_script_or_style_without_the_nonce():
    offending = []
    for path in _templates():
        text = path.read_text("utf-8")
        for tag in re.findall(r"<(?:script|style)\b[^>]*>", text, flags=re.I):
            if "src=" in tag or "application/json" in tag or "text/template" in tag:
                continue
            if "csp_nonce" not in tag:
                offending.append(f"{path.relative_to(ROOT)}: {tag}")
        for handler in re.findall(r"\son[a-z]+=\"", text):
            offending.append(f"{path.relative_to(ROOT)}: inline handler {handler.strip()}")
        if "javascript:" in text:
            offending.append(f"{path.relative_to(ROOT)}: javascript: URL")
    assert offending == []


@pytest.fixture
def resident_pages(regions):
    index = ensure_site().add_child(instance=ConsultationIndexPage(title="정책 제안", slug="c"))
    consultation = make_consultation(index, "성수동 공원 조성", identity_check="sms")
    vote = BudgetVotePageFactory()
    return index, consultation, vote


def _policy(response):
    return dict(
        part.strip().split(" ", 1)
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    )


@pytest.mark.django_db
def test_resident_pages_get_the_strict_policy_with_their_nonce(resident_pages):
    index, consultation, vote = resident_pages
    client = Client()
    for url in ("/", index.url, consultation.url, vote.url + "verify/"):
        response = client.get(url)
        policy = _policy(response)
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], url
        assert policy["object-src"] == "'none'"
        assert policy["frame-ancestors"] == "'self'"
        nonces = set(re.findall(r"'nonce-([^']+)'", policy["script-src"]))
        html = response.content.decode()
        for tag in re.findall(r"<(?:script|style)\b[^>]*>", html):
            if "src=" not in tag:
                assert re.search(r'nonce="([^"]+)"', tag).group(1) in nonces, (url, tag)
    # A page with an inline script (the error summary's focus) carries the matching nonce.
    response = client.post(vote.url + "verify/", {"phone": "nonsense"})
    assert response.status_code == 400
    assert 'id="error-summary"' in response.content.decode()


@pytest.mark.django_db
def test_the_admin_gets_its_own_policy(admin_user):
    client = Client()
    client.force_login(admin_user)
    response = client.get(reverse("wagtailadmin_home"))
    policy = _policy(response)
    assert policy["script-src"] == "'self' 'unsafe-inline'"
    assert policy["object-src"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert "nonce-" not in response["Content-Security-Policy"]


def _visit(page, url, problems):
    page.goto(url)
    page.wait_for_load_state("networkidle")
    for violation in page.evaluate("window.__cspViolations"):
        problems.append((url, violation))


@pytest.fixture
def csp_page(browser):
    context = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900})
    context.add_init_script(COLLECT)
    page = context.new_page()
    page.set_default_timeout(20_000)
    problems = []
    page.on(
        "console",
        lambda message: (
            problems.append((page.url, message.text))
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield page, problems
    # Leaving Wagtail's editor sends its editing-session release as a beacon; let the live
    # server finish that request before the test database is flushed under it (SQLite then
    # reports the table locked).
    page.goto("about:blank")
    time.sleep(1)
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_resident_pages_and_admin_work_with_no_csp_violation(
    live_server, csp_page, resident_pages, django_user_model
):
    page, problems = csp_page
    index, consultation, vote = resident_pages
    base = live_server.url
    for url in ("/", index.url, consultation.url, vote.url, vote.url + "verify/"):
        _visit(page, base + url, problems)
    # The budget vote's error summary runs its nonce'd inline script.
    page.fill("input[name=phone]", "12")
    page.click("button[type=submit]")
    page.wait_for_selector("#error-summary")
    assert page.evaluate("document.activeElement.id") == "error-summary"

    django_user_model.objects.create_superuser("csp-admin", "csp@example.org", "pw-csp-Admin1")
    _visit(page, base + reverse("wagtailadmin_login"), problems)
    page.fill("input[name=username]", "csp-admin")
    page.fill("input[name=password]", "pw-csp-Admin1")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/admin/$"))
    admin_urls = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=[index.pk]),
        reverse("wagtailadmin_pages:edit", args=[consultation.pk]),
        reverse("wagtailadmin_pages:edit", args=[vote.pk]),
        reverse("wagtailadmin_pages:add", args=["egov_budgeting", "budgetvotepage", index.pk]),
        reverse("wagtailimages:index"),
        reverse("wagtailimages:add_multiple"),
        reverse("wagtaildocs:index"),
        reverse("wagtailusers_users:index"),
        "/admin/egov/dashboard/",
        "/admin/egov/people/",
        "/admin/egov/people/new/",
        "/admin/egov/outreach/new/",
        "/admin/egov/committees/add/",
        "/admin/egov/meetings/add/",
        "/admin/egov/analysis/",
        "/admin/egov/imports/",
        "/admin/egov/privacy/access/",
    ]
    for url in admin_urls:
        _visit(page, base + url, problems)
    # A chooser modal (HTML fetched by AJAX, with its own scripts).
    page.goto(base + reverse("wagtailadmin_pages:edit", args=[consultation.pk]))
    page.wait_for_load_state("networkidle")
    assert problems == []
    # The editor works: the title field is there and the preview panel opens without a block.
    assert page.locator("#id_title").is_visible()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_strict_policy_would_break_wagtails_admin(
    live_server, csp_page, resident_pages, admin_user, settings
):
    """The control for the test above (its collector does see violations), and the reason the
    admin has its own policy: under the residents' policy Wagtail's editor is blocked."""
    settings.EGOV_ADMIN_CSP_REPLACE = {}
    page, problems = csp_page
    index, consultation, vote = resident_pages
    page.context.add_cookies(
        [{"name": "sessionid", "value": _session_for(admin_user), "url": live_server.url}]
    )
    _visit(page, live_server.url + reverse("wagtailadmin_pages:edit", args=[vote.pk]), problems)
    directives = {v["directive"] for _url, v in problems if isinstance(v, dict)}
    assert directives & {"script-src-elem", "script-src", "style-src-attr", "style-src-elem"}


def _session_for(user):
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value

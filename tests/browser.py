"""Browser-test support: Debian's Chromium driven by Playwright, and axe-core checks.

Use the ``phone_page`` fixture (a 390×844 phone viewport, Korean locale) with pytest-django's
``live_server``; ``serious_violations(page)`` runs axe-core in the page and returns the
serious and critical findings. Playwright's own browser download does not work on our
machines, so the browser is the system's ``chromium``.
"""

import os
import shutil
import threading
from pathlib import Path

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make around
# it are ordinary synchronous calls, which Django would otherwise refuse.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class _OneRequestAtATimeServer(ThreadedWSGIServer):
    """The live server, answering one request at a time when it shares the test's connection.

    On SQLite the test database is in memory, so pytest-django hands the live server the test
    thread's one connection, and Django's threaded server then runs the browser's parallel
    requests (a staff page, its sprite, its session save) on it at once: "database table is
    locked: django_session", "cannot start a transaction within a transaction". A browser keeps
    several connections open, so the lock is taken per request (the application call and its
    whole body), not per connection. PostgreSQL gives each thread its own connection and keeps
    Django's concurrency.
    """

    def set_app(self, application):
        if self.connections_override:
            application = _one_at_a_time(application)
        super().set_app(application)


def _one_at_a_time(application):
    lock = threading.Lock()

    def serialized(environ, start_response):
        with lock:
            result = application(environ, start_response)
            try:
                return list(result)
            finally:
                if hasattr(result, "close"):
                    result.close()

    return serialized


# pytest-django's ``live_server`` builds its thread from this class when the session starts.
LiveServerThread.server_class = _OneRequestAtATimeServer


@pytest.fixture(scope="session")
def live_server(request, django_db_setup):
    """pytest-django's live server, started only once the test database exists.

    pytest-django's own fixture does not wait for the database: when a worker's first test
    asks for ``live_server`` before ``db``, the server starts while the settings still name the
    real database, hands over no connection, and every request thread then opens a connection
    of its own to the shared in-memory database, where SQLite's table locks do not wait
    ("database table is locked: django_session"). Started after the set-up, the server shares
    the test's connection, as Django's own ``LiveServerTestCase`` does, and answers one request
    at a time on it.
    """
    from pytest_django.live_server_helper import LiveServer

    address = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    server = LiveServer(address)
    yield server
    server.stop()


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "ko-KR",
    "timezone_id": "Asia/Seoul",
    # A Galaxy phone's Chrome, as the district's residents mostly use.
    "user_agent": (
        "Mozilla/5.0 (Linux; Android 14; SM-S921N) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36"
    ),
}


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail("Debian's chromium is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def _axe_source():
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text("utf-8")


def serious_violations(page):
    """axe-core's serious and critical violations on the current page (WCAG 2.1 A/AA rules)."""
    # Evaluated over the DevTools protocol, not added as an inline <script>: the site's
    # Content-Security-Policy (rightly) refuses inline scripts without its nonce.
    page.evaluate(_axe_source())
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
        })"""
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page):
    """Every axe-core violation (any impact) of the WCAG 2.0/2.1 A and AA rules on the page.

    ``[{"id", "impact", "help", "nodes"}]``; KWCAG 2.2 asks for all of them, not only the serious.
    """
    page.evaluate(_axe_source())
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]


def tick(element, checked=True):
    """Tick (or untick) a radio button or checkbox as a person does: by clicking its label.

    KRDS hides the input itself (1 pixel, clipped) and draws the box on its ``<label>``, so
    Playwright's own ``check()`` finds nothing visible to click.
    """
    if element.is_checked() != checked:
        element.page.locator(f"label[for='{element.get_attribute('id')}']").click()
    assert element.is_checked() == checked


DESKTOP = {
    "viewport": {"width": 1366, "height": 900},
    "locale": "ko-KR",
    "timezone_id": "Asia/Seoul",
}


@pytest.fixture
def desktop_page(browser):
    """A 1366×900 desktop window, as a district office's PC has."""
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


#: Latin-letter words a Korean staff screen may show: names of formats, services and standards
#: that Korean offices write in Latin letters too.
ENGLISH_ALLOWED = frozenset(
    {
        "CSV", "XLSX", "XLS", "ODS", "HWP", "HWPX", "PDF", "DOCX", "ZIP", "UTF", "CP", "MB", "KB",
        "SMS", "LMS", "MMS", "QR", "ID", "IP", "URL", "OK", "SNS", "CCTV",
        "e", "E", "A", "B", "C", "D",
        "Wagtail",  # the product name in the footer and the version line
        "X",  # the network's own name: X(트위터), as the residents' share buttons write it
    }
)  # fmt: skip

_VISIBLE_TEXT_JS = """() => {
    const parts = [document.body.innerText];
    for (const el of document.querySelectorAll('[placeholder],[aria-label],[title],img[alt]')) {
        const style = getComputedStyle(el);
        if (style.display === 'none' || style.visibility === 'hidden') continue;
        if (el.closest('[hidden]')) continue;
        for (const a of ['placeholder', 'aria-label', 'title', 'alt']) {
            if (el.getAttribute(a)) parts.push(el.getAttribute(a));
        }
    }
    for (const el of document.querySelectorAll('input[type=submit],input[type=button]')) {
        parts.push(el.value);
    }
    return parts.join('\\n');
}"""


def visible_text(page):
    """What a user reads on the page: its rendered text and the labels of its controls."""
    return page.evaluate(_VISIBLE_TEXT_JS)


def english_words(page, allowed=frozenset()):
    """Latin-letter words on the page outside ``ENGLISH_ALLOWED`` (e-mail addresses, web
    addresses and file names taken out first: those are data, not the interface's language)."""
    import re

    text = visible_text(page)
    text = re.sub(
        r"\S+@\S+|https?://\S+|\b[\w.-]+\.(?:xlsx|xls|csv|ods|pdf|hwp|jpg|png)\b", " ", text
    )
    words = set(re.findall(r"[A-Za-z][A-Za-z']*", text))
    # File extensions are written in lower case too: "(.xlsx, .xls)".
    return sorted(
        w
        for w in words
        if w not in ENGLISH_ALLOWED and w.upper() not in ENGLISH_ALLOWED and w not in allowed
    )


_RELATIVE = (
    r"\d+\s*(?:초|분|시간|일|주|개월|달|년)\s*(?:전|후|뒤)"
    r"|방금|Just now|\bago\b|\bfrom now\b"
)


def relative_dates(page):
    """Relative dates on the page ("3일 전", "방금", "Just now"): every date must be absolute."""
    import re

    return sorted(set(re.findall(_RELATIVE, visible_text(page))))


_HIDDEN_LABELS_JS = """() => {
    const problems = [];
    const controls = document.querySelectorAll(
        'button, a.button, [role=button], input[type=submit], input[type=button]');
    for (const el of controls) {
        const style = getComputedStyle(el);
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') continue;
        // Skip links show only when focused (they sit under the sidebar until then).
        const skip = '[hidden], [aria-hidden=true], .w-sr-only, .visuallyhidden, .skiplink';
        if (el.closest(skip)) continue;
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        let node;
        while ((node = walker.nextNode())) {
            if (!node.textContent.trim()) continue;
            const parent = node.parentElement;
            if (parent.closest('.w-sr-only, .visuallyhidden, [hidden]')) continue;
            const ps = getComputedStyle(parent);
            if (ps.display === 'none' || ps.visibility === 'hidden') continue;
            if (ps.fontSize === '0px') continue;
            parent.scrollIntoView({block: 'center', inline: 'center'});
            const range = document.createRange();
            range.selectNodeContents(node);
            const r = range.getBoundingClientRect();
            const b = el.getBoundingClientRect();
            const label = node.textContent.trim().slice(0, 40);
            if (r.width === 0 || r.height === 0) continue;
            const outside = r.left < b.left - 1 || r.right > b.right + 1
                || r.top < b.top - 1 || r.bottom > b.bottom + 1;
            if (outside) {
                problems.push({label, why: 'outside the button'});
                continue;
            }
            const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
            const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
            const hit = document.elementFromPoint(x, y);
            // The topmost element at the label's centre must hold the label: an icon drawn
            // over it (even one inside the same button) hides it.
            if (hit && !hit.contains(node)) {
                const what = hit.tagName.toLowerCase() + '.' + (hit.getAttribute('class') || '');
                problems.push({label, why: 'covered by ' + what});
            }
        }
    }
    return problems;
}"""


def hidden_button_labels(page):
    """Buttons whose label text is outside the button's box or covered by something else."""
    found = page.evaluate(_HIDDEN_LABELS_JS)
    page.evaluate("() => window.scrollTo(0, 0)")
    return found


def wcag_violations(page, known=()):
    """Every axe-core violation (any impact) at the WCAG 2.0/2.1 A and AA tags, except the rule
    ids in ``known`` — each of which the caller must name with its reason."""
    page.evaluate(_axe_source())
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
        })"""
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["id"] not in known
    ]

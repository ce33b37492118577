"""Browser-test support: Debian's Chromium driven by Playwright, and axe-core checks.

Use the ``phone_page`` fixture (a 390×844 phone viewport, Korean locale) with pytest-django's
``live_server``; ``serious_violations(page)`` runs axe-core in the page and returns the
serious and critical findings. Playwright's own browser download does not work on our
machines, so the browser is the system's ``chromium``.
"""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make around
# it are ordinary synchronous calls, which Django would otherwise refuse.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

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

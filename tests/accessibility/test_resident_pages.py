"""Every resident page in Debian's Chromium: axe-core at 390×844 and 1366×900, titles, no English,
200% zoom at 1366 wide without horizontal scrolling, and errors beside their fields (KWCAG 2.2).

One walk per screen size goes through every resident screen (resident_site.walk): the home
page, consultations, the opinion form sent wrong and right, the expert review's entry, the
budget vote from the number to the receipt and the results, consent renewal, unsubscribe, the
policy pages and the error pages. axe-core runs with the wcag2a, wcag2aa, wcag21a and wcag21aa
tags and every violation counts, whatever its impact. Set EGOV_AXE_REPORT to a file name to
get the counts per page as JSON, EGOV_SCREENSHOTS to a folder for a picture of each screen.
"""

import json
import os

import pytest
from django.core.cache import cache

from tests.browser import PHONE, axe_violations

from . import checks
from .resident_site import CONSULTATION, INDEX, SITE_NAME, VOTE, build_site, walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {
    "viewport": {"width": 1366, "height": 900},
    "locale": "ko-KR",
    "timezone_id": "Asia/Seoul",
}
# 200% zoom of a 1366-pixel-wide window: the layout viewport is 683 CSS pixels wide, drawn at
# two device pixels per CSS pixel (what Chromium's zoom does to the page's layout).
ZOOM_200 = {
    "viewport": {"width": 683, "height": 450},
    "device_scale_factor": 2,
    "locale": "ko-KR",
    "timezone_id": "Asia/Seoul",
}

EXPECTED_TITLES = {
    "home": SITE_NAME,
    "consultation_index": f"{INDEX} - {SITE_NAME}",
    "consultation_page": f"{CONSULTATION} - {INDEX} - {SITE_NAME}",
    "opinion_thanks": f"감사합니다 - {CONSULTATION} - {INDEX} - {SITE_NAME}",
    "budget_vote_page": f"{VOTE} - {SITE_NAME}",
    "verify_phone": f"휴대전화 본인 인증 - {VOTE} - {SITE_NAME}",
    "accessibility_policy": f"접근성 정책 - {SITE_NAME}",
}
ERROR_SCREENS = {"opinion_errors", "verify_phone_errors", "ballot_errors"}


@pytest.fixture
def resident_site(settings, regions, tmp_path):
    settings.ROOT_URLCONF = "tests.accessibility.urls"
    settings.EGOV_SMS_BACKEND = "egov_plugin.core.sms.FileBackend"
    settings.EGOV_SMS_FILE_PATH = str(tmp_path / "sms.jsonl")
    settings.EGOV_VERIFICATION_RESEND_SECONDS = 0
    settings.EGOV_OPINIONS_PER_PAGE = 2
    cache.clear()
    return build_site(regions, tmp_path / "sms.jsonl")


def report(size, counts):
    path = os.environ.get("EGOV_AXE_REPORT")
    if not path:
        return
    data = json.loads(open(path).read()) if os.path.exists(path) else {}
    data[size] = counts
    with open(path, "w") as out:
        json.dump(data, out, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_every_resident_page_passes_axe_and_says_where_one_is(
    live_server, browser, resident_site, size
):
    context = browser.new_context(**(PHONE if size == "phone" else DESKTOP))
    page = context.new_page()
    page.set_default_timeout(15_000)
    found, counts, problems = {}, {}, []

    def check(name, page):
        assert page.locator("html").get_attribute("lang") == "ko", name
        if os.environ.get("EGOV_SCREENSHOTS"):  # a folder: a picture of each screen, for people
            page.screenshot(path=f"{os.environ['EGOV_SCREENSHOTS']}/{size}-{name}.png")
        violations = axe_violations(page)
        counts[name] = len(violations)
        if violations:
            found[name] = violations
        problem = checks.title_problem(name, page, EXPECTED_TITLES.get(name))
        if problem:
            problems.append(f"{name}: {problem}")
        if name in ERROR_SCREENS:
            problems.extend(f"{name}: {p}" for p in checks.error_problems(page))
        # Every screen starts with the skip link to the main content, in Korean.
        skip = page.locator("#krds-skip-link a")
        if skip.inner_text() != "본문 바로가기" or skip.get_attribute("href") != "#main":
            problems.append(f"{name}: no skip link to #main")

    try:
        walk(page, live_server.url, resident_site, check)
    finally:
        report(size, counts)
        context.close()
    assert len(counts) >= 26, sorted(counts)
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)
    assert problems == []


def test_no_english_on_any_resident_screen(live_server, phone_page, resident_site):
    english = {}

    def check(name, page):
        words = checks.english_words(page)
        if words:
            english[name] = words

    walk(phone_page, live_server.url, resident_site, check)
    assert english == {}


def test_every_resident_page_reflows_at_200_percent_zoom(live_server, browser, resident_site):
    context = browser.new_context(**ZOOM_200)
    page = context.new_page()
    page.set_default_timeout(15_000)
    overflow = {}

    def check(name, page):
        extra = checks.horizontal_overflow(page)
        if extra > 0:
            overflow[name] = extra

    try:
        walk(page, live_server.url, resident_site, check, errors=False)
    finally:
        context.close()
    assert overflow == {}

"""Keyboard only: an opinion from the consultation page to the thank-you page, and a budget vote
from the project list to the receipt (KWCAG 2.2 2.1.1 키보드 사용 보장, 2.1.2 초점 이동과 표시).

No mouse and no element is clicked or filled by script: Tab (and Shift+Tab) move the focus,
keys type, Space ticks, arrow keys choose, Enter follows and sends. Every element the focus
lands on must show a focus indicator, and the focus must leave the last control for the footer.
"""

import pytest
from django.core.cache import cache

from . import checks
from .resident_site import PHONE, build_site, newest_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"viewport": {"width": 1366, "height": 900}, "locale": "ko-KR"}
MAX_TABS = 120


@pytest.fixture
def resident_site(settings, regions, tmp_path):
    settings.EGOV_SMS_BACKEND = "egov_plugin.core.sms.FileBackend"
    settings.EGOV_SMS_FILE_PATH = str(tmp_path / "sms.jsonl")
    settings.EGOV_VERIFICATION_RESEND_SECONDS = 0
    cache.clear()
    return build_site(regions, tmp_path / "sms.jsonl")


@pytest.fixture
def keyboard_page(browser):
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


class Keyboard:
    """Tab through a page, recording every focus stop and whether its focus was visible."""

    def __init__(self, page):
        self.page = page
        self.unseen = []

    def tab(self, key="Tab"):
        self.page.keyboard.press(key)
        info = checks.focused(self.page)
        if info is not None and not info["visible"]:
            self.unseen.append(info)
        return info

    def to(self, predicate, what):
        """Tab until the focused element matches ``predicate``; fails after MAX_TABS."""
        for _ in range(MAX_TABS):
            info = self.tab()
            if info is not None and predicate(info):
                return info
        pytest.fail(f"Tab never reached {what}")

    def to_id(self, element_id):
        return self.to(lambda i: i["id"] == element_id, f"#{element_id}")

    def start(self, url):
        """Open ``url``; the first Tab is the skip link, Enter on it moves into the main part."""
        self.page.goto(url)
        first = self.tab()
        assert first["text"] == "본문 바로가기" and first["href"] == "#main", first
        self.page.keyboard.press("Enter")
        assert self.page.evaluate("document.activeElement.id") == "main"

    def leaves_the_form(self):
        """After the last control the focus goes on to the footer's links (no keyboard trap)."""
        self.to(lambda i: i["tag"] == "a" and "privacy" in i["href"], "the footer")


def test_an_opinion_with_the_keyboard_only(live_server, keyboard_page, resident_site):
    page, keys = keyboard_page, Keyboard(keyboard_page)
    keys.start(live_server.url + resident_site.consultation.url)

    keys.to_id("id_name")
    page.keyboard.type("김민수")
    keys.to(lambda i: i["name"] == "gender", "the gender radio buttons")
    page.keyboard.press("Space")  # the first radio button of the group
    keys.to_id("id_age_band")
    page.keyboard.press("ArrowDown")
    keys.to_id("id_region")
    page.keyboard.press("ArrowDown")
    keys.to_id("id_mobile")
    page.keyboard.type("010-1234-5678")
    keys.to_id("id_text")
    page.keyboard.type("키보드로만 쓴 의견입니다.")
    keys.to(lambda i: i["name"] == "stance", "the stance radio buttons")
    page.keyboard.press("Space")
    keys.to_id("id_consent")
    page.keyboard.press("Space")
    button = keys.to(lambda i: i["tag"] == "button" and i["type"] == "submit", "the submit button")
    assert button["name"] != "action", button  # the opinion's own button, not "send a code"
    # Shift+Tab goes back into the form and Tab returns: the order is the same both ways.
    assert keys.tab("Shift+Tab")["tag"] in ("input", "textarea")
    keys.to(lambda i: i["tag"] == "button" and i["type"] == "submit", "the submit button again")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/thanks/"), page.url
    assert keys.unseen == []


def test_a_budget_vote_with_the_keyboard_only(live_server, keyboard_page, resident_site):
    page, keys = keyboard_page, Keyboard(keyboard_page)
    keys.start(live_server.url + resident_site.vote.url)

    keys.to(lambda i: i["href"].endswith("/verify/"), "the link to vote")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    keys.to_id("id_phone")
    page.keyboard.type(PHONE)
    keys.to_id("id_consent")
    page.keyboard.press("Space")
    keys.to(lambda i: i["tag"] == "button", "the send-code button")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    keys.to_id("id_code")
    page.keyboard.type(newest_code(resident_site.sms_path, PHONE))
    with page.expect_navigation():
        page.keyboard.press("Enter")  # Enter in the field sends its form
    assert page.url.endswith("/ballot/"), page.url

    keys.to_id("id_region")
    page.keyboard.press("ArrowDown")
    keys.to_id("id_age_band")
    page.keyboard.press("ArrowDown")
    keys.to_id("id_age_confirmed")
    page.keyboard.press("Space")
    keys.to(lambda i: i["name"] == "gender", "the gender radio buttons")
    page.keyboard.press("Space")
    keys.to(lambda i: i["name"] == "projects", "the first project")
    page.keyboard.press("Space")
    keys.to(lambda i: i["tag"] == "button" and i["type"] == "submit", "the cast button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/receipt/"), page.url
    keys.leaves_the_form()
    assert keys.unseen == []

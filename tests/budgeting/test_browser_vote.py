"""A resident votes on a phone: code by SMS, an over-budget ballot refused, receipt, no second vote.

Debian's Chromium at a 390×844 viewport through Playwright, against the live server; axe-core
finds no serious or critical violation on any step. The SMS outbox is the file backend's, since
the live server answers from another thread.
"""

import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from egov_plugin.budgeting.models import Ballot, BallotRule, BudgetVotePage
from egov_plugin.core.sms import read_file_outbox
from tests.browser import serious_violations, tick

from .factories import BudgetVotePageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = "010-2222-3333"


@pytest.fixture
def file_outbox(settings, tmp_path):
    path = tmp_path / "sms-outbox.jsonl"
    settings.EGOV_SMS_BACKEND = "egov_plugin.core.sms.FileBackend"
    settings.EGOV_SMS_FILE_PATH = str(path)
    # The second attempt below asks for a code again at once.
    settings.EGOV_VERIFICATION_RESEND_SECONDS = 0
    cache.clear()
    return path


def newest_code(path, phone):
    messages = [m for m in read_file_outbox(path) if m["to"] == phone]
    assert messages, "no text message was sent"
    return re.search(r"\d{6}", messages[-1]["text"]).group()


def verify(page, path, phone, *, axe=False):
    # Located by id and structure: the browser asks for Korean, so the words depend on the
    # translations installed.
    page.locator("#id_phone").fill(phone)
    tick(page.locator("#id_consent"))
    page.locator("form button[type=submit]").click()
    if axe:
        assert serious_violations(page) == []
    page.locator("#id_code").fill(newest_code(path, phone))
    with page.expect_navigation() as navigation:
        page.locator("form:has(#id_code) button[type=submit]").click()
    return navigation.value


def test_resident_votes_on_a_phone(live_server, phone_page, file_outbox, regions):
    vote = BudgetVotePageFactory(
        ballot_rule=BallotRule.BUDGET, max_choices=None, total_budget=300_000_000
    )
    page = phone_page

    page.goto(live_server.url + vote.url)
    assert page.get_by_role("heading", level=1).inner_text() == vote.title
    assert serious_violations(page) == []

    page.locator("main a[href$='/verify/']").click()
    assert serious_violations(page) == []
    verify(page, file_outbox, PHONE, axe=True)

    # The ballot: two projects costing 350,000,000 won against a budget of 300,000,000.
    page.locator("#id_region").select_option(label="마장동")
    page.locator("#id_age_band").select_option("40s")
    tick(page.locator("#id_age_confirmed"))
    tick(page.locator("input[name=gender][value=F]"))
    tick(page.get_by_label(re.compile("놀이터 바닥 교체")))
    tick(page.get_by_label(re.compile("경로당 냉난방기")))
    assert "350,000,000" in page.locator("#tally").inner_text()
    with page.expect_navigation() as navigation:
        page.locator("#ballot-form button[type=submit]").click()
    assert navigation.value.status == 400
    assert "350,000,000" in page.get_by_role("alert").inner_text()  # the error summary
    assert "350,000,000" in page.locator("#projects_error").inner_text()
    described = page.locator("#projects-fieldset").get_attribute("aria-describedby")
    assert "projects_error" in described.split()
    assert Ballot.objects.count() == 0
    assert serious_violations(page) == []

    tick(page.get_by_label(re.compile("놀이터 바닥 교체")), checked=False)
    tick(page.get_by_label(re.compile("정류장 온열 의자")))
    with page.expect_navigation() as navigation:
        page.locator("#ballot-form button[type=submit]").click()
    assert navigation.value.url.endswith("/receipt/") and navigation.value.status == 200
    ballot = Ballot.objects.get()
    receipt = page.locator(".receipt-code").inner_text()
    assert receipt.replace("-", "") == ballot.receipt_code
    assert ballot.choices.count() == 2 and ballot.region.name == "마장동"
    assert serious_violations(page) == []

    # The same number again, from a fresh start: refused after proving the number.
    page.context.clear_cookies()
    page.goto(live_server.url + vote.url + "verify/")
    response = verify(page, file_outbox, PHONE)
    assert response.status == 409 and response.url.endswith("/ballot/")
    assert page.locator("#id_region").count() == 0  # no ballot form is offered
    assert serious_violations(page) == []
    assert Ballot.objects.count() == 1

    # Results, once the vote has closed.
    BudgetVotePage.objects.filter(pk=vote.pk).update(closes_at=timezone.now())
    page.goto(live_server.url + vote.url + "results/")
    assert page.locator("#count-check.ok").is_visible()
    assert serious_violations(page) == []


def test_the_ballot_warns_before_its_time_ends_and_gives_more(
    live_server, phone_page, file_outbox, regions, settings
):
    """KWCAG 2.2.1: two minutes before the verified number's time ends, an alert offers more
    time; taking it reloads the ballot with the full time and the choices still made."""
    settings.EGOV_BUDGET_VERIFIED_SECONDS = 125  # the warning is due five seconds in
    vote = BudgetVotePageFactory()
    page = phone_page
    page.goto(live_server.url + vote.url + "verify/")
    verify(page, file_outbox, PHONE)
    assert page.locator("#time-limit").is_visible()
    assert page.locator("#time-warning").is_hidden()
    page.locator("#id_region").select_option(label="마장동")
    tick(page.get_by_label(re.compile("놀이터 바닥 교체")))

    page.locator("#time-warning").wait_for(state="visible", timeout=15_000)
    assert page.locator("#time-warning").get_attribute("role") == "alert"
    assert serious_violations(page) == []
    with page.expect_navigation() as navigation:
        page.locator("#time-warning-extend").click()
    assert navigation.value.status == 200
    assert page.locator("#time-extended").is_visible()
    assert page.locator("#time-warning").is_hidden()
    assert page.get_by_label(re.compile("놀이터 바닥 교체")).is_checked()
    assert page.locator("#id_region option:checked").inner_text() == "마장동"
    assert serious_violations(page) == []
    assert Ballot.objects.count() == 0

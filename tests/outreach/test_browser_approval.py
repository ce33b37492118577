"""A campaign walks through approval and send in Chromium at 1366×900 (issue 16, item 7):
the 정책 담당 who wrote it asks for approval, a 관리자 approves it from the dashboard, reads the
confirmation (audience, cost, when it goes out) and sends it through the fake SMS provider.
axe-core finds nothing serious on any of these screens."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from egov_plugin.core import sms
from egov_plugin.outreach.models import Campaign, Delivery
from egov_plugin.people import roles
from tests.browser import serious_violations
from tests.sitedata import ensure_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {
    "viewport": {"width": 1366, "height": 900},
    "locale": "ko-KR",
    "timezone_id": "Asia/Seoul",
    # Wagtail's flash messages fade in: axe must read their final colours, not a frame between.
    "reduced_motion": "reduce",
}


SENT_ALL = """() => {
    const sent = document.querySelector('[data-status-count=sent]');
    return sent !== null && sent.textContent.trim() === '5'
        && document.querySelector('[data-status]').dataset.status === 'done';
}"""
FADED_IN = """() => {
    if (document.getAnimations().some(a => a.playState === 'running')) return false;
    for (const message of document.querySelectorAll('.messages li'))
    for (let e = message; e; e = e.parentElement) {
        if (getComputedStyle(e).opacity !== '1') return false;
    }
    return true;
}"""


@pytest.fixture(autouse=True)
def english(outreach_settings):
    """Overrides the package's English fixture: staff read the admin in Korean (and the
    site's rule of approval, off for the other sending tests, is on)."""
    settings = outreach_settings
    settings.LANGUAGE_CODE = "ko"
    settings.EGOV_OUTREACH_APPROVAL_ALL = True
    settings.EGOV_PUBLIC_BASE_URL = "https://www.sd.go.kr"
    settings.EGOV_OUTREACH_OPTOUT_080 = ""
    yield


@pytest.fixture
def staff(django_user_model):
    roles.ensure_roles()
    ensure_site()
    made = {}
    for username, name, role in (
        ("policy-lee", "이정책", roles.POLICY_STAFF),
        ("admin-kim", "김관리", roles.ADMINISTRATOR),
        ("admin-park", "박승인", roles.ADMINISTRATOR),
    ):
        user = django_user_model.objects.create_user(
            username=username, password="pw-1234", first_name=name, email=f"{username}@sd.go.kr"
        )
        user.groups.add(Group.objects.get(name=role))
        made[username] = user
    return made


def axe_findings(page):
    """axe-core's serious findings once Wagtail's flash messages have faded in (mid-fade, their
    text is pale and would be reported as poor contrast)."""
    page.wait_for_function(FADED_IN)
    return serious_violations(page)


def login(browser, live_server, username):
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + reverse("wagtailadmin_login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw-1234")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    return context, page


def test_a_campaign_goes_from_author_to_approver_to_sent(
    live_server, browser, staff, subscribers, make_campaign
):
    campaign = make_campaign(
        name="왕십리 광장 의견 요청",
        message="[성동구] 왕십리 광장 조성 계획에 의견을 들려주세요",
        created_by=staff["policy-lee"],
    )
    send = live_server.url + reverse("egov_outreach_campaigns:send", args=[campaign.pk])

    context, page = login(browser, live_server, "policy-lee")
    try:
        page.goto(send)
        # The author is offered no 승인 button, sees who approves, and asks them.
        assert page.locator("button[value=approve]").count() == 0
        assert page.locator("[data-approvers]").inner_text() == "김관리, 박승인"
        assert axe_findings(page) == []
        page.click("button[value=request_approval]")
        page.wait_for_selector("[data-requested]")
        assert "이정책" in page.locator("[data-requested]").inner_text()
    finally:
        context.close()

    context, page = login(browser, live_server, "admin-kim")
    try:
        # The dashboard lists what awaits this approver.
        awaiting = page.locator("[data-awaiting] a", has_text="왕십리 광장 의견 요청")
        assert awaiting.is_visible()
        assert axe_findings(page) == []
        awaiting.click()
        page.wait_for_selector("button[value=approve]")
        page.click("button[value=approve]")
        page.wait_for_selector("[data-start]")
        assert axe_findings(page) == []
        page.click("[data-start]")

        # The confirmation: 5 recipients by SMS, one SMS each, the cost as an estimate.
        page.wait_for_selector("[data-confirm]")
        assert page.locator("[data-total]").get_attribute("data-total") == "5"
        sms_row = page.locator("[data-row=sms]").inner_text()
        assert "5명" in sms_row and "SMS" in sms_row and "LMS" not in sms_row
        assert page.locator("[data-cost]").get_attribute("data-cost") == "45"
        assert page.locator("[data-schedule]").get_attribute("data-schedule") == "now"
        assert axe_findings(page) == []
        button = page.locator("button[data-confirm-start]")
        assert button.inner_text().strip() == "5명에게 발송"
        button.click()
        page.wait_for_selector("[data-progress]")
        # The progress page reloads itself while the campaign sends: wait for the last one (all
        # five sent), then for its flash messages, if any, to have faded in.
        page.wait_for_function(SENT_ALL, timeout=60_000)
        assert axe_findings(page) == []
    finally:
        context.close()

    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DONE
    assert campaign.approved_by == staff["admin-kim"]
    assert sorted(m.to for m in sms.outbox) == sorted(p.mobile for p in subscribers)
    assert Delivery.objects.filter(campaign=campaign, status="sent").count() == 5

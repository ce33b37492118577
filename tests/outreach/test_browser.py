"""A resident on a phone answers a consent-renewal message: Debian's Chromium with axe-core."""

import datetime
import re

import pytest
from django.utils import timezone

from egov_plugin.core import sms
from egov_plugin.outreach import sending
from egov_plugin.outreach.models import Campaign
from egov_plugin.people import consent
from tests.browser import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDING = "성동구 소식을 문자로 받는 데 동의합니다. 언제든지 철회할 수 있습니다."


@pytest.fixture
def link(subscribers, make_campaign):
    person = subscribers[0]
    consent.grant(
        person,
        "sms",
        wording="옛 문구",
        wording_version="2014",
        at=timezone.now() - datetime.timedelta(days=1000),
    )
    for other in subscribers[1:]:
        consent.grant(other, "sms", wording="새 문구", wording_version="2026")
    sending.start_campaign(
        make_campaign(
            kind=Campaign.Kind.CONSENT_RENEWAL,
            message="{name}님, 문자 수신 동의를 확인해 주세요 {link}",
            consent_wording=WORDING,
            consent_version="2026-1",
        )
    )
    [message] = sms.outbox
    return person, re.search(r"http://testserver(\S+)", message.text).group(1)


def test_resident_confirms_consent_on_a_phone(live_server, phone_page, link):
    person, path = link
    page = phone_page
    page.goto(live_server.url + path)
    assert page.locator("h1").is_visible()
    assert WORDING in page.locator("main").inner_text()
    assert serious_violations(page) == []
    # Both answers are large enough to tap and fit the phone's width.
    for button in page.locator("button[name=answer]").all():
        box = button.bounding_box()
        assert box["height"] >= 44 and box["x"] + box["width"] <= 390

    page.click("button[value=confirm]")
    page.wait_for_selector("[role=status]")
    assert serious_violations(page) == []
    newest = consent.current(person, "sms")
    assert newest.granted and newest.wording_version == "2026-1"
    assert page.locator("button[name=answer]").count() == 0


def test_broken_link_explains_itself(live_server, phone_page, link):
    _person, path = link
    page = phone_page
    response = page.goto(live_server.url + path[:-8] + "broken1/")
    assert response.status == 400
    assert page.locator("[role=alert]").is_visible()
    assert serious_violations(page) == []

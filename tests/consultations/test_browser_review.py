"""An invited expert on a phone: the link, the code by e-mail, the review and the answer, in
Debian's Chromium with axe-core; the same link in another browser stays closed."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from egov_plugin.consultations import review
from egov_plugin.consultations.models import ExpertInvitation, Opinion
from tests.browser import serious_violations, tick
from tests.consultations.conftest import make_consultation
from tests.factories import PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MATERIAL = "자문 자료: 송정동 제방 보행로 정비안"


@pytest.fixture
def invitation(consultation_index, regions):
    page = make_consultation(
        consultation_index,
        "송정동 제방 보행로 전문가 자문",
        visibility="closed",
        body=[{"type": "text", "value": f"<p>{MATERIAL}</p>"}],
    )
    return ExpertInvitation.objects.create(
        page=page,
        person=PersonFactory(name="한전문", email="han.expert@example.org", mobile=None,
                             region=regions["송정동"]),
        expires_at=timezone.now() + timedelta(days=9),
    )  # fmt: skip


def test_an_expert_enters_the_code_and_answers(live_server, phone_page, browser, invitation):
    closed = invitation.page.specific
    link = (
        live_server.url
        + closed.url
        + closed.reverse_subpage("review", args=[review.make_token(invitation)])
    )
    page = phone_page
    page.goto(link)
    assert MATERIAL not in page.content()
    assert "h***@example.org" in page.locator("main").inner_text()
    assert serious_violations(page) == []

    page.click("button[value=send]")
    page.wait_for_selector("[role=status]")
    [message] = mail.outbox
    code = re.search(r"(?<!\d)\d{6}(?!\d)", message.body).group(0)

    # Someone else with the same link and the code from the mail: still closed.
    other = browser.new_context()
    intruder = other.new_page()
    intruder.goto(link)
    intruder.fill("#egov-review-code", code)
    intruder.click("button[value=check]")
    intruder.wait_for_selector("[role=alert]")
    assert MATERIAL not in intruder.content()
    other.close()

    page.fill("#egov-review-code", code)
    page.click("button[value=check]")
    page.wait_for_url(f"**{closed.url}")
    body = page.locator("main").inner_text()
    assert MATERIAL in body and "h***@example.org" in body
    assert page.locator("#id_email").count() == 0 and page.locator("#id_mobile").count() == 0
    assert serious_violations(page) == []

    # Gender and age band come from the expert's record: not asked again, carried as hidden values.
    assert page.locator("input[type=hidden]#id_gender").count() == 1
    assert page.locator("input[type=hidden]#id_age_band").count() == 1
    page.fill("#id_text", "보행로 폭을 넓히기보다 야간 조명을 먼저 보강하길 권합니다.")
    tick(page.locator("#id_consent"))
    page.click("button[type=submit]:not([name=action])")
    page.wait_for_url("**/thanks/")
    opinion = Opinion.objects.get()
    assert (opinion.email, opinion.channel) == ("han.expert@example.org", "expert_review")
    assert opinion.gender and opinion.age_band  # the record's values

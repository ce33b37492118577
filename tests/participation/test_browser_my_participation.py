"""A resident on a phone: SMS link → consultation → opinion → 내 참여 → the official answer.

The walk the issue asks for (issue 15, "Done when"), in Debian's Chromium at 390×844: the
campaign's SMS link opens the consultation, the opinion is proved with the code the (in-memory)
SMS backend captured, 내 참여 is opened with a second code, and once a staff member has answered
through the moderation's own function the answer is there after a reload.
"""

import os

import pytest
from django.contrib.auth.models import Group
from django.test import RequestFactory

from egov_plugin.consultations import moderation
from egov_plugin.consultations.models import Opinion
from egov_plugin.people import roles
from tests.browser import axe_violations

from .conftest import last_code, make_consultation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MOBILE = "010-3141-5926"
TEXT = "광장에 그늘막과 벤치를 충분히 설치해 주세요."
ANSWER = "그늘막 6곳과 벤치 20개를 설계에 넣었습니다."


@pytest.fixture
def sms_consultation(consultation_index, regions):
    return make_consultation(
        consultation_index, "왕십리 광장 조성 계획", identity_check="sms", slug="plaza"
    )


def check(page, selector):
    """Tick a KRDS checkbox (drawn on its label) unless it is ticked already."""
    if not page.is_checked(selector):
        page.click(f"label[for={selector[1:]}]")
    assert page.is_checked(selector)


def staff_answers(opinion, django_user_model):
    user = django_user_model.objects.create_user(username="policy-lee", password="pw")
    user.groups.add(Group.objects.get(name=roles.POLICY_STAFF))
    request = RequestFactory().post("/")
    request.user = user
    moderation.answer(opinion, ANSWER, request=request)


def test_from_the_sms_link_to_the_official_answer_in_my_participation(
    live_server, phone_page, outbox, sms_consultation, django_user_model
):
    page = phone_page
    # The campaign's SMS carries the consultation's address with its ?ch= tag.
    page.goto(f"{live_server.url}{sms_consultation.url}?ch=campaign-7")
    assert page.locator("h1").inner_text() == "왕십리 광장 조성 계획"

    page.fill("#id_name", "김민수")
    page.click("label[for=id_gender_0]")  # KRDS draws the radio on its label
    page.select_option("#id_age_band", "30s")
    page.select_option("#id_region", label="마장동")
    page.fill("#id_mobile", MOBILE)
    page.fill("#id_text", TEXT)
    check(page, "#id_consent")
    page.click("button[name=action][value=send_code]")
    page.locator("#id_code").wait_for()
    page.fill("#id_code", last_code(outbox, MOBILE))
    check(page, "#id_consent")
    page.click("button[type=submit]:not([name=action])")
    page.wait_for_url("**/thanks/")
    opinion = Opinion.objects.get()
    assert opinion.text == TEXT and opinion.channel_detail == "campaign-7"
    assert opinion.person is not None  # proved by the code: linked to the registry

    page.click("text=내 참여")
    page.wait_for_url("**/my/")
    assert axe_violations(page) == []
    page.fill("#id_phone", MOBILE)
    page.click("button[type=submit]")
    page.wait_for_url("**/my/code/")
    assert axe_violations(page) == []
    page.fill("#id_code", last_code(outbox, MOBILE))
    page.click("button[type=submit]:not([name=action])")
    page.wait_for_url("**/my/")
    mine = page.locator("article.egov-my-opinion")
    assert mine.count() == 1
    assert TEXT in mine.inner_text()
    assert "아직 답변이 없습니다." in mine.inner_text()
    assert axe_violations(page) == []

    staff_answers(opinion, django_user_model)
    page.reload()
    answer = page.locator("article.egov-my-opinion .egov-answer")
    assert "부서 답변" in answer.inner_text()
    assert ANSWER in answer.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll


def test_the_portal_home_and_the_policy_on_a_phone(live_server, phone_page, portal, home):
    from egov_plugin.privacy.policy import PrivacyPolicyPage

    policy = PrivacyPolicyPage(title="개인정보 처리방침", slug="privacy")
    home.add_child(instance=policy)
    policy.save_revision().publish()
    page = phone_page
    page.goto(live_server.url + "/")
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    headings = page.locator("main h2").all_inner_texts()
    assert headings[:3] == [
        "지금 의견을 듣고 있어요",
        "주민참여예산 투표",
        "의견이 이렇게 반영되었어요",
    ]
    assert page.locator("main h1").count() == 1
    footer_link = page.locator("footer a", has_text="개인정보 처리방침")
    assert footer_link.count() == 1
    if os.environ.get("EGOV_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["EGOV_SCREENSHOTS"], "home-phone.png"),
                        full_page=True)  # fmt: skip
    footer_link.click()
    page.wait_for_url("**/privacy/")
    assert page.locator("h1").inner_text() == "개인정보 처리방침"
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

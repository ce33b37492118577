"""A resident on a phone: SMS link → consultation → opinion → 내 참여 → the official answer.

The walk the issue asks for (issue 15, "Done when"), in Debian's Chromium at 390×844: the
campaign's SMS link opens the consultation, the opinion is proved with the code the (in-memory)
SMS backend captured, 내 참여 is opened with a second code, and once a staff member has answered
through the moderation's own function the answer is there after a reload.
"""

import pytest
from django.contrib.auth.models import Group
from django.test import RequestFactory

from egov_plugin.consultations import moderation
from egov_plugin.consultations.models import Opinion
from egov_plugin.people import roles
from tests.browser import serious_violations

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
    page.check("#id_gender_0")
    page.select_option("#id_age_band", "30s")
    page.select_option("#id_region", label="마장동")
    page.fill("#id_mobile", MOBILE)
    page.fill("#id_text", TEXT)
    page.check("#id_consent")
    page.click("button[name=action][value=send_code]")
    page.locator("#id_code").wait_for()
    page.fill("#id_code", last_code(outbox, MOBILE))
    page.check("#id_consent")
    page.click("button[type=submit]:not([name=action])")
    page.wait_for_url("**/thanks/")
    opinion = Opinion.objects.get()
    assert opinion.text == TEXT and opinion.channel_detail == "campaign-7"
    assert opinion.person is not None  # proved by the code: linked to the registry

    page.click("text=내 참여")
    page.wait_for_url("**/my/")
    assert serious_violations(page) == []
    page.fill("#id_phone", MOBILE)
    page.click("button[type=submit]")
    page.wait_for_url("**/my/code/")
    assert serious_violations(page) == []
    page.fill("#id_code", last_code(outbox, MOBILE))
    page.click("button[type=submit]:not([name=action])")
    page.wait_for_url("**/my/")
    mine = page.locator("article.egov-my-opinion")
    assert mine.count() == 1
    assert TEXT in mine.inner_text()
    assert "아직 답변이 없습니다." in mine.inner_text()
    assert serious_violations(page) == []

    staff_answers(opinion, django_user_model)
    page.reload()
    answer = page.locator("article.egov-my-opinion .egov-answer")
    assert "부서 답변" in answer.inner_text()
    assert ANSWER in answer.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll

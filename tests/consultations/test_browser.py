"""A resident on a phone: index → consultation → opinion, in Debian's Chromium with axe-core."""

import pytest

from egov_plugin.consultations.models import Opinion
from tests.browser import serious_violations, tick
from tests.consultations.conftest import make_consultation

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def open_consultation(consultation_index, regions):
    make_consultation(consultation_index, "지난 교통 정책", opens=-60, closes=-30)
    return make_consultation(
        consultation_index,
        "왕십리 광장 조성 계획",
        summary="광장 조성 방향에 대한 의견을 듣습니다.",
    )


def fill_opinion(page, text, *, consent=True):
    page.fill("#id_name", "김민수")
    tick(page.locator("#id_gender_0"))
    page.select_option("#id_age_band", "30s")
    page.select_option("#id_region", label="마장동")
    page.fill("#id_mobile", "010-1234-5678")
    page.fill("#id_text", text)
    if consent:
        tick(page.locator("#id_consent"))
    page.click("button[type=submit]:not([name=action])")


def test_resident_walks_from_index_to_opinion(live_server, phone_page, open_consultation):
    page = phone_page
    page.goto(live_server.url + "/consultations/")
    assert serious_violations(page) == []
    # Open consultations come first.
    first = page.locator("article.egov-card h3 a").first
    assert first.inner_text() == "왕십리 광장 조성 계획"
    first.click()
    page.wait_for_url("**/consultations/**")
    assert page.locator("h1").inner_text() == "왕십리 광장 조성 계획"
    assert serious_violations(page) == []

    fill_opinion(page, "광장에 그늘막과 벤치를 충분히 설치해 주세요.")
    page.wait_for_url("**/thanks/")
    assert page.locator("[role=status]").is_visible()
    assert serious_violations(page) == []
    opinion = Opinion.objects.get()
    assert opinion.channel == "mobile"  # a phone's browser is the mobile web
    assert opinion.text == "광장에 그늘막과 벤치를 충분히 설치해 주세요."


def test_missing_consent_is_shown_beside_the_field_and_nothing_is_stored(
    live_server, phone_page, open_consultation
):
    page = phone_page
    page.goto(live_server.url + open_consultation.url)
    fill_opinion(page, "동의 없이 보내 봅니다.", consent=False)
    error = page.locator("#id_consent-error")
    error.wait_for()
    assert error.is_visible()
    assert page.locator("#id_consent").get_attribute("aria-invalid") == "true"
    assert "id_consent-error" in page.locator("#id_consent").get_attribute("aria-describedby")
    assert page.input_value("#id_text") == "동의 없이 보내 봅니다."  # what was typed is kept
    assert serious_violations(page) == []
    assert Opinion.objects.count() == 0


def test_script_in_an_opinion_is_shown_as_text(live_server, phone_page, open_consultation):
    page = phone_page
    page.goto(live_server.url + open_consultation.url + "?ch=band")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    fill_opinion(page, "<script>alert('xss')</script> 의견입니다")
    page.wait_for_url("**/thanks/")
    page.goto(live_server.url + open_consultation.url)
    assert (
        page.locator(".egov-opinion p", has_text="<script>alert('xss')</script> 의견입니다").count()
        == 1
    )
    assert dialogs == []
    assert Opinion.objects.get().channel_detail == "band"

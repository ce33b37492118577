"""The KakaoTalk share button: only with an app key, and the SDK allowed by the CSP only then."""

import pytest

from egov_plugin.consultations.channels import channel_for

pytestmark = pytest.mark.django_db

SDK = "https://t1.kakaocdn.net/kakao_js_sdk/2.7.4/kakao.min.js"


def script_src(response):
    policy = response["Content-Security-Policy"]
    return next(part for part in policy.split(";") if part.strip().startswith("script-src"))


def test_without_a_key_there_is_no_button_no_sdk_and_no_kakao_in_the_policy(client, consultation):
    response = client.get(consultation.url)
    html = response.content.decode()
    assert "egov-kakao-share" not in html and "kakaocdn" not in html
    assert "kakaocdn" not in response["Content-Security-Policy"]


def test_with_a_key_the_button_and_the_pinned_sdk_come_with_its_origin_in_script_src(
    client, consultation, settings
):
    settings.EGOV_KAKAO_JAVASCRIPT_KEY = "0123456789abcdef"
    response = client.get(consultation.url)
    html = response.content.decode()
    assert 'data-kakao-key="0123456789abcdef"' in html
    assert "?ch=kakaotalk" in html
    assert f'src="{SDK}"' in html
    assert 'integrity="sha384-' in html and 'crossorigin="anonymous"' in html
    assert "kakao-share.js" in html
    # The site's own script-src, with the SDK's origin added (and nothing else).
    settings.EGOV_KAKAO_JAVASCRIPT_KEY = ""
    without = script_src(client.get(consultation.url)).split()
    assert script_src(response).split() == [*without, "https://t1.kakaocdn.net"]
    # The button is hidden until the SDK has loaded (kakao-share.js shows it).
    assert "hidden" in html.split("egov-kakao-share", 1)[1].split(">", 1)[0]


def test_a_closed_consultation_offers_no_kakao_share(client, consultation, settings):
    settings.EGOV_KAKAO_JAVASCRIPT_KEY = "0123456789abcdef"
    consultation.visibility = "closed"
    consultation.save_revision().publish()
    response = client.get(consultation.url)
    assert response.status_code == 404
    assert "kakaocdn" not in response.get("Content-Security-Policy", "")


def test_other_pages_keep_the_strict_policy_when_a_key_is_set(client, home, settings):
    settings.EGOV_KAKAO_JAVASCRIPT_KEY = "0123456789abcdef"
    response = client.get("/")
    assert "kakaocdn" not in response["Content-Security-Policy"]


def test_an_opinion_after_a_kakaotalk_share_counts_as_social_media(rf):
    assert channel_for(rf.get("/"), "kakaotalk") == ("social", "kakaotalk")

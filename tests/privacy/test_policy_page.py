"""The 개인정보 처리방침 page: written from the settings, edited, versioned, linked (#15.3)."""

import datetime

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from egov_plugin.privacy.policy import PrivacyPolicyPage
from egov_plugin.privacy.policy_links import privacy_policy_url
from tests.sitedata import ensure_site

pytestmark = pytest.mark.django_db


def make_policy(home, **fields):
    page = PrivacyPolicyPage(title="개인정보 처리방침", slug="privacy", **fields)
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def text_of(page):
    return " ".join(
        str(block.value) if block.block_type in ("heading", "text") else str(dict(block.value))
        for block in page.body
    )


def test_the_default_text_comes_from_the_settings(settings):
    settings.EGOV_OPINION_RETENTION_YEARS = 4
    settings.EGOV_AUDIT_RETENTION_YEARS = 5
    settings.EGOV_SMS_BACKEND = "egov_plugin.outreach.backends.nhn.NhnCloudSmsBackend"
    settings.EGOV_PRIVACY_OFFICER = {
        "name": "박보호",
        "position": "기획조정실장",
        "phone": "02-2286-5000",
        "email": "privacy@sd.go.kr",
    }
    text = text_of(PrivacyPolicyPage(title="개인정보 처리방침"))
    assert "종료 후 4년" in text
    assert "최소 5년" in text
    assert "엔에이치엔클라우드" in text  # the 위탁 of SMS sending to the configured provider
    assert "박보호" in text and "privacy@sd.go.kr" in text
    assert 'href="/my/"' in text  # residents' rights: where to see and delete their data


def test_without_an_outside_provider_nothing_is_said_to_be_entrusted(settings):
    settings.EGOV_SMS_BACKEND = "egov_plugin.core.sms.ConsoleBackend"
    settings.EGOV_PRIVACY_OFFICER = {}
    page = PrivacyPolicyPage(title="개인정보 처리방침")
    assert not [b for b in page.body if b.block_type == "entrustment"]
    assert "위탁하지 않습니다" in text_of(page)
    assert "연락처를 적어 주세요" in text_of(page)  # the editor sees what is missing


def test_a_named_provider_overrides_the_backend_guess(settings):
    settings.EGOV_SMS_BACKEND = "mysite.sms.Backend"
    settings.EGOV_SMS_PROVIDER_NAME = "주식회사 문자나라"
    [entrusted] = [b for b in PrivacyPolicyPage(title="x").body if b.block_type == "entrustment"]
    assert entrusted.value["trustee"] == "주식회사 문자나라"


def test_the_page_shows_its_effective_date_and_earlier_versions(client):
    home = ensure_site()
    page = make_policy(home, effective_date=datetime.date(2025, 1, 1))
    first_revision = PrivacyPolicyPage.objects.get(pk=page.pk).live_revision
    # An editor changes the wording for a new effective date and publishes it.
    page.effective_date = datetime.date(2026, 3, 1)
    page.body = [("heading", "1. 바뀐 처리 목적"), ("text", "<p>새 문구입니다.</p>")]
    page.save_revision().publish()
    # A draft (not published) must never be readable by the public.
    page.body = [("text", "<p>아직 공개하지 않은 초안</p>")]
    draft = page.save_revision()

    html = client.get(page.url).content.decode()
    assert "2026. 3. 1." in html and "새 문구입니다." in html
    assert "초안" not in html
    assert f"versions/{first_revision.pk}/" in html
    old = client.get(f"{page.url}versions/{first_revision.pk}/")
    assert old.status_code == 200
    old_html = old.content.decode()
    assert "2025. 1. 1." in old_html and "새 문구입니다." not in old_html
    assert "엔에이치엔" in old_html or "위탁" in old_html  # the generated first version
    assert client.get(f"{page.url}versions/{draft.pk}/").status_code == 404


def test_the_footer_link_finds_the_live_policy_and_asks_once(django_assert_num_queries):
    home = ensure_site()
    request = RequestFactory().get("/")
    assert privacy_policy_url(RequestFactory().get("/")) == ""
    page = make_policy(home)
    url = privacy_policy_url(request)
    with django_assert_num_queries(0):  # every later ask in the same request costs nothing
        assert privacy_policy_url(request) == url
    assert url == page.url
    html = Template(
        "{% load egov_privacy_tags %}{% egov_privacy_policy_url as u %}[{{ u }}]"
    ).render(Context({"request": RequestFactory().get("/")}))
    assert html == f"[{page.url}]"


def test_an_unpublished_policy_is_not_linked():
    home = ensure_site()
    page = make_policy(home)
    page.unpublish()
    assert privacy_policy_url(RequestFactory().get("/")) == ""


def test_the_context_processor_gives_the_link(client):
    home = ensure_site()
    page = make_policy(home)
    response = client.get(page.url)
    assert str(response.context["egov_privacy_policy_url"]) == page.url

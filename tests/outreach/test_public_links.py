"""Every absolute link that leaves the site starts with the public base URL (issue 16, item 1),
campaign SMS carry short links that fit one SMS (item 2), and a campaign refuses to start while
residents could not open its links."""

import re
from urllib.parse import unquote

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import RequestFactory
from wagtail.models import Site

from egov_plugin.consultations import review, sharing
from egov_plugin.core import public_url, sms
from egov_plugin.core.checks import check_public_url
from egov_plugin.outreach import messages, rules, sending, shortlinks
from egov_plugin.outreach.models import Campaign, Delivery, ShortLink
from tests.consultations.conftest import make_consultation
from tests.factories import PersonFactory

BASE = "https://www.sd.go.kr"
URL = re.compile(r"https?://[^\s<>\"']+")


@pytest.fixture
def public(settings):
    settings.EGOV_PUBLIC_BASE_URL = BASE
    return settings


def urls_in(text):
    return URL.findall(text)


def test_every_link_in_sent_sms_and_email_starts_with_the_public_base_url(
    public, subscribers, consultation, make_campaign, client
):
    campaign = make_campaign(
        page=consultation, send_email=True, message="{name}님, 의견을 들려주세요 {link}"
    )
    sending.start_campaign(campaign)
    assert len(sms.outbox) == 5 and len(mail.outbox) == 2
    found = [u for m in sms.outbox for u in urls_in(m.text)]
    for message in mail.outbox:
        found += urls_in(message.body) + urls_in(message.extra_headers["List-Unsubscribe"])
    assert len(found) == 5 + 2 * 3  # SMS: the link; e-mail: link, footer and header
    assert all(u.startswith(BASE + "/") for u in found), found
    # The e-mail shows the page's own address, tagged; the SMS the short link to it.
    assert f"?ch={campaign.tag}" in mail.outbox[0].body
    [short] = {u for m in sms.outbox for u in urls_in(m.text)}
    assert re.fullmatch(re.escape(BASE) + r"/s/[0-9A-Za-z]{7}", short)
    response = client.get(short.removeprefix(BASE))
    assert response.status_code == 302
    assert response["Location"] == f"{consultation.url}?ch={campaign.tag}"
    assert ShortLink.objects.get(campaign=campaign).hits == 1


def test_consent_renewal_links_start_with_the_public_base_url(public, subscribers, make_campaign):
    import datetime

    from django.utils import timezone

    from egov_plugin.people import consent

    long_ago = timezone.now() - datetime.timedelta(days=1000)
    for person in subscribers:
        consent.grant(person, "sms", wording="옛 문구", wording_version="2014", at=long_ago)
    sending.start_campaign(
        make_campaign(
            kind=Campaign.Kind.CONSENT_RENEWAL,
            message="수신 동의를 확인해 주세요 {link}",
            consent_wording="동의합니다",
            consent_version="2026",
        )
    )
    links = [u for m in sms.outbox for u in urls_in(m.text)]
    assert links and all(u.startswith(BASE + "/outreach/consent/") for u in links)
    # Personal links stay signed tokens, never short codes (decisions.md).
    assert not ShortLink.objects.exists()


def test_share_buttons_og_url_and_qr_code_use_the_public_base_url(
    public, consultation, client, monkeypatch
):
    # A staff member opens the page on the intranet address: what they share must still work.
    html = client.get(consultation.url, HTTP_HOST="127.0.0.1:8000").content.decode()
    og = re.search(r'property="og:url" content="([^"]+)"', html).group(1)
    assert og == BASE + consultation.url
    hrefs = re.findall(r'<a href="([^"]+)"', html.replace("&amp;", "&"))
    shared = [unquote(h) for h in hrefs if "ch=" in unquote(h)]
    assert len(shared) >= 3
    for href in shared:
        target = re.search(r"https?://[^?&\s]+\?ch=[\w-]+", href).group(0)
        assert target.startswith(BASE + consultation.url), href
    encoded = []
    real_make = sharing.segno.make

    def recording_make(content, **kwargs):
        encoded.append(content)
        return real_make(content, **kwargs)

    monkeypatch.setattr(sharing.segno, "make", recording_make)
    response = client.get(consultation.url + "qr/qr/", HTTP_HOST="127.0.0.1:8000")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert encoded == [f"{BASE}{consultation.url}?ch=qr"]


def test_expert_review_invitation_links_use_the_public_base_url(public, consultation_index):
    page = make_consultation(consultation_index, "응봉동 전문가 자문", visibility="closed")
    person = PersonFactory(name="윤전문", email="expert@example.org")
    request = RequestFactory().get("/admin/", HTTP_HOST="10.0.0.5:8000")
    review.invite(page, [person], request=request)
    [message] = mail.outbox
    links = urls_in(message.body)
    assert links and all(u.startswith(BASE + page.url + "review/") for u in links)


@pytest.mark.parametrize(
    "base", ["http://localhost", "http://127.0.0.1:8000", "http://[::1]:8000", "http://0.0.0.0"]
)
def test_a_campaign_refuses_to_start_while_the_public_url_is_loopback(
    settings, base, subscribers, consultation, make_campaign
):
    settings.EGOV_PUBLIC_BASE_URL = base
    campaign = make_campaign(page=consultation)
    with pytest.raises(ValidationError) as refused:
        sending.start_campaign(campaign)
    assert any("only this computer can open" in m for m in refused.value.messages)
    assert not Delivery.objects.exists() and not sms.outbox
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DRAFT


def test_without_the_setting_the_default_site_is_the_public_url(
    settings, subscribers, consultation, make_campaign
):
    settings.EGOV_PUBLIC_BASE_URL = ""
    assert public_url.base_url() == "http://localhost"  # the Site record of a fresh install
    with pytest.raises(ValidationError):
        sending.start_campaign(make_campaign(page=consultation))
    call_command("egov_public_url", "https://www.sd.go.kr")
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("www.sd.go.kr", 443)
    assert public_url.base_url() == BASE
    assert sending.start_campaign(make_campaign(name="다시", page=consultation)) == 5


def test_a_private_address_warns_but_does_not_stop(settings, subscribers, make_campaign):
    settings.EGOV_PUBLIC_BASE_URL = "http://192.168.0.10:8000"
    campaign = make_campaign()
    check = sending.check_campaign(campaign)
    assert check.ok and any("inside the office network" in w for w in check.warnings)
    assert sending.start_campaign(campaign) == 5


def test_a_campaign_without_links_is_not_held_by_the_address(settings, subscribers, make_campaign):
    settings.EGOV_PUBLIC_BASE_URL = "http://localhost"
    assert sending.start_campaign(make_campaign(message="{name}님, 내일 공청회가 열립니다")) == 5


@pytest.mark.parametrize(
    ("base", "kind"),
    [
        ("https://www.sd.go.kr", public_url.PUBLIC),
        ("http://192.168.1.20:8000", public_url.PRIVATE),
        ("http://10.1.2.3", public_url.PRIVATE),
        ("http://intranet", public_url.PRIVATE),
        ("http://egov.local", public_url.PRIVATE),
        ("http://localhost:8000", public_url.LOOPBACK),
        ("http://app.localhost", public_url.LOOPBACK),
        ("http://127.0.0.2", public_url.LOOPBACK),
        ("", public_url.LOOPBACK),
    ],
)
def test_reachability(base, kind):
    assert public_url.reachability(base) == kind


def test_system_checks_name_the_problem(settings, db, home):
    settings.EGOV_PUBLIC_BASE_URL = "http://127.0.0.1:8000"
    ids = {w.id for w in check_public_url(None, databases=["default"])}
    assert ids == {"egov_core.W010", "egov_core.W011"}  # loopback, and the Site differs
    call_command("egov_public_url", "http://127.0.0.1:8000")
    assert {w.id for w in check_public_url(None, databases=["default"])} == {"egov_core.W010"}
    settings.EGOV_PUBLIC_BASE_URL = BASE
    call_command("egov_public_url", BASE)
    assert check_public_url(None, databases=["default"]) == []


def test_the_dashboard_warns_while_the_public_url_is_loopback(
    settings, administrator, admin_client_for, home
):
    admin = admin_client_for(administrator)
    settings.EGOV_PUBLIC_BASE_URL = "http://localhost:8000"
    html = admin.get("/admin/").content.decode()
    assert 'data-public-url="http://localhost:8000"' in html
    settings.EGOV_PUBLIC_BASE_URL = BASE
    assert "data-public-url" not in admin.get("/admin/").content.decode()


INVITATION = "[성동구] '왕십리 광장 조성 계획' 의견을 들려주세요 {link}"


def test_a_typical_invitation_with_its_short_link_fits_one_sms(
    public, subscribers, consultation_index, make_campaign
):
    public.EGOV_OUTREACH_OPTOUT_080 = ""  # not advertising: no opt-out footer
    page = make_consultation(
        consultation_index, "왕십리 광장 조성 계획", slug="왕십리-광장-조성-계획"
    )
    campaign = make_campaign(page=page, message=INVITATION)
    long_text = messages.fill(
        INVITATION, name="", region="", link=messages.campaign_link(campaign, "email")
    )
    assert rules.message_type(long_text) == rules.LMS  # the percent-encoded Korean slug
    sending.start_campaign(campaign)
    sizes = {rules.euckr_len(m.text) for m in sms.outbox}
    assert len(sizes) == 1 and sizes.pop() <= rules.SMS_MAX_BYTES
    assert all(not m.title for m in sms.outbox)  # an SMS has no title; an LMS would


def test_the_preview_counts_the_real_bytes_and_cost_per_recipient(
    public, subscribers, consultation, make_campaign, administrator, admin_client_for
):
    public.EGOV_OUTREACH_OPTOUT_080 = ""
    campaign = make_campaign(page=consultation, message=INVITATION)
    html = admin_client_for(administrator).get(f"/admin/egov/outreach/{campaign.pk}/send/")
    html = html.content.decode()
    size = int(re.search(r'data-preview-size="SMS:(\d+)"', html).group(1))
    short = shortlinks.short_link(campaign, f"{consultation.url}?ch={campaign.tag}")
    assert short in html  # the preview shows the link that will be sent
    assert size == rules.euckr_len(INVITATION.replace("{link}", short))
    assert "9 won per recipient" in html
    assert ShortLink.objects.count() == 1  # preview and send share one link


def test_an_unknown_short_code_is_not_found(db, client):
    assert client.get("/s/zzzzzzz").status_code == 404


def test_codes_are_random_and_short():
    codes = {shortlinks.new_code() for _ in range(1000)}
    assert len(codes) == 1000
    assert all(len(c) == 7 and c.isalnum() and c.isascii() for c in codes)

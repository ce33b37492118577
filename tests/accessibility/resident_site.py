"""Every page a resident can see, built in the database and walked in a real browser.

``build_site(regions)`` makes the home page, a consultation index with an open consultation
(published opinions, an official answer, two pages of opinions), a closed one with an expert
invitation, an open budget vote, a consent-renewal campaign and an unsubscribe link.
``walk(page, base_url, site, check)`` goes through them as a resident would — typing into forms,
sending them wrong and then right, voting — and calls ``check(name, page)`` on each screen.
"""

import datetime
import re
from dataclasses import dataclass, field
from importlib.util import find_spec

from django.core.cache import cache
from django.utils import timezone

from egov_plugin.budgeting.models import BudgetVotePage
from egov_plugin.consultations import review
from egov_plugin.consultations.models import ConsultationIndexPage, ExpertInvitation, Opinion
from egov_plugin.core.sms import read_file_outbox
from tests.browser import tick as browser_tick
from tests.budgeting.factories import BudgetVotePageFactory
from tests.consultations.conftest import make_consultation
from tests.factories import PersonFactory
from tests.sitedata import ensure_site

SITE_NAME = "성동구 e-거버넌스"
CONSULTATION = "왕십리 광장 조성 계획"
INDEX = "정책 제안"
VOTE = "2027 주민참여예산 투표"
PHONE = "010-2222-3333"

#: Error pages of egov_plugin.core.errors (another branch adds the module and most templates).
ERROR_CODES = [400, 403, 404, 405, 410, 429, 500]


def error_pages_available():
    """Whether the package's error views exist (egov_plugin.core.errors)."""
    return find_spec("egov_plugin.core.errors") is not None


@dataclass
class ResidentSite:
    """What build_site made; URLs are paths on the live server."""

    index: ConsultationIndexPage
    consultation: object
    closed: object
    invitation: ExpertInvitation
    vote: BudgetVotePage
    consent_path: str = ""
    unsubscribe_path: str = ""
    sms_path: str = ""
    extra: dict = field(default_factory=dict)


def build_site(regions, sms_path):
    """The example site's resident side with something on every page (see the module doc)."""
    home = ensure_site()
    index = ConsultationIndexPage(title=INDEX, slug="consultations", show_in_menus=True)
    home.add_child(instance=index)
    index.save_revision().publish()
    consultation = make_consultation(
        index,
        CONSULTATION,
        slug="wangsimni-plaza",
        summary="왕십리 광장을 어떻게 꾸밀지 주민 의견을 듣습니다.",
        body=[{"type": "text", "value": "<p>광장에 나무 그늘과 쉼터를 만드는 계획입니다.</p>"}],
    )
    make_consultation(index, "지난 교통 정책", opens=-60, closes=-30, slug="old-traffic")
    for i, text in enumerate(
        ["그늘막을 더 설치해 주세요.", "자전거 보관대가 필요합니다.", "야간 조명을 밝게 해 주세요."]
    ):
        Opinion.objects.create(
            page=consultation,
            name=f"김주민{i}",
            region=regions["왕십리도선동"],
            text=text,
            stance="agree",
            status=Opinion.Status.PUBLISHED,
            answer="검토하여 설계에 반영하겠습니다." if i == 0 else "",
        )
    closed = make_consultation(
        index,
        "송정동 제방 보행로 전문가 자문",
        slug="experts-only",
        visibility="closed",
        body=[{"type": "text", "value": "<p>자문 자료</p>"}],
    )
    invitation = ExpertInvitation.objects.create(
        page=closed,
        person=PersonFactory(
            name="한전문", email="han.expert@example.org", mobile=None, region=regions["송정동"]
        ),
        expires_at=timezone.now() + datetime.timedelta(days=9),
    )
    vote = BudgetVotePageFactory(title=VOTE, slug="budget", show_in_menus=True)
    site = ResidentSite(
        index=index,
        consultation=consultation,
        closed=closed,
        invitation=invitation,
        vote=vote,
        sms_path=str(sms_path),
    )
    site.consent_path, site.unsubscribe_path = _outreach_links(regions)
    return site


def _outreach_links(regions):
    """A consent-renewal link of a started campaign, and an e-mail unsubscribe link."""
    from django.test import override_settings

    from egov_plugin.core import sms
    from egov_plugin.outreach import messages, sending
    from egov_plugin.outreach.models import Campaign
    from egov_plugin.people import consent
    from tests.factories import SubscriberFactory

    person = SubscriberFactory(
        person=PersonFactory(name="이주민", region=regions["마장동"]), sms_consent=True
    ).person
    consent.grant(
        person,
        "sms",
        wording="옛 문구",
        wording_version="2014",
        at=timezone.now() - datetime.timedelta(days=1000),
    )
    from django.contrib.auth import get_user_model

    author = get_user_model().objects.create_user(username="campaign-author", password="pw")
    campaign = Campaign.objects.create(
        name="수신 동의 확인",
        kind=Campaign.Kind.CONSENT_RENEWAL,
        message="{name}님, 문자 수신 동의를 확인해 주세요 {link}",
        consent_wording="성동구 소식을 문자로 받는 데 동의합니다. 언제든지 철회할 수 있습니다.",
        consent_version="2026-1",
        send_sms=True,
        created_by=author,
    )
    with override_settings(
        EGOV_SMS_BACKEND="egov_plugin.core.sms.LocmemBackend",
        EGOV_OUTREACH_APPROVAL_ALL=False,
        EGOV_OUTREACH_APPROVAL_SMS=False,
        EGOV_OUTREACH_APPROVAL_OVER=None,
        EGOV_OUTREACH_QUIET_START="00:00",
        EGOV_OUTREACH_QUIET_END="00:00",
        EGOV_OUTREACH_OPTOUT_080="080-123-4567",
        EGOV_PUBLIC_BASE_URL="https://egov.example.go.kr",
    ):
        sms.outbox.clear()
        sending.start_campaign(campaign)
        [message] = sms.outbox
        sms.outbox.clear()
    consent_path = re.search(r"https://egov\.example\.go\.kr(\S+)", message.text).group(1)
    unsubscribe_path = f"/outreach/unsubscribe/{messages.unsubscribe_token(person.pk, 'email')}/"
    return consent_path, unsubscribe_path


def newest_code(sms_path, phone):
    """The 6-digit code in the newest text message to ``phone`` (the file SMS backend)."""
    messages = [m for m in read_file_outbox(sms_path) if m["to"] == phone]
    assert messages, "no text message was sent"
    return re.search(r"\d{6}", messages[-1]["text"]).group()


def tick(page, selector):
    """Check a KRDS radio button or checkbox by its label (tests.browser.tick)."""
    browser_tick(page.locator(selector).first)


def walk(page, base_url, site, check, *, errors=True):
    """Visit every resident screen in ``page`` and call ``check(name, page)`` on each.

    Forms are filled by element id, then sent (first wrong, so the error screens are seen too).
    """

    def visit(name, path):
        response = page.goto(base_url + path)
        check(name, page)
        return response

    visit("home", "/")
    visit("consultation_index", site.index.url)
    visit("consultation_index_filtered", site.index.url + "?q=광장&status=open")
    visit("consultation_page", site.consultation.url)
    visit("consultation_opinions_page_2", site.consultation.url + "?page=2#egov-opinions")

    # The opinion form: sent empty (errors), then filled in (thank-you page).
    page.goto(base_url + site.consultation.url)
    page.click("button[type=submit]:not([name=action])")
    page.locator("#egov-form-errors").wait_for()
    check("opinion_errors", page)
    page.fill("#id_name", "김민수")
    tick(page, "#id_gender_0")
    page.select_option("#id_age_band", "30s")
    page.select_option("#id_region", label="마장동")
    page.fill("#id_mobile", "010-1234-5678")
    page.fill("#id_text", "광장에 그늘막과 벤치를 충분히 설치해 주세요.")
    tick(page, "#id_consent")
    with page.expect_navigation():
        page.click("button[type=submit]:not([name=action])")
    assert page.url.endswith("/thanks/"), page.url
    check("opinion_thanks", page)

    visit("closed_consultation", site.closed.url)
    visit("review_link_error", site.closed.url + "review/not-a-valid-token/")
    token = review.make_token(site.invitation)
    visit("review_code", site.closed.url + site.closed.reverse_subpage("review", args=[token]))

    # The budget vote: the page, the number (wrong, then right), the code, the ballot (empty,
    # then valid), the receipt, a second attempt refused, the results after closing.
    cache.clear()
    visit("budget_vote_page", site.vote.url)
    visit("verify_phone", site.vote.url + "verify/")
    page.locator("form button[type=submit]").click()
    page.locator("#error-summary").wait_for()
    check("verify_phone_errors", page)
    page.fill("#id_phone", PHONE)
    tick(page, "#id_consent")
    with page.expect_navigation():
        page.locator("form button[type=submit]").first.click()
    check("verify_code", page)
    page.fill("#id_code", "000000")
    with page.expect_navigation():
        page.locator("form:has(#id_code) button[type=submit]").click()
    check("verify_code_errors", page)
    page.fill("#id_code", newest_code(site.sms_path, PHONE))
    with page.expect_navigation():
        page.locator("form:has(#id_code) button[type=submit]").click()
    assert page.url.endswith("/ballot/"), page.url
    check("ballot", page)
    with page.expect_navigation():
        page.locator("#ballot-form button[type=submit]").click()
    check("ballot_errors", page)
    page.select_option("#id_region", label="마장동")
    page.select_option("#id_age_band", "40s")
    tick(page, "#id_age_confirmed")
    tick(page, "input[name=gender][value=F]")
    tick(page, "input[name=projects]")
    with page.expect_navigation():
        page.locator("#ballot-form button[type=submit]").click()
    assert page.url.endswith("/receipt/"), page.url
    check("receipt", page)
    page.context.clear_cookies()
    cache.clear()
    page.goto(base_url + site.vote.url + "verify/")
    page.fill("#id_phone", PHONE)
    tick(page, "#id_consent")
    with page.expect_navigation():
        page.locator("form button[type=submit]").first.click()
    page.fill("#id_code", newest_code(site.sms_path, PHONE))
    with page.expect_navigation():
        page.locator("form:has(#id_code) button[type=submit]").click()
    check("refused_second_vote", page)
    BudgetVotePage.objects.filter(pk=site.vote.pk).update(closes_at=timezone.now())
    visit("results", site.vote.url + "results/")

    visit("consent_renewal", site.consent_path)
    visit("consent_link_invalid", "/outreach/consent/not-a-valid-token/")
    visit("unsubscribe", site.unsubscribe_path)
    visit("unsubscribe_invalid", "/outreach/unsubscribe/not-a-valid-token/")
    visit("accessibility_policy", "/accessibility/")
    visit("terms", "/terms/")

    if errors and error_pages_available():
        visit("error_404", "/no-such-page/")
        for code in ERROR_CODES:
            visit(f"error_{code}_page", f"/_egov_test_errors/{code}/")

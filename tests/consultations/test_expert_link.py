"""The expert-review link is personal: a second factor per browser, no full contact on screen,
nothing kept in any cache (issue 13, item 11).

KISA 불충분한 세션 관리 / 불충분한 인증 절차: a link alone (forwarded, left in a shared computer's
history or a proxy log) must not open the closed consultation nor answer in the expert's name;
the browser that proves itself with a code sent to the invitee is the one admitted.
KISA 정보 누출: the review form must not carry the invitee's full mobile number and e-mail
address, and personal pages must answer ``Cache-Control: no-store``.
"""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone, translation

from egov_plugin.consultations import review
from egov_plugin.consultations.models import ExpertInvitation, Opinion
from egov_plugin.core import sms
from tests.consultations.conftest import make_consultation
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

MATERIAL = "자문 자료: 응봉동 빗물펌프장 증설 검토안"
EMAIL = "yoon.expert@example.org"
MOBILE = "010-4321-8765"


def ko(text):
    with translation.override("ko"):
        return translation.gettext(text)


@pytest.fixture(autouse=True)
def _memory_sms_and_fresh_limits(settings):
    settings.EGOV_SMS_BACKEND = "egov_plugin.core.sms.LocmemBackend"
    sms.outbox.clear()
    cache.clear()
    yield
    sms.outbox.clear()


@pytest.fixture
def closed(consultation_index, regions):
    return make_consultation(
        consultation_index,
        "응봉동 빗물펌프장 전문가 자문",
        visibility="closed",
        body=[{"type": "text", "value": f"<p>{MATERIAL}</p>"}],
    )


def invite(page, **person):
    values = {"name": "윤전문", "email": EMAIL, "mobile": None}
    values.update(person)
    return ExpertInvitation.objects.create(
        page=page, person=PersonFactory(**values), expires_at=timezone.now() + timedelta(days=9)
    )


def link(invitation):
    page = invitation.page.specific
    return page.url + page.reverse_subpage("review", args=[review.make_token(invitation)])


def code_in(text):
    return re.search(r"(?<!\d)(\d{6})(?!\d)", text).group(1)


def test_a_link_alone_opens_nothing(closed):
    invitation = invite(closed)
    stranger = Client()  # whoever holds a forwarded or leaked link
    response = stranger.get(link(invitation))
    assert response.status_code == 200  # a page that asks for a code, not the consultation
    assert MATERIAL not in response.content.decode()
    assert stranger.get(closed.url).status_code == 404
    invitation.refresh_from_db()
    assert invitation.opened_at is None  # a mail scanner fetching the link opens nothing


def test_the_code_goes_to_the_invitees_address_and_admits_the_browser_that_asked(
    closed, mailoutbox
):
    invitation = invite(closed)
    expert, stranger = Client(), Client()
    url = link(invitation)
    page = expert.get(url).content.decode()
    assert "y***@example.org" in page and EMAIL not in page  # where the code goes, masked

    asked = expert.post(url, {"action": "send"})
    assert asked.status_code == 200
    [message] = mailoutbox
    assert message.to == [EMAIL]
    code = code_in(message.body)
    assert code not in asked.content.decode()

    # The same link and even the right code do not admit another browser: the code belongs to
    # the browser that asked for it.
    stranger.get(url)
    refused = stranger.post(url, {"action": "check", "code": code})
    assert refused.status_code == 400
    assert stranger.get(closed.url).status_code == 404

    before = expert.session.session_key
    admitted = expert.post(url, {"action": "check", "code": code})
    assert admitted.status_code == 302 and admitted["Location"] == closed.url
    assert expert.session.session_key != before  # a new session at the moment of proof
    shown = expert.get(closed.url)
    assert shown.status_code == 200 and MATERIAL in shown.content.decode()
    invitation.refresh_from_db()
    assert invitation.opened_at is not None

    # A spent code does not admit a third browser either.
    third = Client()
    third.get(url)
    assert third.post(url, {"action": "check", "code": code}).status_code == 400


def test_the_code_goes_by_sms_when_the_invitee_has_a_mobile(closed, mailoutbox):
    invitation = invite(closed, mobile=MOBILE)
    expert = Client()
    url = link(invitation)
    page = expert.get(url).content.decode()
    assert "010-4321-****" in page and MOBILE not in page
    expert.post(url, {"action": "send"})
    assert mailoutbox == []
    [message] = sms.outbox
    assert message.to == MOBILE
    response = expert.post(url, {"action": "check", "code": code_in(message.text)})
    assert response.status_code == 302


def test_wrong_codes_are_counted_and_then_the_code_is_spent(closed, mailoutbox, settings):
    settings.EGOV_VERIFICATION_MAX_ATTEMPTS = 3
    invitation = invite(closed)
    expert = Client()
    url = link(invitation)
    expert.post(url, {"action": "send"})
    code = code_in(mailoutbox[0].body)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(3):
        response = expert.post(url, {"action": "check", "code": wrong})
        assert response.status_code == 400
        assert ko("The code is not correct.") in response.content.decode()
    spent = expert.post(url, {"action": "check", "code": code})
    assert spent.status_code == 400
    assert ko("Too many wrong codes. Please ask for a new one.") in spent.content.decode()
    assert expert.get(closed.url).status_code == 404


def test_asking_for_codes_is_limited(closed, mailoutbox, settings):
    settings.EGOV_VERIFICATION_RESEND_SECONDS = 0
    settings.EGOV_VERIFICATION_PER_PHONE_PER_HOUR = 2
    invitation = invite(closed)
    url = link(invitation)
    # Each new browser (a fresh session) still counts against the invitation.
    statuses = [Client().post(url, {"action": "send"}).status_code for _ in range(4)]
    assert statuses == [200, 200, 429, 429]
    assert len(mailoutbox) == 2


def test_the_review_form_shows_the_contact_masked_and_keeps_it_server_side(
    closed, mailoutbox, regions
):
    invitation = invite(closed, mobile=MOBILE)
    expert = Client()
    url = link(invitation)
    expert.post(url, {"action": "send"})
    expert.post(url, {"action": "check", "code": code_in(sms.outbox[-1].text)})

    html = expert.get(closed.url).content.decode()
    assert MOBILE not in html and "01043218765" not in html and EMAIL not in html
    assert "010-4321-****" in html and "y***@example.org" in html

    answered = expert.post(
        closed.url,
        {
            "name": "윤전문",
            "gender": "M",
            "age_band": "40s",
            "region": str(regions["응봉동"].pk),
            # Whatever the browser sends, the invitation's own contact is stored.
            "mobile": "010-9999-0000",
            "email": "someone.else@example.net",
            "text": "펌프장 증설보다 상류 저류조 확충을 먼저 검토하길 권합니다.",
            "consent": "on",
        },
    )
    assert answered.status_code == 302
    opinion = Opinion.objects.get()
    assert (opinion.mobile, opinion.email) == (MOBILE, EMAIL)
    assert opinion.person_id == invitation.person_id
    assert opinion.channel == Opinion.Channel.EXPERT_REVIEW


def no_store(response):
    return "no-store" in response.get("Cache-Control", "")


def test_every_page_of_the_review_answers_no_store(closed, mailoutbox, regions):
    invitation = invite(closed)
    expert = Client()
    url = link(invitation)
    assert no_store(expert.get(url))
    assert no_store(expert.post(url, {"action": "send"}))
    admitted = expert.post(url, {"action": "check", "code": code_in(mailoutbox[0].body)})
    assert no_store(admitted)
    shown = expert.get(closed.url)
    assert shown.status_code == 200 and no_store(shown)
    assert shown["Referrer-Policy"] == "same-origin"
    answered = expert.post(
        closed.url,
        {
            "name": "윤전문",
            "gender": "F",
            "age_band": "50s",
            "region": str(regions["응봉동"].pk),
            "text": "저류조 용량 산정 근거를 공개해 주시기 바랍니다.",
            "consent": "on",
        },
    )
    assert answered.status_code == 302 and no_store(answered)
    thanks = expert.get(answered["Location"])
    assert thanks.status_code == 200 and no_store(thanks)


def test_an_opinion_thanks_page_on_a_public_consultation_is_no_store(
    client, consultation, opinion_data
):
    response = client.post(consultation.url, opinion_data)
    assert response.status_code == 302 and no_store(response)
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200 and no_store(thanks)
    # A re-shown form holds what the resident typed: not cached either.
    refused = client.post(consultation.url, {**opinion_data, "text": ""})
    assert refused.status_code == 400 and no_store(refused)

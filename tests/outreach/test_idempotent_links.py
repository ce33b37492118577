"""Consent-renewal and unsubscribe links answer a second POST without a second record, and
every answer is kept out of caches (issue 13, item 11).

KISA 프로세스 검증 누락: a repeated POST (a double click, a mail client retrying its one-click
unsubscribe, a replayed request) must not write the consent history again; the resident is told
that nothing changed. KISA 정보 누출: these pages stand for one person's link and answer
``Cache-Control: no-store``.
"""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from egov_plugin.core import sms
from egov_plugin.core.models import AuditEvent
from egov_plugin.outreach import sending
from egov_plugin.outreach.messages import unsubscribe_token
from egov_plugin.outreach.models import Campaign
from egov_plugin.people import consent
from egov_plugin.people.models import ConsentRecord

OLD = timezone.now() - datetime.timedelta(days=3 * 365)


@pytest.fixture
def renewal_link(subscribers, make_campaign):
    """A consent-renewal campaign sent to one subscriber whose SMS consent is three years old;
    returns ``(person, campaign, path)``."""
    person = subscribers[0]
    consent.grant(person, "sms", wording="old", wording_version="2014", at=OLD)
    for other in subscribers[1:]:
        consent.grant(other, "sms", wording="new", wording_version="2026", at=timezone.now())
    campaign = make_campaign(
        kind=Campaign.Kind.CONSENT_RENEWAL,
        name="문자 수신 동의 갱신",
        message="{name}님, 수신 동의를 확인해 주세요 {link}",
        consent_wording="성동구 소식을 문자로 받는 데 동의합니다.",
        consent_version="2026-1",
    )
    sending.start_campaign(campaign)
    [message] = [m for m in sms.outbox if m.to == person.mobile]
    path = re.search(r"http://testserver(/outreach/consent/\S+/)", message.text).group(1)
    return person, campaign, path


def records(person, channel="sms"):
    return ConsentRecord.objects.filter(person=person, channel=channel).count()


def edits(person):
    return AuditEvent.objects.filter(object_id=str(person.pk), action="edit").count()


@pytest.mark.parametrize("answer", ["confirm", "withdraw"])
def test_the_same_answer_twice_records_once_and_says_so(renewal_link, client, answer):
    person, _campaign, path = renewal_link
    before = records(person)
    first = client.post(path, {"answer": answer})
    assert first.status_code == 200
    assert records(person) == before + 1 and edits(person) == 1
    newest = consent.current(person, "sms")

    again = client.post(path, {"answer": answer})
    assert again.status_code == 200
    assert records(person) == before + 1 and edits(person) == 1
    assert consent.current(person, "sms") == newest
    assert again.context["unchanged"] is True
    assert "Nothing was changed" in again.content.decode()


def test_changing_ones_mind_on_the_same_link_is_recorded(renewal_link, client):
    person, _campaign, path = renewal_link
    before = records(person)
    client.post(path, {"answer": "confirm"})
    client.post(path, {"answer": "withdraw"})
    assert records(person) == before + 2
    assert consent.current(person, "sms").granted is False
    person.subscriber.refresh_from_db()
    assert person.subscriber.sms_consent is False


def test_the_consent_page_is_never_cached(renewal_link, client):
    _person, _campaign, path = renewal_link
    for response in (client.get(path), client.post(path, {"answer": "confirm"})):
        assert "no-store" in response["Cache-Control"]
        assert response["Referrer-Policy"] == "same-origin"


@pytest.fixture
def email_subscriber(subscribers):
    person = subscribers[0]
    consent.grant(person, "email", wording="이메일 소식", wording_version="1", at=OLD)
    return person


def test_unsubscribing_twice_records_one_withdrawal(email_subscriber, client):
    person = email_subscriber
    path = f"/outreach/unsubscribe/{unsubscribe_token(person.pk, 'email')}/"
    before = records(person, "email")
    first = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert first.status_code == 200
    assert records(person, "email") == before + 1 and edits(person) == 1

    for _ in range(3):  # a mail client retrying its one-click POST, a double click
        again = client.post(path, {"List-Unsubscribe": "One-Click"})
        assert again.status_code == 200
        assert "already" in again.content.decode()
    assert records(person, "email") == before + 1 and edits(person) == 1


def test_an_unsubscribe_link_works_again_after_consent_is_given_again(email_subscriber, client):
    person = email_subscriber
    path = f"/outreach/unsubscribe/{unsubscribe_token(person.pk, 'email')}/"
    client.post(path)
    consent.grant(person, "email", wording="이메일 소식", wording_version="2")
    client.post(path)
    assert consent.current(person, "email").granted is False
    assert records(person, "email") == 4  # old grant, withdrawal, new grant, withdrawal


def test_the_unsubscribe_page_is_never_cached(email_subscriber, client):
    path = urlsplit(f"/outreach/unsubscribe/{unsubscribe_token(email_subscriber.pk, 'email')}/")
    for response in (client.get(path.path), client.post(path.path)):
        assert "no-store" in response["Cache-Control"]

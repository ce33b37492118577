"""Consent older than two years: flagged in the audience and on the person, renewed by a
campaign whose personal link records the answer."""

import datetime
import re

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from egov_plugin.core import sms
from egov_plugin.core.models import AuditEvent
from egov_plugin.outreach import audience, sending
from egov_plugin.outreach.models import Campaign, Channel, Delivery
from egov_plugin.people import consent
from egov_plugin.people.models import ConsentRecord

WORDING = "성동구 소식을 문자로 받는 데 동의합니다. 언제든지 철회할 수 있습니다."
OLD = timezone.now() - datetime.timedelta(days=3 * 365)
RECENT = timezone.now() - datetime.timedelta(days=30)


@pytest.fixture
def aged(subscribers):
    """Subscribers 0–1 agreed to SMS three years ago, 2 a month ago; 3–4 joined long ago with
    no record (an old import); everyone's e-mail consent is left as the factory made it."""
    for person in subscribers[:2]:
        consent.grant(person, "sms", wording="old", wording_version="2014", at=OLD)
    consent.grant(subscribers[2], "sms", wording="new", wording_version="2026", at=RECENT)
    for person in subscribers[3:]:
        person.subscriber.joined_at = OLD
        person.subscriber.save()
    return subscribers


def renewal(make_campaign, **fields):
    values = {
        "kind": Campaign.Kind.CONSENT_RENEWAL,
        "name": "문자 수신 동의 갱신",
        "message": "{name}님, 성동구 문자 수신 동의를 확인해 주세요 {link}",
        "consent_wording": WORDING,
        "consent_version": "2026-1",
    }
    values.update(fields)
    return make_campaign(**values)


def consent_path(text):
    return re.search(r"http://testserver(/outreach/consent/\S+/)", text).group(1)


def test_audience_counts_consent_older_than_the_setting(aged, make_campaign, settings):
    campaign = make_campaign()
    assert audience.counts(campaign) == {"sms": 5}
    assert audience.stale_counts(campaign) == {"sms": 4}
    settings.EGOV_CONSENT_RENEWAL_YEARS = 5
    assert audience.stale_counts(campaign) == {"sms": 0}


def test_send_page_shows_how_many_recipients_have_old_consent(
    aged, make_campaign, administrator, admin_client_for
):
    campaign = make_campaign()
    html = (
        admin_client_for(administrator)
        .get(reverse("egov_outreach_campaigns:send", args=[campaign.pk]))
        .content.decode()
    )
    assert 'data-count="sms:5"' in html
    assert 'data-stale="sms:4"' in html


def test_renewal_reaches_only_old_consent_each_with_a_personal_link(aged, make_campaign):
    campaign = renewal(make_campaign)
    assert sending.start_campaign(campaign) == 4
    assert sorted(m.to for m in sms.outbox) == sorted(p.mobile for p in aged[:2] + aged[3:])
    paths = {consent_path(m.text) for m in sms.outbox}
    assert len(paths) == 4  # one link per person


def test_renewal_needs_the_link_and_the_wording(aged, make_campaign):
    campaign = renewal(make_campaign, message="동의를 확인해 주세요", consent_wording="")
    with pytest.raises(ValidationError) as raised:
        sending.start_campaign(campaign)
    text = " ".join(raised.value.messages)
    assert "{link}" in text and "consent wording" in text
    assert not Delivery.objects.exists()


def test_renewal_with_nobody_to_renew_is_refused(subscribers, make_campaign):
    campaign = renewal(make_campaign)  # everyone joined just now
    with pytest.raises(ValidationError, match="older than 2 years"):
        sending.start_campaign(campaign)


def test_confirming_records_new_consent_with_wording_and_is_audited(aged, make_campaign, client):
    campaign = renewal(make_campaign)
    sending.start_campaign(campaign)
    person = aged[0]
    message = next(m for m in sms.outbox if m.to == person.mobile)
    path = consent_path(message.text)

    page = client.get(path)
    assert page.status_code == 200
    html = page.content.decode()
    assert WORDING in html
    assert person.name not in html  # masked: a forwarded link shows no full name

    response = client.post(path, {"answer": "confirm"})
    assert response.status_code == 200
    newest = consent.current(person, "sms")
    assert newest.granted and newest.wording == WORDING and newest.wording_version == "2026-1"
    assert newest.source == campaign.tag
    assert timezone.now() - newest.recorded_at < datetime.timedelta(minutes=1)
    event = AuditEvent.objects.get(object_id=str(person.pk), action="edit")
    assert "renewed" in event.summary
    # Renewed: no longer counted as old, and a second renewal campaign passes them by.
    later = renewal(make_campaign, name="again")
    assert person not in set(audience.recipients(later, Channel.SMS))


def test_withdrawing_from_the_consent_page_stops_messages(aged, make_campaign, client):
    sending.start_campaign(renewal(make_campaign))
    person = aged[1]
    path = consent_path(next(m.text for m in sms.outbox if m.to == person.mobile))
    client.post(path, {"answer": "withdraw"})
    person.subscriber.refresh_from_db()
    assert not person.subscriber.sms_consent
    assert person not in set(audience.recipients(make_campaign(name="next"), Channel.SMS))
    assert AuditEvent.objects.filter(object_id=str(person.pk), summary__contains="withdrawn")


def test_an_answer_must_be_chosen(aged, make_campaign, client):
    sending.start_campaign(renewal(make_campaign))
    path = consent_path(sms.outbox[0].text)
    before = ConsentRecord.objects.count()
    assert client.post(path, {"answer": "maybe"}).status_code == 400
    assert ConsentRecord.objects.count() == before


def test_forged_and_expired_links_are_refused(aged, make_campaign, client, monkeypatch):
    sending.start_campaign(renewal(make_campaign))
    path = consent_path(sms.outbox[0].text)
    forged = path.replace(path.rstrip("/").rsplit(":", 1)[1], "x" * 43)
    assert client.get(forged).status_code == 400
    before = ConsentRecord.objects.count()
    later = timezone.now().timestamp() + 61 * 86400
    monkeypatch.setattr(signing.time, "time", lambda: later)
    assert client.post(path, {"answer": "confirm"}).status_code == 410
    assert ConsentRecord.objects.count() == before


def test_a_message_campaigns_delivery_has_no_consent_page(subscribers, make_campaign, client):
    from egov_plugin.outreach.messages import consent_token

    sending.start_campaign(make_campaign())
    delivery = Delivery.objects.first()
    response = client.get(f"/outreach/consent/{consent_token(delivery.pk)}/")
    assert response.status_code == 404


def test_person_pages_flag_old_consent(aged, administrator, admin_client_for):
    from egov_plugin.outreach.wagtail_hooks import consent_age_section

    client = admin_client_for(administrator)
    old = client.get(reverse("egov_people:inspect", args=[aged[0].pk])).content.decode()
    assert 'data-consent-stale="sms"' in old
    recent = client.get(reverse("egov_people:inspect", args=[aged[2].pk])).content.decode()
    assert "data-consent-stale" not in recent

    heading, rows = consent_age_section(aged[0], None)
    assert any(OLD.strftime("%Y-%m-%d") in row and " — " in row for row in rows)
    _heading, rows = consent_age_section(aged[2], None)
    assert all(" — " not in row for row in rows)


def test_resident_page_speaks_korean(aged, make_campaign, client, settings):
    from django.utils import translation

    sending.start_campaign(renewal(make_campaign))
    path = consent_path(sms.outbox[0].text)
    settings.LANGUAGE_CODE = "ko-kr"
    with translation.override("ko"):
        html = client.get(path, HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "네, 계속 받겠습니다" in html and "문자(SMS)" in html


def test_email_renewal_carries_each_persons_link(smtp, aged, make_campaign, client):
    for person in aged[:2]:
        consent.grant(person, "email", wording="old", wording_version="2014", at=OLD)
    campaign = renewal(make_campaign, send_sms=False, send_email=True)
    assert sending.start_campaign(campaign) == 2
    message = smtp.messages[0]
    person = next(p for p in aged[:2] if p.email in message["To"])
    path = consent_path(smtp.body(message))
    client.post(path, {"answer": "confirm"})
    newest = consent.current(person, "email")
    assert newest.granted and newest.wording == WORDING

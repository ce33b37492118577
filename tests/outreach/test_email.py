"""Campaign e-mail through a real SMTP server, and the one-click unsubscribe link."""

from urllib.parse import urlsplit

from egov_plugin.core.models import AuditEvent
from egov_plugin.outreach import audience, sending
from egov_plugin.outreach.models import Channel, Delivery


def _unsubscribe_path(message):
    return urlsplit("".join(str(message["List-Unsubscribe"]).split()).strip("<>")).path


def test_email_campaign_reaches_each_consenting_address_once(smtp, subscribers, make_campaign):
    campaign = make_campaign(send_sms=False, send_email=True, email_subject="구정 소식")
    sending.start_campaign(campaign)
    assert sorted(smtp.recipients()) == sorted(p.email for p in subscribers[:2])
    message = smtp.messages[0]
    assert message["Subject"] == "구정 소식"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert (
        message["List-Unsubscribe"].strip().startswith("<http://testserver/outreach/unsubscribe/")
    )
    assert _unsubscribe_path(message) in smtp.body(message)
    assert Delivery.objects.filter(channel="email", status="sent").count() == 2


def test_one_click_unsubscribe_withdraws_email_consent(smtp, subscribers, make_campaign, client):
    sending.start_campaign(make_campaign(send_sms=False, send_email=True))
    message = smtp.messages[0]
    person = next(p for p in subscribers if p.email in message["To"])
    path = _unsubscribe_path(message)
    # Opening the link (or a mail scanner fetching it) only asks.
    assert client.get(path).status_code == 200
    person.subscriber.refresh_from_db()
    assert person.subscriber.email_consent
    # The mail client's one-click POST withdraws, with a consent record and an audit event.
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    person.subscriber.refresh_from_db()
    assert not person.subscriber.email_consent
    assert person.consents.filter(channel="email", granted=False).exists()
    assert AuditEvent.objects.filter(object_id=str(person.pk), action="edit").exists()
    later = make_campaign(send_sms=False, send_email=True)
    assert person not in set(audience.recipients(later, Channel.EMAIL))


def test_forged_unsubscribe_link_is_refused(client, db):
    assert client.post("/outreach/unsubscribe/forged/").status_code == 400
    assert "not valid" in client.get("/outreach/unsubscribe/forged/").content.decode()


def test_smtp_server_down_leaves_mail_unsent(settings, subscribers, make_campaign):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1
    settings.EGOV_OUTREACH_MAX_ATTEMPTS = 2
    sending.start_campaign(make_campaign(send_sms=False, send_email=True))
    assert not Delivery.objects.filter(status="sent").exists()
    assert Delivery.objects.filter(status="failed", attempts=2).count() == 2

"""Audience, consent, approval, the checks before starting, and sending each person once."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from egov_plugin.core import sms
from egov_plugin.outreach import audience, sending
from egov_plugin.outreach.models import Campaign, Channel, Delivery
from egov_plugin.people import consent
from egov_plugin.people.models import ConsentRecord
from tests.factories import PersonFactory, SubscriberFactory


def sent_numbers():
    return sorted(m.to for m in sms.outbox)


def test_only_consenting_subscribers_who_never_left(subscribers, make_campaign):
    no_sms = SubscriberFactory(sms_consent=False).person
    left = SubscriberFactory(withdrawn_at=timezone.now()).person
    not_subscribed = PersonFactory()
    withdrew = subscribers[0]
    consent.withdraw(withdrew, ConsentRecord.Channel.SMS)
    campaign = make_campaign()
    people = set(audience.recipients(campaign, Channel.SMS))
    assert people == set(subscribers[1:])
    assert not {no_sms, left, not_subscribed, withdrew} & people


def test_email_audience_needs_email_consent(subscribers, make_campaign):
    campaign = make_campaign(send_sms=False, send_email=True)
    assert set(audience.recipients(campaign, Channel.EMAIL)) == set(subscribers[:2])


def test_start_sends_one_message_per_person_and_finishes(subscribers, make_campaign):
    campaign = make_campaign(audience={"group": "subscriber"})
    assert sending.start_campaign(campaign) == 5
    assert sent_numbers() == sorted(p.mobile for p in subscribers)
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DONE
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
    text = next(m.text for m in sms.outbox if m.to == subscribers[0].mobile)
    assert text.startswith(f"{subscribers[0].name}님, {subscribers[0].region.name}")
    assert "080-123-4567" in text


def test_running_a_batch_again_sends_nothing_twice(subscribers, make_campaign):
    campaign = make_campaign()
    sending.start_campaign(campaign)
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.SENDING)
    lo = Delivery.objects.order_by("pk").first().pk
    sending.send_batch(campaign.pk, Channel.SMS, lo, lo + 100)
    assert len(sms.outbox) == 5


def test_a_person_has_at_most_one_delivery_per_channel(subscribers, make_campaign):
    campaign = make_campaign()
    Delivery.objects.create(campaign=campaign, person=subscribers[0], channel="sms", address="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(
            campaign=campaign, person=subscribers[0], channel="sms", address="x"
        )


def test_starting_twice_is_refused(subscribers, make_campaign):
    campaign = make_campaign()
    sending.start_campaign(campaign)
    with pytest.raises(ValidationError, match="cannot start"):
        sending.start_campaign(campaign)
    assert len(sms.outbox) == 5


def test_schedule_in_the_past_is_refused(subscribers, make_campaign):
    campaign = make_campaign(scheduled_at=timezone.now() - datetime.timedelta(hours=1))
    with pytest.raises(ValidationError, match="already passed"):
        sending.start_campaign(campaign)
    assert not Delivery.objects.exists()


def test_empty_audience_is_refused(subscribers, make_campaign):
    campaign = make_campaign(audience={"gender": "F"})
    with pytest.raises(ValidationError, match="Nobody in this audience"):
        sending.start_campaign(campaign)
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DRAFT


def test_message_too_long_for_lms_is_refused(subscribers, make_campaign):
    campaign = make_campaign(message="가" * 1000)
    with pytest.raises(ValidationError, match="even an LMS"):
        sending.start_campaign(campaign)
    assert not sms.outbox


def test_long_message_goes_as_lms_with_its_title(subscribers, make_campaign):
    campaign = make_campaign(message="안내 " * 40, sms_title="구정 소식")
    sending.start_campaign(campaign)
    assert {m.title for m in sms.outbox} == {"구정 소식"}


def test_approval_must_come_from_someone_else(subscribers, make_campaign, approver, settings):
    from egov_plugin.outreach import approval

    settings.EGOV_OUTREACH_APPROVAL_ALL = True
    campaign = make_campaign()
    with pytest.raises(ValidationError, match="approved before"):
        sending.start_campaign(campaign)
    with pytest.raises(ValidationError, match="other than its author"):
        approval.approve(campaign, campaign.created_by)
    approval.approve(campaign, approver)
    assert sending.start_campaign(campaign) == 5


def test_quiet_period_holds_everything_back(subscribers, make_campaign, settings):
    settings.EGOV_OUTREACH_QUIET_START = "00:00"
    settings.EGOV_OUTREACH_QUIET_END = "23:59"
    campaign = make_campaign()
    now = timezone.now()
    settings.EGOV_OUTREACH_QUIET_END = (
        (now + datetime.timedelta(minutes=5)).astimezone(datetime.UTC).strftime("%H:%M")
    )
    settings.EGOV_OUTREACH_QUIET_START = (
        (now - datetime.timedelta(minutes=5)).astimezone(datetime.UTC).strftime("%H:%M")
    )
    settings.EGOV_OUTREACH_TIME_ZONE = "UTC"
    sending.start_campaign(campaign)
    assert not sms.outbox
    assert Delivery.objects.filter(status="queued").count() == 5
    settings.EGOV_OUTREACH_QUIET_START = settings.EGOV_OUTREACH_QUIET_END = "00:00"
    sending.resume(Campaign.objects.get(pk=campaign.pk))
    assert len(sms.outbox) == 5


def test_emoji_in_a_name_skips_that_person_with_a_reason(subscribers, make_campaign):
    subscribers[0].name = "민수😀"
    subscribers[0].save()
    campaign = make_campaign()
    sending.start_campaign(campaign)
    skipped = Delivery.objects.get(person=subscribers[0])
    assert skipped.status == "skipped"
    assert "😀" in skipped.reason
    assert len(sms.outbox) == 4


def test_estimated_cost(subscribers, make_campaign, settings):
    settings.EGOV_OUTREACH_COST_SMS = 10
    counts, won = sending.estimated_cost(make_campaign())
    assert counts == {"sms": 5}
    assert won == 50


def test_paused_campaign_sends_nothing_until_resumed(subscribers, make_campaign, settings):
    settings.EGOV_OUTREACH_QUIET_START, settings.EGOV_OUTREACH_QUIET_END = "00:00", "23:59"
    settings.EGOV_OUTREACH_TIME_ZONE = "UTC"
    campaign = make_campaign()
    sending.start_campaign(campaign)  # held back by an all-day quiet period
    assert sending.pause(campaign)
    settings.EGOV_OUTREACH_QUIET_START = settings.EGOV_OUTREACH_QUIET_END = "00:00"
    lo = Delivery.objects.order_by("pk").first().pk
    assert sending.send_batch(campaign.pk, Channel.SMS, lo, lo + 100)["stopped"] == "paused"
    assert not sms.outbox
    sending.resume(campaign)
    assert len(sms.outbox) == 5
    assert Campaign.objects.get(pk=campaign.pk).status == Campaign.Status.DONE


def test_cancelled_campaign_skips_the_rest(subscribers, make_campaign, settings):
    settings.EGOV_OUTREACH_QUIET_START, settings.EGOV_OUTREACH_QUIET_END = "00:00", "23:59"
    settings.EGOV_OUTREACH_TIME_ZONE = "UTC"
    campaign = make_campaign()
    sending.start_campaign(campaign)
    assert sending.cancel(campaign)
    assert set(Delivery.objects.values_list("status", flat=True)) == {"skipped"}
    assert not sms.outbox


def test_console_and_file_backends_serve_everyone_once(
    subscribers, make_campaign, settings, tmp_path, capsys
):
    settings.EGOV_SMS_BACKEND = "egov_plugin.core.sms.ConsoleBackend"
    sending.start_campaign(make_campaign())
    printed = capsys.readouterr().out
    assert printed.count("[SMS to ") == 5
    assert not any(p.mobile in printed for p in subscribers)  # numbers masked on the console

    settings.EGOV_SMS_BACKEND = "egov_plugin.core.sms.FileBackend"
    settings.EGOV_SMS_FILE_PATH = str(tmp_path / "outbox.jsonl")
    sending.start_campaign(make_campaign(name="file"))
    numbers = [m["to"] for m in sms.read_file_outbox()]
    assert sorted(numbers) == sorted(p.mobile for p in subscribers)


def test_advertising_sms_needs_the_free_optout_number(subscribers, make_campaign, settings):
    settings.EGOV_OUTREACH_OPTOUT_080 = ""
    campaign = make_campaign(advertising=True)
    with pytest.raises(ValidationError, match="EGOV_OUTREACH_OPTOUT_080"):
        sending.start_campaign(campaign)
    assert not Delivery.objects.exists()
    settings.EGOV_OUTREACH_OPTOUT_080 = "080-123-4567"
    sending.start_campaign(campaign)
    assert all(m.text.startswith("(광고) ") and "080-123-4567" in m.text for m in sms.outbox)


def test_scheduled_campaign_waits_for_its_time(subscribers, make_campaign):
    later = timezone.now() + datetime.timedelta(hours=2)
    campaign = make_campaign(scheduled_at=later)
    assert sending.start_campaign(campaign) == 5
    assert not sms.outbox
    assert Delivery.objects.filter(status="queued").count() == 5
    # The time comes (the deferred task, or egov_outreach_resume, runs the batches again).
    Campaign.objects.filter(pk=campaign.pk).update(
        scheduled_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    sending.resume(Campaign.objects.get(pk=campaign.pk))
    assert len(sms.outbox) == 5


def test_an_unknown_group_reaches_nobody(subscribers, make_campaign):
    campaign = make_campaign(audience={"group": "no-such-group"})
    assert audience.counts(campaign) == {"sms": 0}
    with pytest.raises(ValidationError, match="Nobody in this audience"):
        sending.start_campaign(campaign)

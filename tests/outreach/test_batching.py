"""Sending at volume the way the providers mean it: batched requests, advertising modes, and a
batch left in doubt by a dead worker settled with the provider instead of sent twice."""

import datetime

import pytest
from django.utils import timezone

from egov_plugin.core.sms import SmsMessage, get_backend
from egov_plugin.outreach import reports, sending
from egov_plugin.outreach.conf import app_settings as outreach_settings
from egov_plugin.outreach.models import Campaign, Delivery
from egov_plugin.people.models import Person, SubscriberProfile

LEASE = outreach_settings.OUTREACH_CLAIM_SECONDS


@pytest.fixture(params=["nhn", "sens"])
def provider(request):
    return request.getfixturevalue(request.param)


@pytest.fixture
def crowd(db, regions):
    """250 SMS subscribers."""
    region = next(iter(regions.values()))
    people = Person.objects.bulk_create(
        Person(name=f"주민{i}", mobile=f"010-0300-{i:04d}", region=region) for i in range(250)
    )
    SubscriberProfile.objects.bulk_create(
        SubscriberProfile(person=p, sms_consent=True) for p in people
    )
    return people


@pytest.mark.parametrize(("name", "calls"), [("nhn", 1), ("sens", 3)])
def test_250_personalised_messages_take_one_or_three_calls(
    request, name, calls, crowd, make_campaign, settings
):
    provider = request.getfixturevalue(name)
    settings.EGOV_OUTREACH_BATCH_SIZE = 250
    sending.start_campaign(make_campaign())
    assert Delivery.objects.filter(status="sent").count() == 250
    assert len(provider.requests) == calls  # was 250: one request per message
    assert provider.duplicates() == 0 and len(provider.numbers()) == 250
    texts = {m["to"]: m["content"] for m in provider.messages}
    assert texts["01003000007"].startswith("주민7님,")
    assert texts["01003000123"].startswith("주민123님,")


def test_nhn_without_a_template_id_batches_only_identical_texts(
    nhn, crowd, make_campaign, settings
):
    settings.EGOV_SMS_NHN_TEMPLATE_ID = ""
    settings.EGOV_OUTREACH_BATCH_SIZE = 250
    sending.start_campaign(make_campaign(message="구정 소식을 알려드립니다."))
    assert len(nhn.requests) == 1
    assert len(nhn.requests[0]["recipientList"]) == 250
    assert "templateId" not in nhn.requests[0]
    nhn.requests.clear()
    sending.start_campaign(make_campaign(name="personal", message="{name}님 안녕하세요"))
    assert len(nhn.requests) == 250  # ##name## is filled in only with a template ID
    personal = [m["content"] for m in nhn.messages if m["to"] == "01003000009"]
    assert personal[-1].startswith("주민9님 안녕하세요")


def test_nhn_request_carries_grouping_keys_and_template_parameters(nhn, subscribers, make_campaign):
    sending.start_campaign(make_campaign())
    request = nhn.requests[0]
    deliveries = {str(d.pk): d for d in Delivery.objects.all()}
    assert request["templateId"] == "egov-campaign"
    assert request["body"].startswith("##name##님, ##region## 의견을 들려주세요")
    assert len(request["senderGroupingKey"]) == 32
    for recipient in request["recipientList"]:
        delivery = deliveries[recipient["recipientGroupingKey"]]
        assert recipient["recipientNo"] == delivery.address.replace("-", "")
        assert recipient["templateParameter"]["name"] == delivery.person.name


def test_nhn_results_are_mapped_back_per_recipient(nhn, subscribers, make_campaign):
    refused = subscribers[2]
    nhn.refuse.add(refused.mobile.replace("-", ""))
    sending.start_campaign(make_campaign())
    delivery = Delivery.objects.get(person=refused)
    assert delivery.status == "failed" and "Invalid recipient" in delivery.reason
    assert Delivery.objects.filter(status="sent").count() == 4
    assert len(nhn.requests) == 1


def test_advertising_campaigns_use_the_advertising_modes(provider, subscribers, make_campaign):
    sending.start_campaign(make_campaign(advertising=True))
    request = provider.requests[0]
    if "recipientList" in request:
        assert request["path"].endswith("/sender/ad-sms")
        assert request["body"].startswith("(광고)")
    else:
        assert request["contentType"] == "AD"
    assert all(m["ad"] for m in provider.messages)
    assert Delivery.objects.filter(status="sent").count() == 5


def test_ordinary_campaigns_do_not(provider, subscribers, make_campaign):
    sending.start_campaign(make_campaign())
    assert not any(m["ad"] for m in provider.messages)


def test_advertising_lms_goes_to_ad_mms(nhn, subscribers, make_campaign):
    sending.start_campaign(make_campaign(advertising=True, message="안내 " * 40, sms_title="소식"))
    assert nhn.requests[0]["path"].endswith("/sender/ad-mms")
    assert nhn.requests[0]["title"] == "소식"


def test_nhn_status_6_advertising_restriction_is_a_final_failure(nhn, subscribers, make_campaign):
    sending.start_campaign(make_campaign(advertising=True))
    first = Delivery.objects.order_by("pk").first()
    nhn.results[first.address.replace("-", "")] = "ad-restricted"
    totals = reports.update_delivery_reports()
    assert totals["failed"] == 1 and totals["delivered"] == 4
    first.refresh_from_db()
    assert first.status == "failed"  # was left "sent", as if the phone might still get it
    assert "광고 제한" in first.reason
    assert reports.update_delivery_reports()["checked"] == 0  # never asked about again


def _die_after_the_provider_accepted(campaign, backend, now):
    """What a worker killed between "provider accepted" and "recorded" leaves behind."""
    campaign.status = Campaign.Status.SENDING
    campaign.save()
    sending.freeze(campaign)
    lo = Delivery.objects.order_by("pk").first().pk
    token, rows = sending.claim(campaign.pk, "sms", lo, lo + 1000, now, 3)
    sending.deliver_sms(campaign, rows, backend, token)  # accepted; never recorded
    return lo, token, rows


def test_a_batch_in_doubt_is_settled_with_the_provider_not_sent_twice(
    provider, subscribers, make_campaign, settings
):
    campaign = make_campaign()
    long_ago = timezone.now() - datetime.timedelta(seconds=LEASE + 1)
    lo, token, rows = _die_after_the_provider_accepted(campaign, get_backend(), long_ago)
    assert len(provider.messages) == 3
    assert not Delivery.objects.filter(status="sent").exists()

    totals = sending.send_batch(campaign.pk, "sms", lo, lo + 1000)
    assert totals["reconciled"] == 3 and totals["sent"] == 2
    assert provider.duplicates() == 0
    assert sorted(provider.numbers().values()) == [1] * 5
    sent = Delivery.objects.filter(pk__in=[r.pk for r in rows])
    assert {d.status for d in sent} == {"sent"} and all(d.provider_id for d in sent)
    assert {d.attempts for d in Delivery.objects.all()} == {1}
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DONE


def test_a_batch_the_provider_never_got_is_sent_once(
    provider, subscribers, make_campaign, settings
):
    campaign = make_campaign()
    campaign.status = Campaign.Status.SENDING
    campaign.save()
    sending.freeze(campaign)
    lo = Delivery.objects.order_by("pk").first().pk
    long_ago = timezone.now() - datetime.timedelta(seconds=LEASE + 1)
    sending.claim(campaign.pk, "sms", lo, lo + 1000, long_ago, 3)  # died before the call
    totals = sending.send_batch(campaign.pk, "sms", lo, lo + 1000)
    assert totals.get("reconciled", 0) == 0 and totals["resent_in_doubt"] == 3
    assert totals["sent"] == 5
    assert sorted(provider.numbers().values()) == [1] * 5


def test_a_live_claim_is_left_to_its_worker(provider, subscribers, make_campaign):
    campaign = make_campaign()
    campaign.status = Campaign.Status.SENDING
    campaign.save()
    sending.freeze(campaign)
    lo = Delivery.objects.order_by("pk").first().pk
    sending.claim(campaign.pk, "sms", lo, lo + 1000, timezone.now(), 3)  # another worker's
    totals = sending.send_batch(campaign.pk, "sms", lo, lo + 1000)
    assert totals["sent"] == 2 and "deferred_until" in totals
    assert len(provider.numbers()) == 2
    assert Delivery.objects.filter(status="queued").count() == 3


def test_without_a_way_to_ask_the_batch_is_sent_again(subscribers, make_campaign, settings):
    """The console backend cannot say what it sent: the documented fallback resends."""
    settings.EGOV_SMS_BACKEND = "egov_plugin.core.sms.ConsoleBackend"
    campaign = make_campaign()
    long_ago = timezone.now() - datetime.timedelta(seconds=LEASE + 1)
    lo, _token, _rows = _die_after_the_provider_accepted(campaign, get_backend(), long_ago)
    totals = sending.send_batch(campaign.pk, "sms", lo, lo + 1000)
    assert totals["resent_in_doubt"] == 3 and totals["sent"] == 5


def test_a_message_sent_after_the_deadline_is_not_started(nhn):
    import time

    backend = get_backend()
    backend.deadline = time.monotonic() - 1
    result = backend.send_messages([SmsMessage(to="010-1234-5678", text="안내")])[0]
    assert not result.ok and result.extra["transient"]
    assert nhn.requests == []


def test_a_batch_whose_answer_never_came_is_settled_not_resent(
    provider, subscribers, make_campaign
):
    """A read timeout may hide an accepted request: the batch waits and is settled, not sent
    again at once (which, before, sent it once per retry)."""
    from django.db.models import F

    provider.mode = "stall"  # accepts the request, then never answers: the backend times out
    campaign = make_campaign()
    sending.start_campaign(campaign)
    assert len(provider.messages) == 5
    held = Delivery.objects.filter(status="queued").exclude(claim="")
    assert held.count() == 5 and all("timeout" in d.reason for d in held)

    provider.mode = "ok"
    Delivery.objects.update(claimed_at=F("claimed_at") - datetime.timedelta(seconds=LEASE + 1))
    sending.resume(campaign)  # what the scheduler does; the task runs at once in tests
    assert Delivery.objects.filter(status="sent").count() == 5
    assert len(provider.messages) == 5 and provider.duplicates() == 0
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DONE

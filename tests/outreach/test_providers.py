"""NHN Cloud SMS and Naver Cloud SENS backends against local servers that speak their APIs."""

import pytest

from egov_plugin.core.sms import SmsMessage, get_backend
from egov_plugin.outreach import sending
from egov_plugin.outreach.models import Campaign, Delivery

MESSAGE = SmsMessage(to="010-1234-5678", text="의견을 들려주세요", sender="02-2286-5114")


@pytest.fixture(params=["nhn", "sens"])
def provider(request):
    return request.getfixturevalue(request.param)


def test_nhn_request_follows_the_api(nhn):
    result = get_backend().send_messages([MESSAGE])[0]
    assert result.ok and result.provider_id == "nhn-1"
    request = nhn.requests[0]
    assert request["path"].endswith("/sender/sms")
    assert request["sendNo"] == "0222865114"
    assert request["recipientList"] == [{"recipientNo": "01012345678"}]
    assert "templateId" not in request and "senderGroupingKey" not in request


def test_nhn_long_message_goes_to_the_mms_endpoint_with_title(nhn):
    message = SmsMessage(to="010-1234-5678", text="가" * 60, title="구정 소식")
    assert get_backend().send_messages([message])[0].ok
    assert nhn.requests[0]["path"].endswith("/sender/mms")
    assert nhn.requests[0]["title"] == "구정 소식"


def test_sens_request_is_signed_and_typed(sens):
    long = SmsMessage(to="010-1234-5678", text="가" * 60, title="구정 소식")
    results = get_backend().send_messages([MESSAGE, long])
    assert [r.provider_id for r in results] == ["sens-1", "sens-2"]
    assert [r["type"] for r in sens.requests] == ["SMS", "LMS"]
    assert [r["contentType"] for r in sens.requests] == ["COMM", "COMM"]
    assert sens.requests[1]["messages"][0]["subject"] == "구정 소식"
    assert sens.requests[0]["messages"] == [{"to": "01012345678", "content": MESSAGE.text}]


@pytest.mark.parametrize(
    ("mode", "transient"), [("401", False), ("400", False), ("500", True), ("timeout", True)]
)
def test_provider_errors_are_failures_that_say_why(provider, mode, transient):
    provider.mode = mode
    result = get_backend().send_messages([MESSAGE])[0]
    assert not result.ok
    assert result.extra["transient"] is transient
    assert result.error
    assert "5678" not in result.error  # no phone number in errors


def test_wrong_secret_is_refused(nhn, settings):
    settings.EGOV_SMS_NHN_SECRET_KEY = "wrong"
    result = get_backend().send_messages([MESSAGE])[0]
    assert not result.ok and "Unauthorized" in result.error


def test_campaign_through_each_provider(provider, subscribers, make_campaign):
    campaign = make_campaign()
    sending.start_campaign(campaign)
    assert Delivery.objects.filter(status="sent").count() == 5
    assert len(provider.requests) == 1  # one request carries the whole batch
    assert all(d.provider_id for d in Delivery.objects.all())
    texts = {m["to"]: m["content"] for m in provider.messages}
    for person in subscribers:  # each read their own name, filled in by us or the provider
        assert texts[person.mobile.replace("-", "")].startswith(f"{person.name}님,")


def test_refused_messages_are_failed_not_sent(provider, subscribers, make_campaign):
    provider.mode = "400"
    campaign = make_campaign()
    sending.start_campaign(campaign)
    assert not Delivery.objects.filter(status="sent").exists()
    assert Delivery.objects.filter(status="failed", attempts=1).count() == 5
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DONE


def test_server_errors_are_retried_then_failed(provider, subscribers, make_campaign, settings):
    settings.EGOV_OUTREACH_MAX_ATTEMPTS = 3
    provider.mode = "500"
    sending.start_campaign(make_campaign())
    assert not Delivery.objects.filter(status="sent").exists()
    assert Delivery.objects.filter(status="failed", attempts=3).count() == 5
    assert len(provider.requests) == 3  # each try is one request for the batch


def test_provider_back_after_a_failure_sends_each_once(provider, subscribers, make_campaign):
    provider.mode = "500"
    original = provider.RequestHandlerClass.do_POST

    def recover(handler):
        original(handler)
        handler.server.mode = "ok"  # the provider comes back after its first error

    provider.RequestHandlerClass.do_POST = recover
    try:
        sending.start_campaign(make_campaign())
    finally:
        provider.RequestHandlerClass.do_POST = original
    assert Delivery.objects.filter(status="sent").count() == 5
    assert len(provider.requests) == 2  # the refused batch, then the accepted one
    assert sorted(provider.numbers().values()) == [1] * 5

"""Delivery reports: sent SMS become delivered or failed from the provider's result API."""

from io import StringIO

import pytest
from django.core.management import call_command

from egov_plugin.outreach import reports, sending
from egov_plugin.outreach.models import Delivery


@pytest.fixture(params=["nhn", "sens"])
def provider(request):
    return request.getfixturevalue(request.param)


def _number(delivery):
    return delivery.address.replace("-", "")


def _sent_campaign(make_campaign, **fields):
    sending.start_campaign(make_campaign(**fields))
    rows = list(Delivery.objects.order_by("pk"))
    assert {d.status for d in rows} == {"sent"}
    return rows


def test_reports_turn_sent_into_delivered_or_failed(provider, subscribers, make_campaign):
    rows = _sent_campaign(make_campaign)
    provider.results[_number(rows[0])] = "failed"
    provider.results[_number(rows[1])] = "pending"

    totals = reports.update_delivery_reports()
    assert totals == {"checked": 5, "delivered": 3, "failed": 1, "pending": 1}
    states = dict(Delivery.objects.values_list("pk", "status"))
    assert states[rows[0].pk] == "failed"
    assert states[rows[1].pk] == "sent"
    assert [states[r.pk] for r in rows[2:]] == ["delivered"] * 3
    failed = Delivery.objects.get(pk=rows[0].pk)
    assert "착신 거절" in failed.reason and "3018" in failed.reason
    assert all(d.delivered_at for d in Delivery.objects.filter(status="delivered"))

    # The pending one arrives later; what was settled is not asked about again.
    provider.results[_number(rows[1])] = "delivered"
    asked = len(provider.report_requests)
    assert reports.update_delivery_reports() == {
        "checked": 1,
        "delivered": 1,
        "failed": 0,
        "pending": 0,
    }
    assert Delivery.objects.filter(status="delivered").count() == 4
    assert len(provider.report_requests) > asked


def test_nhn_lms_reports_are_asked_at_the_mms_endpoint(nhn, subscribers, make_campaign):
    _sent_campaign(make_campaign, message="안내 " * 40, sms_title="구정 소식")
    assert reports.update_delivery_reports()["delivered"] == 5
    assert any("/sender/mms?requestId=" in r["path"] for r in nhn.report_requests)


def test_sens_report_queries_are_signed(sens, subscribers, make_campaign, settings):
    _sent_campaign(make_campaign)
    settings.EGOV_SMS_SENS_SECRET_KEY = "wrong"
    totals = reports.update_delivery_reports()
    assert totals["delivered"] == 0 and totals["pending"] == 5
    assert not Delivery.objects.exclude(status="sent").exists()


def test_provider_errors_leave_deliveries_sent(provider, subscribers, make_campaign):
    _sent_campaign(make_campaign)
    provider.report_mode = "500"
    assert reports.update_delivery_reports()["pending"] == 5
    assert Delivery.objects.filter(status="sent").count() == 5


def test_old_deliveries_are_no_longer_asked_about(provider, subscribers, make_campaign):
    import datetime

    from django.utils import timezone

    _sent_campaign(make_campaign)
    Delivery.objects.update(sent_at=timezone.now() - datetime.timedelta(days=4))
    assert reports.update_delivery_reports()["checked"] == 0


def test_command_reports_what_it_did(provider, subscribers, make_campaign):
    _sent_campaign(make_campaign)
    out = StringIO()
    call_command("egov_outreach_reports", stdout=out)
    assert "5 delivered" in out.getvalue()
    assert Delivery.objects.filter(status="delivered").count() == 5


def test_backend_without_reports_changes_nothing(subscribers, make_campaign):
    _sent_campaign(make_campaign)  # the in-memory backend
    out = StringIO()
    call_command("egov_outreach_reports", stdout=out)
    assert "no delivery reports" in out.getvalue()
    assert Delivery.objects.filter(status="sent").count() == 5

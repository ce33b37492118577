"""Fraud signals: bursts of ballots from one IP or device, code requests for many numbers."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from egov_plugin.budgeting.fraud import densest_window, find_signals
from egov_plugin.budgeting.models import Ballot, CodeRequest
from egov_plugin.budgeting.voting import phone_hash

from .conftest import ballot_data, url, verify

pytestmark = pytest.mark.django_db

MINUTE = datetime.timedelta(minutes=1)


def test_densest_window_counts_events_or_distinct_items():
    t = timezone.now()
    events = [(t, "a"), (t + MINUTE, "a"), (t + 20 * MINUTE, "b"), (t + 21 * MINUTE, "c"),
              (t + 22 * MINUTE, "c"), (t + 23 * MINUTE, "d")]  # fmt: skip
    assert densest_window(events, 5 * MINUTE) == (4, 2, 5)
    assert densest_window(events, 5 * MINUTE, distinct=True) == (3, 2, 5)
    assert densest_window([], MINUTE) == (0, 0, -1)


def _ballots(vote, region, times, ip="10.0.0.1", device="dev-1"):
    Ballot.objects.bulk_create(
        Ballot(page=vote, phone_hash=phone_hash(f"010-6000-{i:04d}"), region=region,
               age_band="30s", cast_at=moment, receipt_code=f"R{i:09d}", ip_address=ip,
               device_id=device)
        for i, moment in enumerate(times)
    )  # fmt: skip


def test_many_ballots_from_one_ip_and_device_in_a_short_window(vote, regions):
    start = timezone.now()
    _ballots(vote, regions["마장동"], [start + i * MINUTE for i in range(6)])
    signals = {s.kind: s for s in find_signals(vote)}
    assert set(signals) == {"ip_ballots", "device_ballots"}
    assert signals["ip_ballots"].source == "10.0.0.1" and signals["ip_ballots"].count == 6
    assert signals["ip_ballots"].receipts == [f"R{i:09d}" for i in range(6)]
    # Nothing was discarded: the ballots are still counted.
    assert Ballot.objects.count() == 6


def test_the_same_number_of_ballots_spread_out_is_no_signal(vote, regions):
    start = timezone.now()
    _ballots(vote, regions["마장동"], [start + i * 15 * MINUTE for i in range(6)])
    assert find_signals(vote) == []


def test_code_requests_for_many_numbers_from_one_ip(client, vote, outbox, settings, regions):
    settings.EGOV_BUDGET_FRAUD_NUMBERS = 3
    for n in range(3):
        client.post(url(vote, "verify/"), {"phone": f"010-4000-{n:04d}", "consent": "on"})
    assert CodeRequest.objects.filter(ip_address="127.0.0.1").count() == 3
    signals = find_signals(vote)
    assert [(s.kind, s.source, s.count) for s in signals] == [("ip_numbers", "127.0.0.1", 3)]


def test_refused_requests_count_too_and_the_admin_lists_signals(
    client, vote, outbox, settings, regions, policy_staff, admin_client_for
):
    settings.EGOV_BUDGET_FRAUD_NUMBERS = 2
    settings.EGOV_VERIFICATION_PER_IP_PER_HOUR = 1
    client.post(url(vote, "verify/"), {"phone": "010-4100-0001", "consent": "on"})
    response = client.post(url(vote, "verify/"), {"phone": "010-4100-0002", "consent": "on"})
    assert response.status_code == 429
    assert set(CodeRequest.objects.values_list("outcome", flat=True)) == {"sent", "ip_limit"}
    staff = admin_client_for(policy_staff)
    page = staff.get(reverse("egov_budget_votes:signals", args=[vote.pk]))
    assert page.status_code == 200
    assert "signal-ip_numbers" in page.content.decode() and "127.0.0.1" in page.content.decode()


def test_ballots_record_ip_and_device(client, vote, outbox, regions):
    client.get(url(vote))  # the device cookie
    verify(client, vote, outbox)
    client.post(url(vote, "ballot/"), ballot_data(vote, regions))
    ballot = Ballot.objects.get()
    assert ballot.ip_address == "127.0.0.1"
    assert ballot.device_id == client.cookies["egov_device"].value.split(":")[0]  # signed

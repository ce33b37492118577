"""Fraud signals for staff to review: bursts of ballots or code requests from one source.

Three signals, each over a sliding window (``EGOV_BUDGET_FRAUD_WINDOW_SECONDS``):

- many ballots from one IP address (``EGOV_BUDGET_FRAUD_BALLOTS`` or more);
- many ballots from one device (the vote pages' cookie);
- code requests for many different numbers from one IP address (``EGOV_BUDGET_FRAUD_NUMBERS``),
  the trace of codes collected from other people's phones.

A signal is a lead, not a verdict: a community centre's shared computer or a mobile carrier's
shared address produce them too. Nothing is excluded from the count automatically; staff see the
ballots concerned (by receipt code) and decide.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .conf import app_settings
from .records import Ballot, CodeRequest


@dataclass
class Signal:
    """A burst from one source: ``count`` events (or numbers) between ``first`` and ``last``."""

    kind: str
    label: str
    source: str
    count: int
    first: object
    last: object
    receipts: list = field(default_factory=list)


KINDS = {
    "ip_ballots": _("Many ballots from one IP address"),
    "device_ballots": _("Many ballots from one device"),
    "ip_numbers": _("Code requests for many numbers from one IP address"),
}


def densest_window(events, window, *, distinct=False):
    """The busiest stretch of ``events`` (``(time, item)`` sorted by time) within ``window``.

    Returns ``(count, start, end)``: indexes into ``events`` of the window with the most events
    (or, with ``distinct``, the most different items). Two pointers: linear in the events.
    """
    best = (0, 0, -1)
    in_window = Counter()
    start = 0
    for end, (moment, item) in enumerate(events):
        in_window[item] += 1
        while moment - events[start][0] > window:
            old = events[start][1]
            in_window[old] -= 1
            if not in_window[old]:
                del in_window[old]
            start += 1
        count = len(in_window) if distinct else end - start + 1
        if count > best[0]:
            best = (count, start, end)
    return best


def _ballot_signals(page, source_field, kind, window, threshold):
    ballots = Ballot.objects.filter(page_id=page.pk).exclude(**{f"{source_field}__isnull": True})
    if source_field == "device_id":
        ballots = ballots.exclude(device_id="")
    # Only sources with enough ballots in all can have enough in a window: one cheap query
    # narrows the sources before their times are read.
    sources = (
        ballots.values_list(source_field)
        .annotate(n=Count("id"))
        .filter(n__gte=threshold)
        .values_list(source_field, flat=True)
    )
    signals = []
    for source in sources:
        events = list(
            ballots.filter(**{source_field: source})
            .order_by("cast_at")
            .values_list("cast_at", "receipt_code")
        )
        count, start, end = densest_window(events, window)
        if count >= threshold:
            burst = events[start : end + 1]
            signals.append(
                Signal(
                    kind,
                    KINDS[kind],
                    source if kind == "ip_ballots" else source[:12] + "…",
                    count,
                    burst[0][0],
                    burst[-1][0],
                    receipts=[code for _moment, code in burst],
                )
            )
    return signals


def _number_signals(page, window, threshold):
    requests = CodeRequest.objects.filter(page_id=page.pk, ip_address__isnull=False)
    sources = (
        requests.values_list("ip_address")
        .annotate(n=Count("phone_hash", distinct=True))
        .filter(n__gte=threshold)
        .values_list("ip_address", flat=True)
    )
    signals = []
    for ip in sources:
        events = list(
            requests.filter(ip_address=ip)
            .order_by("requested_at")
            .values_list("requested_at", "phone_hash")
        )
        count, start, end = densest_window(events, window, distinct=True)
        if count >= threshold:
            signals.append(
                Signal(
                    "ip_numbers", KINDS["ip_numbers"], ip, count, events[start][0], events[end][0]
                )
            )
    return signals


def find_signals(page):
    """Every signal of ``page``'s vote, the largest bursts first."""
    window = timedelta(seconds=app_settings.BUDGET_FRAUD_WINDOW_SECONDS)
    ballots = app_settings.BUDGET_FRAUD_BALLOTS
    signals = [
        *_ballot_signals(page, "ip_address", "ip_ballots", window, ballots),
        *_ballot_signals(page, "device_id", "device_ballots", window, ballots),
        *_number_signals(page, window, app_settings.BUDGET_FRAUD_NUMBERS),
    ]
    return sorted(signals, key=lambda s: (-s.count, s.first))

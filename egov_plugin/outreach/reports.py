"""Delivery reports: SMS the provider accepted (``sent``) become ``delivered`` or ``failed``.

A provider accepts a message long before a phone receives it; its report comes later. The
configured backend is asked about every SMS still ``sent`` within ``OUTREACH_REPORT_DAYS`` of
sending (``manage.py egov_outreach_reports`` from cron, or the ``poll_delivery_reports`` task).
Backends without reports (console, file, in-memory) leave deliveries as they are. A backend's
``fetch_reports(sent)`` takes ``(reference, provider_id, number)`` triples (the reference is the
delivery's id) and returns ``{reference: Report}``.
"""

import datetime

from django.utils import timezone

from egov_plugin.core.sms import get_backend

from .backends.http import DELIVERED, FAILED
from .conf import app_settings
from .models import Channel, Delivery

CHUNK = 1000  # deliveries asked about at once (NHN lists up to 1,000 per page)


def supports_reports(backend):
    return callable(getattr(backend, "fetch_reports", None))


def update_delivery_reports(*, backend=None, now=None, days=None):
    """Ask the provider about recent sent SMS; returns ``{"delivered": n, "failed": n, ...}``.

    Only rows still ``sent`` are updated (one conditional UPDATE per outcome), so a report
    polled twice, or a row a person meanwhile asked about, is never counted twice.
    """
    backend = backend or get_backend()
    now = now or timezone.now()
    days = app_settings.OUTREACH_REPORT_DAYS if days is None else days
    totals = {"checked": 0, "delivered": 0, "failed": 0, "pending": 0}
    if not supports_reports(backend):
        totals["unsupported"] = True
        return totals
    waiting = (
        Delivery.objects.filter(
            channel=Channel.SMS,
            status=Delivery.Status.SENT,
            sent_at__gte=now - datetime.timedelta(days=days),
        )
        .exclude(provider_id="")
        .order_by("pk")
        .values_list("pk", "provider_id", "address")
    )
    last = 0
    while True:
        chunk = list(waiting.filter(pk__gt=last)[:CHUNK])
        if not chunk:
            break
        last = chunk[-1][0]
        # Many deliveries share a provider request (one request carries a whole batch).
        reports = backend.fetch_reports([(str(pk), pid, address) for pk, pid, address in chunk])
        delivered, failed = [], {}
        for pk, _pid, _address in chunk:
            report = reports.get(str(pk))
            totals["checked"] += 1
            if report is None or report.state not in (DELIVERED, FAILED):
                totals["pending"] += 1
            elif report.state == DELIVERED:
                delivered.append(pk)
            else:
                failed.setdefault(report.reason[:300], []).append(pk)
        sent = Delivery.objects.filter(status=Delivery.Status.SENT)
        if delivered:
            totals["delivered"] += sent.filter(pk__in=delivered).update(
                status=Delivery.Status.DELIVERED, delivered_at=now
            )
        for reason, ids in failed.items():
            totals["failed"] += sent.filter(pk__in=ids).update(
                status=Delivery.Status.FAILED, reason=reason
            )
    return totals

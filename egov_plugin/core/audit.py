"""Writing audit events.

Every view, search, listing, change, import and export of personal data calls :func:`record`
exactly once. Summaries must not carry personal data in clear (use the masking helpers); the
full search query is kept in ``data`` because the law asks what was looked for.
"""

import json

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .clientip import client_ip
from .conf import egov_settings
from .models import AuditChainHead, AuditCheckpoint, AuditEvent, RetentionError, retention_cutoff

Action = AuditEvent.Action


def record(
    request,
    action,
    *,
    obj=None,
    person=None,
    summary="",
    reason="",
    data=None,
    user=None,
):
    """Write one audit event and return it.

    ``request`` gives the actor and IP (it may be ``None`` for commands, with ``user`` given
    instead). ``obj`` is the record acted on; ``person`` whose personal data it was (a Person
    or its id; defaults to ``obj`` when ``obj`` is a person).
    """
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is not None and not user.is_authenticated:
        user = None
    object_type = object_id = ""
    if obj is not None:
        object_type = obj._meta.label_lower
        object_id = str(obj.pk)
        if person is None and obj._meta.label_lower == "egov_people.person":
            person = obj
    if isinstance(person, models.Model):
        person = person.pk
    event = AuditEvent(
        actor=user,
        actor_label=user.get_username() if user is not None else "",
        ip_address=client_ip(request),
        action=action,
        object_type=object_type,
        object_id=object_id,
        person_id=person,
        summary=_in_site_language(summary)[:500],
        reason=reason or "",
        data=data or {},
    )
    return append(event)


def append(event):
    """Save ``event`` at the end of the hash chain (serialized by locking the chain head)."""
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        event.timestamp = timezone.now()
        # The stored JSON is what the hash must cover (e.g. lazy strings become plain ones).
        event.data = json.loads(json.dumps(event.data, default=str))
        event.previous_hash = head.hash
        event.hash = event.compute_hash()
        event.save()
        head.hash = event.hash
        head.save(update_fields=["hash"])
    return event


def verify_chain(events=None):
    """Check every event's hash and its link to the one before; returns the first bad event
    (with ``problem`` set) or ``None`` when the chain is intact.

    Over the whole log (``events`` not given) it also checks both ends: the oldest event must
    follow the newest :class:`~egov_plugin.core.models.AuditCheckpoint` (or start the chain
    when nothing was ever purged) — ``problem = "start"`` — and the newest event must be the
    chain head — ``problem = "end"``, some of the newest events were removed.
    """
    whole_log = events is None
    events = events if events is not None else AuditEvent.objects.order_by("pk")
    previous = None
    if whole_log:
        checkpoint = AuditCheckpoint.objects.order_by("-last_event_id").first()
        previous = checkpoint.last_hash if checkpoint else ""
    event = None
    for index, event in enumerate(events.iterator(chunk_size=2000)):
        if previous is not None and event.previous_hash != previous:
            event.problem = "start" if index == 0 else "link"
            return event
        if event.hash != event.compute_hash():
            event.problem = "content"
            return event
        previous = event.hash
    if whole_log:
        head = AuditChainHead.objects.filter(pk=1).values_list("hash", flat=True).first() or ""
        if event is not None and head and event.hash != head:
            event.problem = "end"
            return event
        if event is None and head and head != (checkpoint.last_hash if checkpoint else ""):
            # Every event is gone, yet the head says some were written: an unsaved stand-in
            # (no pk) reports it.
            missing = AuditEvent(hash=head)
            missing.problem = "end"
            return missing
    return None


def purge(before=None, *, user=None, dry_run=False):
    """Remove the audit events older than ``before`` (default: the retention period ago).

    Refuses (:class:`~egov_plugin.core.models.RetentionError`) a ``before`` later than
    ``EGOV_AUDIT_RETENTION_YEARS`` ago. Only the oldest end of the chain is removed: events up to
    the first one at or after ``before``. Leaves an ``AuditCheckpoint`` with the hash of the
    last removed event, so that :func:`verify_chain` still verifies what remains, and records the
    purge itself as an audit event. Returns the number of events removed (or that would be).
    """
    years = egov_settings.AUDIT_RETENTION_YEARS
    cutoff = retention_cutoff(years)
    before = before or cutoff
    if before > cutoff:
        raise RetentionError(
            f"Audit events are kept at least {years} years: events newer than "
            f"{cutoff:%Y-%m-%d} cannot be removed (asked: before {before:%Y-%m-%d})."
        )
    with transaction.atomic():
        # The chain head lock keeps writers out while the oldest end is cut.
        AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        first_kept = (
            AuditEvent.objects.filter(timestamp__gte=before).order_by("pk").values("pk").first()
        )
        doomed = AuditEvent.objects.order_by("pk")
        if first_kept is not None:
            doomed = doomed.filter(pk__lt=first_kept["pk"])
        last = doomed.order_by("-pk").first()
        count = doomed.count()
        if dry_run or last is None:
            return count
        AuditCheckpoint.objects.create(
            purged_by=user.get_username() if user is not None else "",
            before=before,
            events=count,
            last_event_id=last.pk,
            last_timestamp=last.timestamp,
            last_hash=last.hash,
        )
        # The one deletion path: below the queryset's refusal, which is for everyone else.
        doomed.order_by()._raw_delete(doomed.db)
        record(
            None,
            Action.PURGE,
            user=user,
            summary=_("Audit events older than %(date)s removed (%(count)d)")
            % {"date": f"{before:%Y-%m-%d}", "count": count},
            data={
                "model": "egov_core.auditevent",
                "before": before.isoformat(),
                "events": count,
                "last_event": last.pk,
                "last_hash": last.hash,
            },
        )
    return count


def _in_site_language(text):
    # Summaries are often translatable strings: render them in the site's language, not the
    # language of whoever happened to act, so the log reads (and searches) the same throughout.
    with translation.override(settings.LANGUAGE_CODE):
        return str(text)

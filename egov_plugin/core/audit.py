"""Writing audit events.

Every view, search, listing, change, import and export of personal data calls :func:`record`
exactly once. Summaries must not carry personal data in clear (use the masking helpers); the
full search query is kept in ``data`` because the law asks what was looked for.
"""

import json

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone, translation

from .conf import egov_settings
from .models import AuditChainHead, AuditEvent

Action = AuditEvent.Action


def client_ip(request):
    """The client's IP address; ``X-Forwarded-For`` is trusted only when a setting says so."""
    if request is None:
        return None
    if egov_settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


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
    (with ``problem`` set) or ``None`` when the chain is intact. The oldest remaining event's
    ``previous_hash`` is taken as given (older events may have been removed after retention)."""
    events = events if events is not None else AuditEvent.objects.order_by("pk")
    previous = None
    for event in events.iterator(chunk_size=2000):
        if previous is not None and event.previous_hash != previous:
            event.problem = "link"
            return event
        if event.hash != event.compute_hash():
            event.problem = "content"
            return event
        previous = event.hash
    return None


def _in_site_language(text):
    # Summaries are often translatable strings: render them in the site's language, not the
    # language of whoever happened to act, so the log reads (and searches) the same throughout.
    with translation.override(settings.LANGUAGE_CODE):
        return str(text)

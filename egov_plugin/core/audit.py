"""Writing audit events.

Every view, search, listing, change, import and export of personal data calls :func:`record`
exactly once. Summaries must not carry personal data in clear (use the masking helpers); the
full search query is kept in ``data`` because the law asks what was looked for.
"""

import json
import os
import threading

from django.conf import settings
from django.db import connection, models, transaction
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
        # The registry's person model says so itself (``audit_as_person``): core sits below
        # people and does not name it.
        if person is None and getattr(obj, "audit_as_person", False):
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
    """Save ``event`` at the end of one of the ``EGOV_AUDIT_CHAINS`` hash chains.

    Each chain is serialized by locking its head; the event takes this process's own chain when
    it is free, else any free one, else waits for its own. Writers on different processes and
    hosts so extend different chains at once instead of queueing behind one lock.
    """
    with transaction.atomic():
        head = _lock_a_head()
        event.chain = head.pk
        event.timestamp = timezone.now()
        # The stored JSON is what the hash must cover (e.g. lazy strings become plain ones).
        event.data = json.loads(json.dumps(event.data, default=str))
        event.previous_hash = head.hash
        event.hash = event.compute_hash()
        event.save()
        head.hash = event.hash
        head.save(update_fields=["hash"])
    return event


def chain_count():
    """How many chains new events are spread over (``EGOV_AUDIT_CHAINS``, at least 1)."""
    return max(1, int(egov_settings.AUDIT_CHAINS))


#: The chain count whose heads this process has made sure exist.
_heads_ensured = 0


def ensure_heads(chains=None):
    """Create the heads of chains 1..``chains`` that do not exist yet (with an empty hash).

    Every head exists before any chain is written, so verification can tell a chain removed
    together with its head from one never written.
    """
    global _heads_ensured
    chains = chains or chain_count()
    if _heads_ensured >= chains:
        return
    AuditChainHead.objects.bulk_create(
        [AuditChainHead(pk=n) for n in range(1, chains + 1)], ignore_conflicts=True
    )
    _heads_ensured = chains


def _lock_a_head():
    chains = chain_count()
    ensure_heads(chains)
    own = _own_chain(chains)
    if connection.features.has_select_for_update_skip_locked:
        free = AuditChainHead.objects.select_for_update(skip_locked=True)
        head = free.filter(pk=own).first() or free.filter(pk__lte=chains).first()
        if head is not None:
            return head
    head = AuditChainHead.objects.select_for_update().filter(pk=own).first()
    if head is None:  # the heads were removed since (a test's rollback, a restore)
        global _heads_ensured
        _heads_ensured = 0
        ensure_heads(chains)
        head = AuditChainHead.objects.select_for_update().get(pk=own)
    return head


def _own_chain(chains):
    # The same chain for one process and thread, so that one worker's events usually follow
    # each other in one chain; different processes spread over the chains.
    return hash((os.getpid(), threading.get_ident())) % chains + 1


def verify_chain(events=None, *, using="default"):
    """Check every event's hash and its link to the one before in its chain; returns the first
    bad event (with ``problem`` set) or ``None`` when every chain is intact.

    Over the whole log (``events`` not given) it also checks both ends of each chain: its oldest
    event must follow the newest :class:`~egov_plugin.core.models.AuditCheckpoint` (or start the
    chain when nothing was ever purged) — ``problem = "start"`` — and its newest event must be
    the chain's head — ``problem = "end"``, some of the newest events were removed (also when a
    chain's head is missing while other chains were written). ``using`` names the database
    (e.g. a restored copy).
    """
    whole_log = events is None
    events = events if events is not None else AuditEvent.objects.using(using)
    checkpoints = AuditCheckpoint.objects.using(using).order_by("-last_event_id")
    checkpoint = checkpoints.first() if whole_log else None
    heads = dict(AuditChainHead.objects.using(using).values_list("pk", "hash")) if whole_log else {}
    chains = set(events.order_by().values_list("chain", flat=True).distinct()) | set(heads)
    bad = []
    for chain in sorted(chains):
        problem = _verify_one(events.filter(chain=chain), chain, whole_log, checkpoint, heads)
        if problem is not None:
            bad.append(problem)
    if whole_log and heads:
        # Heads are created together before any is written (ensure_heads): one missing below
        # the highest or the configured number is a chain removed together with its head.
        expected = range(1, max([*heads, *chains, chain_count()]) + 1)
        for chain in expected:
            if chain not in heads:
                missing = AuditEvent(chain=chain)
                missing.problem = "end"
                bad.append(missing)
    if not bad:
        return None
    # The earliest damage first: a stand-in (no pk) only when nothing else is wrong.
    return min(bad, key=lambda event: (event.pk is None, event.pk or 0))


def _verify_one(events, chain, whole_log, checkpoint, heads):
    previous = None
    if whole_log:
        previous = checkpoint.start_of(chain) if checkpoint else ""
    event = None
    for index, event in enumerate(events.order_by("pk").iterator(chunk_size=2000)):
        if previous is not None and event.previous_hash != previous:
            event.problem = "start" if index == 0 else "link"
            return event
        if event.hash != event.compute_hash():
            event.problem = "content"
            return event
        previous = event.hash
    if whole_log:
        head = heads.get(chain) or ""
        if event is not None and head and event.hash != head:
            event.problem = "end"
            return event
        start = checkpoint.start_of(chain) if checkpoint else ""
        if event is None and head and head != start:
            # Every event of the chain is gone, yet its head says some were written: an
            # unsaved stand-in (no pk) reports it.
            missing = AuditEvent(hash=head, chain=chain)
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
        # The chain heads' locks keep writers out while the oldest end is cut.
        list(AuditChainHead.objects.select_for_update().order_by("pk"))
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
        previous = AuditCheckpoint.objects.order_by("-last_event_id").first()
        chain_hashes = {}
        if previous is not None:
            chain_hashes = previous.chain_hashes or {"1": previous.last_hash}
        for chain in doomed.order_by().values_list("chain", flat=True).distinct():
            chain_hashes[str(chain)] = doomed.filter(chain=chain).order_by("-pk").first().hash
        AuditCheckpoint.objects.create(
            chain_hashes=chain_hashes,
            created_by=user,
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

"""Access records are kept at least EGOV_AUDIT_RETENTION_YEARS; a lawful purge keeps the chain."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from egov_plugin.core import audit
from egov_plugin.core.models import AppendOnlyError, AuditCheckpoint, AuditEvent, RetentionError

pytestmark = pytest.mark.django_db


def _event_at(when, summary):
    event = audit.record(None, audit.Action.VIEW, summary=summary)
    # Backdate as the clock would have: the chain covers the timestamp, so rehash in order.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE egov_core_auditevent SET timestamp = %s WHERE id = %s",
            [connection.ops.adapt_datetimefield_value(when), event.pk],
        )
    return event


def _rechain():
    """Recompute each chain after backdating (what appending at those times would have given)."""
    for chain in set(AuditEvent.objects.values_list("chain", flat=True)):
        previous = ""
        for event in AuditEvent.objects.filter(chain=chain).order_by("pk"):
            event.previous_hash = previous
            previous = event.compute_hash()
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE egov_core_auditevent SET previous_hash = %s, hash = %s WHERE id = %s",
                    [event.previous_hash, previous, event.pk],
                )
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE egov_core_auditchainhead SET hash = %s WHERE id = %s", [previous, chain]
            )


@pytest.fixture
def old_and_new():
    now = timezone.now()
    old = [_event_at(now - datetime.timedelta(days=365 * 3 + i), f"old {i}") for i in (2, 1)]
    new = [_event_at(now - datetime.timedelta(days=30), "recent"), _event_at(now, "today")]
    _rechain()
    fresh = {e.pk: e for e in AuditEvent.objects.all()}
    return [fresh[e.pk] for e in old], [fresh[e.pk] for e in new]


def _verify():
    out = StringIO()
    try:
        call_command("egov_verify_audit", "--format", "json", stdout=out)
    except CommandError:
        pass
    return json.loads(out.getvalue())


def test_deleting_recent_events_is_refused_with_the_reason(old_and_new):
    old, new = old_and_new
    with pytest.raises(RetentionError, match="kept at least 2 years"):
        AuditEvent.objects.all().delete()
    with pytest.raises(RetentionError, match="1 of these events"):
        AuditEvent.objects.get(pk=new[0].pk).delete()
    assert AuditEvent.objects.count() == 4


def test_even_old_events_are_not_deleted_one_by_one(old_and_new):
    old, new = old_and_new
    with pytest.raises(AppendOnlyError, match="egov_purge_audit"):
        AuditEvent.objects.get(pk=old[1].pk).delete()
    assert AuditEvent.objects.filter(pk=old[1].pk).exists()


def test_purge_refuses_a_date_within_the_retention_period(old_and_new):
    too_late = timezone.now() - datetime.timedelta(days=365)
    with pytest.raises(CommandError, match="kept at least 2 years"):
        call_command("egov_purge_audit", "--before", f"{too_late:%Y-%m-%d}", stdout=StringIO())
    assert AuditEvent.objects.count() == 4
    assert not AuditCheckpoint.objects.exists()


def test_purge_removes_old_events_and_the_chain_still_verifies(old_and_new):
    old, new = old_and_new
    out = StringIO()
    call_command("egov_purge_audit", "--dry-run", stdout=out)
    assert "Would remove 2 audit events" in out.getvalue()
    assert AuditEvent.objects.count() == 4

    call_command("egov_purge_audit", stdout=out)
    remaining = list(AuditEvent.objects.order_by("pk"))
    assert [e.summary for e in remaining[:2]] == ["recent", "today"]
    purge_event = remaining[-1]
    assert (purge_event.action, purge_event.data["events"]) == ("purge", 2)
    checkpoint = AuditCheckpoint.objects.get()
    assert (checkpoint.events, checkpoint.last_hash) == (2, old[1].hash)
    assert _verify()["intact"] is True


def test_removing_the_oldest_events_without_a_purge_is_found(old_and_new):
    old, new = old_and_new
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM egov_core_auditevent WHERE id = %s", [old[0].pk])
    result = _verify()
    assert (result["first_bad_event"], result["problem"]) == (old[1].pk, "start")


def test_removing_the_newest_event_is_found(old_and_new):
    old, new = old_and_new
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM egov_core_auditevent WHERE id = %s", [new[1].pk])
    result = _verify()
    assert (result["first_bad_event"], result["problem"]) == (new[0].pk, "end")


def test_deleting_a_staff_account_keeps_the_chain_intact(django_user_model):
    user = django_user_model.objects.create_user(username="leaving", password="pw")
    event = audit.record(None, audit.Action.VIEW, user=user, summary="seen")
    user.delete()
    event = AuditEvent.objects.get(pk=event.pk)
    assert (event.actor_id, event.actor_label) == (None, "leaving")
    assert _verify()["intact"] is True


def test_removing_every_event_is_found(old_and_new):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM egov_core_auditevent")
    result = _verify()
    assert (result["events"], result["intact"], result["problem"]) == (0, False, "end")

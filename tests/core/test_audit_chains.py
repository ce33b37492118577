"""Parallel audit chains (EGOV_AUDIT_CHAINS): each is verified on its own and every head is
checked, so an edit, a removal or a removed chain in any of them is found; concurrent writers on
PostgreSQL leave every chain intact."""

import datetime
import json
import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.test import override_settings

from egov_plugin.core import audit
from egov_plugin.core.models import AuditChainHead, AuditEvent


def _verify():
    out = StringIO()
    try:
        call_command("egov_verify_audit", "--format", "json", stdout=out)
        code = 0
    except CommandError:
        code = 1
    return code, json.loads(out.getvalue())


@pytest.fixture
def three_chains(monkeypatch, db):
    """Nine events written round-robin onto chains 1, 2 and 3; returns them per chain."""
    turn = iter(range(100))
    monkeypatch.setattr(audit, "_own_chain", lambda chains: next(turn) % chains + 1)
    with override_settings(EGOV_AUDIT_CHAINS=3):
        events = [audit.record(None, audit.Action.VIEW, summary=f"event {i}") for i in range(9)]
        chains = {n: [e for e in events if e.chain == n] for n in (1, 2, 3)}
        yield chains


def _sql(sql, *params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_events_spread_over_the_chains_each_linked_and_all_verify(three_chains):
    assert [len(events) for events in three_chains.values()] == [3, 3, 3]
    for chain, events in three_chains.items():
        assert events[0].previous_hash == ""
        assert [b.previous_hash for b in events[1:]] == [a.hash for a in events[:-1]]
        assert AuditChainHead.objects.get(pk=chain).hash == events[-1].hash
    with override_settings(EGOV_AUDIT_CHAINS=3):
        assert _verify() == (
            0,
            {"events": 9, "intact": True, "first_bad_event": None, "problem": None},
        )


@pytest.mark.parametrize("chain", [1, 2, 3])
def test_an_edit_in_any_chain_is_found(three_chains, chain):
    target = three_chains[chain][1]
    _sql("UPDATE egov_core_auditevent SET reason = %s WHERE id = %s", "x", target.pk)
    with override_settings(EGOV_AUDIT_CHAINS=3):
        code, result = _verify()
    assert (code, result["first_bad_event"], result["problem"]) == (1, target.pk, "content")


@pytest.mark.parametrize("chain", [1, 2, 3])
def test_a_removal_in_any_chain_is_found(three_chains, chain):
    events = three_chains[chain]
    _sql("DELETE FROM egov_core_auditevent WHERE id = %s", events[1].pk)
    with override_settings(EGOV_AUDIT_CHAINS=3):
        code, result = _verify()
    assert (code, result["first_bad_event"], result["problem"]) == (1, events[2].pk, "link")


def test_the_newest_events_of_one_chain_removed_is_found(three_chains):
    events = three_chains[2]
    _sql("DELETE FROM egov_core_auditevent WHERE id = %s", events[-1].pk)
    with override_settings(EGOV_AUDIT_CHAINS=3):
        code, result = _verify()
    assert (code, result["first_bad_event"], result["problem"]) == (1, events[1].pk, "end")


def test_an_event_moved_to_another_chain_is_found(three_chains):
    moved = three_chains[3][1]
    _sql("UPDATE egov_core_auditevent SET chain = 1 WHERE id = %s", moved.pk)
    with override_settings(EGOV_AUDIT_CHAINS=3):
        assert _verify()[0] == 1


def test_a_whole_chain_removed_is_found_with_or_without_its_head(three_chains):
    _sql("DELETE FROM egov_core_auditevent WHERE chain = 3")
    with override_settings(EGOV_AUDIT_CHAINS=3):
        code, result = _verify()
        assert (code, result["problem"]) == (1, "end")
        _sql("DELETE FROM egov_core_auditchainhead WHERE id = 3")
        code, result = _verify()
        assert (code, result["problem"]) == (1, "end")


def test_the_highest_chain_removed_with_its_head_is_found_by_the_configured_count(three_chains):
    _sql("DELETE FROM egov_core_auditevent WHERE chain = 3")
    _sql("DELETE FROM egov_core_auditchainhead WHERE id = 3")
    with override_settings(EGOV_AUDIT_CHAINS=3):
        assert _verify()[0] == 1


@pytest.mark.django_db
def test_a_log_of_one_chain_from_before_stays_valid_with_more_chains():
    # What the migration leaves: the old events on chain 1, the new heads empty.
    with override_settings(EGOV_AUDIT_CHAINS=1):
        old = [audit.record(None, audit.Action.VIEW, summary=f"old {i}") for i in range(3)]
    assert {e.chain for e in old} == {1}
    with override_settings(EGOV_AUDIT_CHAINS=8):
        audit.ensure_heads()
        assert _verify()[1]["intact"] is True
        newer = audit.record(None, audit.Action.VIEW, summary="new")
        assert _verify() == (
            0,
            {"events": 4, "intact": True, "first_bad_event": None, "problem": None},
        )
    assert 1 <= newer.chain <= 8


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_on_postgresql_leave_every_chain_intact():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serializes writers, so nothing runs at once")
    writers, each = 16, 40
    start = threading.Barrier(writers)
    failures = []

    def write(n):
        try:
            start.wait(timeout=30)
            for i in range(each):
                audit.record(None, audit.Action.VIEW, summary=f"writer {n} event {i}")
        except Exception as exc:  # reported below; a thread's exception is otherwise lost
            failures.append(exc)
        finally:
            connections.close_all()

    with override_settings(EGOV_AUDIT_CHAINS=4):
        threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert failures == []
        assert AuditEvent.objects.count() == writers * each
        assert AuditEvent.objects.values("chain").distinct().count() > 1
        assert _verify() == (
            0,
            {"events": writers * each, "intact": True, "first_bad_event": None, "problem": None},
        )


def test_a_purge_across_chains_keeps_every_chain_verifiable(monkeypatch, db):
    from django.utils import timezone

    from tests.core.test_audit_retention import _event_at, _rechain

    turn = iter(range(100))
    monkeypatch.setattr(audit, "_own_chain", lambda chains: next(turn) % chains + 1)
    now = timezone.now()
    with override_settings(EGOV_AUDIT_CHAINS=3):
        # Six old events (two per chain), then three recent ones.
        for i in range(6):
            _event_at(now - datetime.timedelta(days=365 * 3 + 10 - i), f"old {i}")
        for i in range(3):
            _event_at(now - datetime.timedelta(days=i), f"new {i}")
        _rechain()
        assert _verify()[1]["intact"] is True
        assert audit.purge() == 6
        assert _verify() == (
            0,
            {"events": 4, "intact": True, "first_bad_event": None, "problem": None},
        )
        # Removing the oldest remaining event of one chain is still told from the purge.
        oldest = AuditEvent.objects.filter(chain=2).order_by("pk").first()
        following = AuditEvent.objects.filter(chain=2, pk__gt=oldest.pk).order_by("pk").first()
        _sql("DELETE FROM egov_core_auditevent WHERE id = %s", oldest.pk)
        code, result = _verify()
    assert code == 1
    if following is None:
        assert result["problem"] == "end"
    else:
        assert result["problem"] == "start"

"""Audited reads by 16 concurrent staff sessions on PostgreSQL: what the audit chain costs.

Every view of a person's record writes one audit event (``egov_plugin.core.audit.record``),
which extends a hash chain under the lock of the chain's head. Each "session" is a process of
its own with its own database connection (as gunicorn workers on several hosts are), reading a
person and recording the view, as fast as it can for ``--seconds``.

Modes, each with 1 and with 16 sessions, in one run on one new PostgreSQL database:

- ``unchained``: the same event written without any chain (no head lock): the floor;
- ``chains_1``: one chain (``EGOV_AUDIT_CHAINS = 1``, the behaviour before parallel chains);
- ``chains_8``: eight parallel chains (the default).

``value`` and ``ratio``: throughput of ``chains_8`` over ``unchained`` with 16 sessions (1.0:
the chain costs nothing); ``before_ratio``: the same for ``chains_1``. ``egov_verify_audit``
must find the log intact at the end (``intact``).

    .venv/bin/python bench/audit_chain.py [--sessions 16] [--seconds 5]
"""

import multiprocessing
import time

from _common import arguments, report, setup

MODES = {"unchained": None, "chains_1": 1, "chains_8": 8}


def session(mode, chains, start_at, seconds, staff_id, person_ids, counts):
    """One staff session: audited reads of people until the time is up; puts the count."""
    import random

    from django.contrib.auth import get_user_model
    from django.db import connections, transaction
    from django.test.utils import override_settings

    from egov_plugin.core import audit
    from egov_plugin.people.models import Person

    connections.close_all()  # never share the parent's connection
    staff = get_user_model().objects.get(pk=staff_id)
    if chains is None:

        def unchained(event):
            # What append() does, without the head: the hash covers the content only.
            with transaction.atomic():
                event.timestamp = audit.timezone.now()
                event.previous_hash = ""
                event.hash = event.compute_hash()
                event.chain = 0
                event.save()
            return event

        audit.append = unchained
    done = 0
    with override_settings(EGOV_AUDIT_CHAINS=chains or 1):
        while time.time() < start_at:
            time.sleep(0.005)
        deadline = start_at + seconds
        while time.time() < deadline:
            person = Person.objects.get(pk=random.choice(person_ids))
            audit.record(None, audit.Action.VIEW, obj=person, user=staff, summary="viewed a record")
            done += 1
    connections.close_all()
    counts.put(done)


def measure(mode, sessions, seconds, staff_id, person_ids):
    """Audited reads per second of ``sessions`` concurrent sessions in ``mode``."""
    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("fork")
    counts = context.Queue()
    start_at = time.time() + 1.5  # every session is connected and waiting by then
    processes = [
        context.Process(
            target=session,
            args=(mode, MODES[mode], start_at, seconds, staff_id, person_ids, counts),
        )
        for _ in range(sessions)
    ]
    for process in processes:
        process.start()
    total = sum(counts.get(timeout=seconds + 120) for _ in processes)
    for process in processes:
        process.join()
    return total / seconds


def main():
    args = arguments(
        __doc__,
        sessions={"type": int, "default": 16, "help": "concurrent staff sessions"},
        seconds={"type": float, "default": 5.0, "help": "seconds per measurement"},
    )
    done = setup("postgres")
    try:
        import io

        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.db import connection

        from egov_plugin.core.models import AuditEvent
        from tests.factories import PersonFactory

        staff = get_user_model().objects.create_user("bench-staff", password="x")
        person_ids = [PersonFactory().pk for _ in range(200)]
        results = {}
        for mode in MODES:
            for sessions in (1, args.sessions):
                results[f"{mode}_{sessions}"] = round(
                    measure(mode, sessions, args.seconds, staff.pk, person_ids), 1
                )
        # The unchained events are the benchmark's floor, not part of any chain: removed
        # before verifying (below the append-only refusal, as a test database may be).
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM egov_core_auditevent WHERE chain = 0")
        out = io.StringIO()
        call_command("egov_verify_audit", "--format", "json", stdout=out)
        verified = __import__("json").loads(out.getvalue())
        n = args.sessions
        floor = results[f"unchained_{n}"]
        report(
            bench="audit_chain",
            value=round(results[f"chains_8_{n}"] / floor, 3),
            unit=f"audited reads/s with {n} sessions, 8 chains / unchained",
            floor=floor,
            ratio=round(results[f"chains_8_{n}"] / floor, 3),
            before_ratio=round(results[f"chains_1_{n}"] / floor, 3),
            scaling_chains_1=round(results[f"chains_1_{n}"] / results["chains_1_1"], 2),
            scaling_chains_8=round(results[f"chains_8_{n}"] / results["chains_8_1"], 2),
            throughput=results,
            events=AuditEvent.objects.count(),
            intact=verified["intact"],
            sessions=n,
            seconds=args.seconds,
        )
    finally:
        done()


if __name__ == "__main__":
    main()

"""The audit log's hash chain shows an edited or removed event."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from egov_plugin.core import audit
from egov_plugin.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _events(n=4):
    return [
        audit.record(None, audit.Action.VIEW, summary=f"event {i}", data={"i": i}) for i in range(n)
    ]


def _verify():
    out = StringIO()
    try:
        call_command("egov_verify_audit", "--format", "json", stdout=out)
        code = 0
    except CommandError:
        code = 1
    return code, json.loads(out.getvalue())


def test_each_event_links_to_the_one_before_and_the_chain_verifies():
    events = _events()
    assert events[0].previous_hash == ""
    assert all(b.previous_hash == a.hash for a, b in zip(events, events[1:], strict=False))
    assert _verify() == (0, {"events": 4, "intact": True, "first_bad_event": None, "problem": None})


def test_an_edited_event_is_found():
    events = _events()
    with connection.cursor() as cursor:  # what someone with database access might do
        cursor.execute(
            "UPDATE egov_core_auditevent SET summary = %s WHERE id = %s", ["nothing", events[2].pk]
        )
    code, result = _verify()
    assert code == 1
    assert (result["first_bad_event"], result["problem"]) == (events[2].pk, "content")


def test_a_removed_event_is_found():
    events = _events()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM egov_core_auditevent WHERE id = %s", [events[1].pk])
    code, result = _verify()
    assert code == 1
    assert (result["first_bad_event"], result["problem"]) == (events[2].pk, "link")


def test_the_stored_event_is_what_was_hashed():
    event = audit.record(None, audit.Action.SEARCH, data={"query": "민수", "filters": {}})
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.hash == stored.compute_hash()

"""Audit events show in Wagtail's Site history and in the record's own history, masked."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from egov_plugin.core import audit
from egov_plugin.core.models import AuditEvent
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_an_event_on_a_person_is_in_site_history_and_in_the_persons_history(
    administrator, admin_client_for, regions
):
    person = PersonFactory(name="김민지", mobile="01012345678")
    event = audit.record(
        None,
        AuditEvent.Action.VIEW,
        obj=person,
        summary="김** (010-****-5678) 조회",
        data={"query": "01012345678"},
        user=administrator,
    )
    entry = ModelLogEntry.objects.get(action="egov.view")
    assert entry.object_id == str(person.pk) and entry.content_type.model == "person"
    assert entry.data == {"audit_event": event.pk, "summary": "김** (010-****-5678) 조회"}
    assert entry.user_id == administrator.pk and entry.timestamp == event.timestamp

    client = admin_client_for(administrator)
    site_history = client.get(reverse("wagtailadmin_reports:site_history"))
    assert site_history.status_code == 200
    body = site_history.content.decode()
    assert "김** (010-****-5678) 조회" in body
    # The search query with the full number stays in our own log, never in Wagtail's.
    assert "01012345678" not in body and "5678" in body

    person_history = client.get(reverse("egov_people:history", args=[person.pk]))
    assert person_history.status_code == 200
    assert "김** (010-****-5678) 조회" in person_history.content.decode()


def test_a_search_without_a_record_belongs_to_the_audit_event_itself(administrator):
    event = audit.record(
        None, AuditEvent.Action.SEARCH, summary="사람 검색 (결과 3건)", user=administrator
    )
    entry = ModelLogEntry.objects.get(action="egov.search")
    assert entry.content_type.model_class() is AuditEvent and entry.object_id == str(event.pk)
    assert entry.label == "사람 검색 (결과 3건)"

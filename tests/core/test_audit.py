"""The audit log is append-only, in code and in the admin."""

import pytest
from django.urls import reverse

from egov_plugin.core import audit
from egov_plugin.core.models import AppendOnlyError, AuditEvent

pytestmark = pytest.mark.django_db


def test_events_cannot_be_changed_or_deleted():
    event = audit.record(None, audit.Action.EXPORT, summary="people.xlsx", reason="민원 회신")
    event.summary = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().update(summary="changed")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get().summary == "people.xlsx"


def test_no_admin_screen_edits_or_deletes_events(admin_client, admin_user):
    event = audit.record(None, audit.Action.VIEW, user=admin_user, summary="x")
    assert admin_client.get(reverse("egov_audit:index")).status_code == 200
    assert admin_client.get(reverse("egov_audit:inspect", args=[event.pk])).status_code == 200
    for name in ("edit", "delete"):
        response = admin_client.post(reverse(f"egov_audit:{name}", args=[event.pk]), {})
        assert response.status_code in (302, 403), name
    assert admin_client.post(reverse("egov_audit:add"), {}).status_code in (302, 403)
    assert AuditEvent.objects.get().summary == "x"


def test_forwarded_for_is_trusted_only_as_far_as_the_trusted_proxies_wrote_it(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.2")
    assert audit.client_ip(request) == "10.0.0.1"
    settings.EGOV_TRUSTED_PROXY_COUNT = 1
    assert audit.client_ip(request) == "10.0.0.2"
    settings.EGOV_TRUSTED_PROXY_COUNT = 2
    assert audit.client_ip(request) == "203.0.113.9"

"""One append-only base in core: the audit log and the permission-change log share its queryset,
its model and its one RetentionError."""

import pytest

import egov_plugin.privacy.models as privacy_models
from egov_plugin.core.models import (
    AppendOnlyError,
    AppendOnlyModel,
    AppendOnlyQuerySet,
    AuditEvent,
    RetentionError,
)
from egov_plugin.privacy.models import PermissionChange


def test_both_logs_use_the_one_base():
    for model in (AuditEvent, PermissionChange):
        assert issubclass(model, AppendOnlyModel)
        assert isinstance(model.objects.all(), AppendOnlyQuerySet)
    assert not hasattr(privacy_models, "RetentionError")
    assert issubclass(RetentionError, AppendOnlyError)


@pytest.mark.django_db
def test_a_saved_permission_change_cannot_be_changed():
    change = PermissionChange.objects.create(kind="membership", change="added", detail="new")
    change.detail = "rewritten"
    with pytest.raises(AppendOnlyError, match="Records of permission changes cannot be changed"):
        change.save()
    with pytest.raises(AppendOnlyError):
        PermissionChange.objects.update(detail="rewritten")
    assert PermissionChange.objects.get(pk=change.pk).detail == "new"

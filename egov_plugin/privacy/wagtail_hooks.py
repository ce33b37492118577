from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import DeletionRequest
from .viewsets import AccessRecordViewSet, DeletionRequestViewSet, KeepRecordsPolicy

register_permission_policy(DeletionRequest, KeepRecordsPolicy(DeletionRequest))


@hooks.register("register_admin_viewset")
def register_privacy_admin():
    return [AccessRecordViewSet(), DeletionRequestViewSet()]

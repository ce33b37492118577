from wagtail import hooks
from wagtail.permissions import register_permission_policy

from egov_plugin.core.home import add_role_panel

from .home_panels import AccessReviewPanel
from .models import DeletionRequest
from .viewsets import AccessRecordViewSet, DeletionRequestViewSet, KeepRecordsPolicy

register_permission_policy(DeletionRequest, KeepRecordsPolicy(DeletionRequest))


@hooks.register("register_admin_viewset")
def register_privacy_admin():
    return [AccessRecordViewSet(), DeletionRequestViewSet()]


# The start page of the role whose work this is (egov_plugin.core.home).
hooks.register("construct_homepage_panels", add_role_panel(AccessReviewPanel))

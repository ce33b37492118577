from django.urls import path
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from . import history, private_media
from .exports import EncryptedDownloadView
from .menu import menu_groups
from .models import AuditEvent
from .page_permissions import refuse_move_without_permission
from .panels import PublicUrlPanel
from .viewsets import AuditEventViewSet, DepartmentViewSet, ReadOnlyPermissionPolicy

register_permission_policy(AuditEvent, ReadOnlyPermissionPolicy(AuditEvent))


@hooks.register("register_admin_viewset")
def register_egov_admin():
    return [*menu_groups(), AuditEventViewSet(), DepartmentViewSet()]


@hooks.register("construct_homepage_panels")
def add_public_url_panel(request, panels):
    """The warning that residents cannot open the site's links (shown only while true)."""
    panels.insert(0, PublicUrlPanel())


@hooks.register("register_log_actions")
def register_egov_log_actions(actions):
    history.register_log_actions(actions)


@hooks.register("register_admin_urls")
def register_export_download_url():
    return [
        path(
            "egov/exports/<str:token>/",
            EncryptedDownloadView.as_view(),
            name="egov_export_download",
        )
    ]


# Before Wagtail's own view-restriction check (order 0), which would let any user of the
# restriction's groups have the file with Wagtail's headers.
hooks.register("before_serve_document", private_media.serve_private_document, order=-10)

# Wagtail's move-confirm page checks no permission on GET (page_permissions.py says more).
hooks.register("before_move_page", refuse_move_without_permission)

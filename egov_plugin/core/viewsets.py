"""A read-only admin listing of the audit log."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from .menu import COMMITTEES, PRIVACY, menu_hook_for
from .models import AuditEvent, Department


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Allows viewing only: not even a superuser may add, change or delete audit events."""

    def user_has_permission(self, user, action):
        if action != "view":
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and self.user_has_permission(user, "view")


class AuditEventViewSet(ModelViewSet):
    """Who did what to whose personal data, and why."""

    model = AuditEvent
    icon = "history"
    menu_label = _("Audit log")
    menu_order = 950
    menu_hook = menu_hook_for(PRIVACY)
    name = "egov_audit"
    url_prefix = "egov/audit"
    list_display = ["timestamp", "actor_label", "ip_address", "action", "object_type", "summary"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_label", "summary", "reason"]
    search_backend_name = None
    inspect_view_enabled = True
    copy_view_enabled = False
    # The generic add/edit views need a form class to be built; the permission policy below
    # refuses them to everyone, superusers included.
    exclude_form_fields = []


class DepartmentViewSet(ModelViewSet):
    """The district office's departments (an editable list)."""

    model = Department
    icon = "home"
    menu_label = _("Departments")
    menu_order = 910
    menu_hook = menu_hook_for(COMMITTEES)
    name = "egov_departments"
    url_prefix = "egov/departments"
    list_display = ["name", "sort_order"]
    form_fields = ["name", "sort_order"]
    search_fields = ["name"]
    search_backend_name = None
    copy_view_enabled = False

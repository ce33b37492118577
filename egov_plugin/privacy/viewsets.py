"""The privacy screens in the "e-거버넌스" menu: access records and deletion requests."""

from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from egov_plugin.core.menu import PRIVACY, menu_hook_for

from . import deletion_views, views
from .models import DeletionRequest
from .permissions import can_review_access


class AccessRecordMenuItem(MenuItem):
    """Shown to users with ``egov_privacy.review_access`` only."""

    def is_shown(self, request):
        return can_review_access(request.user)


class AccessRecordViewSet(ViewSet):
    """Access records (the audit log, filtered), their export, monthly reviews and the
    permission-change listing; all need ``egov_privacy.review_access``."""

    name = "egov_access_records"
    url_prefix = "egov/privacy/access"
    icon = "history"
    menu_label = _("Access records")
    menu_order = 940
    menu_hook = menu_hook_for(PRIVACY)
    add_to_admin_menu = False

    @cached_property
    def menu_item_class(self):
        return AccessRecordMenuItem

    def get_urlpatterns(self):
        index = self.get_url_name("index")
        results = self.get_url_name("index_results")
        permissions = self.get_url_name("permissions")
        permissions_results = self.get_url_name("permissions_results")
        index_view = views.AccessRecordIndexView.as_view(
            index_url_name=index, index_results_url_name=results
        )
        index_results_view = views.AccessRecordIndexView.as_view(
            index_url_name=index, index_results_url_name=results, results_only=True
        )
        perms_view = views.PermissionChangeIndexView.as_view(
            index_url_name=permissions, index_results_url_name=permissions_results
        )
        perms_results_view = views.PermissionChangeIndexView.as_view(
            index_url_name=permissions,
            index_results_url_name=permissions_results,
            results_only=True,
        )
        return [
            path("", index_view, name="index"),
            path("results/", index_results_view, name="index_results"),
            path("export/", views.AccessRecordExportView.as_view(), name="export"),
            path("reviews/", views.MonthlyReviewIndexView.as_view(), name="reviews"),
            path(
                "reviews/<int:year>-<int:month>/",
                views.MonthlyReviewCreateView.as_view(),
                name="review",
            ),
            path("permissions/", perms_view, name="permissions"),
            path("permissions/results/", perms_results_view, name="permissions_results"),
        ]


class KeepRecordsPolicy(ModelPermissionPolicy):
    """Deletion requests are records of how a right was exercised: nobody deletes them."""

    def user_has_permission(self, user, action):
        if action == "delete":
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, a) for a in actions)


class DeletionRequestViewSet(ModelViewSet):
    """Residents' deletion requests: recorded, verified, carried out after confirmation."""

    model = DeletionRequest
    icon = "bin"
    menu_label = _("Deletion requests")
    menu_order = 945
    menu_hook = menu_hook_for(PRIVACY)
    name = "egov_deletion_requests"
    url_prefix = "egov/privacy/deletion-requests"
    index_view_class = deletion_views.DeletionRequestIndexView
    add_view_class = deletion_views.DeletionRequestCreateView
    edit_view_class = deletion_views.DeletionRequestEditView
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_form_class(self, for_update=False):
        return deletion_views.DeletionRequestForm

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "carry-out/<int:pk>/",
                deletion_views.CarryOutView.as_view(),
                name="carry_out",
            ),
        ]

"""Admin screens of the committees app, inside the "e-거버넌스" menu group."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from egov_plugin.core.listings import YesNoColumn
from egov_plugin.core.menu import COMMITTEES, menu_hook_for

from . import views
from .models import Committee, CommitteeField, CommitteeMembership


def _yes_no(field_name):
    # 예 / 아니요 rather than "True" / "False" (Wagtail shows a boolean field's str()).
    field = Committee._meta.get_field(field_name)
    return YesNoColumn(field_name, label=field.verbose_name, sort_key=field_name)


class CommitteeViewSet(SnippetViewSet):
    """Committees (snippets), their members inline."""

    model = Committee
    icon = "group"
    menu_label = _("Committees")
    menu_order = 200
    menu_hook = menu_hook_for(COMMITTEES)
    url_prefix = "egov/committees"
    list_display = ["name", "field", "department", _yes_no("is_active")]
    list_filter = ["field", "department", "is_active"]
    search_fields = ["name", "description"]
    search_backend_name = None
    copy_view_enabled = False


class CommitteeFieldViewSet(SnippetViewSet):
    """Fields of expertise (분야), an editable list."""

    model = CommitteeField
    icon = "tag"
    menu_label = _("Fields of expertise")
    menu_order = 920
    menu_hook = menu_hook_for(COMMITTEES)
    url_prefix = "egov/committee-fields"
    list_display = ["name", "sort_order"]
    copy_view_enabled = False


class CommitteeMemberViewSet(ModelViewSet):
    """One listing of all committee members: look-up by name and e-mail, export."""

    model = CommitteeMembership
    icon = "user"
    menu_label = _("Committee members")
    menu_order = 210
    menu_hook = menu_hook_for(COMMITTEES)
    name = "egov_committee_members"
    url_prefix = "egov/committee-members"
    index_view_class = views.CommitteeMemberIndexView
    list_per_page = 50
    # Memberships are added and edited on their committee's page.
    exclude_form_fields = []
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_index_view_kwargs(self, **kwargs):
        kwargs = super().get_index_view_kwargs(**kwargs)
        # Only the listing and the export exist: no per-row add/edit/delete/inspect links.
        for key in ("add_url_name", "edit_url_name", "delete_url_name", "inspect_url_name",
                    "copy_url_name"):  # fmt: skip
            kwargs[key] = None
        return kwargs

    def get_urlpatterns(self):
        return [p for p in super().get_urlpatterns() if p.name in ("index", "index_results")] + [
            path(
                "export/",
                views.CommitteeMemberExportView.as_view(index_url_name=self.get_url_name("index")),
                name="export",
            )
        ]

"""Admin screens of the committees app, inside the "e-거버넌스" menu group."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

from egov_plugin.core.listings import YesNoColumn
from egov_plugin.core.menu import COMMITTEES, menu_hook_for
from egov_plugin.people.memberships import MemberViewSet
from egov_plugin.people.viewsets import BodyCategoryViewSet

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


class CommitteeFieldViewSet(BodyCategoryViewSet):
    """Fields of expertise (분야), an editable list."""

    model = CommitteeField
    menu_label = _("Fields of expertise")
    menu_order = 920
    menu_hook = menu_hook_for(COMMITTEES)
    url_prefix = "egov/committee-fields"


class CommitteeMemberViewSet(MemberViewSet):
    """One listing of all committee members: look-up by name and e-mail, export."""

    model = CommitteeMembership
    menu_label = _("Committee members")
    menu_order = 210
    menu_hook = menu_hook_for(COMMITTEES)
    name = "egov_committee_members"
    url_prefix = "egov/committee-members"
    index_view_class = views.CommitteeMemberIndexView
    export_view_class = views.CommitteeMemberExportView

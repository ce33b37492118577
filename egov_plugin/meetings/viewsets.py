"""The meetings screens: one snippet viewset for the meetings of every kind of body."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.snippets.views.snippets import SnippetViewSet

from egov_plugin.core.menu import ORGANIZATIONS, menu_hook_for
from egov_plugin.people.body_kinds import get_body_kinds

from . import views
from .forms import meeting_form_class
from .models import Meeting


def body_panel(kinds):
    """One field per kind of body; each user sees the kinds they may see (committee staff
    only committees, organization staff only organizations)."""
    return MultiFieldPanel(
        [FieldPanel(kind.key, permission=kind.view_permission) for kind in kinds],
        heading=_("Body"),
        help_text=_("The body that met: choose one."),
    )


def meeting_edit_handler(kinds=None):
    """The meeting form's panels, bound to the model: the body fields of ``kinds`` (the
    registered kinds unless given) first, then :attr:`Meeting.panels`."""
    kinds = get_body_kinds() if kinds is None else kinds
    return ObjectList(
        [body_panel(kinds), *Meeting.panels], base_form_class=meeting_form_class(kinds)
    ).bind_to_model(Meeting)


class MeetingViewSet(SnippetViewSet):
    """Meetings of organizations, committees and any other registered kind of body; minutes
    searchable and printable."""

    model = Meeting
    icon = "clipboard-list"
    menu_label = _("Meetings and minutes")
    menu_order = 330
    menu_hook = menu_hook_for(ORGANIZATIONS)
    url_prefix = "egov/meetings"
    index_view_class = views.MeetingIndexView
    add_view_class = views.MeetingCreateView
    edit_view_class = views.MeetingEditView
    delete_view_class = views.MeetingDeleteView
    list_per_page = 50
    copy_view_enabled = False

    def get_edit_handler(self):
        # Built when the admin first needs it, after every app has registered its body kind.
        return meeting_edit_handler()

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                f"print/<{self.pk_path_converter}:pk>/",
                views.MinutesPrintView.as_view(permission_policy=self.permission_policy),
                name="print",
            ),
        ]

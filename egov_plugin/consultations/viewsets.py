"""Admin screens of consultations, inside the "e-거버넌스" menu group."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.viewsets.base import ViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from egov_plugin.core.menu import CONSULTATIONS, menu_hook_for

from . import admin_views, review_views
from .models import Opinion


class OpinionViewSet(SnippetViewSet):
    """Moderation: the opinion listing (with bulk actions) and each opinion's screen."""

    model = Opinion
    icon = "comment"
    menu_label = pgettext_lazy("menu", "Opinions")
    menu_order = 300
    menu_hook = menu_hook_for(CONSULTATIONS)
    url_prefix = "egov/opinions"
    index_view_class = admin_views.OpinionIndexView
    # Opinions are changed only through the moderation screen; this keeps the (unused) generic
    # edit form from being built out of every field, personal data included.
    panels = [FieldPanel("answer")]
    copy_view_enabled = False
    inspect_view_enabled = False

    @property
    def edit_view(self):
        return self.construct_view(admin_views.OpinionModerationView)


class _PermittedMenuItem(MenuItem):
    # Shown to those who may see expert invitations.
    def is_shown(self, request):
        return request.user.has_perm("egov_consultations.view_expertinvitation")


class ExpertReviewViewSet(ViewSet):
    """The closed expert review: consultations, and per consultation invitations and reminders."""

    name = review_views.NAMESPACE
    url_prefix = "egov/expert-review"
    icon = "mail"
    menu_label = _("Expert reviews")
    menu_order = 310
    menu_hook = menu_hook_for(CONSULTATIONS)
    menu_item_class = _PermittedMenuItem

    def get_urlpatterns(self):
        return [
            path("", review_views.ConsultationListView.as_view(), name="index"),
            path("<int:page_id>/", review_views.ExpertReviewView.as_view(), name="consultation"),
            path("<int:page_id>/remind/", review_views.RemindView.as_view(), name="remind"),
        ]

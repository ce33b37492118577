from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from egov_plugin.core.home import add_role_panel

from .admin_views import opinions_url
from .bulk_actions import ApproveBulkAction, HideBulkAction
from .home_panels import OpenConsultationsPanel
from .models import ConsultationFields, Opinion
from .permissions import OpinionPermissionPolicy
from .viewsets import ExpertReviewViewSet, OpinionViewSet

register_permission_policy(Opinion, OpinionPermissionPolicy(Opinion))
register_snippet(OpinionViewSet)
hooks.register("register_bulk_action", ApproveBulkAction)
hooks.register("register_bulk_action", HideBulkAction)


@hooks.register("register_admin_viewset")
def register_expert_review():
    return ExpertReviewViewSet()


def _consultation_buttons(page, user, priority):
    """Links from a consultation page in the page explorer to its opinions and expert review."""
    if not issubclass(page.specific_class or type(page), ConsultationFields):
        return
    if user.has_perm("egov_consultations.change_opinion"):
        yield Button(
            pgettext_lazy("menu", "Opinions"),
            url=opinions_url(page),
            icon_name="comment",
            priority=priority,
        )
    if user.has_perm("egov_consultations.view_expertinvitation"):
        yield Button(
            _("Expert review"),
            url=reverse("egov_expert_review:consultation", args=[page.pk]),
            icon_name="mail",
            priority=priority + 1,
        )


@hooks.register("register_page_listing_more_buttons")
def consultation_listing_buttons(page, user, next_url=None):
    yield from _consultation_buttons(page, user, priority=45)


@hooks.register("register_page_header_buttons")
def consultation_header_buttons(page, user, view_name, next_url=None):
    yield from _consultation_buttons(page, user, priority=55)


# The start page of the role whose work this is (egov_plugin.core.home).
hooks.register("construct_homepage_panels", add_role_panel(OpenConsultationsPanel))

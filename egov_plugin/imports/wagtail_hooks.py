"""The imports screen and the mail inbox in the "e-거버넌스" menu group; admin URLs; the export
buttons on the people and opinion listings."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import HeaderButton

from egov_plugin.consultations.models import Opinion
from egov_plugin.core.listings import LISTING_BUTTONS_HOOK
from egov_plugin.core.menu import CONSULTATIONS, REGISTRY, menu_hook_for
from egov_plugin.people.models import Person
from egov_plugin.people.permissions import can_view_personal_data

from . import urls
from .permissions import can_import, importable_kinds


class _ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(importable_kinds(request.user))


class _MailMenuItem(MenuItem):
    def is_shown(self, request):
        return can_import(request.user, "opinions")


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("egov/imports/", include((urls, "egov_imports"), namespace="egov_imports"))]


@hooks.register(menu_hook_for(REGISTRY))
def imports_menu_item():
    return _ImportMenuItem(
        _("Imports"), reverse("egov_imports:index"), icon_name="upload", order=800
    )


@hooks.register(menu_hook_for(CONSULTATIONS))
def mail_menu_item():
    return _MailMenuItem(_("Mail inbox"), reverse("egov_imports:mail"), icon_name="mail", order=810)


@hooks.register(LISTING_BUTTONS_HOOK)
def export_buttons(model, request):
    """ "Export" on the people and opinion listings: the same filters and search, to a file."""
    if model is Person and can_view_personal_data(request.user):
        url_name = "egov_imports:export_people"
    elif model is Opinion and request.user.has_perm("egov_consultations.change_opinion"):
        url_name = "egov_imports:export_opinions"
    else:
        return []
    query = request.GET.urlencode()
    url = reverse(url_name) + (f"?{query}" if query else "")
    return [HeaderButton(_("Export"), url=url, icon_name="download")]

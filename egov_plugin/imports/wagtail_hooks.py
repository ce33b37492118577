"""The imports screen and the mail inbox in the "e-거버넌스" menu group; admin URLs."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from egov_plugin.core.menu import CONSULTATIONS, REGISTRY, menu_hook_for

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

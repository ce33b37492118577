"""The 단체 담당's start: the organizations they manage, on the admin home."""

from django.db.models import Count, Max
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from egov_plugin.core.dates import local_date, thousands
from egov_plugin.core.home import RolePanel
from egov_plugin.people import roles

from .models import Organization


class MyOrganizationsPanel(RolePanel):
    """Each organization the user manages, with its members and latest activity."""

    role = roles.ORGANIZATION_STAFF
    title = _("My organizations")
    empty_text = _(
        "You manage no organization yet. An administrator adds you as a manager on the "
        "organization's page."
    )

    def get_rows(self, request):
        organizations = (
            Organization.objects.filter(managers=request.user)
            .annotate(
                members=Count("memberships", distinct=True),
                last_activity=Max("activities__start_date"),
            )
            .order_by("name")[:20]
        )
        edit = "wagtailsnippets_egov_organizations_organization:edit"
        rows = []
        for org in organizations:
            meta = ngettext("%(n)s member", "%(n)s members", org.members) % {
                "n": thousands(org.members)
            }
            if org.last_activity:
                meta += " · " + gettext("last activity %(date)s") % {
                    "date": local_date(org.last_activity)
                }
            rows.append({"label": str(org), "url": reverse(edit, args=[org.pk]), "meta": meta})
        return rows

    def get_links(self, request):
        links = []
        if request.user.has_perm("egov_organizations.add_activity"):
            links.append(
                (
                    _("Record an activity"),
                    reverse("wagtailsnippets_egov_organizations_activity:add"),
                )
            )
        links.append(
            (
                _("All organizations"),
                reverse("wagtailsnippets_egov_organizations_organization:list"),
            )
        )
        return links

"""Admin views: the organization listing, the member look-up and its export, and the activity
listing (Korean-aware search)."""

from django.db.models import Count
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import Button
from wagtail.snippets.views import snippets as snippet_views

from egov_plugin.core import search
from egov_plugin.core.listings import ExcerptColumn
from egov_plugin.people import memberships

from .filters import ActivityFilterSet, OrganizationMemberFilterSet
from .models import OrganizationMembership

#: Fields searched by the activity listing's search box.
ACTIVITY_SEARCH_FIELDS = ("title", "description", "place")


def member_contacts(user):
    """Whose names and contacts ``user`` sees among organization members (see people.bodies)."""
    return memberships.member_contacts(user, OrganizationMembership)


def snippet_url(model_name, action, *args):
    return reverse(f"wagtailsnippets_egov_organizations_{model_name}:{action}", args=args)


def joined_text(membership):
    # Dates as 2014-05-10 rather than Wagtail's "12 years ago": these are records of the past.
    return membership.joined_on.isoformat() if membership.joined_on else ""


def period_text(activity):
    """``2014-05-10``, or ``2014-05-10 – 2014-05-12`` for an activity of several days."""
    if activity.end_date and activity.end_date != activity.start_date:
        return f"{activity.start_date.isoformat()} – {activity.end_date.isoformat()}"
    return activity.start_date.isoformat()


# Organizations ----------------------------------------------------------------------------


class OrganizationIndexView(snippet_views.IndexView):
    """Organizations with their member counts and links to their members and activities (the
    meetings app adds its links to every kind of body's rows)."""

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("kind", "region")
            .annotate(member_count=Count("memberships"))
        )

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        query = f"?organization={instance.pk}"
        user = self.request.user
        links = [
            ("view_organizationmembership", pgettext_lazy("organization", "Members"), "user",
             reverse("egov_organization_members:index") + query),
            ("view_activity", _("Activities"), "calendar-check",
             snippet_url("activity", "list") + query),
            ("add_activity", _("Record an activity"), "plus",
             snippet_url("activity", "add") + query),
        ]  # fmt: skip
        for priority, (codename, label, icon, url) in enumerate(links, start=40):
            if user.has_perm(f"egov_organizations.{codename}"):
                buttons.append(Button(label, url=url, icon_name=icon, priority=priority))
        return buttons


# The member look-up -------------------------------------------------------------------------


RELATED = ("organization", "organization__kind", "organization__region")


def member_queryset(request):
    """Memberships selected by the look-up's search and filters in ``request.GET``."""
    return memberships.member_queryset(
        request, OrganizationMembership, OrganizationMemberFilterSet, RELATED
    )


class OrganizationMemberIndexView(memberships.MemberIndexView):
    """Search members by name, e-mail or mobile; filter by organization, kind, neighbourhood,
    role and e-mail. Each listing or search is one audit event."""

    audit_summary = _("Organization members")

    filterset_class = OrganizationMemberFilterSet
    default_ordering = "organization__name"
    related = RELATED
    contact_columns = ("name", "mobile", "email")
    export_url_name = "egov_organization_members:export"

    def body_columns(self):
        return [
            Column("organization", label=_("Organization"), sort_key="organization__name"),
            Column("kind", label=_("Kind of organization"), accessor="organization.kind"),
            Column(
                "region",
                label=_("Neighbourhood"),
                accessor="organization.region",
                sort_key="organization__region__sort_order",
            ),
            Column("role", label=_("Role"), accessor="get_role_display"),
            Column("joined_on", label=_("Joined"), sort_key="joined_on", accessor=joined_text),
        ]


class OrganizationMemberExportView(memberships.MemberExportView):
    """Export the look-up's current selection (all pages), masked unless permitted."""

    model = OrganizationMembership
    filename = "organization-members"
    page_title = _("Export organization members")
    filterset_class = OrganizationMemberFilterSet
    related = RELATED
    contact_columns = ("name", "mobile", "email")
    body_headers = (
        # Not "Neighbourhood": the members' upload would read it as the member's own.
        _("Organization"), _("Kind of organization"), _("Organization's neighbourhood"), _("Role"),
        _("Joined"),
    )  # fmt: skip

    def body_row(self, m):
        region = m.organization.region
        return [
            m.organization.name, m.organization.kind.name, region.name if region else "",
            m.get_role_display(), m.joined_on,
        ]  # fmt: skip


# Activities ---------------------------------------------------------------------------------


class BodyFromQueryCreateMixin:
    """Pre-selects the organization named in the add link (``?organization=<id>``) so that its
    members can be ticked on the first save."""

    body_fields = ("organization",)

    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance() or self.model()
        for name in self.body_fields:
            value = self.request.GET.get(name, "")
            if value.isdigit():
                setattr(instance, f"{name}_id", int(value))
        return instance


class ActivityCreateView(BodyFromQueryCreateMixin, snippet_views.CreateView):
    pass


class ActivityIndexView(snippet_views.IndexView):
    """Activities by organization, period and content (Korean-aware, see core.search)."""

    filterset_class = ActivityFilterSet
    is_searchable = True
    search_backend_name = None
    default_ordering = "-start_date"

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("organization")
            .annotate(photo_count=Count("photos"))
        )

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return search.search(queryset, ACTIVITY_SEARCH_FIELDS, self.search_query)

    @cached_property
    def list_display(self):
        # The first entry becomes the title column, with the row's buttons.
        return [
            "title",
            Column("start_date", label=_("Date"), sort_key="start_date", accessor=period_text),
            Column("organization", label=_("Organization"), sort_key="organization__name"),
            Column("place", label=_("Place")),
            ExcerptColumn(
                "description",
                label=_("Description"),
                query=self.search_query,
                fields=("description", "place"),
            ),
            Column("participant_count", label=_("Participants"), sort_key="participant_count"),
            Column("photo_count", label=_("Photos")),
        ]

"""Admin views: the organization listing, the member look-up and its export, the activity and
meeting listings (Korean-aware search), and the printable minutes."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets import Button, HeaderButton
from wagtail.snippets.views import snippets as snippet_views

from egov_plugin.core import audit, search
from egov_plugin.core.text import mask_name
from egov_plugin.people import memberships
from egov_plugin.people.bodies import MemberContacts

from .filters import ActivityFilterSet, MeetingFilterSet, OrganizationMemberFilterSet
from .models import Meeting, OrganizationMembership

#: Fields searched by the activity listing's search box.
ACTIVITY_SEARCH_FIELDS = ("title", "description", "place")
#: Fields searched by the meeting listing's search box (the minutes as plain text).
MEETING_SEARCH_FIELDS = ("agenda", "minutes_text", "decisions", "place")


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


def visible_meetings(user):
    """Meetings of the bodies ``user`` may see: organizations', committees', or both."""
    condition = Q(pk__in=[])
    if user.has_perm("egov_organizations.view_organization"):
        condition |= Q(organization__isnull=False)
    if user.has_perm("egov_committees.view_committee"):
        condition |= Q(committee__isnull=False)
    return Meeting.objects.filter(condition)


class ExcerptColumn(Column):
    """The part of a text around the search terms, terms highlighted; the start otherwise."""

    def __init__(self, name, *, query, fields, **kwargs):
        self.query = query
        self.fields = fields
        super().__init__(name, **kwargs)

    def get_value(self, instance):
        terms = [term.lower() for term in search.split_terms(self.query)]
        texts = [getattr(instance, field, "") or "" for field in self.fields]
        text = next((t for t in texts if any(term in t.lower() for term in terms)), None)
        if text is None:
            text = next((t for t in texts if t), "")
        return search.highlight(search.excerpt(text, self.query, width=100), self.query)


# Organizations ----------------------------------------------------------------------------


class OrganizationIndexView(snippet_views.IndexView):
    """Organizations with their member counts and links to their members, activities and
    meetings."""

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
            ("view_meeting", _("Meetings"), "clipboard-list",
             snippet_url("meeting", "list") + query),
            ("add_meeting", _("Record a meeting"), "plus",
             snippet_url("meeting", "add") + query),
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
    """Pre-selects the body named in the add link (``?organization=<id>``, ``?committee=<id>``)
    so that its members can be ticked on the first save."""

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


# Meetings -----------------------------------------------------------------------------------


class MeetingQuerysetMixin:
    """Limits a meeting view to the meetings of the bodies the user may see."""

    def get_queryset(self):
        return visible_meetings(self.request.user)


class MeetingCreateView(BodyFromQueryCreateMixin, snippet_views.CreateView):
    body_fields = ("organization", "committee")


class MeetingEditView(MeetingQuerysetMixin, snippet_views.EditView):
    """The meeting form, with a link to its printable minutes."""

    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(
                _("Print minutes"),
                url=snippet_url("meeting", "print", self.object.pk),
                icon_name="doc-full",
                attrs={"target": "_blank"},
            ),
        ]


class MeetingDeleteView(MeetingQuerysetMixin, snippet_views.DeleteView):
    pass


class MeetingIndexView(snippet_views.IndexView):
    """Meetings by body and period; the search looks in the agenda, minutes and decisions."""

    filterset_class = MeetingFilterSet
    is_searchable = True
    search_backend_name = None
    default_ordering = "-starts_at"

    def get_base_queryset(self):
        return (
            visible_meetings(self.request.user)
            .select_related("organization", "committee")
            .annotate(attendee_count=Count("attendees", distinct=True))
        )

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return search.search(queryset, MEETING_SEARCH_FIELDS, self.search_query)

    @cached_property
    def columns(self):
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="snippet"),
            self._get_title_column(
                "starts_at",  # labelled with the field's name, "date and time"
                accessor=lambda m: timezone.localtime(m.starts_at).strftime("%Y-%m-%d %H:%M"),
            ),
            Column("body", label=_("Body")),
            Column("place", label=_("Place")),
            ExcerptColumn(
                "minutes_text",
                label=_("Minutes"),
                query=self.search_query,
                fields=("minutes_text", "agenda", "decisions"),
            ),
            Column("attendee_count", label=_("Attendees")),
        ]

    def get_list_more_buttons(self, instance):
        return [
            *super().get_list_more_buttons(instance),
            Button(
                _("Print minutes"),
                url=snippet_url("meeting", "print", instance.pk),
                icon_name="doc-full",
                priority=15,
                attrs={"target": "_blank"},
            ),
        ]


class MinutesPrintView(PermissionCheckedMixin, TemplateView):
    """The minutes as a clean page to print or save as PDF. Attendees' names are masked unless
    the user may see that body's member contacts; each view is one audit event."""

    model = Meeting
    permission_required = "view"
    template_name = "egov_organizations/minutes_print.html"

    def get(self, request, *args, pk, **kwargs):
        self.meeting = get_object_or_404(
            visible_meetings(request.user).select_related("organization", "committee"), pk=pk
        )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.meeting
        if meeting.organization_id:
            membership_model, body_pk = OrganizationMembership, meeting.organization_id
            roles = dict(meeting.organization.memberships.values_list("person_id", "role"))
        else:
            from egov_plugin.committees.models import CommitteeMembership

            membership_model, body_pk = CommitteeMembership, meeting.committee_id
            roles = dict(meeting.committee.memberships.values_list("person_id", "role"))
        role_labels = dict(membership_model.Role.choices)
        policy = MemberContacts(self.request.user, membership_model)
        visible_ids = None if policy.all_visible else policy.visible_person_ids(body_pk)
        attendees, masked_any = [], False
        for person in meeting.attendees.order_by("name", "pk"):
            shown = visible_ids is None or person.pk in visible_ids
            attendees.append(
                {
                    "name": person.name if shown else mask_name(person.name),
                    "role": role_labels.get(roles.get(person.pk), ""),
                }
            )
            masked_any = masked_any or not shown
        audit.record(
            self.request,
            audit.Action.VIEW,
            obj=meeting,
            summary=_("Minutes: %(meeting)s") % {"meeting": meeting},
            data={"attendees": len(attendees), "names_visible": not masked_any},
        )
        context.update(
            meeting=meeting,
            body_kind=meeting._meta.get_field(
                "organization" if meeting.organization_id else "committee"
            ).verbose_name,
            attendees=attendees,
            names_visible=not masked_any,
            attachments=meeting.attachments.select_related("document"),
            edit_url=snippet_url("meeting", "edit", meeting.pk),
        )
        return context

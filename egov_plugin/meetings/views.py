"""Admin views of meetings: the listing (Korean-aware search), add and edit limited to the
bodies the user may see, and the printable minutes."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets import Button, HeaderButton
from wagtail.snippets.views import snippets as snippet_views

from egov_plugin.core import audit, search
from egov_plugin.core.listings import ExcerptColumn
from egov_plugin.core.text import mask_name
from egov_plugin.people.bodies import MemberContacts
from egov_plugin.people.body_kinds import get_body_kinds

from .filters import MeetingFilterSet
from .models import Meeting

#: Fields searched by the meeting listing's search box (the minutes as plain text).
MEETING_SEARCH_FIELDS = ("agenda", "minutes_text", "decisions", "place")


def meeting_url(action, *args):
    return reverse(f"wagtailsnippets_egov_meetings_meeting:{action}", args=args)


def visible_meetings(user):
    """Meetings of the bodies ``user`` may see: organizations', committees', or both."""
    return Meeting.objects.visible_to(user)


class MeetingQuerysetMixin:
    """Limits a meeting view to the meetings of the bodies the user may see."""

    def get_queryset(self):
        return visible_meetings(self.request.user)


class MeetingCreateView(snippet_views.CreateView):
    """Pre-selects the body named in the add link (``?organization=<id>``, ``?committee=<id>``,
    one parameter per kind of body) so that its members can be ticked on the first save."""

    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance() or self.model()
        for kind in get_body_kinds(self.request.user):
            value = self.request.GET.get(kind.key, "")
            if value.isdigit():
                instance.body_type = ContentType.objects.get_for_model(kind.model_class)
                instance.body_id = int(value)
                break
        return instance


class MeetingEditView(MeetingQuerysetMixin, snippet_views.EditView):
    """The meeting form, with a link to its printable minutes."""

    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(
                _("Print minutes"),
                url=meeting_url("print", self.object.pk),
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
            .prefetch_related("body")
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
                url=meeting_url("print", instance.pk),
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
    template_name = "egov_meetings/minutes_print.html"

    def get(self, request, *args, pk, **kwargs):
        self.meeting = get_object_or_404(visible_meetings(request.user), pk=pk)
        return super().get(request, *args, **kwargs)

    def _roles_and_visible_ids(self, meeting):
        """``({person pk: role label}, people shown in clear or None for all)``."""
        kind = meeting.body_kind
        membership_model = kind.membership_model if kind is not None else None
        if membership_model is None:
            return {}, set()
        memberships = membership_model.objects.filter(
            **{f"{membership_model.body_field}_id": meeting.body_id}
        )
        role_labels = dict(membership_model.Role.choices)
        roles = {
            person_pk: role_labels.get(role, "")
            for person_pk, role in memberships.values_list("person_id", "role")
        }
        policy = MemberContacts(self.request.user, membership_model)
        visible = None if policy.all_visible else policy.visible_person_ids(meeting.body_id)
        return roles, visible

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.meeting
        roles, visible_ids = self._roles_and_visible_ids(meeting)
        attendees, masked_any = [], False
        for person in meeting.attendees.order_by("name", "pk"):
            shown = visible_ids is None or person.pk in visible_ids
            attendees.append(
                {
                    "name": person.name if shown else mask_name(person.name),
                    "role": roles.get(person.pk, ""),
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
            body_kind=meeting.body_type.model_class()._meta.verbose_name,
            attendees=attendees,
            names_visible=not masked_any,
            attachments=meeting.attachments.select_related("document"),
            edit_url=meeting_url("edit", meeting.pk),
        )
        return context

"""The committee member look-up: one listing of every member across committees."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.widgets import HeaderButton

from egov_plugin.core import audit
from egov_plugin.core.exports import AuditedExportView, ExportForm
from egov_plugin.core.listings import AbsoluteDateColumn, AuditedListingMixin
from egov_plugin.core.text import mask_email, mask_name
from egov_plugin.people.bodies import MemberContacts
from egov_plugin.people.columns import MaskedColumn
from egov_plugin.people.models import filter_by_person

from .filters import CommitteeMemberFilterSet
from .models import CommitteeMembership

CONTACTS_PERMISSION = CommitteeMembership.contacts_permission


def member_contacts(user):
    """Whose names and contacts ``user`` sees among committee members (see people.bodies)."""
    return MemberContacts(user, CommitteeMembership)


def member_queryset(request):
    """Memberships selected by the look-up's search and filters in ``request.GET``."""
    queryset = CommitteeMembership.objects.select_related(
        "person", "committee", "committee__field"
    ).order_by("committee__name", "person__name", "pk")
    filterset = CommitteeMemberFilterSet(request.GET, queryset=queryset, request=request)
    if filterset.is_valid():
        queryset = filterset.qs
    return filter_by_person(queryset, request.GET.get("q"))


class CommitteeMemberIndexView(AuditedListingMixin, generic.IndexView):
    """Search members by name, e-mail or mobile; filter by committee, field, term, e-mail."""

    audit_summary = _("Committee members")

    filterset_class = CommitteeMemberFilterSet
    is_searchable = True
    search_backend_name = None
    default_ordering = "committee__name"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("person", "committee", "committee__field")

    def search_queryset(self, queryset):
        return filter_by_person(queryset, self.search_query)

    @cached_property
    def columns(self):
        visible = member_contacts(self.request.user).visible
        return [
            MaskedColumn(
                "name",
                label=_("Name"),
                accessor="person.name",
                sort_key="person__name",
                mask=mask_name,
                visible=visible,
            ),
            MaskedColumn(
                "email",
                label=_("E-mail address"),
                accessor="person.email",
                mask=mask_email,
                visible=visible,
            ),
            Column("committee", label=_("Committee"), sort_key="committee__name"),
            Column("field", label=_("Field of expertise"), accessor="committee.field"),
            Column("role", label=_("Role"), accessor="get_role_display"),
            Column("occupation", label=_("Occupation"), accessor="get_occupation_display"),
            AbsoluteDateColumn("term_start", label=_("Term starts"), sort_key="term_start"),
            AbsoluteDateColumn("term_end", label=_("Term ends"), sort_key="term_end"),
        ]

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        query = self.request.GET.urlencode()
        buttons.append(
            HeaderButton(
                _("Export or copy addresses"),
                url=reverse("egov_committee_members:export") + (f"?{query}" if query else ""),
                icon_name="download",
            )
        )
        return buttons


class MemberExportForm(ExportForm):
    """Export formats plus "addresses", a list to paste into a mail program's Bcc field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["format"].choices = [
            *self.fields["format"].choices,
            ("addresses", _("E-mail addresses to copy")),
        ]


class CommitteeMemberExportView(AuditedExportView):
    """Export the look-up's current selection (all pages), or show its e-mail addresses."""

    model = CommitteeMembership
    permission_required = "view"
    form_class = MemberExportForm
    filename = "committee-members"
    page_title = _("Export committee members")

    def get_export_data(self):
        memberships = member_queryset(self.request)
        visible = member_contacts(self.request.user).visible
        headers = [
            _("Name"), _("E-mail address"), _("Committee"), _("Field of expertise"), _("Role"),
            _("Occupation"), _("Term starts"), _("Term ends"),
        ]  # fmt: skip

        def rows():
            for m in memberships.iterator(chunk_size=2000):
                name, email = m.person.name, m.person.email
                if not visible(m):
                    name, email = mask_name(name), mask_email(email)
                yield [
                    name, email, m.committee.name, m.committee.field.name, m.get_role_display(),
                    m.get_occupation_display(), m.term_start, m.term_end,
                ]  # fmt: skip

        return headers, rows(), memberships.count(), ""

    def form_valid(self, form):
        if form.cleaned_data["format"] != "addresses":
            return super().form_valid(form)
        policy = member_contacts(self.request.user)
        if not policy.may_see_some:
            form.add_error("format", _("You may not see committee members' e-mail addresses."))
            return self.form_invalid(form)
        # Only the members shown in clear: those of committees this user manages, confirmed.
        addresses = list(
            member_queryset(self.request)
            .filter(policy.condition())
            .exclude(person__email="")
            .values_list("person__email", flat=True)
            .distinct()
        )
        audit.record(
            self.request,
            audit.Action.EXPORT,
            summary=_("Committee member e-mail addresses (%(count)d)") % {"count": len(addresses)},
            reason=form.cleaned_data["reason"],
            data={
                "format": "addresses",
                "rows": len(addresses),
                "selection": dict(self.request.GET),
            },
        )
        return render(
            self.request,
            "egov_committees/addresses.html",
            {**self.get_context_data(form=form), "addresses": sorted(addresses)},
        )

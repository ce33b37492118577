"""The committee member look-up: one listing of every member across committees."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column

from egov_plugin.core import audit
from egov_plugin.core.exports import ExportForm
from egov_plugin.core.listings import AbsoluteDateColumn
from egov_plugin.people import memberships

from .filters import CommitteeMemberFilterSet
from .models import CommitteeMembership

CONTACTS_PERMISSION = CommitteeMembership.contacts_permission
RELATED = ("committee", "committee__field")


def member_contacts(user):
    """Whose names and contacts ``user`` sees among committee members (see people.bodies)."""
    return memberships.member_contacts(user, CommitteeMembership)


def member_queryset(request):
    """Memberships selected by the look-up's search and filters in ``request.GET``."""
    return memberships.member_queryset(
        request, CommitteeMembership, CommitteeMemberFilterSet, RELATED
    )


class CommitteeMemberIndexView(memberships.MemberIndexView):
    """Search members by name, e-mail or mobile; filter by committee, field, term, e-mail."""

    audit_summary = _("Committee members")

    filterset_class = CommitteeMemberFilterSet
    default_ordering = "committee__name"
    related = RELATED
    contact_columns = ("name", "email")
    export_label = _("Export or copy addresses")
    export_url_name = "egov_committee_members:export"

    def body_columns(self):
        return [
            Column("committee", label=_("Committee"), sort_key="committee__name"),
            Column("field", label=_("Field of expertise"), accessor="committee.field"),
            Column("role", label=_("Role"), accessor="get_role_display"),
            Column("occupation", label=_("Occupation"), accessor="get_occupation_display"),
            AbsoluteDateColumn("term_start", label=_("Term starts"), sort_key="term_start"),
            AbsoluteDateColumn("term_end", label=_("Term ends"), sort_key="term_end"),
        ]


class MemberExportForm(ExportForm):
    """Export formats plus "addresses", a list to paste into a mail program's Bcc field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["format"].choices = [
            *self.fields["format"].choices,
            ("addresses", _("E-mail addresses to copy")),
        ]


class CommitteeMemberExportView(memberships.MemberExportView):
    """Export the look-up's current selection (all pages), or show its e-mail addresses."""

    model = CommitteeMembership
    form_class = MemberExportForm
    filename = "committee-members"
    page_title = _("Export committee members")
    filterset_class = CommitteeMemberFilterSet
    related = RELATED
    # The mobile too (after the e-mail address, where the listing has it): the members' upload
    # finds a person with a mobile by it, so an export uploaded again matches everyone.
    contact_columns = ("name", "email", "mobile")
    body_headers = (
        _("Committee"), _("Field of expertise"), _("Role"), _("Occupation"), _("Term starts"),
        _("Term ends"),
    )  # fmt: skip

    def body_row(self, m):
        return [
            m.committee.name, m.committee.field.name, m.get_role_display(),
            m.get_occupation_display(), m.term_start, m.term_end,
        ]  # fmt: skip

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

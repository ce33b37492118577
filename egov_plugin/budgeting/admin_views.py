"""Staff screens of a vote: the list of votes, results, the audited export, fraud signals,
and the paper-ballot upload with its template."""

import datetime

from django import forms
from django.contrib import messages
from django.db.models import Count, Sum
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.log_actions import log

from egov_plugin.core.exports import AuditedExportView
from egov_plugin.core.spreadsheets import write_xlsx

from . import paper
from .conf import app_settings
from .fraud import find_signals
from .models import Ballot, BudgetVotePage, PaperTally
from .results import SmallCell, compute_results, suppress_small_cells

URL_NAMESPACE = "egov_budget_votes"


def vote_url(name, page):
    return reverse(f"{URL_NAMESPACE}:{name}", args=[page.pk])


def _count(online, offline=0):
    """A count for the export; a suppressed small cell as its words (total included)."""
    if isinstance(online, SmallCell):
        return str(online)
    return online + offline


class _VoteView(PermissionCheckedMixin, WagtailAdminTemplateMixin):
    """A screen about one vote (``page_id`` in the URL), for staff who may view ballots."""

    model = Ballot
    permission_required = "view"
    header_icon = "tasks"

    @cached_property
    def vote(self):
        return get_object_or_404(BudgetVotePage, pk=self.kwargs["page_id"])

    def get_page_subtitle(self):
        return self.vote.title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(f"{URL_NAMESPACE}:index"), "label": _("Budget votes")},
            {"url": "", "label": self.vote.title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["vote"] = self.vote
        context["links"] = {
            "results": vote_url("results", self.vote),
            "export": vote_url("export", self.vote),
            "signals": vote_url("signals", self.vote),
            "upload": vote_url("paper_upload", self.vote),
            "template": vote_url("paper_template", self.vote),
        }
        return context


class VoteIndexView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Every vote with its period, status and counts, and the way to its screens."""

    model = Ballot
    permission_required = "view"
    template_name = "egov_budgeting/admin/index.html"
    page_title = _("Budget votes")
    header_icon = "tasks"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        votes = list(BudgetVotePage.objects.order_by("-opens_at"))
        online = dict(Ballot.objects.values_list("page_id").annotate(n=Count("id")).order_by())
        offline = dict(
            PaperTally.objects.values_list("page_id").annotate(n=Sum("voters")).order_by()
        )
        context["rows"] = [
            {
                "vote": vote,
                "status": vote.get_status_label(),
                "online": online.get(vote.pk, 0),
                "offline": offline.get(vote.pk, 0),
                "results_url": vote_url("results", vote),
                "signals_url": vote_url("signals", vote),
                "upload_url": vote_url("paper_upload", vote),
            }
            for vote in votes
        ]
        return context


class ResultsView(_VoteView, TemplateView):
    """The count of one vote, with the checks that it adds up; visible to staff at any time."""

    template_name = "egov_budgeting/admin/results.html"
    page_title = _("Results")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        results = compute_results(self.vote)
        context["results"] = results
        context["page"] = self.vote
        context["status"] = self.vote.get_status_label()
        context["project_matrix"] = _matrix_rows(results)
        context.update(self._receipt_lookup())
        return context

    def _receipt_lookup(self):
        """A resident's receipt code, confirmed as counted (or not): no one's identity shown."""
        raw = self.request.GET.get("receipt", "")
        code = "".join(ch for ch in raw.upper() if ch.isalnum())
        if not code:
            return {}
        ballot = (
            Ballot.objects.filter(page_id=self.vote.pk, receipt_code=code)
            .select_related("region")
            .first()
        )
        return {"receipt_query": raw, "receipt_ballot": ballot, "receipt_checked": True}


def _matrix_rows(results):
    """Votes per project and neighbourhood (online + paper), as table rows."""
    rows = []
    for project in results.projects:
        cells = [
            sum(results.project_by_region.get((project.key, region.key), [0, 0]))
            for region in results.by_region
        ]
        rows.append((project.label, cells))
    return rows


class ResultsExportView(AuditedExportView):
    """The results of one vote as a spreadsheet: asks for a reason, writes an audit event."""

    model = Ballot
    permission_required = "view"
    page_title = _("Export results")
    filename = "budget-vote-results"
    # Totals only, no voter: never encrypted, CSV always offered (EGOV_ENCRYPT_EXPORTS).
    contains_personal_data = False

    @cached_property
    def vote(self):
        return get_object_or_404(BudgetVotePage, pk=self.kwargs["page_id"])

    def get_page_subtitle(self):
        return self.vote.title

    def get_export_data(self):
        results = compute_results(self.vote)
        headers = [
            _("Section"),
            _("Item"),
            _("Cost (won)"),
            _("Online"),
            _("Paper"),
            _("Total"),
        ]
        rows = [
            [_("Turnout"), _("Voters"), None, results.online_voters, results.offline_voters,
             results.total_voters],
        ]  # fmt: skip
        for row in results.projects:
            rows.append(
                [_("Project"), row.label, row.project.cost, row.online, row.offline, row.total]
            )
        for section, breakdown in (
            (_("Neighbourhood"), results.by_region),
            (_("Age band (online)"), suppress_small_cells(results.by_age_band)),
            (_("Gender (online)"), suppress_small_cells(results.by_gender)),
        ):
            rows += [
                [section, r.label, None, _count(r.online), r.offline, _count(r.online, r.offline)]
                for r in breakdown
            ]
        regions = {r.key: r.label for r in results.by_region}
        for project in results.projects:
            for region_id, label in regions.items():
                online, offline = results.project_by_region.get((project.key, region_id), [0, 0])
                if online or offline:
                    rows.append(
                        [
                            _("Project × neighbourhood"),
                            f"{project.label} · {label}",
                            None,
                            online,
                            offline,
                            online + offline,
                        ]
                    )
        rows += [
            [_("Check"), c.label, None, None, None, _("passed") if c.ok else _("failed")]
            for c in results.checks
        ]
        self.filename = f"budget-vote-{self.vote.pk}-results"
        return [str(h) for h in headers], [[_cell(v) for v in r] for r in rows], len(rows), ""


def _cell(value):
    # Lazy translations are written as the text they stand for.
    return value if value is None or isinstance(value, int | float) else str(value)


class SignalsView(_VoteView, TemplateView):
    """Bursts of ballots or code requests from one source, for staff to review."""

    template_name = "egov_budgeting/admin/signals.html"
    page_title = _("Fraud signals")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["signals"] = find_signals(self.vote)
        context["window_minutes"] = app_settings.BUDGET_FRAUD_WINDOW_SECONDS // 60
        context["ballot_threshold"] = app_settings.BUDGET_FRAUD_BALLOTS
        context["number_threshold"] = app_settings.BUDGET_FRAUD_NUMBERS
        return context


class PaperUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Count sheet (.xlsx or .csv)"),
        help_text=_(
            "One row per neighbourhood: the neighbourhood, the number of paper ballots, then the "
            "votes of each project under its title. Download the template to start from."
        ),
    )


class PaperUploadView(_VoteView, FormView):
    """Upload a paper-ballot count sheet: stored whole, or not at all with every error named."""

    model = PaperTally
    permission_required = "add"
    template_name = "egov_budgeting/admin/paper_upload.html"
    form_class = PaperUploadForm
    page_title = _("Upload paper ballot counts")

    def form_valid(self, form):
        try:
            rows = paper.read_sheet(form.cleaned_data["file"])
        except paper.SheetError as exc:
            form.add_error("file", str(exc))
            return self._invalid(form, [])
        parsed, errors = paper.parse_sheet(self.vote, rows)
        if errors:
            form.add_error(
                "file", _("Nothing was stored: correct the rows below and upload again.")
            )
            return self._invalid(form, errors)
        tallies = paper.store(self.vote, parsed)
        for tally in tallies:
            log(tally, "wagtail.edit", user=self.request.user)
        messages.success(
            self.request,
            _("Paper ballot counts stored for %(count)d neighbourhoods (%(voters)d ballots).")
            % {"count": len(tallies), "voters": sum(p.voters for p in parsed)},
        )
        return redirect(vote_url("results", self.vote))

    def _invalid(self, form, errors):
        response = self.render_to_response(self.get_context_data(form=form, row_errors=errors))
        response.status_code = 400
        return response


class PaperTemplateView(PermissionCheckedMixin, View):
    """An xlsx count sheet for one vote, with the counts stored so far filled in."""

    model = PaperTally
    permission_required = "add"

    def get(self, request, page_id):
        vote = get_object_or_404(BudgetVotePage, pk=page_id)
        headers, rows = paper.template_rows(vote)
        name = f"paper-ballots-{vote.pk}-{datetime.date.today():%Y%m%d}.xlsx"
        return FileResponse(write_xlsx(headers, rows, title=str(_("Paper ballots"))),
                            as_attachment=True, filename=name)  # fmt: skip

"""The editor's form of a vote page: once ballots are cast, what they were cast on stays put."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm

#: Page fields a cast ballot was judged against; changing them would change past ballots' meaning.
FROZEN_FIELDS = ("total_budget", "ballot_rule", "min_choices", "max_choices")


class BudgetVotePageForm(WagtailAdminPageForm):
    """Refuses, once the vote has ballots, to change its rule or to remove or re-cost a project.

    Without this, publishing such a change would either fail on the database's protection of
    cast choices or silently make counted ballots break the rule they were accepted under.
    """

    def clean(self):
        cleaned_data = super().clean()
        if not self.instance.pk or not self._has_ballots():
            return cleaned_data
        for name in FROZEN_FIELDS:
            if name in self.changed_data:
                self.add_error(
                    name, _("Ballots have been cast under this value: it cannot change.")
                )
        projects = self.formsets.get("projects")
        if projects is not None:
            self._check_projects(projects)
        return cleaned_data

    def _has_ballots(self):
        from .records import Ballot

        return Ballot.objects.filter(page_id=self.instance.pk).exists()

    def _check_projects(self, formset):
        from .records import BallotChoice

        # The inline forms are validated after this form's clean(): validate them now so that
        # their cleaned data can be read and the errors added here are kept.
        formset.is_valid()
        voted = set(
            BallotChoice.objects.filter(ballot__page_id=self.instance.pk)
            .values_list("project_id", flat=True)
            .distinct()
        )
        for form in formset.forms:
            project = form.instance
            if project.pk not in voted or not hasattr(form, "cleaned_data"):
                continue
            if formset.can_delete and formset._should_delete_form(form):
                form.add_error(None, _("This project has votes: it cannot be removed."))
            elif "cost" in form.changed_data:
                form.add_error("cost", _("This project has votes: its cost cannot change."))


class PaperTallyForm(WagtailAdminModelForm):
    """Paper counts typed in by staff: the vote's own projects, no more votes than ballots."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .records import BudgetProject

        projects = BudgetProject.objects.select_related("page").order_by("page_id", "sort_order")
        if self.instance.page_id:
            projects = projects.filter(page_id=self.instance.page_id)
        lines = self.formsets.get("lines")
        if lines is not None:
            for form in [*lines.forms, lines.empty_form]:
                field = form.fields["project"]
                field.queryset = projects
                field.label_from_instance = lambda p: f"{p.page.title} · {p.title}"

    def clean(self):
        cleaned_data = super().clean()
        page, voters = cleaned_data.get("page"), cleaned_data.get("voters")
        lines = self.formsets.get("lines")
        if page is None or lines is None:
            return cleaned_data
        lines.is_valid()  # see BudgetVotePageForm._check_projects
        seen = set()
        for form in lines.forms:
            data = getattr(form, "cleaned_data", None) or {}
            project = data.get("project")
            if project is None or (lines.can_delete and lines._should_delete_form(form)):
                continue
            if project.page_id != page.pk:
                form.add_error("project", _("This project is not on the ballot of this vote."))
            elif project.pk in seen:
                form.add_error("project", _("This project is listed twice."))
            seen.add(project.pk)
            votes = data.get("votes")
            if voters is not None and votes is not None and votes > voters:
                form.add_error(
                    "votes",
                    _("More votes (%(votes)d) than paper ballots (%(voters)d).")
                    % {"votes": votes, "voters": voters},
                )
        return cleaned_data

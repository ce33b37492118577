"""The editor's form of consultation pages: what publishing the outcome does, said first."""

from django import forms
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm

from egov_plugin.core.dates import local_datetime


class ConsultationPageForm(WagtailAdminPageForm):
    """Refuses "publish the outcome" with an empty outcome, and asks to confirm (by ticking
    ``close_early``) when publishing it would close the opinions before the closing date."""

    close_early = forms.BooleanField(
        required=False,
        label=_("Close the opinions now"),
        help_text=_(
            "Publishing the outcome ends the consultation: residents can no longer give "
            "opinions, even before the closing date."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        for field, message in outcome_problems(cleaned, self.instance).items():
            self.add_error(field, message)
        return cleaned


def outcome_problems(cleaned, instance):
    """``{field: message}`` for ticking "publish the outcome": refused with an empty outcome,
    and before the closing date only with ``close_early`` ticked (it closes the opinions)."""
    problems = {}
    if not cleaned.get("outcome_published"):
        return problems
    if not strip_tags(cleaned.get("outcome") or "").strip():
        problems["outcome"] = _(
            "Write the outcome (반영 결과) before ticking “publish the outcome”."
        )
    closes_at = cleaned.get("closes_at")
    already = instance.pk and instance.outcome_published
    if closes_at and closes_at > timezone.now() and not already and not cleaned.get("close_early"):
        problems["outcome_published"] = _(
            "The consultation is open until %(closes)s. Publishing the outcome now "
            "closes it for opinions at once: tick “Close the opinions now” to confirm, "
            "or publish the outcome after the closing date."
        ) % {"closes": local_datetime(closes_at)}
    return problems

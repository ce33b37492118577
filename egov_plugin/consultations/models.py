"""The consultations app's models: the concrete page types, built from the page mixins
(``pages.py``) and the page fields (``page_fields.py``); opinions, expert invitations and the
consent wording setting live in ``records.py`` and are importable from here too.

The layers import one way: ``records`` and ``page_fields`` ← ``pages`` ← ``models``.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .page_fields import ConsultationFields, Status
from .pages import ConsultationIndexMixin, ConsultationMixin
from .records import PAGE_MODEL, ConsultationSettings, ExpertInvitation, Opinion

__all__ = [
    "PAGE_MODEL",
    "ConsultationFields",
    "ConsultationIndexPage",
    "ConsultationPage",
    "ConsultationSettings",
    "ExpertInvitation",
    "Opinion",
    "Status",
]


class ConsultationPage(ConsultationMixin, ConsultationFields, Page):  # noqa: DJ008 - Page.__str__
    """A policy or project put to residents (the seed's project information)."""

    content_panels = Page.content_panels + ConsultationFields.consultation_panels
    # A copy is a new consultation: its outcome is not yet decided nor anyone told of it.
    exclude_fields_in_copy = ["outcome", "outcome_published", "outcome_notified_at"]
    search_fields = Page.search_fields + [index.SearchField("summary")]
    parent_page_types = ["egov_consultations.ConsultationIndexPage"]
    subpage_types = []
    template = "egov_consultations/consultation_page.html"

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")


class ConsultationIndexPage(ConsultationIndexMixin, Page):
    """Lists consultations, open first, filterable and searchable."""

    intro = RichTextField(_("introduction"), blank=True)
    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["egov_consultations.ConsultationPage"]
    template = "egov_consultations/consultation_index_page.html"

    class Meta:
        verbose_name = _("consultation index")

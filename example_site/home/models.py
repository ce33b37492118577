from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from egov_plugin.budgeting.blocks import BudgetVotesBlock
from egov_plugin.consultations.blocks import OpenConsultationsBlock, OutcomesBlock
from egov_plugin.participation.blocks import (
    ContactBlock,
    HowToTakePartBlock,
    ParticipationFiguresBlock,
)

#: The blocks an editor arranges the portal's home page from (the package's, and plain text).
HOME_BLOCKS = [
    ("open_consultations", OpenConsultationsBlock()),
    ("budget_votes", BudgetVotesBlock()),
    ("outcomes", OutcomesBlock()),
    ("how_to", HowToTakePartBlock()),
    ("figures", ParticipationFiguresBlock()),
    ("contact", ContactBlock()),
    ("text", blocks.RichTextBlock(label=_("Text"), template="home/blocks/text.html")),
]


class HomePage(Page):
    """The district's participation portal: an introduction, then the blocks an editor chose."""

    intro = RichTextField(_("introduction"), blank=True)
    body = StreamField(HOME_BLOCKS, verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    def get_context(self, request, *args, **kwargs):
        from egov_plugin.consultations.visibility import visible_to_public

        context = super().get_context(request, *args, **kwargs)
        # The quick links: the pages below, through the package's one rule for public lists
        # (no closed consultation, whatever its place).
        context["children"] = visible_to_public(self.get_children()).specific()
        return context

    class Meta:
        verbose_name = _("home page")

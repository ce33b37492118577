from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The district's e-governance home page: an introduction and links into the site."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    def get_context(self, request, *args, **kwargs):
        from egov_plugin.consultations.visibility import visible_to_public

        context = super().get_context(request, *args, **kwargs)
        # The package's one rule for public lists: no closed consultation, whatever its place.
        context["children"] = visible_to_public(self.get_children())
        return context

    class Meta:
        verbose_name = _("home page")

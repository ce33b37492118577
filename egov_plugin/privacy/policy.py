"""The 개인정보 처리방침 page (개인정보 보호법 제30조): generated, edited, versioned.

A new page starts with the body :func:`~egov_plugin.privacy.policy_text.default_blocks` writes
from the site's settings; editors change it like any page. Every publish is a Wagtail revision;
the page shows its 시행일 (``effective_date``) and lists the earlier published versions (one per
effective date, the last one published for it), each readable at ``versions/<revision id>/``.
Drafts never are: only revisions that were published can be opened there.

``PrivacyPolicyMixin`` holds the behaviour (the pattern of ``wagtail.contrib.forms``) for sites
that swap Wagtail's base page; ``PrivacyPolicyPage`` is the concrete page.
"""

from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, PageLogEntry

from egov_plugin.core.resident_links import my_participation_url

from . import policy_text


class ProcessingBlock(blocks.StructBlock):
    """One kind of processing: why, which items, how long they are kept."""

    purpose = blocks.CharBlock(label=_("purpose"))
    items = blocks.TextBlock(label=_("items collected"))
    retention = blocks.CharBlock(label=_("retention period"))

    class Meta:
        label = _("Processing")
        icon = "list-ul"
        template = "egov_privacy/blocks/processing.html"


class EntrustmentBlock(blocks.StructBlock):
    """One entrusted task (위탁): who does it for the district, and what."""

    trustee = blocks.CharBlock(label=_("trustee"))
    work = blocks.CharBlock(label=_("entrusted work"))

    class Meta:
        label = _("Entrustment")
        icon = "group"
        template = "egov_privacy/blocks/entrustment.html"


POLICY_BLOCKS = [
    ("heading", blocks.CharBlock(label=_("Heading"), template="egov_privacy/blocks/heading.html")),
    ("text", blocks.RichTextBlock(label=_("Text"))),
    ("processing", ProcessingBlock()),
    ("entrustment", EntrustmentBlock()),
]


def default_policy_body():
    """The body of a new policy page, from the site's settings (a StreamField default)."""
    return policy_text.default_blocks(my_url=my_participation_url())


class PrivacyPolicyMixin(RoutablePageMixin):
    """Serves the policy and its earlier published versions."""

    def published_versions(self):
        """``[(effective_date, revision)]``, newest first: the last revision published for
        each effective date. One query."""
        entries = (
            PageLogEntry.objects.filter(page_id=self.pk, action="wagtail.publish")
            .exclude(revision__isnull=True)
            .select_related("revision")
            .order_by("-timestamp", "-pk")
        )
        seen, versions = set(), []
        for entry in entries:
            date = entry.revision.content.get("effective_date") or ""
            if date in seen:
                continue
            seen.add(date)
            versions.append((date, entry.revision))
        return versions

    def previous_versions(self):
        """Published versions with another effective date than this one's."""
        current = self.effective_date.isoformat() if self.effective_date else ""
        return [(date, rev) for date, rev in self.published_versions() if date != current]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.setdefault("previous_versions", self.previous_versions())
        return context

    @path("")
    def current(self, request):
        return self.render(request)

    @path("versions/<int:revision_id>/", name="version")
    def version(self, request, revision_id):
        published = {rev.pk: rev for _date, rev in self.published_versions()}
        revision = published.get(revision_id)
        if revision is None:
            raise Http404
        old = revision.as_object()
        return self.render(
            request,
            context_overrides={
                "page": old,
                "self": old,
                "is_previous_version": True,
                "current_page": self,
                "previous_versions": self.previous_versions(),
            },
        )

    def version_url(self, revision):
        """The address of an earlier published version."""
        return self.url + self.reverse_subpage("version", kwargs={"revision_id": revision.pk})


class PrivacyPolicyPage(PrivacyPolicyMixin, Page):
    """개인정보 처리방침: what the site collects, why, how long, who else handles it, rights."""

    effective_date = models.DateField(
        _("effective date"),
        default=timezone.localdate,
        help_text=_(
            "The day this version applies from (시행일). Publish a new version with a new date."
        ),
    )
    body = StreamField(POLICY_BLOCKS, verbose_name=_("body"), default=default_policy_body)

    content_panels = Page.content_panels + [FieldPanel("effective_date"), FieldPanel("body")]
    template = "egov_privacy/privacy_policy_page.html"
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("privacy policy")
        verbose_name_plural = _("privacy policies")

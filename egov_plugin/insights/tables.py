"""django-tables2 tables of the cross-search sections, drawn like Wagtail's own listings.

Each table takes the viewer's :class:`~egov_plugin.insights.permissions.ContactPolicy` (names
and contacts masked unless permitted) and the query (for highlighting). Columns holding
personal data are not sortable: ordering by a masked column would reveal what it hides.
"""

import django_tables2 as tables
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from egov_plugin.core.dates import DATE_FORMAT, DATETIME_FORMAT
from egov_plugin.core.search import excerpt, highlight, split_terms
from egov_plugin.core.text import mask_name
from egov_plugin.people.groups import get_groups


def _url(name, *args):
    # Another app's screen may be absent on a site that left that app out: no link then.
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _link(url, text):
    return format_html('<a href="{}">{}</a>', url, text) if url else text


class ListingTable(tables.Table):
    """A table with Wagtail's listing markup (``<table class="listing">``), sortable, paged."""

    #: Screen-reader caption and heading of the section.
    caption = ""

    class Meta:
        template_name = "egov_insights/tables/listing.html"
        attrs = {"class": "listing"}

    def __init__(self, data, *, query="", policy=None, anchor="", **kwargs):
        self.query = query
        self.policy = policy
        self.anchor = anchor
        super().__init__(data, **kwargs)

    def highlighted(self, text, width=120):
        return highlight(excerpt(text, self.query, width=width), self.query)


class PeopleTable(ListingTable):
    """People: one row per person, a badge for each group they are in."""

    name = tables.Column(verbose_name=_("Name"), order_by=("name", "pk"))
    mobile = tables.Column(verbose_name=_("Mobile number"), orderable=False)
    email = tables.Column(verbose_name=_("E-mail address"), orderable=False)
    region = tables.Column(
        verbose_name=_("Neighbourhood"), order_by=("region__sort_order", "name", "pk")
    )
    age_band = tables.Column(verbose_name=_("Age band"), order_by=("age_band", "name", "pk"))
    gender = tables.Column(verbose_name=_("Gender"), orderable=False)
    groups = tables.Column(verbose_name=_("Groups"), empty_values=(), orderable=False)
    created_at = tables.DateColumn(
        verbose_name=_("Registered"), format=DATE_FORMAT, order_by=("created_at", "pk")
    )

    caption = _("People")

    def render_name(self, record):
        return _link(reverse("egov_insights:person", args=[record.pk]), self.policy.name(record))

    def render_mobile(self, record):
        return self.policy.mobile(record)

    def render_email(self, record):
        return self.policy.email(record)

    def render_age_band(self, record):
        return record.get_age_band_display()

    def render_gender(self, record):
        return record.get_gender_display()

    def render_groups(self, record):
        labels = [(g.label,) for g in get_groups() if getattr(record, g.annotation, False)]
        return format_html_join(" ", '<span class="w-status w-status--primary">{}</span>', labels)


class ConsultationTable(ListingTable):
    """Consultations (policies) whose title or summary matches, with their opinion counts."""

    title = tables.Column(verbose_name=_("Consultation"), order_by=("title", "pk"))
    status = tables.Column(verbose_name=_("Status"), empty_values=(), orderable=False)
    opens_at = tables.DateColumn(verbose_name=_("Opens"), format=DATE_FORMAT)
    closes_at = tables.DateColumn(verbose_name=_("Closes"), format=DATE_FORMAT)
    opinion_count = tables.Column(verbose_name=_("Opinions"), orderable=True)

    caption = _("Consultations")

    def render_title(self, record):
        title = highlight(record.title, self.query)
        return _link(_url("wagtailadmin_pages:edit", record.pk), title)

    def render_status(self, record):
        return record.get_status_display()


class OpinionTable(ListingTable):
    """Opinions, the matching words highlighted."""

    text = tables.Column(verbose_name=_("Opinion"), orderable=False)
    consultation = tables.Column(
        verbose_name=_("Consultation"), accessor="page__title", order_by=("page__title", "-pk")
    )
    name = tables.Column(verbose_name=_("Given by"), orderable=False)
    status = tables.Column(verbose_name=_("Status"), order_by=("status", "-created_at"))
    channel = tables.Column(verbose_name=_("Channel"), order_by=("channel", "-created_at"))
    created_at = tables.DateColumn(
        verbose_name=_("Submitted"), format=DATE_FORMAT, order_by=("created_at", "pk")
    )

    caption = _("Opinions")

    def render_text(self, record):
        return _link(
            _url("wagtailsnippets_egov_consultations_opinion:edit", record.pk),
            self.highlighted(record.text),
        )

    def render_name(self, record):
        # Opinions carry the author's name as given; only the registry-wide right shows it.
        return record.name if self.policy.all_visible else mask_name(record.name)

    def render_status(self, record):
        return record.get_status_display()

    def render_channel(self, record):
        return record.get_channel_display()


class ActivityTable(ListingTable):
    """Organization activities whose title, description or place matches."""

    start_date = tables.DateColumn(
        verbose_name=_("Date"), format=DATE_FORMAT, order_by=("start_date", "pk")
    )
    title = tables.Column(verbose_name=_("Activity"), order_by=("title", "pk"))
    organization = tables.Column(
        verbose_name=_("Organization"), order_by=("organization__name", "-start_date")
    )
    description = tables.Column(verbose_name=_("Description"), orderable=False)

    caption = _("Activities")

    def render_title(self, record):
        return _link(
            _url("wagtailsnippets_egov_organizations_activity:edit", record.pk),
            highlight(record.title, self.query),
        )

    def render_description(self, record):
        return self.highlighted(record.description)


class MinutesTable(ListingTable):
    """Meetings whose agenda, minutes or decisions match."""

    starts_at = tables.DateColumn(
        verbose_name=_("Date"), format=DATE_FORMAT, order_by=("starts_at", "pk")
    )
    body = tables.Column(verbose_name=_("Body"), empty_values=(), orderable=False)
    text = tables.Column(verbose_name=_("Minutes"), empty_values=(), orderable=False)

    caption = _("Meeting minutes")

    def render_body(self, record):
        return _link(_url("wagtailsnippets_egov_meetings_meeting:edit", record.pk), record.body)

    def render_text(self, record):
        terms = [t.lower() for t in split_terms(self.query)]
        texts = [record.agenda, record.minutes_text, record.decisions]
        # The first field that holds a query word gives the excerpt; the agenda otherwise.
        text = next((t for t in texts if t and any(w in t.lower() for w in terms)), None)
        return self.highlighted(text or next((t for t in texts if t), ""))


class AudienceTable(ListingTable):
    """Saved audiences: name (to its page), size, who saved it and when."""

    name = tables.Column(verbose_name=_("Name"), order_by=("name", "pk"))
    size = tables.Column(verbose_name=_("Number of people"), order_by=("size", "pk"))
    created_by = tables.Column(verbose_name=_("Saved by"), orderable=False)
    created_at = tables.DateTimeColumn(
        verbose_name=_("Saved"), format=DATETIME_FORMAT, order_by=("created_at", "pk")
    )

    caption = _("Saved audiences")

    def render_name(self, record):
        return _link(reverse("egov_insights:audience", args=[record.pk]), record.name)

    def render_size(self, record):
        return f"{record.size:,}"

    def render_created_by(self, record):
        user = record.created_by
        return (user.get_full_name() or user.get_username()) if user else "—"

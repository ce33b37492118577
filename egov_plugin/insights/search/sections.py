"""The result sections of a cross-search: people, consultations, opinions, activities, minutes.

A :class:`Section` knows which model it searches, which fields hold its text, which filters
apply to it and who may see it. :func:`run_section` does the work of one section for one page:
the matches (counted up to :data:`COUNT_LIMIT`) and the rows of the page (with the people's
group badges attached) — a fixed number of SQL queries whatever the number of results.
"""

from dataclasses import dataclass

from django.apps import apps
from django.core.paginator import Paginator
from django.db.models import (
    Count,
    Field,
    ForeignObject,
    IntegerField,
    Lookup,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import In
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_tables2 import RequestConfig
from django_tables2.rows import BoundRows

from egov_plugin.core import search
from egov_plugin.people.audiences.conditions import filter_condition, people_queryset
from egov_plugin.people.audiences.criteria import filter_keys, registry_keys
from egov_plugin.people.groups import attach_groups

from .. import tables

#: Each section counts its matches exactly up to this number and shows "1,000+" beyond it.
#: Counting (and sorting) every match of a broad query — "@example.com", a whole group — was
#: most of the time of a search, and nobody pages through a thousand rows: they narrow the
#: search, or export or save the whole result, which are not capped.
COUNT_LIMIT = 1000

#: The most rows one page may show, whatever ``<section>-per_page`` asks for.
MAX_PER_PAGE = 100


class AnyOf(Lookup):
    """``pk__egov_any=[...]``: the value is in the list. PostgreSQL gets the list as one array
    parameter (``= ANY(%s)``) instead of up to a thousand placeholders, which the driver splices
    into the SQL one by one and the server parses one by one; elsewhere it is ``IN``."""

    lookup_name = "egov_any"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        return In(self.lhs, self.rhs).as_sql(compiler, connection)

    def as_postgresql(self, compiler, connection):
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs_sql} = ANY(%s)", (*lhs_params, list(self.rhs))


Field.register_lookup(AnyOf)
ForeignObject.register_lookup(AnyOf)  # a primary key that is a parent link (Wagtail pages)


@dataclass
class SectionResult:
    """One section of the results page: its table (or why it was not searched)."""

    section: "Section"
    #: Whether the section was searched (``note`` says why not).
    searched: bool = False
    #: The page of rows (``None`` when nothing was found or the section was not searched).
    table: object = None
    #: The number of matches, at most :data:`COUNT_LIMIT`.
    count: int = 0
    #: Whether there are more matches than ``count`` (then shown as "1,000+").
    more: bool = False
    note: str = ""

    @property
    def key(self):
        return self.section.key

    @property
    def label(self):
        return self.section.label

    @property
    def count_label(self):
        return f"{self.count:,}+" if self.more else f"{self.count:,}"


class FoundPaginator(Paginator):
    """A paginator given the number of matches found while searching, so it does not count
    them again; never more than :data:`MAX_PER_PAGE` rows a page."""

    def __init__(self, object_list, per_page, *args, found=0, **kwargs):
        per_page = max(1, min(int(per_page), MAX_PER_PAGE))  # "-5" from a URL: one row
        super().__init__(object_list, per_page, *args, **kwargs)
        self.found = found

    @cached_property
    def count(self):
        return self.found


class Section:
    """One kind of result. Subclasses set the class attributes and :meth:`queryset`."""

    key = ""
    label = ""
    #: The app this section needs (a site may leave it out).
    app = ""
    #: A model permission the viewer needs to see this section at all.
    permission = ""
    table_class = None
    #: Fields searched for the query's words (Korean-aware substring match, see core.search).
    text_fields = ()
    #: Which filters narrow this section.
    filters = ()
    per_page = 10
    #: The order of a result of more than :data:`COUNT_LIMIT` rows, when the default order
    #: would make the database sort every match (``None``: the default order is cheap).
    broad_order_by = None
    broad_note = ""

    def is_available(self, user):
        return (not self.app or apps.is_installed(self.app)) and (
            not self.permission or user.has_perm(self.permission)
        )

    def skip_reason(self, criteria):
        """Why this section is not searched for ``criteria`` (``""`` when it is)."""
        if criteria.is_short:
            return _("A one-character search looks at names only.")
        if criteria.is_contact:
            return _(
                "A phone number or an e-mail address identifies people: only they are searched."
            )
        if not criteria.has_text and not criteria.active(self.filters):
            return _("The chosen filters do not apply here.")
        return ""

    def queryset(self, criteria):
        raise NotImplementedError

    def restrict(self, rows, user):
        """``rows`` narrowed to what ``user`` may see in this section (all by default)."""
        return rows

    def page_rows(self, rows):
        """Post-process the rows of the page shown (e.g. attach badges)."""
        return rows


class PeopleSection(Section):
    key = "people"
    label = _("People")
    permission = "egov_people.view_person"
    table_class = tables.PeopleTable
    per_page = 20
    # Sorting tens of thousands of names to show twenty is what made broad searches slow;
    # registration order is the primary key, which both databases walk and stop early.
    broad_order_by = ("pk",)
    broad_note = _(
        "More than %(limit)s people match, so they are listed in the order they were "
        "registered. Narrow the search to sort them by name; the export and a saved audience "
        "take all of them."
    )

    @property
    def filters(self):
        # Every audience filter, including those the registered groups add.
        return filter_keys()

    def skip_reason(self, criteria):
        return ""  # every query and every filter applies to people

    def queryset(self, criteria):
        return people_queryset(criteria).select_related("region")

    def page_rows(self, rows):
        # Badges for the page only: one query per group instead of a subquery per match.
        return attach_groups(rows)


class ConsultationSection(Section):
    key = "consultations"
    label = _("Consultations")
    app = "egov_plugin.consultations"
    table_class = tables.ConsultationTable
    text_fields = ("title", "summary")
    filters = ("region", "committee_field", "date_from", "date_to")

    def queryset(self, criteria):
        page_model = apps.get_model("egov_consultations", "ConsultationPage")
        opinion = apps.get_model("egov_consultations", "Opinion")
        pages = search.search(page_model.objects.all(), self.text_fields, criteria.query)
        f = criteria.filters
        if "region" in f:
            pages = pages.filter(regions=f["region"])
        if "committee_field" in f:
            pages = pages.filter(policy_fields=f["committee_field"])
        start, end = criteria.datetime_range()
        # A consultation matches a date range when its period overlaps it.
        if start:
            pages = pages.filter(closes_at__gte=start)
        if end:
            pages = pages.filter(opens_at__lt=end)
        counts = (
            opinion.objects.filter(page=OuterRef("pk"))
            .order_by()
            .values("page")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return pages.annotate(
            opinion_count=Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))
        ).order_by("-opens_at", "-pk")


class OpinionSection(Section):
    key = "opinions"
    label = _("Opinions")
    app = "egov_plugin.consultations"
    permission = "egov_consultations.view_opinion"
    table_class = tables.OpinionTable
    text_fields = ("text",)
    filters = PeopleSection.filters

    def skip_reason(self, criteria):
        if criteria.is_contact:
            return ""  # a person's number or address finds the opinions they gave
        return super().skip_reason(criteria)

    def queryset(self, criteria):
        from egov_plugin.people.models import person_filter

        opinion = apps.get_model("egov_consultations", "Opinion")
        opinions = opinion.objects.select_related("page")
        if criteria.is_contact:
            condition = search.caseless(person_filter(criteria.query, prefix="person__"))
            if "mobile_digits" in str(condition):
                # A partial number: too vague to match against the opinions' own copies.
                return opinions.none()
            opinions = opinions.filter(condition)
        else:
            opinions = search.search(opinions, self.text_fields, criteria.query)
        f = criteria.filters
        # An opinion keeps the region, age band and gender its author had when giving it.
        for key in ("region", "age_band", "gender"):
            if key in f:
                opinions = opinions.filter(**{key: f[key]})
        start, end = criteria.datetime_range()
        if start:
            opinions = opinions.filter(created_at__gte=start)
        if end:
            opinions = opinions.filter(created_at__lt=end)
        # The other person filters (group, the groups' own filters, consent) select opinions by
        # who gave them, through the registry.
        person_only = criteria.__class__(
            filters={k: v for k, v in f.items() if k in registry_keys()}
        )
        condition = filter_condition(person_only, prefix="person__")
        if condition is not None:
            opinions = opinions.filter(condition)
        return opinions.order_by("-created_at", "-pk")


class ActivitySection(Section):
    key = "activities"
    label = _("Activities")
    app = "egov_plugin.organizations"
    permission = "egov_organizations.view_activity"
    table_class = tables.ActivityTable
    text_fields = ("title", "description", "place")
    filters = ("region", "organization", "date_from", "date_to")

    def queryset(self, criteria):
        activity = apps.get_model("egov_organizations", "Activity")
        activities = search.search(
            activity.objects.select_related("organization"), self.text_fields, criteria.query
        )
        f = criteria.filters
        if "organization" in f:
            activities = activities.filter(organization=f["organization"])
        if "region" in f:
            activities = activities.filter(organization__region=f["region"])
        if "date_from" in f:
            activities = activities.filter(
                Q(end_date__gte=f["date_from"]) | Q(start_date__gte=f["date_from"])
            )
        if "date_to" in f:
            activities = activities.filter(start_date__lte=f["date_to"])
        return activities.order_by("-start_date", "-pk")


class MinutesSection(Section):
    key = "minutes"
    label = _("Meeting minutes")
    app = "egov_plugin.meetings"
    permission = "egov_meetings.view_meeting"
    table_class = tables.MinutesTable
    text_fields = ("agenda", "minutes_text", "decisions", "place")
    filters = ("region", "organization", "committee_field", "date_from", "date_to")

    def queryset(self, criteria):
        meeting = apps.get_model("egov_meetings", "Meeting")
        meetings = search.search(
            meeting.objects.prefetch_related("body"), self.text_fields, criteria.query
        )
        f = criteria.filters
        if "organization" in f:
            meetings = meetings.for_body(f["organization"])
        if "region" in f:
            organization = apps.get_model("egov_organizations", "Organization")
            meetings = meetings.for_bodies(organization.objects.filter(region=f["region"]))
        if "committee_field" in f:
            committee = apps.get_model("egov_committees", "Committee")
            meetings = meetings.for_bodies(committee.objects.filter(field=f["committee_field"]))
        start, end = criteria.datetime_range()
        if start:
            meetings = meetings.filter(starts_at__gte=start)
        if end:
            meetings = meetings.filter(starts_at__lt=end)
        return meetings.order_by("-starts_at", "-pk")

    def restrict(self, meetings, user):
        # The same rule as the meetings listing: each user sees the bodies they may see.
        return meetings.visible_to(user)


SECTIONS = [
    PeopleSection(),
    ConsultationSection(),
    OpinionSection(),
    ActivitySection(),
    MinutesSection(),
]


def available_sections(user):
    return [section for section in SECTIONS if section.is_available(user)]


def run_section(section, request, criteria, policy):
    """Search one section and build its table for the page asked for in ``request.GET``.

    Three SQL queries (plus one per group for the people's badges), whatever the number of
    matches: the keys of the matches up to :data:`COUNT_LIMIT` + 1, in no order, which the
    database can stop reading as soon as it has them; then the page. A result within the limit
    is sorted and paged by those keys (a thousand rows at most, by primary key); a larger one
    uses the section's ``broad_order_by`` unless the user asked for a column's order.
    """
    reason = section.skip_reason(criteria)
    if reason:
        return SectionResult(section, note=reason)
    rows = section.queryset(criteria)
    rows = rows.none() if criteria.problems else section.restrict(rows, request.user)
    found = list(rows.order_by().values_list("pk", flat=True)[: COUNT_LIMIT + 1])
    if not found:
        return SectionResult(section, searched=True)
    more = len(found) > COUNT_LIMIT
    note = ""
    if not more:
        rows = rows.filter(pk__egov_any=found)
    elif section.broad_order_by and not request.GET.get(f"{section.key}-sort"):
        rows = rows.order_by(*section.broad_order_by)
        note = section.broad_note % {"limit": f"{COUNT_LIMIT:,}"} if section.broad_note else ""
    table = section.table_class(
        rows,
        query=criteria.query,
        policy=policy,
        prefix=f"{section.key}-",
        anchor=f"section-{section.key}",
    )
    paginate = {
        "per_page": section.per_page,
        "paginator_class": FoundPaginator,
        "found": min(len(found), COUNT_LIMIT),
    }
    RequestConfig(request, paginate=paginate).configure(table)
    # The page is evaluated here, once; badges (people) are attached to its rows only.
    records = section.page_rows(list(table.page.object_list.data))
    table.page.object_list = BoundRows(data=records, table=table)
    return SectionResult(
        section, searched=True, table=table, count=table.paginator.count, more=more, note=note
    )

"""Helpers shared by admin listings: audited listings of personal data, absolute dates."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from wagtail import hooks
from wagtail.admin.ui.tables import Column

from . import dates, search

#: Query-string keys that only page or order a listing (not a search or a filter).
PAGING_KEYS = frozenset({"p", "ordering", "_w_filter_fragment"})


#: The hook through which an app adds header buttons to a listing of another app's model (the
#: export that ``egov_imports`` offers on the people and opinion listings), so that the listing
#: never names the app: ``fn(model, request)`` returns a list of ``HeaderButton``, empty when it
#: has nothing for that model or that user.
LISTING_BUTTONS_HOOK = "egov_listing_header_buttons"


def listing_buttons(model, request):
    """The header buttons other apps registered for ``model``'s admin listing."""
    buttons = []
    for fn in hooks.get_hooks(LISTING_BUTTONS_HOOK):
        buttons.extend(fn(model, request) or ())
    return buttons


def selection_filters(query_dict):
    """The search and filter parameters of a listing's query string (for audit events)."""
    return {k: v for k, v in query_dict.items() if k not in PAGING_KEYS | {"q"} and v}


class AuditedListingMixin:
    """For admin listings of personal data: each rendering writes one audit event — a search
    when a query or filter is applied, a listing otherwise — with the query, the filters and
    the number of results. Set ``audit_summary``."""

    audit_summary = ""

    def get_context_data(self, **kwargs):
        from . import audit

        context = super().get_context_data(**kwargs)
        paginator = context.get("paginator")
        searching = bool(self.is_searching or self.is_filtering)
        audit.record(
            self.request,
            audit.Action.SEARCH if searching else audit.Action.LIST,
            summary=self.audit_summary,
            data={
                "query": self.search_query,
                "filters": selection_filters(self.request.GET),
                "results": paginator.count if paginator else None,
            },
        )
        return context


class AbsoluteDateColumn(Column):
    """A listing column with the date (``2026. 12. 2.``) or moment (``2026. 12. 2. 07:02``) in
    local time, where Wagtail's ``DateColumn`` says "3일 전" or, for a future date, "Just now"."""

    cell_template_name = "egov_core/tables/date_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        value = context["value"]
        context["display"] = dates.local_datetime(value)
        context["iso"] = value.isoformat() if value else ""
        return context


class AbsoluteUpdatedAtColumn(AbsoluteDateColumn):
    """Wagtail's "Updated" column (the ``_updated_at`` annotation), as an absolute moment."""

    def __init__(self, **kwargs):
        super().__init__(
            "_updated_at",
            label=kwargs.pop("label", _("Updated")),
            sort_key=kwargs.pop("sort_key", "_updated_at"),
            **kwargs,
        )


class YesNoColumn(Column):
    """A yes/no field as the words 예 / 아니요, not Python's "True" / "False"."""

    def get_value(self, instance):
        value = super().get_value(instance)
        if value is None:
            return ""
        return pgettext("boolean", "Yes") if value else pgettext("boolean", "No")


class RecordTypeColumn(Column):
    """An ``app_label.model`` label (an audit event's record type) as the model's name."""

    def get_value(self, instance):
        return record_type_name(super().get_value(instance))


def record_type_name(label):
    """``"egov_outreach.campaign"`` → the model's verbose name (발송); unknown labels as given."""
    from django.apps import apps

    if not label:
        return ""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return label
    return str(model._meta.verbose_name)


class ExcerptColumn(Column):
    """The part of a text around the search terms, terms highlighted; the start otherwise."""

    def __init__(self, name, *, query, fields, **kwargs):
        self.query = query
        self.fields = fields
        super().__init__(name, **kwargs)

    def get_value(self, instance):
        terms = [term.lower() for term in search.split_terms(self.query)]
        texts = [getattr(instance, field, "") or "" for field in self.fields]
        text = next((t for t in texts if any(term in t.lower() for term in terms)), None)
        if text is None:
            text = next((t for t in texts if t), "")
        return search.highlight(search.excerpt(text, self.query, width=100), self.query)

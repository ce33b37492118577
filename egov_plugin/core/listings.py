"""Helpers shared by admin listings of personal data."""

#: Query-string keys that only page or order a listing (not a search or a filter).
PAGING_KEYS = frozenset({"p", "ordering", "_w_filter_fragment"})


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

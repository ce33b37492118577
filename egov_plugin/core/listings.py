"""Helpers shared by admin listings of personal data."""

#: Query-string keys that only page or order a listing (not a search or a filter).
PAGING_KEYS = frozenset({"p", "ordering", "_w_filter_fragment"})


def selection_filters(query_dict):
    """The search and filter parameters of a listing's query string (for audit events)."""
    return {k: v for k, v in query_dict.items() if k not in PAGING_KEYS | {"q"} and v}

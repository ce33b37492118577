"""Finding the header row: it need not be the first (title rows and merged cells come above),
and it may take two rows (연락처 merged over 휴대폰 | 이메일).

A two-row header reaches us as a top row whose group titles are followed by blanks (the rest of
a merged cell) and a row below naming the columns of each group, while a column that is not
grouped (성명, merged down over both rows) has its title in the top row only. The two rows are
combined column by column (the lower, more specific title first); a lower row that names known
fields but also holds cells that are neither titles nor under a group cannot be told from data,
and is refused with a message naming both rows.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .mapping import auto_map, field_for_title
from .readers import ReadError
from .rows import cell_text

#: How far down the sheet the header row is looked for.
SCAN_ROWS = 30
#: A header row names at least this many known fields; a title row names at most one.
MIN_MATCHES = 2


@dataclass
class Header:
    """Where a sheet's column titles are, and what they mean.

    ``index`` is the 0-based index of the header's last row (the data start below it),
    ``height`` the number of rows it takes (1 or 2), ``titles`` the column titles (combined for
    two rows) and ``mapping`` ``{column index: field key}``.
    """

    index: int
    mapping: dict
    titles: list
    height: int = 1
    merged: list = field(default_factory=list)

    @property
    def first_row(self):
        """The header's first row as Excel numbers it."""
        return self.index - self.height + 2


def find_header(rows, fields, merged=None):
    """The :class:`Header` of a sheet, among its first rows.

    The row naming the most known fields wins (the first one on a tie), then it is combined
    with the row above or below when the two make one header. A title such as "소통 네트워크
    관리카드" merged over the columns reaches us as one filled cell and an empty rest, so it
    never looks like a header. ``merged`` holds the sheet's merged ranges
    (``((first row, first column), (last row, last column))``, 0-based) where the format has
    them. Raises :class:`ReadError` when no row will do.
    """
    if not any(any(_filled(cell) for cell in row) for row in rows):
        raise ReadError(_("The sheet is empty."))
    best_index, best_mapping = None, {}
    for index, row in enumerate(rows[:SCAN_ROWS]):
        mapping = auto_map(row, fields)
        if _count(mapping) > _count(best_mapping):
            best_index, best_mapping = index, mapping
    if best_index is None or _count(best_mapping) < MIN_MATCHES:
        expected = ", ".join(f.title for f in fields if not f.key.startswith("_"))
        raise ReadError(
            _(
                "No header row was recognised in the first %(rows)d rows. The columns need "
                "titles such as: %(titles)s."
            )
            % {"rows": SCAN_ROWS, "titles": expected}
        )
    header = Header(best_index, best_mapping, [cell_text(c) for c in rows[best_index]])
    spans = _spans(merged or ())
    for top in (best_index - 1, best_index):
        if 0 <= top and top + 1 < len(rows):
            # Below the best row may be data; above it, the best row is the lower header row.
            pair = _combine(rows, top, fields, spans, lower_is_header=top < best_index)
            if pair is not None and _count(pair.mapping) > _count(header.mapping):
                header = pair
    return header


def _count(mapping):
    return len({key for key in mapping.values() if not key.startswith("_")})


def _spans(merged):
    """``{(row, column): first column}`` for every cell of a horizontal merge but its first."""
    spans = {}
    for (first_row, first_col), (last_row, last_col) in merged:
        for row in range(first_row, last_row + 1):
            for col in range(first_col + 1, last_col + 1):
                spans[(row, col)] = first_col
    return spans


def _combine(rows, top, fields, spans, *, lower_is_header=False):
    """The two-row :class:`Header` made of rows ``top`` and ``top + 1``, or ``None``.

    They are one header when the lower row names a field under a group title (merged, or
    followed by blanks) or under an empty cell. Unless the lower row is known to be titles,
    such a row that also holds cells that are no titles under titles of their own (data or
    header?) is refused with :class:`ReadError`.
    """
    upper, lower = rows[top], rows[top + 1]
    width = max(len(upper), len(lower))
    upper = [cell_text(c) for c in upper] + [""] * (width - len(upper))
    lower = [cell_text(c) for c in lower] + [""] * (width - len(lower))
    titles, signals, strays, group = [], [], [], ""
    for col in range(width):
        own, child = upper[col], lower[col]
        if own:
            group = own
        elif (top, col) not in spans and not child:
            group = ""  # neither the rest of a merged title nor a column of the group
        names_field = bool(child) and field_for_title(child, fields) is not None
        grouped = bool(own) and _grouped(upper, lower, col, spans, top)
        if child and own and not grouped:
            # Under a title of its own that is no group title.
            if not names_field and not lower_is_header:
                strays.append(col)
            titles.append(child if names_field or lower_is_header else own)
            continue
        if names_field:
            signals.append(child)
        titles.append(_title(own or group, child, fields))
    if not signals:
        return None
    if strays:
        raise ReadError(
            _(
                "Row %(lower)d names columns (%(titles)s) under the titles of row %(upper)d, "
                "but it also holds cells that are not column titles, so the header cannot be "
                "read. Put every column title in one row (or the group titles in row "
                "%(upper)d and the column titles right below them) and upload again."
            )
            % {"lower": top + 2, "upper": top + 1, "titles": ", ".join(signals)}
        )
    return Header(top + 1, auto_map(titles, fields), titles, height=2)


def _grouped(upper, lower, col, spans, top):
    """Whether ``upper[col]`` is a group title: merged to the right, or followed by blanks
    above cells that the lower row fills."""
    if (top, col + 1) in spans:
        return True
    return col + 1 < len(upper) and not upper[col + 1] and bool(lower[col + 1])


def _title(parent, child, fields):
    """The combined title of a column: the lower title when it means a field, else both."""
    if not child:
        return parent
    if not parent or field_for_title(child, fields) is not None:
        return child
    combined = f"{parent} {child}"
    return combined if field_for_title(combined, fields) is not None else child


def _filled(cell):
    return cell is not None and str(cell).strip() != ""

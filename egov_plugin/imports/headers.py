"""Finding the header row: it need not be the first (title rows and merged cells come above)."""

from django.utils.translation import gettext as _

from .mapping import auto_map
from .readers import ReadError

#: How far down the sheet the header row is looked for.
SCAN_ROWS = 30
#: A header row names at least this many known fields; a title row names at most one.
MIN_MATCHES = 2


def find_header(rows, fields):
    """``(index, mapping)`` of the header row among the first rows of a sheet.

    The row naming the most known fields wins (the first one on a tie). A title such as
    "소통 네트워크 관리카드" merged over the columns reaches us as one filled cell and an empty
    rest, so it never looks like a header. Raises :class:`ReadError` when no row will do.
    """
    if not any(any(_filled(cell) for cell in row) for row in rows):
        raise ReadError(_("The sheet is empty."))
    best_index, best_mapping = None, {}
    for index, row in enumerate(rows[:SCAN_ROWS]):
        mapping = auto_map(row, fields)
        named = {key for key in mapping.values() if not key.startswith("_")}
        if len(named) > len({k for k in best_mapping.values() if not k.startswith("_")}):
            best_index, best_mapping = index, mapping
    named = [key for key in best_mapping.values() if not key.startswith("_")]
    if best_index is None or len(named) < MIN_MATCHES:
        expected = ", ".join(f.title for f in fields if not f.key.startswith("_"))
        raise ReadError(
            _(
                "No header row was recognised in the first %(rows)d rows. The columns need "
                "titles such as: %(titles)s."
            )
            % {"rows": SCAN_ROWS, "titles": expected}
        )
    return best_index, best_mapping


def _filled(cell):
    return cell is not None and str(cell).strip() != ""

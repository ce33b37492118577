"""One data row on its way through an import: its cells, its clean values, its problems."""

import datetime
import unicodedata
from dataclasses import dataclass, field


@dataclass(slots=True)
class Row:
    """A data row: ``number`` as Excel shows it, ``cells`` by field key, and what was found.

    ``errors`` and ``warnings`` are ``(field key, message)`` pairs; a row with an error is
    rejected, a warning is only reported. ``outcome`` and ``message`` are set by the kind's
    plan; ``target`` is the kind's own bookkeeping (the person or entry a row resolves to).
    """

    number: int
    cells: dict
    raw: list = field(default_factory=list)
    values: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    outcome: str = ""
    message: str = ""
    target: object = None
    #: The number of the data row before this one (blank rows in between are skipped).
    previous_number: int = 0

    def error(self, key, message):
        self.errors.append((key, str(message)))

    def warn(self, key, message):
        self.warnings.append((key, str(message)))

    @property
    def rejected(self):
        return bool(self.errors)


def cell_text(value):
    """A cell as text: numbers without a spurious ``.0``, dates as ISO, NFC, stripped."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        if value.is_integer():
            return str(int(value))
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    return unicodedata.normalize("NFC", str(value)).strip()


def is_blank(cells):
    return all(cell_text(c) == "" for c in cells)


def cell_date(value):
    """A date (or datetime) from a cell: Excel date, ISO text, 2024.3.5, 2024/03/05, 20240305.

    Returns ``None`` for blank; raises ``ValueError`` for anything else.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, datetime.time):
        raise ValueError(value)
    text = cell_text(value)
    if not text:
        return None
    if ":" in text:
        # ISO 8601 with a time, as our CSV exports write it: "2024-03-05 14:30:00.123456",
        # with "T" or an offset too. To the microsecond, not to the minute.
        try:
            return datetime.datetime.fromisoformat(text)
        except ValueError:
            pass
    compact = text.replace(" ", "")
    for fmt in (
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d%H:%M:%S",
        "%Y-%m-%d%H:%M",
        "%Y-%m-%d",
        "%Y.%m.%d",
        "%Y.%m.%d.",
        "%Y/%m/%d",
        "%Y%m%d",
        "%Y.%m.%d%H:%M",
        "%Y/%m/%d%H:%M",
    ):
        try:
            parsed = datetime.datetime.strptime(compact, fmt)
        except ValueError:
            continue
        return parsed if ("%H" in fmt) else parsed.date()
    raise ValueError(text)


_YES = {"y", "yes", "o", "예", "네", "동의", "true", "1", "수신", "수신동의", "✔", "v"}
_NO = {"n", "no", "x", "아니오", "아니요", "미동의", "거부", "false", "0", "수신거부", "비동의"}


def cell_bool(value):
    """``True``/``False`` from Y/N, 예/아니오, 동의/미동의 …; ``None`` when blank.

    Raises ``ValueError`` for anything else.
    """
    text = cell_text(value).casefold().replace(" ", "")
    if not text:
        return None
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueError(text)

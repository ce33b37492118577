"""Dates and numbers as Korean public offices write them, always in the site's time zone.

Dates follow the 공문서 rule (연·월·일 as numbers, each followed by a full stop): ``2026. 12. 2.``;
a moment adds the 24-hour time: ``2026. 12. 2. 07:02``. Never a relative "3일 전" or "방금":
a term that ends next month must not read "Just now", and a printed screen stays true.
Counts carry thousands separators: ``12,210``.

Exported files and form inputs keep ISO dates (``2026-12-02``), which spreadsheets sort.
"""

import datetime

from django.utils import dateformat, timezone

#: Django ``date`` filter formats of a date and of a moment.
DATE_FORMAT = "Y. n. j."
DATETIME_FORMAT = "Y. n. j. H:i"


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def local_date(value):
    """``2026. 12. 2.`` for a date, or for the local day of a moment ('' for None)."""
    if value is None or value == "":
        return ""
    value = _local(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    return dateformat.format(value, DATE_FORMAT)


def local_datetime(value):
    """``2026. 12. 2. 07:02`` in local time; a plain date gives ``local_date``."""
    if value is None or value == "":
        return ""
    if not isinstance(value, datetime.datetime):
        return local_date(value)
    return dateformat.format(_local(value), DATETIME_FORMAT)


def local_iso_date(value):
    """``2026-12-02``: the local day of a moment, for file names, exports and summaries."""
    value = _local(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    return value.isoformat()


def thousands(value):
    """``12,210`` for a number (other values unchanged)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        try:
            value = int(value)
        except (TypeError, ValueError):
            return value
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"

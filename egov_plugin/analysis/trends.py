"""Participation across consultations: per year, and per year by neighbourhood and age band.

Years are those of the opinions (in the site's time zone). Each table is one GROUP BY query.
"""

from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from egov_plugin.core.text import AGE_BAND_CHOICES
from egov_plugin.people.models import Region

from .breakdowns import (
    UNKNOWN,
    Breakdown,
    Row,
    counted_opinions,
    participant_counts,
    participants,
)


@dataclass
class Matrix:
    """Counts with one row per category and one column per year (and each column's shares)."""

    title: str
    years: list
    rows: list  # [(label, [(count, share percent), ...])]


def _by_year(queryset):
    return queryset.annotate(year=ExtractYear("created_at"))


def per_year(queryset=None):
    """``(breakdown, details)``: opinions per year for the chart, and per year the number of
    consultations with opinions and of distinct participants."""
    queryset = counted_opinions() if queryset is None else queryset
    rows = [
        (row["year"], row["n"], participants(row, "people"), row["consultations"])
        for row in _by_year(queryset)
        .values("year")
        .annotate(
            n=Count("pk"),
            consultations=Count("page_id", distinct=True),
            **participant_counts("people"),
        )
        .order_by("year")
    ]
    breakdown = Breakdown(
        "years", _("Opinions per year"), [Row(str(y), str(y), n) for y, n, _p, _c in rows]
    )
    details = [
        {"year": y, "opinions": n, "participants": p, "consultations": c} for y, n, p, c in rows
    ]
    return breakdown, details


def _matrix(queryset, field, categories, title):
    counts = {}
    for year, key, n in (
        _by_year(queryset)
        .values_list("year", field)
        .annotate(n=Count("pk"))
        .values_list("year", field, "n")
    ):
        counts[(year, key)] = counts.get((year, key), 0) + n
    years = sorted({year for year, _key in counts})
    totals = {year: sum(n for (y, _k), n in counts.items() if y == year) for year in years}
    rows = []
    for key, label in categories:
        cells = []
        for year in years:
            n = counts.get((year, key), 0)
            cells.append((n, round(100 * n / totals[year], 1) if totals[year] else 0.0))
        rows.append((label, cells))
    return Matrix(title, years, rows)


def by_region(queryset=None):
    queryset = counted_opinions() if queryset is None else queryset
    categories = list(Region.objects.values_list("pk", "name")) + [(None, UNKNOWN)]
    return _matrix(queryset, "region_id", categories, _("Opinions per year by neighbourhood"))


def by_age_band(queryset=None):
    queryset = counted_opinions() if queryset is None else queryset
    categories = list(AGE_BAND_CHOICES) + [("", UNKNOWN)]
    return _matrix(queryset, "age_band", categories, _("Opinions per year by age band"))

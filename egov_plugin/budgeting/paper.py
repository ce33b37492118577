"""Paper ballots counted offline: reading a count sheet (xlsx or csv) and storing it.

The sheet has one row per neighbourhood: the neighbourhood, the number of paper ballots, then
one column per project with its votes (the layout of :func:`template_rows`, which staff download
from the admin). Every problem is reported with its row and column, and nothing is stored
unless the whole sheet is correct.
"""

import csv
import io
import math
import unicodedata
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from python_calamine import CalamineError, CalamineWorkbook

from egov_plugin.core.text import RegionMatcher

from .records import BallotRule, PaperTally, PaperTallyLine

SPREADSHEET_EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".ods")
NEIGHBOURHOOD_HEADER = _("Neighbourhood")
VOTERS_HEADER = _("Paper ballots")


class SheetError(ValueError):
    """The file cannot be read as a count sheet at all."""


@dataclass
class ParsedRow:
    row: int
    region: object
    voters: int
    votes: dict = field(default_factory=dict)  # project → votes


def read_sheet(uploaded):
    """The rows of an uploaded ``.xlsx``/``.xls``/``.ods`` (first sheet) or ``.csv`` file."""
    name = (getattr(uploaded, "name", "") or "").lower()
    data = uploaded.read()
    if name.endswith(SPREADSHEET_EXTENSIONS):
        try:
            workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
            return workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
        except (CalamineError, ValueError, IndexError) as exc:
            raise SheetError(_("The file could not be read as a spreadsheet.")) from exc
    if name.endswith(".csv"):
        # Korean Excel saves CSV in CP949; everything else we meet is UTF-8 (with or without BOM).
        for encoding in ("utf-8-sig", "cp949"):
            try:
                return list(csv.reader(io.StringIO(data.decode(encoding))))
            except UnicodeDecodeError:
                continue
        raise SheetError(_("The CSV file is neither UTF-8 nor CP949 text."))
    raise SheetError(_("Upload an .xlsx or .csv file."))


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).strip()


def _count(value):
    """A whole number ≥ 0 from a cell; blank is 0. Raises ValueError otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, float):
        if math.isnan(value) or not value.is_integer():
            raise ValueError
        value = int(value)
    if isinstance(value, str):
        value = int(value.strip().replace(",", ""))
    if not isinstance(value, int) or value < 0:
        raise ValueError
    return value


def _is_blank(row):
    return all(_text(cell) == "" for cell in row)


def parse_sheet(page, rows):
    """Check a count sheet for ``page``: returns ``(parsed_rows, errors)``.

    Errors are sentences naming the row (as numbered in the spreadsheet) and the column.
    """
    errors = []
    if not rows or _is_blank(rows[0]):
        return [], [_("The sheet is empty: the first row must hold the column titles.")]
    projects = {unicodedata.normalize("NFC", p.title.strip()): p for p in page.get_projects()}
    header = [_text(cell) for cell in rows[0]]
    columns = {}  # column index → project
    for index, title in enumerate(header[2:], start=2):
        if not title:
            continue
        if title not in projects:
            errors.append(
                _("Row 1, column %(column)d: “%(title)s” is not a project of this vote.")
                % {"column": index + 1, "title": title}
            )
        elif projects[title] in columns.values():
            errors.append(_("Row 1: the project “%(title)s” has two columns.") % {"title": title})
        else:
            columns[index] = projects[title]
    for title in sorted(set(projects) - {p.title.strip() for p in columns.values()}):
        errors.append(
            _("Row 1: there is no column for the project “%(title)s”.") % {"title": title}
        )

    regions = list(page.get_regions())
    matcher = RegionMatcher(regions)
    by_pk = {r.pk: r for r in regions}
    seen = {}
    parsed = []
    for number, row in enumerate(rows[1:], start=2):
        if _is_blank(row):
            continue
        row = list(row) + [None] * (len(header) - len(row))
        row_errors = []
        name = _text(row[0])
        region = by_pk.get(matcher.match(name)) if name else None
        if region is None:
            row_errors.append(
                _("Row %(row)d: “%(name)s” is not one of this vote's neighbourhoods.")
                % {"row": number, "name": name}
                if name
                else _("Row %(row)d: the neighbourhood is missing.") % {"row": number}
            )
        elif region.pk in seen:
            row_errors.append(
                _("Row %(row)d: %(name)s was already counted in row %(first)d.")
                % {"row": number, "name": region.name, "first": seen[region.pk]}
            )
        else:
            seen[region.pk] = number
        try:
            voters = _count(row[1] if len(row) > 1 else None)
        except (ValueError, TypeError):
            voters = None
            row_errors.append(
                _("Row %(row)d, column “%(column)s”: “%(value)s” is not a whole number.")
                % {"row": number, "column": VOTERS_HEADER, "value": _text(row[1])}
            )
        votes = {}
        for index, project in columns.items():
            try:
                votes[project] = _count(row[index])
            except (ValueError, TypeError):
                row_errors.append(
                    _("Row %(row)d, column “%(column)s”: “%(value)s” is not a whole number.")
                    % {"row": number, "column": project.title, "value": _text(row[index])}
                )
                continue
            if voters is not None and votes[project] > voters:
                row_errors.append(
                    _(
                        "Row %(row)d, column “%(column)s”: %(votes)d votes is more than the "
                        "%(voters)d paper ballots of the row."
                    )
                    % {
                        "row": number,
                        "column": project.title,
                        "votes": votes[project],
                        "voters": voters,
                    }
                )
        if not row_errors and voters is not None:
            row_errors += _check_choices_per_ballot(page, number, voters, sum(votes.values()))
        errors += row_errors
        if not row_errors:
            parsed.append(ParsedRow(number, region, voters, votes))
    if not parsed and not errors:
        errors.append(_("The sheet has no rows of counts under its column titles."))
    return parsed, errors


def _check_choices_per_ballot(page, number, voters, votes):
    """Each paper ballot chooses at most the rule's maximum: the votes of a row cannot exceed it."""
    if page.ballot_rule in (BallotRule.UP_TO, BallotRule.RANGE) and page.max_choices:
        limit = voters * page.max_choices
        if votes > limit:
            return [
                _(
                    "Row %(row)d: %(votes)d votes in all is more than %(voters)d ballots of at "
                    "most %(max)d projects each allow (%(limit)d)."
                )
                % {
                    "row": number,
                    "votes": votes,
                    "voters": voters,
                    "max": page.max_choices,
                    "limit": limit,
                }
            ]
    return []


@transaction.atomic
def store(page, parsed_rows):
    """Replace the paper counts of the neighbourhoods in ``parsed_rows`` (others are kept)."""
    tallies = []
    for parsed in parsed_rows:
        tally, _created = PaperTally.objects.update_or_create(
            page=page, region=parsed.region, defaults={"voters": parsed.voters}
        )
        tally.lines.all().delete()
        PaperTallyLine.objects.bulk_create(
            PaperTallyLine(tally=tally, project=project, votes=votes)
            for project, votes in parsed.votes.items()
        )
        tallies.append(tally)
    return tallies


def template_rows(page):
    """Headers and rows of an empty count sheet for ``page`` (one row per neighbourhood)."""
    projects = list(page.get_projects())
    headers = [NEIGHBOURHOOD_HEADER, VOTERS_HEADER, *(p.title for p in projects)]
    existing = {
        t.region_id: t for t in PaperTally.objects.filter(page=page).prefetch_related("lines")
    }
    rows = []
    for region in page.get_regions():
        tally = existing.get(region.pk)
        votes = {line.project_id: line.votes for line in tally.lines.all()} if tally else {}
        rows.append(
            [region.name, tally.voters if tally else None, *(votes.get(p.pk) for p in projects)]
        )
    return headers, rows

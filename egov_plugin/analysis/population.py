"""Reading an uploaded population table (e.g. 주민등록 인구 by 동, age and sex) into cells.

The table's first row names the columns: neighbourhood (동 / 행정동 / 행정기관), age (연령 /
연령대 / 나이, as a band such as ``30대`` or a single age such as ``35``), gender (성별) and
count (인구 / 인구수). Rows for single years of age are summed into the seven age bands. Any bad
row stops the upload: every problem is listed by row number and nothing is stored.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from egov_plugin.core.text import InvalidValue, normalize_age_band, normalize_gender
from egov_plugin.imports.readers import ReadError, read_table
from egov_plugin.people.regions import region_matcher

from .models import PopulationCell, ReferencePopulation

#: Column → the header spellings that name it (compared without spaces, lower-cased).
COLUMNS = {
    "region": ("동", "행정동", "행정기관", "행정기관명", "읍면동", "region", "neighbourhood"),
    "age": ("연령", "연령대", "나이", "age", "ageband"),
    "gender": ("성별", "성", "gender", "sex"),
    "count": ("인구", "인구수", "명", "count", "population", "people"),
}
MAX_ERRORS = 20


class PopulationError(ValueError):
    """The table cannot be used; ``messages`` lists each problem for staff."""

    def __init__(self, messages):
        super().__init__("; ".join(messages))
        self.messages = messages


def _header_map(header):
    found = {}
    for index, cell in enumerate(header):
        key = "".join(str(cell or "").split()).lower()
        for column, names in COLUMNS.items():
            if key in names and column not in found:
                found[column] = index
    missing = [column for column in COLUMNS if column not in found]
    if missing:
        labels = {"region": "동", "age": "연령대", "gender": "성별", "count": "인구수"}
        raise PopulationError(
            [
                _("The first row must name the columns; missing: %(columns)s.")
                % {"columns": ", ".join(labels[c] for c in missing)}
            ]
        )
    return found


def _count(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        text = str(value or "").replace(",", "").replace("명", "").strip()
        if not text.isdigit():
            raise ValueError
        number = int(text)
    if number < 0:
        raise ValueError
    return number


def parse_cells(rows):
    """``{(region id, age band, gender): count}`` from the table's rows (header first)."""
    if not rows:
        raise PopulationError([_("The file is empty.")])
    columns = _header_map(rows[0])
    matcher = region_matcher()
    cells, errors = {}, []
    for number, row in enumerate(rows[1:], start=2):
        values = {c: (row[i] if i < len(row) else None) for c, i in columns.items()}
        if all(v in (None, "") for v in values.values()):
            continue
        problems = []
        region = matcher.match(str(values["region"] or ""))
        if region is None:
            problems.append(
                _("neighbourhood “%(value)s” is not one of the district's")
                % {"value": values["region"] or ""}
            )
        try:
            age_band = normalize_age_band(values["age"])
            if not age_band:
                raise InvalidValue(values["age"], _("the age is empty"))
        except InvalidValue as exc:
            problems.append(
                _("age “%(value)s”: %(reason)s") % {"value": values["age"], "reason": exc.reason}
            )
            age_band = None
        try:
            gender = normalize_gender(values["gender"])
            if not gender:
                raise InvalidValue(values["gender"], _("male or female is needed"))
        except InvalidValue as exc:
            problems.append(
                _("gender “%(value)s”: %(reason)s")
                % {"value": values["gender"] or "", "reason": exc.reason}
            )
            gender = None
        try:
            count = _count(values["count"])
        except (TypeError, ValueError):
            problems.append(
                _("count “%(value)s” is not a whole number of people")
                % {"value": values["count"] if values["count"] is not None else ""}
            )
            count = None
        if problems:
            errors.append(
                _("Row %(row)d: %(problems)s.") % {"row": number, "problems": "; ".join(problems)}
            )
            if len(errors) >= MAX_ERRORS:
                errors.append(_("Further rows were not checked."))
                break
            continue
        key = (region, age_band, gender)
        cells[key] = cells.get(key, 0) + count
    if errors:
        raise PopulationError(errors)
    if not cells:
        raise PopulationError([_("The table has no rows under its header.")])
    return cells


def read_population(data, filename=""):
    """Read an uploaded file into cells, or raise :class:`PopulationError`."""
    try:
        table = read_table(data, filename)
    except ReadError as exc:
        raise PopulationError([str(exc)]) from exc
    return parse_cells(table.rows)


@transaction.atomic
def store_population(cells, *, name, reference_date=None, source_file="", user=None):
    """Save a reference population and its cells in one transaction."""
    population = ReferencePopulation.objects.create(
        name=name,
        reference_date=reference_date,
        source_file=source_file[:255],
        total=sum(cells.values()),
        created_by=user,
    )
    PopulationCell.objects.bulk_create(
        PopulationCell(population=population, region_id=r, age_band=a, gender=g, count=n)
        for (r, a, g), n in cells.items()
    )
    return population

"""Loading neighbourhoods and recognising how people write their names."""

import csv
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from egov_plugin.core.text import RegionMatcher

from .models import Region

#: Seongdong-gu's 17 administrative neighbourhoods, shipped with the package.
SEONGDONG_CSV = Path(__file__).parent / "data" / "seongdong_regions.csv"

REQUIRED_COLUMNS = ("code", "name")


class RegionFileError(ValueError):
    """The regions file cannot be used; the message names the row or column."""


def read_regions_csv(path):
    """Rows of a regions CSV (columns: code, name, official_name, short_name), validated."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_text(encoding="cp949")
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise RegionFileError(
            _("%(file)s: missing column(s): %(columns)s")
            % {"file": path.name, "columns": ", ".join(missing)}
        )
    rows = []
    for number, row in enumerate(reader, start=2):
        code = (row.get("code") or "").strip()
        name = (row.get("name") or "").strip()
        if not (code.isdigit() and len(code) == 10):
            raise RegionFileError(
                _("%(file)s row %(row)d: code %(code)r is not 10 digits")
                % {"file": path.name, "row": number, "code": code}
            )
        if not name:
            raise RegionFileError(
                _("%(file)s row %(row)d: name is empty") % {"file": path.name, "row": number}
            )
        rows.append(
            {
                "code": code,
                "name": name,
                "official_name": (row.get("official_name") or name).strip(),
                "short_name": (row.get("short_name") or "").strip(),
            }
        )
    return rows


@transaction.atomic
def load_regions(path=SEONGDONG_CSV):
    """Create or update regions from a CSV, keyed on the code; returns (created, updated)."""
    created = updated = 0
    for order, row in enumerate(read_regions_csv(path), start=1):
        try:
            with transaction.atomic():
                __, was_created = Region.objects.update_or_create(
                    code=row["code"], defaults={**row, "sort_order": order}
                )
        except IntegrityError as exc:
            raise RegionFileError(
                _("%(file)s row %(row)d: the name %(name)s belongs to another code")
                % {"file": Path(path).name, "row": order + 1, "name": row["name"]}
            ) from exc
        created += was_created
        updated += not was_created
    return created, updated


def region_matcher():
    """A :class:`RegionMatcher` over the regions in the database (ids as keys)."""
    return RegionMatcher(
        (r.pk, r.name, r.official_name, r.short_name) for r in Region.objects.all()
    )

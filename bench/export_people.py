"""Exporting 83,522 people to .xlsx through the people export's code path.

Loads the people at the source's scale, then times what the export view streams after staff
give their reason: :func:`egov_plugin.imports.exports.people_export` (the query, the Korean
labels) written by :func:`egov_plugin.core.spreadsheets.write_xlsx` (openpyxl write-only,
formula-like cells written as text).

``floor``: openpyxl's write-only mode writing the same rows (already in memory) in the same
run, with no query and no neutralization.
"""

import random
import resource
import time

from _common import arguments, report, setup

args = arguments(__doc__)
done = setup(args.database)

from openpyxl import Workbook  # noqa: E402

from egov_plugin.core.spreadsheets import write_xlsx  # noqa: E402
from egov_plugin.imports.exports import people_export  # noqa: E402
from egov_plugin.people.models import Person, Region  # noqa: E402
from egov_plugin.people.regions import load_regions  # noqa: E402

ROWS = int(83_522 * args.scale)
rng = random.Random(8)
load_regions()
regions = list(Region.objects.all())
Person.objects.bulk_create(
    [
        Person(
            name=rng.choice("김이박최정강조윤")
            + rng.choice("민서지현수영")
            + rng.choice("준우하은"),
            mobile=f"010-{1000 + n // 10000:04d}-{n % 10000:04d}",
            email=f"user{n}@example.com" if n % 3 == 0 else "",
            region=rng.choice(regions),
            age_band=rng.choice(["20s", "30s", "40s", "50s", "60s", "70+", ""]),
            gender=rng.choice(["M", "F", ""]),
            source="import",
        )
        for n in range(ROWS)
    ],
    batch_size=5000,
)

started = time.perf_counter()
headers, rows = people_export(Person.objects.all())
output = write_xlsx(headers, rows)
value = time.perf_counter() - started
size = len(output.read())

# The floor: the same rows, fetched beforehand, written by openpyxl alone.
headers, rows = people_export(Person.objects.all())
rows = list(rows)  # people_export already gives the local wall-clock times openpyxl needs
started = time.perf_counter()
workbook = Workbook(write_only=True)
sheet = workbook.create_sheet("Sheet1")
sheet.append(headers)
for row in rows:
    sheet.append(row)
with open("/dev/null", "wb") as sink:
    workbook.save(sink)
floor = time.perf_counter() - started

peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
done()
report(
    bench="export_people",
    value=round(value, 2),
    unit="s",
    floor=round(floor, 2),
    ratio=round(value / floor, 2),
    rows=len(rows),
    bytes=size,
    peak_rss_mb=round(peak, 1),
    database=args.database,
)

"""Exporting 83,522 people as a password-encrypted .xlsx (EGOV_ENCRYPT_EXPORTS).

Times what the export view does after staff give their reason when encryption is on: the people
export's rows written by :func:`egov_plugin.core.spreadsheets.write_xlsx` with a password
(openpyxl write-only, then ECMA-376 agile encryption by msoffcrypto-tool, which holds the whole
workbook in memory).

``floor``: the same export without a password, in the same run: ``ratio`` is the cost of
encryption. On a busy machine the two exports' times vary more than encryption costs, so
``encrypt_s`` also times the encryption step alone (the plain workbook encrypted, best of 3).
"""

import random
import resource
import time

from _common import arguments, report, setup

args = arguments(__doc__)
done = setup(args.database)

from egov_plugin.core.spreadsheets import encrypt_xlsx, new_password, write_xlsx  # noqa: E402
from egov_plugin.imports.exports import people_export  # noqa: E402
from egov_plugin.people.models import Person, Region  # noqa: E402
from egov_plugin.people.regions import load_regions  # noqa: E402

ROWS = int(83_522 * args.scale)
NAME_PARTS = ("김이박최정강조윤", "민서지현수영", "준우하은")
rng = random.Random(8)
load_regions()
regions = list(Region.objects.all())
Person.objects.bulk_create(
    [
        Person(
            name="".join(rng.choice(part) for part in NAME_PARTS),
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
plain = write_xlsx(headers, rows)
floor = time.perf_counter() - started
plain_size = len(plain.read())

started = time.perf_counter()
headers, rows = people_export(Person.objects.all())
encrypted = write_xlsx(headers, rows, password=new_password())
value = time.perf_counter() - started
size = len(encrypted.read())

encrypt_s = []
for _ in range(3):
    plain.seek(0)
    started = time.perf_counter()
    encrypt_xlsx(plain, new_password())
    encrypt_s.append(time.perf_counter() - started)

peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
done()
report(
    bench="encrypted_export",
    value=round(value, 2),
    unit="s",
    floor=round(floor, 2),
    ratio=round(value / floor, 2),
    encrypt_s=round(min(encrypt_s), 2),
    rows=ROWS,
    bytes=size,
    plain_bytes=plain_size,
    peak_rss_mb=round(peak, 1),
    database=args.database,
)

"""Importing a 78,785-row people workbook through the admin upload's code path.

Builds the source's scale of the 소통 네트워크 관리카드 (a title row, Korean headers, numbers
in every format, neighbourhoods written many ways) as .xlsx, then times what the admin does:
the upload with its preview (:func:`egov_plugin.imports.jobs.create_job`) and the commit task's
body (:func:`egov_plugin.imports.pipeline.commit_job`: read, clean, plan, people, subscriber
profiles, consent records, one outcome row per row, one audit event, one transaction).

``floor``: the bare libraries in the same run — calamine parsing the same workbook plus
``bulk_create`` of the same people, in a fresh copy of the tables. ``peak_rss_mb`` is the
process's peak resident memory (``ru_maxrss``).
"""

import io
import random
import resource
import time

from _common import arguments, report, setup

args = arguments(__doc__)
done = setup(args.database)

from django.db import connection, transaction  # noqa: E402
from openpyxl import Workbook  # noqa: E402
from python_calamine import CalamineWorkbook  # noqa: E402

from egov_plugin.core.text import normalize_mobile  # noqa: E402
from egov_plugin.imports.jobs import create_job  # noqa: E402
from egov_plugin.imports.pipeline import commit_job  # noqa: E402
from egov_plugin.people.models import Person, Region  # noqa: E402
from egov_plugin.people.regions import load_regions  # noqa: E402

ROWS = int(78_785 * args.scale)
rng = random.Random(6)
load_regions()
REGION_SPELLINGS = []
for region in Region.objects.all():
    REGION_SPELLINGS += [region.name, region.official_name, region.short_name or region.name]
AGES = ["20대", "30대", "40대", "50대", "60대", "70대 이상", "35", "1980년생"]
GENDERS = ["남", "여", "남성", "여자", "M", "F"]
SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = "민서지현수영준우하은도윤예진성호"


def build_workbook():
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("명단")
    sheet.append(["소통 네트워크 관리카드"])
    sheet.append(["번호", "성명", "휴대폰", "이메일", "주소(동)", "연령대", "성별"])
    for n in range(ROWS):
        middle, last = 1000 + n // 10000, n % 10000
        mobile = rng.choice(
            [
                f"010-{middle:04d}-{last:04d}",
                f"010{middle:04d}{last:04d}",
                int(f"10{middle:04d}{last:04d}"),
            ]
        )
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        email = f"user{n}@example.com" if n % 3 == 0 else ""
        region, age, gender = rng.choice(REGION_SPELLINGS), rng.choice(AGES), rng.choice(GENDERS)
        sheet.append([n + 1, name, mobile, email, region, age, gender])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


data = build_workbook()

# The floor: parse with calamine, bulk_create the same people, then roll back.
started = time.perf_counter()
rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
with transaction.atomic():
    Person.objects.bulk_create(
        [
            Person(name=r[1], mobile=normalize_mobile(r[2]), email=r[3], source="import")
            for r in rows[2:]
        ],
        batch_size=2000,
    )
    floor = time.perf_counter() - started
    transaction.set_rollback(True)
del rows

started = time.perf_counter()
job = create_job("people", data, "관리카드.xlsx")[0]  # the admin keeps only the job
result = commit_job(job)
value = time.perf_counter() - started

people = Person.objects.count()
assert result.created == people == ROWS, (result.counts, people)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
vendor = connection.vendor
done()
report(
    bench="import_people",
    value=round(value, 2),
    unit="s",
    floor=round(floor, 2),
    ratio=round(value / floor, 2),
    rows=ROWS,
    peak_rss_mb=round(peak, 1),
    counts=result.counts,
    database=vendor,
)

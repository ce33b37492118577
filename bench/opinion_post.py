"""Opinions posted by 50 concurrent clients over HTTP against PostgreSQL: is every one stored?

Each client is a separate HTTP session (its own CSRF cookie) that opens the consultation page
and posts opinions with its own mobile number, all at once against Django's threaded server.
``attempted`` counts the posts answered with the redirect to the thank-you page, ``stored`` the
opinions found in the database afterwards: they must be equal. The per-IP limit is raised for
the run (all clients share 127.0.0.1); the per-contact limit stays as configured.

Floor: the same number of opinions written with the ORM alone (no HTTP, no form) in the same
database, as a measure of how much the web layer costs.
"""

import datetime
import sys
import threading
import time

from _common import arguments, report, setup
from _server import LiveServer

args = arguments(
    __doc__,
    clients={"type": int, "default": 50},
    per_client={"type": int, "default": 4},
)
if "--database" not in sys.argv:
    args.database = "postgres"  # the target is PostgreSQL; --database sqlite to compare
done = setup(args.database)

import re  # noqa: E402

import requests  # noqa: E402
from django.conf import settings  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import Site  # noqa: E402

from egov_plugin.consultations.conf import app_settings  # noqa: E402
from egov_plugin.consultations.models import (  # noqa: E402
    ConsultationIndexPage,
    ConsultationPage,
    Opinion,
)
from egov_plugin.people.models import Region  # noqa: E402
from egov_plugin.people.regions import load_regions  # noqa: E402

settings.EGOV_OPINION_PER_IP_PER_HOUR = 10**6
app_settings.reload()

load_regions()
home = Site.objects.get(is_default_site=True).root_page.specific
index = home.add_child(instance=ConsultationIndexPage(title="정책 제안", slug="consultations"))
now = timezone.now()
page = index.add_child(
    instance=ConsultationPage(
        title="왕십리 광장 조성 계획",
        slug="plaza",
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=30),
    )
)
page.save_revision().publish()
region_id = Region.objects.order_by("pk").first().pk
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

results = {"redirected": 0, "other": []}
lock = threading.Lock()
start = threading.Barrier(args.clients)


def client(number, base):
    session = requests.Session()
    html = session.get(base + page.url, timeout=30).text
    token = TOKEN.search(html).group(1)
    start.wait()  # every client posts at the same moment
    for n in range(args.per_client):
        response = session.post(
            base + page.url,
            data={
                "csrfmiddlewaretoken": token,
                "name": "김민수",
                "gender": "M",
                "age_band": "30s",
                "region": region_id,
                "mobile": f"010-0{number:03d}-{n:04d}",
                "text": f"광장에 그늘막을 설치해 주세요. ({number}-{n})",
                "consent": "on",
            },
            headers={"Referer": base + page.url},
            allow_redirects=False,
            timeout=60,
        )
        with lock:
            if response.status_code == 302 and response.headers["location"].endswith("/thanks/"):
                results["redirected"] += 1
            else:
                results["other"].append(response.status_code)


with LiveServer() as base:
    threads = [threading.Thread(target=client, args=(i, base)) for i in range(args.clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    elapsed = time.perf_counter() - started

attempted = args.clients * args.per_client
stored = Opinion.objects.filter(page_id=page.pk).count()

floor_started = time.perf_counter()
for i in range(attempted):
    Opinion.objects.create(
        page_id=page.pk, name="김민수", text=f"floor {i}", mobile=f"010-9{i:03d}-0000"
    )
floor_elapsed = time.perf_counter() - floor_started
done()
value = attempted / elapsed
floor = attempted / floor_elapsed
report(
    bench="opinion_post",
    value=round(value, 1),
    unit="opinions/s",
    floor=round(floor, 1),
    ratio=round(value / floor, 3),
    attempted=attempted,
    answered_ok=results["redirected"],
    stored=stored,
    failures=sorted(set(results["other"])),
    clients=args.clients,
    database=args.database,
)

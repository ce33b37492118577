"""Requests per second for a consultation page holding 1,000 published opinions.

Floor: a plain Wagtail page (the example site's page type, with only a title and an intro) at
the same depth of the page tree, so that Wagtail's routing costs both the same, rendered through
the same middleware, base template and database in the same run. Both are served in-process by
Django's test client (no network), warmed up first, and measured interleaved, request by
request, so that whatever else the machine does slows both alike.
"""

import datetime

from _common import arguments, report, setup, timed

args = arguments(__doc__, requests={"type": int, "default": 300})
done = setup(args.database)

from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import Site  # noqa: E402

from egov_plugin.consultations.models import (  # noqa: E402
    ConsultationIndexPage,
    ConsultationPage,
    Opinion,
)
from egov_plugin.people.regions import load_regions  # noqa: E402
from home.models import HomePage  # noqa: E402

OPINIONS = round(1000 * args.scale)

load_regions()
home = Site.objects.get(is_default_site=True).root_page.specific
index = home.add_child(instance=ConsultationIndexPage(title="정책 제안", slug="consultations"))
now = timezone.now()
page = index.add_child(
    instance=ConsultationPage(
        title="왕십리 광장 조성 계획",
        slug="plaza",
        summary="광장 조성 방향에 대한 의견을 듣습니다.",
        opens_at=now - datetime.timedelta(days=3),
        closes_at=now + datetime.timedelta(days=30),
    )
)
page.save_revision().publish()
Opinion.objects.bulk_create(
    Opinion(
        page_id=page.pk,
        name="김민수",
        region_id=(i % 17) + 1,
        text=f"광장에 그늘막과 벤치를 충분히 설치해 주세요. 의견 {i}번입니다.",
        answer="검토하겠습니다." if i % 10 == 0 else "",
        contact_key=f"010-0000-{i:04d}",
        text_hash=str(i),
        created_at=now - datetime.timedelta(minutes=i),
    )
    for i in range(OPINIONS)
)

section = home.add_child(instance=HomePage(title="구정 소개", slug="about"))
plain = section.add_child(
    instance=HomePage(title="인사말", slug="greeting", intro="<p>성동구 누리집입니다.</p>")
)
plain.save_revision().publish()

client = Client()


def get(url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code


for url in (plain.url, page.url):  # warm-up: caches, template loading
    for _ in range(10):
        get(url)

floor_times, page_times = [], []
for _ in range(args.requests):
    floor_times += timed(lambda: get(plain.url), 1)
    page_times += timed(lambda: get(page.url), 1)
floor_rps = args.requests / sum(floor_times)
page_rps = args.requests / sum(page_times)
done()
report(
    bench="consultation_page",
    value=round(page_rps, 1),
    unit="requests/s",
    floor=round(floor_rps, 1),
    ratio=round(page_rps / floor_rps, 3),
    opinions=OPINIONS,
    requests=args.requests,
    database=args.database,
)

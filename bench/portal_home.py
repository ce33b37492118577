"""Requests per second for the participation portal's home page with every block.

The home page holds the open-consultations, budget-votes, outcomes, how-to, figures and contact
blocks over 40 consultations (12 open, 10 with a published outcome), 20,000 opinions and two
votes with 5,000 ballots (at scale 1.0). Floor: a plain page of the same type with only an
introduction, at the same depth, served through the same middleware, base template and database
in the same run, interleaved request by request. Also reports the number of queries one request
of each makes.
"""

import datetime

from _common import arguments, report, setup, timed

args = arguments(__doc__, requests={"type": int, "default": 200})
done = setup(args.database)

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import Site  # noqa: E402

from egov_plugin.budgeting.models import Ballot, BudgetProject, BudgetVotePage  # noqa: E402
from egov_plugin.consultations.models import (  # noqa: E402
    ConsultationIndexPage,
    ConsultationPage,
    Opinion,
)
from egov_plugin.people.regions import load_regions  # noqa: E402
from home.demo import home_body  # noqa: E402
from home.models import HomePage  # noqa: E402

OPINIONS = round(20_000 * args.scale)
BALLOTS = round(5_000 * args.scale)

load_regions()
home = Site.objects.get(is_default_site=True).root_page.specific
index = home.add_child(instance=ConsultationIndexPage(title="정책 제안", slug="consultations"))
now = timezone.now()
pages = []
for number in range(40):
    is_open = number < 12
    opens = now - datetime.timedelta(days=3 if is_open else 90 + number)
    closes = (
        now + datetime.timedelta(days=number + 1) if is_open else opens + datetime.timedelta(30)
    )
    page = index.add_child(
        instance=ConsultationPage(
            title=f"정책 {number}", slug=f"c{number}", summary="의견을 듣습니다.",
            opens_at=opens, closes_at=closes,
            outcome="<p>의견을 반영했습니다.</p>" if 12 <= number < 22 else "",
            outcome_published=12 <= number < 22,
        )
    )  # fmt: skip
    page.save_revision().publish()
    pages.append(page)
Opinion.objects.bulk_create(
    Opinion(
        page_id=pages[i % 40].pk,
        name="김민수",
        text=f"의견 {i}",
        answer="답" if i % 7 == 0 else "",
        contact_key=f"k{i}",
        text_hash=str(i),
        created_at=now - datetime.timedelta(minutes=i),
    )  # fmt: skip
    for i in range(OPINIONS)
)
for slug, opens in (("vote-now", -2), ("vote-next", 5)):
    vote = BudgetVotePage(
        title=slug, slug=slug, total_budget=500_000_000, max_choices=1,
        opens_at=now + datetime.timedelta(days=opens),
        closes_at=now + datetime.timedelta(days=opens + 10),
        projects=[BudgetProject(title="보안등", cost=1_000_000)],
    )  # fmt: skip
    home.add_child(instance=vote)
    vote.save_revision().publish()
Ballot.objects.bulk_create(
    Ballot(
        page_id=BudgetVotePage.objects.get(slug="vote-now").pk,
        phone_hash=f"h{i}",
        region_id=(i % 17) + 1,
        age_band="30s",
        receipt_code=f"R{i:010d}",
    )  # fmt: skip
    for i in range(BALLOTS)
)
home.body = home_body(index)
home.save_revision().publish()
plain = home.add_child(
    instance=HomePage(title="인사말", slug="greeting", intro="<p>성동구 누리집입니다.</p>")
)
plain.save_revision().publish()

client = Client()


def get(url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code


for url in (plain.url, home.url):  # warm-up: caches, template loading
    for _ in range(5):
        get(url)
queries = {}
for name, url in (("home", home.url), ("floor", plain.url)):
    with CaptureQueriesContext(connection) as captured:
        get(url)
    queries[name] = len(captured.captured_queries)

floor_times, home_times = [], []
for _ in range(args.requests):
    floor_times += timed(lambda: get(plain.url), 1)
    home_times += timed(lambda: get(home.url), 1)
floor_rps = args.requests / sum(floor_times)
home_rps = args.requests / sum(home_times)
done()
report(
    bench="portal_home",
    value=round(home_rps, 1),
    unit="requests/s",
    floor=round(floor_rps, 1),
    ratio=round(home_rps / floor_rps, 3),
    queries=queries["home"],
    floor_queries=queries["floor"],
    consultations=40,
    opinions=OPINIONS,
    ballots=BALLOTS,
    requests=args.requests,
    database=args.database,
)

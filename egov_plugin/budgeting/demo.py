"""Demo votes: one finished, with a few thousand ballots and paper counts, and one open now.

Both are children of the default site's root page and are found again by their slugs, so a
second run creates nothing. Ballots are final, so another ``--scale`` does not redo them either.
"""

import datetime
import ipaddress

from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from egov_plugin.people.models import Region
from egov_plugin.people.regions import load_regions

from .models import (
    Ballot,
    BallotChoice,
    BallotRule,
    BudgetProject,
    BudgetVotePage,
    CodeRequest,
    PaperTally,
    PaperTallyLine,
)
from .voting import RECEIPT_ALPHABET, phone_hash

FINISHED_SLUG = "budget-vote-demo-finished"
OPEN_SLUG = "budget-vote-demo-open"

#: (title, summary, cost in won, neighbourhood or None, popularity weight)
FINISHED_PROJECTS = [
    (
        "성수동 골목길 안심 조명 설치",
        "어두운 골목 40곳에 LED 보안등을 설치합니다.",
        180_000_000,
        "성수1가1동",
        9,
    ),
    ("중랑천 산책로 쉼터 조성", "산책로에 그늘막 쉼터와 벤치를 설치합니다.", 250_000_000, None, 8),
    (
        "어린이 놀이터 바닥 교체",
        "낡은 놀이터 5곳의 바닥을 안전 소재로 바꿉니다.",
        150_000_000,
        "행당1동",
        7,
    ),
    (
        "경로당 냉난방기 교체",
        "경로당 12곳의 냉난방기를 고효율 제품으로 교체합니다.",
        120_000_000,
        None,
        7,
    ),
    (
        "마을버스 정류장 온열 의자",
        "정류장 30곳에 겨울철 온열 의자를 설치합니다.",
        90_000_000,
        None,
        6,
    ),
    (
        "청소년 공부방 확충",
        "주민센터 유휴 공간을 청소년 공부방으로 꾸밉니다.",
        200_000_000,
        "금호2.3가동",
        5,
    ),
    ("반려견 놀이터 조성", "서울숲 인근에 반려견 놀이터를 만듭니다.", 300_000_000, "성수1가1동", 4),
    (
        "전통시장 공용 장바구니 대여",
        "시장 세 곳에 공용 장바구니 대여소를 둡니다.",
        40_000_000,
        "마장동",
        3,
    ),
    (
        "옥수동 계단길 안전 난간",
        "경사 계단길 8곳에 안전 난간을 설치합니다.",
        110_000_000,
        "옥수동",
        5,
    ),
    ("주민 공유 공구 도서관", "공구를 빌려 쓰는 공유 공간을 운영합니다.", 60_000_000, "용답동", 3),
]

OPEN_PROJECTS = [
    (
        "왕십리 광장 야외 도서관",
        "주말마다 광장에 야외 도서관을 엽니다.",
        70_000_000,
        "왕십리도선동",
        5,
    ),
    ("응봉산 등산로 정비", "등산로 배수로와 계단을 정비합니다.", 160_000_000, "응봉동", 5),
    ("사근동 공원 운동기구 교체", "낡은 운동기구 20대를 교체합니다.", 95_000_000, "사근동", 5),
    ("송정제방 꽃길 조성", "중랑천 송정제방에 사계절 꽃길을 만듭니다.", 140_000_000, "송정동", 5),
    ("다문화 가족 한국어 교실", "주말 한국어 교실과 돌봄을 함께 운영합니다.", 55_000_000, None, 5),
    (
        "스쿨존 LED 바닥 신호등",
        "초등학교 앞 10곳에 바닥 신호등을 설치합니다.",
        130_000_000,
        None,
        5,
    ),
]

DESCRIPTION_TAIL = "담당 부서가 현장 조사와 주민 설명회를 거쳐 제안했습니다."

# The seed's age profile of e-communication subscribers (percent), for the demo voters.
AGE_WEIGHTS = {"U20": 3, "20s": 12, "30s": 24, "40s": 22, "50s": 18, "60s": 12, "70+": 9}


def _root_page():
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    return site.root_page.specific if site else None


def _regions():
    if not Region.objects.exists():
        load_regions()
    return {r.name: r for r in Region.objects.all()}


def _create_page(root, slug, title, intro, *, opens_at, closes_at, projects, regions, **fields):
    page = BudgetVotePage(
        title=title,
        slug=slug,
        intro=intro,
        opens_at=opens_at,
        closes_at=closes_at,
        projects=[
            BudgetProject(
                title=name,
                summary=summary,
                description=f"<p>{summary} {DESCRIPTION_TAIL}</p>",
                cost=cost,
                region=regions.get(region) if region else None,
                sort_order=order,
            )
            for order, (name, summary, cost, region, _weight) in enumerate(projects)
        ],
        **fields,
    )
    root.add_child(instance=page)
    page.save_revision(log_action=False).publish(log_action=False)
    return page


def _pick(rng, projects, weights, count):
    """``count`` different projects, more popular ones more often."""
    pool, chosen = list(zip(projects, weights, strict=True)), []
    for _ in range(min(count, len(pool))):
        index = rng.choices(range(len(pool)), weights=[w for _p, w in pool])[0]
        chosen.append(pool.pop(index)[0])
    return chosen


def _random_ip(rng):
    return str(ipaddress.IPv4Address(rng.getrandbits(24) | 10 << 24))


def _receipt(rng):
    return "".join(rng.choice(RECEIPT_ALPHABET) for _ in range(10))


def _ballots(page, rng, count, regions):
    """Demo ballots spread over the period, with one burst from one address for the signals."""
    projects = list(page.projects.order_by("sort_order"))
    weights = [p[4] for p in FINISHED_PROJECTS]
    region_list = list(regions.values())
    bands, band_weights = zip(*AGE_WEIGHTS.items(), strict=True)
    span = (page.closes_at - page.opens_at).total_seconds()
    ballots, picks, receipts = [], [], set()
    for i in range(count):
        receipt = _receipt(rng)
        while receipt in receipts:
            receipt = _receipt(rng)
        receipts.add(receipt)
        burst = i < 8  # eight ballots within minutes from one address and one device
        ballots.append(
            Ballot(
                page=page,
                phone_hash=phone_hash(f"010-9{i // 10000:03d}-{i % 10000:04d}"),
                region=rng.choice(region_list),
                age_band=rng.choices(bands, weights=band_weights)[0],
                gender=rng.choices(["F", "M", ""], weights=[52, 45, 3])[0],
                cast_at=page.opens_at
                + datetime.timedelta(seconds=3600 * 30 + i * 40 if burst else rng.random() * span),
                receipt_code=receipt,
                ip_address="203.0.113.7"
                if burst
                else str(ipaddress.IPv4Address(rng.getrandbits(24) | 10 << 24)),
                device_id="demo-shared-device" if burst else f"demo-{rng.getrandbits(64):016x}",
            )
        )
        picks.append(_pick(rng, projects, weights, rng.randint(1, page.max_choices)))
    Ballot.objects.bulk_create(ballots, batch_size=1000)
    BallotChoice.objects.bulk_create(
        (
            BallotChoice(ballot=b, project=p)
            for b, chosen in zip(ballots, picks, strict=True)
            for p in chosen
        ),
        batch_size=5000,
    )
    # Code requests for seven numbers from one address within a quarter of an hour.
    start = page.opens_at + datetime.timedelta(hours=50)
    CodeRequest.objects.bulk_create(
        CodeRequest(
            page=page,
            phone_hash=phone_hash(f"010-8000-{n:04d}"),
            ip_address="198.51.100.23",
            requested_at=start + datetime.timedelta(minutes=2 * n),
        )
        for n in range(7)
    )


def _paper(page, rng, regions):
    """Paper ballots of four community centres, simulated ballot by ballot so counts agree."""
    projects = list(page.projects.order_by("sort_order"))
    weights = [p[4] for p in FINISHED_PROJECTS]
    for name in ("마장동", "사근동", "송정동", "용답동"):
        region = regions.get(name)
        if region is None:
            continue
        voters = rng.randint(20, 80)
        votes = dict.fromkeys(projects, 0)
        for _ in range(voters):
            for project in _pick(rng, projects, weights, rng.randint(1, page.max_choices)):
                votes[project] += 1
        tally = PaperTally.objects.create(
            page=page, region=region, voters=voters, note="주민센터 현장 투표"
        )
        PaperTallyLine.objects.bulk_create(
            PaperTallyLine(tally=tally, project=p, votes=n) for p, n in votes.items()
        )


@transaction.atomic
def create_votes(*, scale, rng, stdout):
    """Create the two demo votes unless they exist (found by slug under the site's root)."""
    root = _root_page()
    if root is None:
        stdout.write("Budget votes: no site yet, skipped.")
        return
    existing = set(
        BudgetVotePage.objects.filter(slug__in=[FINISHED_SLUG, OPEN_SLUG]).values_list(
            "slug", flat=True
        )
    )
    regions = _regions()
    now = timezone.now()
    created = []
    if FINISHED_SLUG not in existing:
        page = _create_page(
            root,
            FINISHED_SLUG,
            "2024 성동구 주민참여예산 모바일 투표 (종료)",
            "<p>주민이 직접 제안하고 고른 사업에 구 예산 15억 원을 씁니다. "
            "투표 결과를 확인하세요.</p>",
            opens_at=now - datetime.timedelta(days=60),
            closes_at=now - datetime.timedelta(days=45),
            projects=FINISHED_PROJECTS,
            regions=regions,
            total_budget=1_500_000_000,
            ballot_rule=BallotRule.UP_TO,
            max_choices=5,
            minimum_age=14,
            eligible_population=260_000,
        )
        count = max(300, min(30_000, round(30_000 * scale)))
        _ballots(page, rng, count, regions)
        _paper(page, rng, regions)
        created.append(f"a finished vote with {count} online ballots")
    if OPEN_SLUG not in existing:
        _create_page(
            root,
            OPEN_SLUG,
            "2025 성동구 주민참여예산 모바일 투표",
            "<p>우리 동네에 필요한 사업을 골라 주세요. "
            "예산 5억 원 안에서 원하는 만큼 고를 수 있습니다.</p>",
            opens_at=now - datetime.timedelta(days=3),
            closes_at=now + datetime.timedelta(days=14),
            projects=OPEN_PROJECTS,
            regions=regions,
            total_budget=500_000_000,
            ballot_rule=BallotRule.BUDGET,
            minimum_age=14,
        )
        created.append("an open vote")
    if created:
        stdout.write(f"Budget votes: created {' and '.join(created)}.")
    else:
        stdout.write("Budget votes: the two demo votes are already present.")

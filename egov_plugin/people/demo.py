"""Synthetic e-communication subscribers following the source's figures (as of 2014-09-30).

At scale 1.0: 78,785 subscribers, 43,393 men and 35,392 women, age bands as the source gives
them. Mobile numbers are drawn from ``010-0XXX-XXXX``, a block not issued to subscribers, so a
demo number can never reach a real phone; e-mail addresses use example.com and example.org.
"""

import datetime
import itertools
import json
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from egov_plugin.core.text import AGE_BAND_KOREAN, GENDER_FEMALE, GENDER_MALE

from . import consent as consent_records
from .models import ConsentRecord, Person, Region, SubscriberProfile
from .regions import load_regions

FIGURES = json.loads((Path(__file__).parent / "data" / "seed_figures.json").read_text("utf-8"))

DEMO_WORDING_VERSION = "demo-2014-1"
DEMO_WORDING = (
    "[수집·이용 목적] 구정 소식 및 정책 의견 수렴 안내\n"
    "[수집 항목] 성명, 성별, 연령대, 거주 행정동, 휴대전화번호, 이메일\n"
    "[보유 기간] 탈퇴 시까지\n"
    "[동의 거부 권리] 동의를 거부할 수 있으며, 거부 시 안내 문자·메일을 받을 수 없습니다."
)

# Surnames with their approximate share of the Korean population (통계청 2015), enough for
# names that look real in listings.
SURNAMES = [
    ("김", 215),
    ("이", 147),
    ("박", 84),
    ("최", 47),
    ("정", 44),
    ("강", 23),
    ("조", 21),
    ("윤", 20),
    ("장", 20),
    ("임", 16),
    ("한", 15),
    ("오", 15),
    ("서", 15),
    ("신", 14),
    ("권", 14),
    ("황", 14),
    ("안", 13),
    ("송", 13),
    ("류", 12),
    ("전", 11),
    ("홍", 11),
    ("고", 9),
    ("문", 9),
    ("양", 9),
    ("손", 9),
    ("배", 8),
    ("백", 8),
    ("허", 6),
    ("남궁", 1),
    ("유", 10),
    ("노", 6),
    ("심", 5),
    ("하", 5),
    ("곽", 4),
    ("성", 4),
    ("차", 4),
    ("주", 4),
]
GIVEN_FIRST = {
    GENDER_MALE: "민 준 서 도 현 지 건 우 승 시 재 정 성 영 동 상 진 태 종 병 경 호 용".split(),
    GENDER_FEMALE: "서 지 민 수 하 예 윤 채 은 유 다 소 현 혜 미 영 정 경 선 연 희 보".split(),
}
GIVEN_SECOND = {
    GENDER_MALE: "준 우 호 민 현 진 수 훈 혁 석 철 식 환 기 규 원 빈 율 범 재".split(),
    GENDER_FEMALE: "연 윤 아 은 진 희 영 경 숙 자 주 정 원 린 서 현 빈 미 나 화".split(),
}
EMAIL_DOMAINS = ["example.com", "example.org"]
BAND_AGES = {
    "U20": (15, 19),
    "20s": (20, 29),
    "30s": (30, 39),
    "40s": (40, 49),
    "50s": (50, 59),
    "60s": (60, 69),
    "70+": (70, 89),
}
_KOREAN_TO_BAND = {label: code for code, label in AGE_BAND_KOREAN.items()}


def allocate(total, shares):
    """Split ``total`` into whole counts proportional to ``shares`` (largest remainders).

    >>> allocate(10, {"a": 1, "b": 1, "c": 1})
    {'a': 4, 'b': 3, 'c': 3}
    """
    weight = sum(shares.values())
    exact = {k: total * v / weight for k, v in shares.items()}
    counts = {k: int(x) for k, x in exact.items()}
    leftover = total - sum(counts.values())
    for key in sorted(exact, key=lambda k: exact[k] - counts[k], reverse=True)[:leftover]:
        counts[key] += 1
    return counts


_SURNAMES = [s for s, _ in SURNAMES]
_SURNAME_CUM_WEIGHTS = list(itertools.accumulate(w for _, w in SURNAMES))


def korean_name(rng, gender):
    surname = rng.choices(_SURNAMES, cum_weights=_SURNAME_CUM_WEIGHTS)[0]
    return surname + rng.choice(GIVEN_FIRST[gender]) + rng.choice(GIVEN_SECOND[gender])


def demo_mobiles(rng, count):
    """``count`` distinct numbers in 010-0XXX-XXXX (a block not issued to subscribers)."""
    return [f"010-0{n // 10000:03d}-{n % 10000:04d}" for n in rng.sample(range(10**7), count)]


def fresh_demo_mobiles(rng, count):
    """``count`` demo numbers that no person in the database has yet."""
    taken = set(Person.objects.filter(mobile__startswith="010-0").values_list("mobile", flat=True))
    numbers = []
    while len(numbers) < count:
        numbers.extend(m for m in demo_mobiles(rng, count - len(numbers)) if m not in taken)
        numbers = list(dict.fromkeys(numbers))
    return numbers


def build_subscribers(scale, rng, regions, *, today=None):
    """Unsaved (Person, joined_at, sms, email) tuples following the source's split."""
    figures = FIGURES["subscribers"]
    total = round(figures["total"] * scale)
    genders = allocate(total, {GENDER_MALE: figures["male"], GENDER_FEMALE: figures["female"]})
    bands = allocate(
        total, {_KOREAN_TO_BAND[k]: v for k, v in figures["age_bands_percent"].items()}
    )
    gender_list = [g for g, n in genders.items() for _ in range(n)]
    band_list = [b for b, n in bands.items() for _ in range(n)]
    rng.shuffle(gender_list)
    rng.shuffle(band_list)
    year = (today or timezone.localdate()).year
    mobiles = demo_mobiles(rng, total)
    start = datetime.datetime(2010, 1, 1, tzinfo=datetime.UTC)
    span = int((datetime.datetime(2014, 9, 30, tzinfo=datetime.UTC) - start).total_seconds())
    rows = []
    for i, (gender, band, mobile) in enumerate(zip(gender_list, band_list, mobiles, strict=True)):
        low, high = BAND_AGES[band]
        has_email = rng.random() < 0.55
        person = Person(
            name=korean_name(rng, gender),
            gender=gender,
            age_band=band,
            birth_year=year - rng.randint(low, high) if rng.random() < 0.7 else None,
            region_id=rng.choice(regions).pk,
            mobile=mobile,
            email=f"user{i:06d}.{rng.randint(10, 99)}@{rng.choice(EMAIL_DOMAINS)}"
            if has_email
            else "",
            source=Person.Source.DEMO,
        )
        joined = start + datetime.timedelta(seconds=rng.randrange(span))
        rows.append((person, joined, rng.random() < 0.92, has_email and rng.random() < 0.8))
    return rows


@transaction.atomic
def create_subscribers(*, scale, rng, stdout):
    """Create the demo subscribers; a second run at the same scale changes nothing."""
    load_regions()
    regions = list(Region.objects.all())
    target = round(FIGURES["subscribers"]["total"] * scale)
    existing = SubscriberProfile.objects.filter(person__source=Person.Source.DEMO).count()
    if existing == target:
        stdout.write(f"Subscribers: {existing} demo subscribers already present.")
        return
    if existing:
        Person.objects.filter(source=Person.Source.DEMO).delete()
    rows = build_subscribers(scale, rng, regions)
    people = Person.objects.bulk_create([r[0] for r in rows], batch_size=2000)
    profiles, consents = [], []
    for person, (_, joined, sms, email) in zip(people, rows, strict=True):
        profiles.append(
            SubscriberProfile(person=person, joined_at=joined, sms_consent=sms, email_consent=email)
        )
        for channel, given in (
            (ConsentRecord.Channel.SMS, sms),
            (ConsentRecord.Channel.EMAIL, email),
        ):
            if given:
                consents.append(
                    consent_records.Grant(
                        person=person,
                        channel=channel,
                        at=joined,
                        wording=DEMO_WORDING,
                        wording_version=DEMO_WORDING_VERSION,
                        source="demo",
                        basis=consent_records.Basis.CARD,
                    )
                )
    SubscriberProfile.objects.bulk_create(profiles, batch_size=2000)
    consent_records.grant_many(consents)
    stdout.write(f"Subscribers: {len(people)} created ({len(consents)} consent records).")


MEMBER_CARD_WORDING_VERSION = "demo-card-2014-1"
MEMBER_CARD_WORDING = (
    "[소통 네트워크 관리카드] 구정 소식과 정책 참여 안내를 문자·이메일로 받는 데 동의합니다.\n"
    "[수집 항목] 성명, 휴대전화번호, 이메일, 소속 단체·위원회\n"
    "[보유 기간] 회원·위원 활동이 끝나거나 동의를 철회할 때까지"
)


def member_consents(rng, person_ids, *, sms_share, email_share, first, last, paper_share=0.25):
    """Consents for demo organization or committee members, as the card would give them.

    People who already answered on a channel (demo subscribers who are also members) keep
    what they have. Of the others, ``sms_share`` of those with a mobile and ``email_share`` of
    those with an e-mail address agreed on the 소통 네트워크 관리카드, signed between ``first``
    and ``last``; ``paper_share`` of those cards were copied in by staff later (basis "paper",
    with the day the card was signed). Returns the number of records written.
    """
    Channel = ConsentRecord.Channel
    answered = set(
        ConsentRecord.objects.filter(
            person_id__in=person_ids, channel__in=[Channel.SMS, Channel.EMAIL]
        ).values_list("person_id", "channel")
    )
    contacts = dict(
        (pk, (mobile, email))
        for pk, mobile, email in Person.objects.filter(pk__in=person_ids).values_list(
            "pk", "mobile", "email"
        )
    )
    span = (last - first).days + 1
    grants = []
    for person_id in sorted(set(person_ids)):
        mobile, email = contacts.get(person_id, ("", ""))
        wanted = [
            channel
            for channel, contact, share in (
                (Channel.SMS, mobile, sms_share),
                (Channel.EMAIL, email, email_share),
            )
            if contact and (person_id, channel) not in answered and rng.random() < share
        ]
        if not wanted:
            continue
        signed = first + datetime.timedelta(days=rng.randrange(span))
        paper = rng.random() < paper_share
        # A card copied in by staff is recorded some days after the person signed it.
        recorded = min(
            signed + datetime.timedelta(days=rng.randint(3, 40) if paper else 0),
            timezone.localdate(),
        )
        at = datetime.datetime.combine(recorded, datetime.time(10), tzinfo=datetime.UTC)
        for channel in wanted:
            grants.append(
                consent_records.Grant(
                    person=person_id,
                    channel=channel,
                    at=at,
                    wording=MEMBER_CARD_WORDING,
                    wording_version=MEMBER_CARD_WORDING_VERSION,
                    source="demo",
                    basis=consent_records.Basis.PAPER if paper else consent_records.Basis.CARD,
                    card_signed_on=signed if paper else None,
                )
            )
    return len(consent_records.grant_many(grants))

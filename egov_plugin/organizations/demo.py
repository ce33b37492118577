"""Synthetic organizations following the source's figures (as of 2014), with activities (their
meetings come from the meetings app's demo, which runs after this one).

At scale 1.0: eight organizations in each of the 17 neighbourhoods holding 4,206 members with
the per-neighbourhood counts of ``seongdong_regions.csv`` (``org_members_2014``), 2,133 men and
2,073 women; about 300 activities with photos. Other scales multiply the members and
activities (never fewer than 20 activities).

About 60 % of the members are new people (``Person.Source.DEMO``, mobile numbers in the
``010-0XXX-XXXX`` block that is not issued to subscribers, checked against the numbers already
stored); the others are demo subscribers of the same neighbourhood, so some people are in
several groups, as in life. 새마을부녀회 (the women's association) has women only.

Photos come from a small pool (20 generated JPEGs) kept in the photos-and-attachments
collection and reused by every run, so a run stays fast.
"""

import colorsys
import csv
import datetime
import io

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.utils.file import hash_filelike

from egov_plugin.core.text import GENDER_FEMALE, GENDER_MALE
from egov_plugin.people.demo import (
    EMAIL_DOMAINS,
    FIGURES,
    allocate,
    korean_name,
    member_consents,
)
from egov_plugin.people.groups import get_groups
from egov_plugin.people.models import Person, Region
from egov_plugin.people.regions import SEONGDONG_CSV, load_regions

from .media_permissions import media_collection
from .models import (
    Activity,
    ActivityPhoto,
    Organization,
    OrganizationKind,
    OrganizationMembership,
)

#: Each neighbourhood's organizations and their relative size (주민자치회 up to 50 members,
#: 방위협의회 a dozen).
KIND_SHARES = {
    "주민자치회": 8,
    "통장협의회": 6,
    "새마을부녀회": 4,
    "새마을지도자협의회": 4,
    "바르게살기위원회": 3,
    "자유총연맹": 3,
    "방위협의회": 2,
    "자원봉사캠프": 4,
}
WOMEN_ONLY_KIND = "새마을부녀회"
NEW_PEOPLE_SHARE = 0.6
# Organization members are mostly middle-aged and older.
AGE_WEIGHTS = {"30s": 5, "40s": 20, "50s": 35, "60s": 28, "70+": 12}
BAND_AGES = {"30s": (30, 39), "40s": (40, 49), "50s": (50, 59), "60s": (60, 69), "70+": (70, 84)}
ACTIVITIES_AT_FULL_SCALE, MIN_ACTIVITIES = 300, 20
PHOTO_POOL = 20
PHOTO_TITLE = "단체 활동 데모 사진 {:02d}"
FIRST_DAY, LAST_DAY = datetime.date(2013, 1, 1), datetime.date(2014, 9, 30)

ACTIVITY_TEMPLATES = {
    "주민자치회": [
        (
            "주민참여예산 설명회",
            "주민센터 강당",
            "주민참여예산 제도와 올해 제안 사업을 주민들에게 설명했습니다.",
        ),
        (
            "마을 축제 운영",
            "근린공원",
            "마을 축제를 열어 주민 공연과 먹거리 장터를 운영했습니다.",
        ),
        (
            "골목길 환경 정비",
            "주택가 골목",
            "골목길 화분을 정비하고 청소를 했습니다.",
        ),
    ],
    "통장협의회": [
        (
            "독거 어르신 안부 확인",
            "관내 가정",
            "통별로 독거 어르신 댁을 방문해 안부를 확인했습니다.",
        ),
        (
            "주민 불편사항 조사",
            "각 통",
            "보도블록 파손과 가로등 고장 등 불편사항을 조사했습니다.",
        ),
        (
            "폭염 취약계층 방문",
            "관내 가정",
            "무더위 쉼터를 안내하고 생수를 나누었습니다.",
        ),
    ],
    "새마을부녀회": [
        (
            "사랑의 김장 나눔",
            "주민센터 앞마당",
            "김장을 담가 저소득 가정에 나누었습니다.",
        ),
        (
            "경로당 반찬 나눔",
            "경로당",
            "밑반찬을 만들어 경로당 어르신들께 전했습니다.",
        ),
        (
            "알뜰 바자회",
            "주민센터",
            "알뜰 바자회 수익금을 이웃돕기 성금으로 기탁했습니다.",
        ),
    ],
    "새마을지도자협의회": [
        (
            "하천변 환경 정화",
            "중랑천 산책로",
            "하천변 쓰레기를 줍고 청소를 했습니다.",
        ),
        (
            "방역 봉사",
            "주택가",
            "여름철 모기 방역을 실시했습니다.",
        ),
        (
            "재활용품 수거",
            "주민센터",
            "폐건전지와 헌 옷을 모아 재활용했습니다.",
        ),
    ],
    "바르게살기위원회": [
        (
            "기초질서 지키기 캠페인",
            "역 앞 광장",
            "쓰레기 무단투기 금지 캠페인을 벌였습니다.",
        ),
        (
            "태극기 달기 캠페인",
            "주요 거리",
            "국경일 태극기 달기를 홍보했습니다.",
        ),
    ],
    "자유총연맹": [
        (
            "나라사랑 캠페인",
            "주민센터 앞",
            "나라사랑 홍보물을 나누어 주었습니다.",
        ),
        (
            "안보 현장 견학",
            "안보 전시관",
            "회원들과 안보 현장을 견학했습니다.",
        ),
    ],
    "방위협의회": [
        (
            "민방위 훈련 지원",
            "대피소",
            "민방위 훈련 때 대피 안내를 도왔습니다.",
        ),
        (
            "야간 방범 순찰",
            "주택가 골목",
            "어두운 골목길을 중심으로 야간 순찰을 했습니다.",
        ),
    ],
    "자원봉사캠프": [
        (
            "무료 급식 봉사",
            "복지관 식당",
            "어르신 무료 급식을 준비하고 배식했습니다.",
        ),
        (
            "어르신 말벗 봉사",
            "경로당",
            "어르신들과 이야기를 나누고 건강 체조를 함께 했습니다.",
        ),
        (
            "동네 대청소",
            "공원과 골목",
            "자원봉사자들과 동네 곳곳을 청소했습니다.",
        ),
    ],
}
EXTRA_SENTENCES = [
    "회원 {members}명과 주민 등 모두 {count}명이 참여했습니다.",
    "다음 활동은 분기마다 이어서 하기로 했습니다.",
    "참여한 주민들의 호응이 좋았습니다.",
    "구청 관계 부서의 협조를 받았습니다.",
]


def _csv_counts():
    """Members per neighbourhood code (the source's ``org_members_2014`` column)."""
    with SEONGDONG_CSV.open(encoding="utf-8-sig") as file:
        return {row["code"]: int(row["org_members_2014"]) for row in csv.DictReader(file)}


def targets(scale, regions):
    """What a run at ``scale`` should leave behind: counts per neighbourhood and in total."""
    counts = _csv_counts()
    shares = {r.pk: counts.get(r.code, 0) for r in regions}
    total = round(FIGURES["organization_members"]["total"] * scale)
    return {
        "members_by_region": allocate(total, shares) if sum(shares.values()) else {},
        "members": total,
        "organizations": len(regions) * len(KIND_SHARES),
        "activities": max(MIN_ACTIVITIES, round(ACTIVITIES_AT_FULL_SCALE * scale)),
    }


def _present(target):
    demo_orgs = Organization.objects.filter(is_demo=True)
    return (
        demo_orgs.count() == target["organizations"]
        and OrganizationMembership.objects.filter(organization__is_demo=True).count()
        == target["members"]
        and Activity.objects.filter(is_demo=True).count() == target["activities"]
    )


def remove_demo_organizations():
    """Delete the demo organizations (with their members, activities and meetings) and the
    demo people that only they used; staff-entered records and other groups' people stay."""
    own_people = Person.objects.filter(
        source=Person.Source.DEMO, organization_memberships__organization__is_demo=True
    )
    for group in get_groups():
        if group.key != "organization":
            own_people = own_people.exclude(group.exists())
    person_ids = list(own_people.values_list("pk", flat=True).distinct())
    Organization.objects.filter(is_demo=True).delete()
    for start in range(0, len(person_ids), 5000):
        Person.objects.filter(pk__in=person_ids[start : start + 5000]).delete()


def _random_date(rng, first=FIRST_DAY, last=LAST_DAY):
    return first + datetime.timedelta(days=rng.randrange((last - first).days + 1))


def fresh_mobiles(rng, count):
    """``count`` numbers in 010-0XXX-XXXX that no stored person has."""
    taken = {
        int(m[5:8] + m[9:13])
        for m in Person.objects.filter(mobile__startswith="010-0").values_list("mobile", flat=True)
        if len(m) == 13
    }
    numbers = []
    while len(numbers) < count:
        n = rng.randrange(10**7)
        if n not in taken:
            taken.add(n)
            numbers.append(n)
    return [f"010-0{n // 10000:03d}-{n % 10000:04d}" for n in numbers]


def _organizations(regions, kinds):
    taken = set(Organization.objects.filter(is_demo=False).values_list("name", flat=True))
    organizations = []
    for region in regions:
        for number, kind in enumerate(kinds, start=1):
            name = f"{region.name} {kind.name}"
            organizations.append(
                Organization(
                    # A staff-entered organization may already carry the plain name.
                    name=name if name not in taken else f"{name} (데모)",
                    kind=kind,
                    region=region,
                    description=f"{region.name}의 {kind.name}입니다.",
                    contact=f"org{region.code[-5:]}{number}@example.org",
                    is_demo=True,
                )
            )
    return Organization.objects.bulk_create(organizations)


def _subscriber_pool(rng):
    """Demo subscribers by (region id, gender), shuffled, to draw existing people from."""
    pool = {}
    rows = Person.objects.filter(
        source=Person.Source.DEMO, subscriber__withdrawn_at__isnull=True, subscriber__isnull=False
    ).values_list("pk", "region_id", "gender")
    for pk, region_id, gender in rows:
        pool.setdefault((region_id, gender), []).append(pk)
    for people in pool.values():
        rng.shuffle(people)
    return pool


def _slots(rng, organizations, target):
    """One ``[organization, women_only, person id or None]`` per membership to create."""
    by_region = {}
    for organization in organizations:
        by_region.setdefault(organization.region_id, []).append(organization)
    slots = []
    for region_id, count in target["members_by_region"].items():
        orgs = by_region.get(region_id, [])
        sizes = allocate(count, {o.pk: KIND_SHARES[o.kind.name] for o in orgs}) if orgs else {}
        for organization in orgs:
            women_only = organization.kind.name == WOMEN_ONLY_KIND
            slots += [[organization, women_only, None] for _ in range(sizes[organization.pk])]
    return slots


def _fill_existing(rng, slots):
    """Give about 40 % of the slots to demo subscribers of the organization's neighbourhood."""
    pool = _subscriber_pool(rng)
    existing = round(len(slots) * (1 - NEW_PEOPLE_SHARE))
    males = 0
    for slot in rng.sample(slots, existing):
        organization, women_only, _ = slot
        genders = [GENDER_FEMALE] if women_only else rng.sample([GENDER_MALE, GENDER_FEMALE], 2)
        for gender in genders:
            people = pool.get((organization.region_id, gender))
            if people:
                slot[2] = people.pop()
                males += gender == GENDER_MALE
                break
    return males


def _new_people(rng, slots, males_so_far):
    """Create a person for every slot still empty; genders bring the total near the source's."""
    figures = FIGURES["organization_members"]
    target_males = allocate(len(slots), {"M": figures["male"], "F": figures["female"]})["M"]
    empty = [slot for slot in slots if slot[2] is None]
    free = [slot for slot in empty if not slot[1]]
    male_slots = set(map(id, rng.sample(free, max(0, min(len(free), target_males - males_so_far)))))
    mobiles = fresh_mobiles(rng, len(empty))
    bands, weights = zip(*AGE_WEIGHTS.items(), strict=True)
    year = timezone.localdate().year
    people = []
    for number, (slot, mobile) in enumerate(zip(empty, mobiles, strict=True)):
        gender = GENDER_MALE if id(slot) in male_slots else GENDER_FEMALE
        band = rng.choices(bands, weights)[0]
        low, high = BAND_AGES[band]
        has_email = rng.random() < 0.5
        people.append(
            Person(
                name=korean_name(rng, gender),
                gender=gender,
                age_band=band,
                birth_year=year - rng.randint(low, high) if rng.random() < 0.6 else None,
                region_id=slot[0].region_id,
                mobile=mobile,
                email=f"member{number:05d}.{rng.randint(10, 99)}@{rng.choice(EMAIL_DOMAINS)}"
                if has_email
                else "",
                source=Person.Source.DEMO,
            )
        )
    people = Person.objects.bulk_create(people, batch_size=2000)
    for slot, person in zip(empty, people, strict=True):
        slot[2] = person.pk
    return len(people)


def _memberships(rng, slots):
    """Memberships with roles: per organization a president, one or two vice presidents and a
    secretary, the rest members."""
    by_org = {}
    for organization, _, person_id in slots:
        by_org.setdefault(organization, []).append(person_id)
    Role = OrganizationMembership.Role
    rows = []
    for organization, person_ids in by_org.items():
        roles = [Role.PRESIDENT, Role.VICE_PRESIDENT, Role.SECRETARY]
        if len(person_ids) > 15:
            roles.insert(2, Role.VICE_PRESIDENT)
        for index, person_id in enumerate(person_ids):
            rows.append(
                OrganizationMembership(
                    organization=organization,
                    person_id=person_id,
                    role=roles[index] if index < len(roles) else Role.MEMBER,
                    contacts_confirmed=True,
                    joined_on=_random_date(rng, datetime.date(2005, 1, 1), FIRST_DAY),
                )
            )
    OrganizationMembership.objects.bulk_create(rows, batch_size=2000)
    return {org.pk: ids for org, ids in by_org.items()}


def _photo_bytes(number):
    from PIL import Image as PILImage
    from PIL import ImageDraw, ImageFont

    hue = (number * 37) % 360
    colour = tuple(int(c) for c in _hsv_to_rgb(hue / 360, 0.45, 0.85))
    image = PILImage.new("RGB", (640, 480), colour)
    draw = ImageDraw.Draw(image)
    for i in range(6):
        x = (number * 53 + i * 97) % 560
        y = (number * 29 + i * 71) % 400
        draw.ellipse((x, y, x + 80, y + 80), outline=(255, 255, 255), width=4)
    try:
        font = ImageFont.load_default(size=44)
    except TypeError:  # Pillow without FreeType: the small bitmap font
        font = ImageFont.load_default()
    draw.text((40, 200), f"Demo photo {number:02d}", fill=(20, 20, 20), font=font)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def _hsv_to_rgb(h, s, v):
    return (c * 255 for c in colorsys.hsv_to_rgb(h, s, v))


def photo_pool(collection):
    """The demo photos (generated once, then reused)."""
    Image = get_image_model()
    titles = [PHOTO_TITLE.format(n) for n in range(1, PHOTO_POOL + 1)]
    existing = {i.title: i for i in Image.objects.filter(title__in=titles)}
    for number, title in enumerate(titles, start=1):
        if title in existing:
            continue
        data = _photo_bytes(number)
        image = Image(
            title=title,
            collection=collection,
            file=ImageFile(io.BytesIO(data), name=f"egov-demo-photo-{number:02d}.jpg"),
            file_size=len(data),
            file_hash=hash_filelike(io.BytesIO(data)),
        )
        image.save()
        existing[title] = image
    return [existing[t] for t in titles]


def _activities(rng, organizations, members, count, photos):
    weighted = [o for o in organizations if members.get(o.pk)] or organizations
    weights = [len(members.get(o.pk, [])) or 1 for o in weighted]
    planned = []
    for _ in range(count):
        organization = rng.choices(weighted, weights)[0]
        title, place, sentence = rng.choice(ACTIVITY_TEMPLATES[organization.kind.name])
        start = _random_date(rng)
        end = start + datetime.timedelta(days=rng.randint(1, 2)) if rng.random() < 0.2 else None
        pool = members.get(organization.pk, [])
        participants = rng.sample(pool, min(len(pool), rng.randint(3, 12)))
        total = len(participants) + rng.randint(0, 40)
        extra = rng.choice(EXTRA_SENTENCES).format(members=len(participants), count=total)
        activity = Activity(
            organization=organization,
            start_date=start,
            end_date=end,
            title=f"{organization.region.name} {title}",
            description=f"{sentence} {extra}",
            place=f"{organization.region.name} {place}",
            participant_count=total,
            is_demo=True,
        )
        planned.append((activity, participants))
    activities = Activity.objects.bulk_create([a for a, _ in planned], batch_size=1000)
    through = Activity.participants.through
    Activity.participants.through.objects.bulk_create(
        [
            through(activity_id=activity.pk, person_id=person_id)
            for activity, (_, participants) in zip(activities, planned, strict=True)
            for person_id in participants
        ],
        batch_size=2000,
    )
    photo_rows = []
    for activity in activities:
        for order, image in enumerate(rng.sample(photos, rng.randint(1, 4))):
            photo_rows.append(
                ActivityPhoto(
                    activity=activity,
                    image=image,
                    sort_order=order,
                    alt_text=f"{activity.title} 현장 사진 {order + 1}",
                    caption=f"{activity.start_date:%Y년 %m월 %d일}, {activity.place}",
                )
            )
    ActivityPhoto.objects.bulk_create(photo_rows, batch_size=2000)
    return len(activities), len(photo_rows)


@transaction.atomic
def create_organizations(*, scale, rng, stdout):
    """Create the demo organizations; a second run at the same scale changes nothing."""
    load_regions()
    regions = list(Region.objects.order_by("sort_order", "pk"))
    target = targets(scale, regions)
    collection = media_collection()
    if _present(target):
        stdout.write(
            f"Organizations: {target['organizations']} demo organizations with "
            f"{target['members']} members already present."
        )
        return
    remove_demo_organizations()
    kinds = [
        OrganizationKind.objects.get_or_create(name=name, defaults={"sort_order": order})[0]
        for order, name in enumerate(KIND_SHARES, start=1)
    ]
    organizations = _organizations(regions, kinds)
    slots = _slots(rng, organizations, target)
    males = _fill_existing(rng, slots)
    created_people = _new_people(rng, slots, males)
    members = _memberships(rng, slots)
    consents = member_consents(
        rng,
        [slot[2] for slot in slots],
        sms_share=0.8,
        email_share=0.6,
        first=datetime.date(2012, 1, 1),
        last=LAST_DAY,
    )
    photos = photo_pool(collection)
    activities, photo_count = _activities(rng, organizations, members, target["activities"], photos)
    stdout.write(
        f"Organizations: {len(organizations)} created with {len(slots)} members "
        f"({created_people} new people, {len(slots) - created_people} subscribers; "
        f"{consents} consent records), "
        f"{activities} activities ({photo_count} photos)."
    )

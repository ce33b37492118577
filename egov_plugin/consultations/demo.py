"""Demo consultations: about 30 past and 3 open, with ~20,000 opinions at scale 1.0.

Opinions come from registry people (their gender, age band and neighbourhood are copied as
the snapshot), through every channel, with varied Korean text assembled from phrases that fit
each consultation's topic, and some official answers.
"""

import datetime
import hashlib

from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from egov_plugin.committees.models import CommitteeField
from egov_plugin.core.models import Department
from egov_plugin.people.models import Person, Region

from .models import ConsultationIndexPage, ConsultationPage, Opinion

INDEX_SLUG = "consultations"
SLUG_PREFIX = "demo-"
OPINIONS_AT_FULL_SCALE = 20_000

#: (title, department, field, aspects of the topic residents talk about)
TOPICS = [
    (
        "거주자 우선주차 구역 재정비",
        "교통행정과",
        "교통",
        ["거주자 우선주차", "골목 주차", "공영주차장", "야간 주차"],
    ),
    (
        "마을버스 노선 개편",
        "교통행정과",
        "교통",
        ["마을버스 배차 간격", "정류장 위치", "막차 시간", "환승"],
    ),
    (
        "서울숲 주변 보행환경 개선",
        "도시계획과",
        "도시계획",
        ["보도 폭", "횡단보도", "가로등", "자전거 도로"],
    ),
    (
        "성수동 도시재생 활성화 계획",
        "도시계획과",
        "도시계획",
        ["젠트리피케이션", "임대료", "골목 상권", "공방 거리"],
    ),
    (
        "2015년 주민참여예산 사업 선정",
        "기획예산과",
        "행정",
        ["주민참여예산", "사업 우선순위", "예산 배분", "동별 사업"],
    ),
    (
        "구립 도서관 운영 시간 연장",
        "교육지원과",
        "교육",
        ["도서관 운영 시간", "열람실", "주말 개방", "어린이 자료실"],
    ),
    (
        "방과 후 돌봄 교실 확대",
        "교육지원과",
        "교육",
        ["돌봄 교실", "맞벌이 가정", "간식 지원", "안전 귀가"],
    ),
    (
        "어르신 무료 급식 확대",
        "복지정책과",
        "복지",
        ["경로식당", "도시락 배달", "급식 메뉴", "독거 어르신"],
    ),
    (
        "장애인 이동 지원 서비스",
        "복지정책과",
        "복지",
        ["장애인 콜택시", "저상버스", "엘리베이터", "활동 보조"],
    ),
    (
        "음식물 쓰레기 종량제 개선",
        "청소행정과",
        "환경",
        ["음식물 쓰레기", "수거 요일", "RFID 종량기", "악취"],
    ),
    (
        "골목 청소 주민 자원봉사",
        "청소행정과",
        "환경",
        ["골목 청소", "무단 투기", "자원봉사", "분리수거"],
    ),
    ("중랑천 산책로 정비", "청소행정과", "환경", ["산책로", "자전거 길", "벤치", "수변 공원"]),
    (
        "공원 내 운동기구 교체",
        "문화체육과",
        "문화",
        ["운동기구", "야외 헬스장", "배드민턴장", "놀이터"],
    ),
    (
        "성동 문화예술 축제 운영",
        "문화체육과",
        "문화",
        ["축제 프로그램", "소음", "주차 대책", "지역 예술인"],
    ),
    (
        "전통시장 현대화 지원",
        "일자리정책과",
        "경제",
        ["전통시장", "아케이드", "주차장", "온라인 판매"],
    ),
    (
        "청년 창업 공간 조성",
        "일자리정책과",
        "경제",
        ["청년 창업", "공유 오피스", "임대료 지원", "멘토링"],
    ),
    (
        "어린이 보호구역 안전 강화",
        "안전총괄과",
        "안전",
        ["어린이 보호구역", "과속 단속 카메라", "통학로", "불법 주차"],
    ),
    (
        "CCTV 추가 설치 지역 선정",
        "안전총괄과",
        "안전",
        ["CCTV", "비상벨", "가로등", "여성 안심 귀갓길"],
    ),
    (
        "보건소 야간 진료 도입",
        "보건정책과",
        "보건",
        ["야간 진료", "예방 접종", "건강 검진", "치매 안심센터"],
    ),
    ("금연 구역 확대 지정", "보건정책과", "보건", ["금연 구역", "흡연 부스", "간접 흡연", "단속"]),
    (
        "구청 민원실 운영 개선",
        "전산정보과",
        "행정",
        ["민원실 대기 시간", "무인 발급기", "온라인 민원", "주말 민원"],
    ),
    ("구정 소식지 개편", "구정기획단", "행정", ["소식지", "모바일 알림", "누리집", "SNS 소통"]),
    ("반려동물 놀이터 조성", "도시계획과", "환경", ["반려견 놀이터", "배변 봉투", "목줄", "소음"]),
    ("공공 와이파이 확대", "전산정보과", "행정", ["공공 와이파이", "버스 정류장", "공원", "속도"]),
    ("경로당 냉난방비 지원", "복지정책과", "복지", ["경로당", "냉난방비", "프로그램", "시설 보수"]),
    (
        "하천 생태 학습장 운영",
        "청소행정과",
        "환경",
        ["생태 학습", "어린이 체험", "안내판", "관찰 데크"],
    ),
    ("생활체육 프로그램 확대", "문화체육과", "문화", ["생활체육", "수영장", "강사", "수강료"]),
    (
        "골목 상권 공동 배송",
        "일자리정책과",
        "경제",
        ["공동 배송", "소상공인", "배달 수수료", "포장재"],
    ),
    (
        "지하철역 엘리베이터 설치",
        "교통행정과",
        "교통",
        ["엘리베이터", "에스컬레이터", "교통 약자", "출입구"],
    ),
    (
        "주민센터 공유 공간 개방",
        "구정기획단",
        "행정",
        ["공유 공간", "동아리", "예약 제도", "야간 개방"],
    ),
    # The last three are open now.
    ("왕십리 광장 조성 계획", "도시계획과", "도시계획", ["광장", "그늘막", "분수", "행사 공간"]),
    (
        "2026년 주민참여예산 제안 공모",
        "기획예산과",
        "행정",
        ["주민참여예산", "생활 밀착 사업", "동별 배분", "모바일 투표"],
    ),
    (
        "폭염 대비 무더위 쉼터 운영",
        "안전총괄과",
        "안전",
        ["무더위 쉼터", "운영 시간", "냉방", "어르신 안부 확인"],
    ),
]
OPEN_COUNT = 3

JUDGMENTS = [
    "꼭 필요하다고 생각합니다", "개선이 시급합니다", "지금도 충분하다고 봅니다", "불편이 많습니다",
    "더 늘려 주셨으면 합니다", "우선순위를 높여 주세요", "주민 의견을 더 들어야 합니다",
    "예산 낭비가 될까 걱정입니다", "잘 되고 있어 만족합니다", "대상 지역을 넓혀야 합니다",
]  # fmt: skip
REASONS = [
    "아이들과 자주 다니는데 위험한 곳이 많습니다.", "퇴근이 늦어 이용하기 어렵습니다.",
    "어르신들이 이용하시기에 불편합니다.", "주말에는 사람이 너무 많습니다.",
    "다른 구에서는 이미 시행하고 있습니다.", "예산이 어떻게 쓰이는지 알기 어렵습니다.",
    "밤에는 어두워서 무섭습니다.", "안내가 부족해서 몰랐던 주민이 많습니다.",
    "주차 공간이 부족해 이웃 간 다툼이 생깁니다.", "소음 때문에 잠을 설치는 날이 있습니다.",
    "관리가 잘 안 되어 지저분합니다.", "이용 요금이 부담스럽습니다.",
]  # fmt: skip
REQUESTS = [
    "시범 운영 후 확대했으면 합니다.", "주민 설명회를 열어 주세요.", "결과를 꼭 알려 주세요.",
    "동별로 상황이 다르니 나눠서 검토해 주세요.", "장애인과 어르신도 고려해 주세요.",
    "온라인으로도 신청할 수 있게 해 주세요.", "관리 인력을 늘려 주세요.", "",
]  # fmt: skip
ANSWERS = [
    "소중한 의견 감사합니다. 담당 부서에서 검토하여 사업 계획에 반영하겠습니다.",
    "말씀하신 지역은 현장 확인 후 우선 정비 대상에 포함하겠습니다.",
    "예산 여건을 고려하여 내년도 사업으로 검토하겠습니다.",
    "관계 기관과 협의하여 개선 방안을 마련하겠습니다.",
]
OUTCOME = (
    "<p>접수된 의견 {count}건을 검토하여 다음과 같이 반영하였습니다.</p>"
    "<ul><li>주민 의견이 많았던 항목을 우선 추진합니다.</li>"
    "<li>추가 예산이 필요한 사항은 다음 연도 예산에 편성합니다.</li></ul>"
)
CHANNEL_WEIGHTS = [
    (Opinion.Channel.HOMEPAGE, ""), (Opinion.Channel.MOBILE, ""), (Opinion.Channel.MOBILE, ""),
    (Opinion.Channel.SOCIAL, "facebook"), (Opinion.Channel.SOCIAL, "naver_blog"),
    (Opinion.Channel.SOCIAL, "band"), (Opinion.Channel.SOCIAL, "x"), (Opinion.Channel.EMAIL, ""),
    (Opinion.Channel.OFFLINE, "qr"), (Opinion.Channel.EXPERT_REVIEW, ""),
]  # fmt: skip


def opinion_text(rng, aspects):
    aspect = rng.choice(aspects)
    particle = "은" if (ord(aspect[-1]) - 0xAC00) % 28 else "는"
    parts = [f"{aspect}{particle} {rng.choice(JUDGMENTS)}.", rng.choice(REASONS)]
    if rng.random() < 0.5:
        other = rng.choice(aspects)
        parts.append(f"{other} 문제도 함께 살펴봐 주세요.")
    parts.append(rng.choice(REQUESTS))
    return " ".join(p for p in parts if p)


def _index_page():
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    index = ConsultationIndexPage.objects.child_of(home).filter(slug=INDEX_SLUG).first()
    if index is None:
        index = ConsultationIndexPage(
            title="정책 제안과 의견", slug=INDEX_SLUG,
            intro="<p>성동구의 정책과 사업에 대한 의견을 들려주세요.</p>",
        )  # fmt: skip
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def _create_pages(index, rng):
    departments = {d.name: d for d in Department.objects.all()}
    fields = {f.name: f for f in CommitteeField.objects.all()}
    regions = list(Region.objects.all())
    now = timezone.now()
    pages = []
    for number, (title, department, field, _aspects) in enumerate(TOPICS):
        is_open = number >= len(TOPICS) - OPEN_COUNT
        if is_open:
            opens = now - datetime.timedelta(days=rng.randint(3, 20))
            closes = now + datetime.timedelta(days=rng.randint(10, 40))
        else:
            opens = now - datetime.timedelta(days=60 + 40 * (len(TOPICS) - number))
            closes = opens + datetime.timedelta(days=30)
        page = ConsultationPage(
            title=title,
            slug=f"{SLUG_PREFIX}{number + 1:02d}",
            summary=f"{title}에 대한 주민 여러분의 의견을 듣습니다.",
            body=[("text", f"<p>{title} 방안을 마련하고자 합니다. 의견을 들려주세요.</p>")],
            department=departments.get(department),
            registered_on=opens.date(),
            opens_at=opens,
            closes_at=closes,
        )  # fmt: skip
        index.add_child(instance=page)
        if field in fields:
            page.policy_fields.add(fields[field])
        page.regions.add(*rng.sample(regions, rng.randint(1, 4)))
        page.save_revision().publish()
        pages.append((page, is_open))
    return pages


@transaction.atomic
def create_consultations(*, scale, rng, stdout):
    """Create the demo consultations and opinions; a second run at the same scale does nothing."""
    index = _index_page()
    target = round(OPINIONS_AT_FULL_SCALE * scale)
    demo_pages = ConsultationPage.objects.child_of(index).filter(slug__startswith=SLUG_PREFIX)
    existing = Opinion.objects.filter(page__in=demo_pages.values("pk")).count()
    if demo_pages.count() == len(TOPICS) and existing == target:
        stdout.write(f"Consultations: {existing} demo opinions already present.")
        return
    for page in demo_pages:
        page.delete()
    pages = _create_pages(index, rng)

    people = list(
        Person.objects.filter(source=Person.Source.DEMO).values_list(
            "pk", "name", "gender", "age_band", "region_id", "mobile", "email"
        )[: max(target * 2, 1000)]
    )
    # Busier consultations get more opinions, as in life.
    weights = [rng.uniform(0.3, 2.0) for _ in pages]
    total_weight = sum(weights)
    opinions = []
    for (page, is_open), weight in zip(pages, weights, strict=True):
        count = min(round(target * weight / total_weight), len(people))
        aspects = TOPICS[pages.index((page, is_open))][3]
        for person in rng.sample(people, count):
            pk, name, gender, age_band, region_id, mobile, email = person
            channel, detail = rng.choice(CHANNEL_WEIGHTS)
            text = opinion_text(rng, aspects)
            created = page.opens_at + (page.closes_at - page.opens_at) * rng.random()
            if created > timezone.now():
                created = timezone.now() - datetime.timedelta(minutes=rng.randint(1, 600))
            answered = not is_open and rng.random() < 0.1
            contact = mobile or email
            opinions.append(
                Opinion(
                    page_id=page.pk, person_id=pk, name=name, gender=gender, age_band=age_band,
                    region_id=region_id, mobile=mobile or "", email=email, text=text,
                    stance=rng.choice(["", "agree", "agree", "disagree", "neutral"]),
                    channel=channel, channel_detail=detail, status=Opinion.Status.PUBLISHED,
                    consent_version="demo", consent_at=created, created_at=created,
                    notify_outcome=bool(email) and rng.random() < 0.3,
                    answer=rng.choice(ANSWERS) if answered else "",
                    answered_at=created + datetime.timedelta(days=3) if answered else None,
                    answered_by_label="demo" if answered else "",
                    contact_key=contact,
                    text_hash=hashlib.sha256(f"{pk}:{text}".encode()).hexdigest(),
                )
            )  # fmt: skip
    Opinion.objects.bulk_create(opinions, batch_size=2000)
    for page, is_open in pages:
        if not is_open and rng.random() < 0.6:
            count = Opinion.objects.filter(page_id=page.pk).count()
            page.outcome = OUTCOME.format(count=count)
            page.outcome_published = True
            page.outcome_notified_at = timezone.now()  # demo: nobody is e-mailed
            page.save_revision().publish()
    stdout.write(f"Consultations: {len(pages)} consultations, {len(opinions)} opinions.")

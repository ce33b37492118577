"""Demo committees holding the source's 531 members (as of 2014-09-30) by occupation.

About a third of the members are people already in the registry (subscribers who also sit on a
committee); the rest are new. Most have an e-mail address, since policy material reaches
committee experts by e-mail.
"""

import datetime

from django.db import transaction

from egov_plugin.core.models import Department
from egov_plugin.people.demo import (
    FIGURES,
    allocate,
    fresh_demo_mobiles,
    korean_name,
    member_consents,
)
from egov_plugin.people.models import Person

from .models import Committee, CommitteeField, CommitteeMembership

DEPARTMENTS = [
    "기획예산과", "전산정보과", "구정기획단", "복지정책과", "교통행정과", "도시계획과",
    "문화체육과", "교육지원과", "청소행정과", "안전총괄과", "일자리정책과", "보건정책과",
]  # fmt: skip

#: (committee name, field, department)
COMMITTEES = [
    ("사회보장위원회", "복지", "복지정책과"),
    ("노인복지위원회", "복지", "복지정책과"),
    ("아동청소년위원회", "복지", "복지정책과"),
    ("교통정책위원회", "교통", "교통행정과"),
    ("주차정책위원회", "교통", "교통행정과"),
    ("환경보전위원회", "환경", "청소행정과"),
    ("녹색성장위원회", "환경", "청소행정과"),
    ("도시계획위원회", "도시계획", "도시계획과"),
    ("건축위원회", "도시계획", "도시계획과"),
    ("도시재생위원회", "도시계획", "도시계획과"),
    ("문화예술진흥위원회", "문화", "문화체육과"),
    ("체육진흥위원회", "문화", "문화체육과"),
    ("교육발전위원회", "교육", "교육지원과"),
    ("평생학습위원회", "교육", "교육지원과"),
    ("지역경제활성화위원회", "경제", "일자리정책과"),
    ("일자리위원회", "경제", "일자리정책과"),
    ("안전관리위원회", "안전", "안전총괄과"),
    ("건강도시위원회", "보건", "보건정책과"),
    ("주민참여예산위원회", "행정", "기획예산과"),
    ("정보공개심의위원회", "행정", "전산정보과"),
]

_OCCUPATION_BY_LABEL = {
    "교수": CommitteeMembership.Occupation.PROFESSOR,
    "전문가 (변호사, 회계사, 의사 등)": CommitteeMembership.Occupation.PROFESSIONAL,
    "교사, 구의원, 전직 공무원 등": CommitteeMembership.Occupation.PUBLIC,
    "단체회장, 회원 등": CommitteeMembership.Occupation.ORGANIZATION,
    "회사 대표, 임원 등": CommitteeMembership.Occupation.BUSINESS,
    "자영업, 주부": CommitteeMembership.Occupation.SELF_EMPLOYED,
    "기타 (연구원, 복지사, 관장 등)": CommitteeMembership.Occupation.OTHER,
}
EMAIL_DOMAINS = ["example.com", "example.org"]


def target_members(scale):
    return round(FIGURES["committee_members"]["total"] * scale)


@transaction.atomic
def create_committees(*, scale, rng, stdout):
    """Create departments, the demo committees and their members; idempotent per scale."""
    for order, name in enumerate(DEPARTMENTS, start=1):
        Department.objects.get_or_create(name=name, defaults={"sort_order": order})
    names = [c[0] for c in COMMITTEES]
    target = target_members(scale)
    existing = CommitteeMembership.objects.filter(committee__name__in=names).count()
    if existing == target:
        stdout.write(f"Committees: {existing} demo committee members already present.")
        return
    Committee.objects.filter(name__in=names).delete()

    fields = {f.name: f for f in CommitteeField.objects.all()}
    departments = {d.name: d for d in Department.objects.all()}
    committees = Committee.objects.bulk_create(
        Committee(
            name=name,
            field=fields.get(field) or CommitteeField.objects.get_or_create(name=field)[0],
            department=departments[department],
            description=f"{field} 분야 정책에 대한 자문과 심의를 맡습니다.",
        )
        for name, field, department in COMMITTEES
    )

    figures = FIGURES["committee_members"]
    occupations = allocate(
        target, {_OCCUPATION_BY_LABEL[k]: v for k, v in figures["by_occupation"].items()}
    )
    genders = allocate(target, {"M": figures["male"], "F": figures["female"]})
    occupation_list = [o for o, n in occupations.items() for _ in range(n)]
    gender_list = [g for g, n in genders.items() for _ in range(n)]
    rng.shuffle(occupation_list)
    rng.shuffle(gender_list)

    # A third are registry people already (subscribers who also advise a committee).
    reused_count = target // 3
    reused = list(
        Person.objects.filter(source=Person.Source.DEMO, subscriber__isnull=False).order_by("?")[
            :reused_count
        ]
    )
    new_count = target - len(reused)
    mobiles = fresh_demo_mobiles(rng, new_count)
    new_people = Person.objects.bulk_create(
        Person(
            name=korean_name(rng, gender),
            gender=gender,
            age_band=rng.choice(["40s", "50s", "50s", "60s", "60s", "70+"]),
            region_id=None,
            mobile=mobile,
            email=f"expert{i:04d}@{rng.choice(EMAIL_DOMAINS)}" if rng.random() < 0.85 else "",
            source=Person.Source.DEMO,
        )
        for i, (gender, mobile) in enumerate(zip(gender_list[:new_count], mobiles, strict=True))
    )
    people = reused + new_people
    today = datetime.date.today()
    memberships = []
    for index, (person, occupation) in enumerate(zip(people, occupation_list, strict=True)):
        committee = committees[index % len(committees)]
        start = today.replace(year=today.year - rng.choice([0, 1, 2, 3, 4]), month=1, day=1)
        memberships.append(
            CommitteeMembership(
                committee=committee,
                person=person,
                role=CommitteeMembership.Role.CHAIR
                if index < len(committees)
                else CommitteeMembership.Role.MEMBER,
                occupation=occupation,
                contacts_confirmed=True,
                term_start=start,
                term_end=start.replace(year=start.year + 2) - datetime.timedelta(days=1),
            )
        )
    CommitteeMembership.objects.bulk_create(memberships, batch_size=1000)
    # Experts are mostly reached by e-mail (review requests); fewer agreed to text messages.
    consents = member_consents(
        rng,
        [p.pk for p in people],
        sms_share=0.5,
        email_share=0.9,
        first=today.replace(year=today.year - 4, month=1, day=1),
        last=today,
    )
    stdout.write(
        f"Committees: {len(committees)} committees, {len(memberships)} members "
        f"({len(reused)} also subscribers; {consents} consent records)."
    )

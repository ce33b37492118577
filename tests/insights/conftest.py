"""A small district for the insights tests: one person per group, a consultation with
opinions, an organization activity and meeting minutes, and a staff user per role."""

import datetime

import pytest
from django.utils import timezone

from egov_plugin.committees.models import Committee, CommitteeField, CommitteeMembership
from egov_plugin.consultations.models import Opinion
from egov_plugin.meetings.models import Meeting
from egov_plugin.organizations.models import Activity, OrganizationMembership
from egov_plugin.people import consent
from tests.consultations.conftest import consultation_index, home, make_consultation  # noqa: F401
from tests.factories import PersonFactory, SubscriberFactory
from tests.organizations.factories import OrganizationFactory

INDEX = "egov_insights:index"


@pytest.fixture
def staff(administrator, policy_staff, committee_staff, organization_staff):
    """The four roles by name."""
    return {
        "administrator": administrator,
        "policy": policy_staff,
        "committee": committee_staff,
        "organization": organization_staff,
    }


@pytest.fixture
def district(regions, consultation_index, committee_staff, organization_staff):  # noqa: F811
    """One subscriber, one committee member, one organization member (who is also a
    subscriber), a consultation with two opinions, an activity and a meeting. The committee
    and the organization are managed by the 위원회 담당 and the 단체 담당."""
    seongsu = regions["성수1가1동"]
    subscriber = SubscriberFactory(
        person=PersonFactory(
            name="김민수", mobile="010-1111-2222", email="minsu@example.com", region=seongsu
        ),
        sms_consent=True,
        email_consent=True,
    ).person
    expert = PersonFactory(
        name="이서연", mobile="010-3333-4444", email="seoyeon@univ.ac.kr", gender="F"
    )
    committee = Committee.objects.create(
        name="성동구 복지위원회", field=CommitteeField.objects.get(name="복지")
    )
    CommitteeMembership.objects.create(committee=committee, person=expert, contacts_confirmed=True)
    # A member is reachable through a recorded basis, like anyone (people.audiences.reach).
    for channel in ("sms", "email"):
        consent.grant(expert, channel, wording="위원 연락 동의", wording_version="1")
    committee.managers.add(committee_staff)
    organization = OrganizationFactory(name="성수동 주민자치회", region=seongsu)
    leader = PersonFactory(name="박지훈", mobile="010-5555-6666", email="jihun@example.org")
    SubscriberFactory(person=leader, sms_consent=False)
    OrganizationMembership.objects.create(
        organization=organization, person=leader, contacts_confirmed=True
    )
    organization.managers.add(organization_staff)
    page = make_consultation(
        consultation_index, "주민참여예산 사업 제안", summary="예산을 어디에 쓸지 제안해 주세요."
    )
    opinions = [
        Opinion.objects.create(
            page=page, person=subscriber, name=subscriber.name, mobile=subscriber.mobile,
            text="놀이터 예산을 늘려 주세요.", status="published", region=seongsu,
        ),
        Opinion.objects.create(
            page=page, person=leader, name=leader.name, mobile=leader.mobile,
            text="가로등을 더 밝게 해 주세요.", status="pending",
        ),
    ]  # fmt: skip
    activity = Activity.objects.create(
        organization=organization,
        start_date=datetime.date(2024, 5, 10),
        title="중랑천 청소",
        description="주민 30명이 중랑천 산책로 청소를 했습니다.",
    )
    meeting = Meeting.objects.create(
        body=organization,
        starts_at=timezone.now() - datetime.timedelta(days=3),
        agenda="내년 예산에 관한 논의",
        decisions="예산안을 구청에 제출하기로 함",
    )
    return {
        "subscriber": subscriber,
        "expert": expert,
        "leader": leader,
        "committee": committee,
        "organization": organization,
        "consultation": page,
        "opinions": opinions,
        "activity": activity,
        "meeting": meeting,
        "region": seongsu,
    }


@pytest.fixture(autouse=True)
def english(settings):
    """Messages are asserted in their English source form, whatever translations exist."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield

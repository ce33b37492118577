"""Meetings of organizations and committees: minutes, attachments, search, printing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from egov_plugin.committees.models import Committee, CommitteeField, CommitteeMembership
from egov_plugin.core.models import AuditEvent
from egov_plugin.meetings.models import Meeting, MeetingAttachment
from tests.factories import PersonFactory
from tests.organizations.factories import DocumentFactory, MembershipFactory, OrganizationFactory

from .factories import MeetingFactory

pytestmark = pytest.mark.django_db

ADD = "wagtailsnippets_egov_meetings_meeting:add"
EDIT = "wagtailsnippets_egov_meetings_meeting:edit"
LIST = "wagtailsnippets_egov_meetings_meeting:list"
PRINT = "wagtailsnippets_egov_meetings_meeting:print"


def _at(day, hour=19):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def organization(organization_staff):
    organization = OrganizationFactory(name="사근동 주민자치회")
    organization.managers.add(organization_staff)
    return organization


@pytest.fixture
def committee(committee_staff):
    committee = Committee.objects.create(
        name="성동구 복지위원회", field=CommitteeField.objects.get(name="복지")
    )
    committee.managers.add(committee_staff)
    return committee


def _meeting_form(*, organization=None, committee=None, attachments=(), attendees=(), **fields):
    data = nested_form_data(
        {
            "organization": organization.pk if organization else "",
            "committee": committee.pk if committee else "",
            "starts_at": "2014-06-03 19:00",
            "place": "주민센터 회의실",
            "other_attendees": "동 주민센터 주무관",
            "agenda": "1. 주민참여예산 사업 제안",
            "minutes": rich_text("<p>놀이터 보수를 주민참여예산으로 제안하기로 하였습니다.</p>"),
            "decisions": "놀이터 보수를 우선 제출한다.",
            "attachments": inline_formset(list(attachments)),
            **fields,
        }
    )
    data["attendees"] = [p.pk for p in attendees]
    return data


def test_record_a_meeting_with_minutes_and_an_attachment(
    admin_client_for, organization_staff, organization
):
    members = [MembershipFactory(organization=organization).person for _ in range(3)]
    document = DocumentFactory(title="제안서 초안")
    response = admin_client_for(organization_staff).post(
        reverse(ADD),
        _meeting_form(
            organization=organization,
            attendees=members,
            attachments=[{"document": document.pk, "title": ""}],
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    meeting = Meeting.objects.get()
    assert meeting.body == organization
    assert timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M") == "2014-06-03 19:00"
    assert "주민참여예산" in meeting.minutes and "<p" in meeting.minutes
    assert meeting.minutes_text == "놀이터 보수를 주민참여예산으로 제안하기로 하였습니다."
    assert set(meeting.attendees.all()) == set(members)
    assert meeting.attachments.get().display_title == "제안서 초안"


def test_edit_keeps_the_plain_text_minutes_in_step(
    admin_client_for, organization_staff, organization
):
    meeting = MeetingFactory(body=organization, minutes="<p>예전 내용</p>")
    response = admin_client_for(organization_staff).post(
        reverse(EDIT, args=[meeting.pk]),
        _meeting_form(organization=organization, minutes=rich_text("<p>새 &amp; 고친 내용</p>")),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    meeting.refresh_from_db()
    assert meeting.minutes_text == "새 & 고친 내용"


@pytest.mark.parametrize(
    ("bodies", "field", "message"),
    [
        ((), "organization", "Choose the organization or the committee that met."),
        (
            ("organization", "committee"),
            "committee",
            "Choose either an organization or a committee",
        ),
    ],
)
def test_a_meeting_needs_exactly_one_body(
    admin_client_for, administrator, organization, committee, bodies, field, message
):
    chosen = {"organization": organization, "committee": committee}
    response = admin_client_for(administrator).post(
        reverse(ADD), _meeting_form(**{name: chosen[name] for name in bodies})
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    with translation.override("en"):
        assert str(errors[field][0]).startswith(message)
    assert Meeting.objects.count() == 0


def test_the_database_refuses_a_meeting_of_two_bodies(organization, committee):
    from django.contrib.contenttypes.models import ContentType
    from django.db import IntegrityError, transaction

    # One body type and one body id: a row cannot name two bodies; both are required.
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(body_type=ContentType.objects.get_for_model(committee))
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create()


def test_committee_staff_record_their_committees_meetings(
    admin_client_for, committee_staff, committee
):
    member = PersonFactory(name="정위원")
    CommitteeMembership.objects.create(committee=committee, person=member, contacts_confirmed=True)
    client = admin_client_for(committee_staff)
    form = client.get(reverse(ADD), {"committee": committee.pk}).context["form"]
    assert "organization" not in form.fields  # they choose among committees only
    assert [str(label).split(" · ")[0] for _, label in form.fields["attendees"].choices] == [
        "정위원"
    ]
    response = client.post(reverse(ADD), _meeting_form(committee=committee, attendees=[member]))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Meeting.objects.get().body == committee


def test_committee_staff_get_the_missing_body_message_on_their_field(
    admin_client_for, committee_staff
):
    response = admin_client_for(committee_staff).post(reverse(ADD), _meeting_form())
    assert list(response.context["form"].errors) == ["committee"]
    assert Meeting.objects.count() == 0


def test_committee_staff_do_not_see_organization_meetings(
    admin_client_for, committee_staff, organization, committee
):
    hidden = MeetingFactory(body=organization, place="주민센터 비밀회의실")
    MeetingFactory(body=committee, place="구청 3층 회의실")
    client = admin_client_for(committee_staff)
    html = client.get(reverse(LIST)).content.decode()
    assert "구청 3층 회의실" in html and "주민센터 비밀회의실" not in html
    assert client.get(reverse(EDIT, args=[hidden.pk])).status_code == 404
    assert client.get(reverse(PRINT, args=[hidden.pk])).status_code == 404


# Search ---------------------------------------------------------------------------------


@pytest.fixture
def meetings(organization, committee):
    return {
        "budget": MeetingFactory(
            body=organization,
            starts_at=_at(datetime.date(2014, 3, 4)),
            agenda="1. 예산 집행 보고",
            minutes="<p>주민참여예산 제안 사업을 논의하였습니다.</p>",
            decisions="놀이터 보수를 제안한다.",
        ),
        "cleaning": MeetingFactory(
            body=organization,
            starts_at=_at(datetime.date(2014, 5, 20)),
            agenda="1. 하천변 정비",
            minutes="<p>매월 둘째 토요일에 하천변 청소를 하기로 하였습니다.</p>",
        ),
        "committee": MeetingFactory(
            body=committee,
            starts_at=_at(datetime.date(2014, 5, 31), hour=23),
            agenda="1. 복지 정책 자문",
            minutes="<p>돌봄 예산에 대한 의견을 모았습니다.</p>",
        ),
    }


def _found(response, meetings):
    html = response.content.decode()
    return {key for key, m in meetings.items() if f"/edit/{m.pk}/" in html}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "예산"}, {"budget", "committee"}),
        ({"q": "주민참여예산"}, {"budget"}),
        ({"q": "청소"}, {"cleaning"}),
        ({"q": "청소를"}, {"cleaning"}),
        ({"q": "놀이터"}, {"budget"}),  # the decisions
        ({"q": "p"}, set()),  # not the HTML of the minutes
        ({"body_type": "committee"}, {"committee"}),
        ({"body_type": "organization"}, {"budget", "cleaning"}),
        ({"period_from": "2014-05-01", "period_to": "2014-05-31"}, {"cleaning", "committee"}),
        ({"period_to": "2014-03-31"}, {"budget"}),
        ({"q": "예산", "period_from": "2014-04-01"}, {"committee"}),
    ],
)
def test_search_minutes_by_text_body_and_period(
    admin_client_for, administrator, meetings, params, expected
):
    response = admin_client_for(administrator).get(reverse(LIST), params)
    assert response.status_code == 200
    assert _found(response, meetings) == expected


def test_filter_by_organization_or_committee(
    admin_client_for, administrator, meetings, organization, committee
):
    client = admin_client_for(administrator)
    assert _found(client.get(reverse(LIST), {"organization": organization.pk}), meetings) == {
        "budget",
        "cleaning",
    }
    assert _found(client.get(reverse(LIST), {"committee": committee.pk}), meetings) == {"committee"}


# Printing -------------------------------------------------------------------------------


@pytest.fixture
def printed_meeting(organization):
    kim = MembershipFactory(
        organization=organization, person=PersonFactory(name="김민수"), role="president"
    ).person
    meeting = MeetingFactory(
        body=organization,
        place="사근동 주민센터 2층",
        agenda="1. 연말 이웃돕기",
        minutes="<p>성금 <b>모금</b> 방법을 논의하였습니다.</p>",
        decisions="12월 셋째 주까지 모은다.",
    )
    meeting.attendees.add(kim)
    meeting.save()  # a cluster's many-to-many is stored on save
    MeetingAttachment.objects.create(meeting=meeting, document=DocumentFactory(title="모금 계획서"))
    return meeting


def test_the_printable_minutes_show_everything(
    admin_client_for, organization_staff, printed_meeting
):
    response = admin_client_for(organization_staff).get(reverse(PRINT, args=[printed_meeting.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("사근동 주민자치회", "2014-06-03", "19:00", "사근동 주민센터 2층", "김민수",
                 "연말 이웃돕기", "성금 <b>모금</b> 방법을", "12월 셋째 주까지", "모금 계획서",
                 "@media print"):  # fmt: skip
        assert text in html, text
    event = AuditEvent.objects.get()
    assert event.action == "view" and event.object_id == str(printed_meeting.pk)


def test_the_printable_minutes_mask_names_for_policy_staff(
    admin_client_for, policy_staff, printed_meeting
):
    html = admin_client_for(policy_staff).get(reverse(PRINT, args=[printed_meeting.pk]))
    html = html.content.decode()
    assert "김*수" in html and "김민수" not in html


def test_listing_and_edit_page_link_to_the_printable_minutes(
    admin_client_for, organization_staff, printed_meeting
):
    client = admin_client_for(organization_staff)
    url = reverse(PRINT, args=[printed_meeting.pk])
    assert url in client.get(reverse(LIST)).content.decode()
    assert url in client.get(reverse(EDIT, args=[printed_meeting.pk])).content.decode()


def test_committee_rows_link_to_their_meetings(admin_client_for, committee_staff, committee):
    html = admin_client_for(committee_staff).get(
        reverse("wagtailsnippets_egov_committees_committee:list")
    )
    assert f"{reverse(ADD)}?committee={committee.pk}" in html.content.decode()

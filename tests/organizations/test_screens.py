"""Every organizations screen opens for the people who use it, and is in the e-거버넌스 menu."""

import pytest
from django.urls import reverse

from egov_plugin.committees.models import Committee, CommitteeField, CommitteeMembership
from tests.factories import PersonFactory
from tests.meetings.factories import MeetingFactory

from .factories import ActivityFactory, MembershipFactory

pytestmark = pytest.mark.django_db

SNIPPET = "wagtailsnippets_egov_organizations_{}:{}"
MEETING = "wagtailsnippets_egov_meetings_meeting:{}"


@pytest.fixture
def records():
    membership = MembershipFactory()
    activity = ActivityFactory(organization=membership.organization)
    meeting = MeetingFactory(body=membership.organization)
    return membership.organization, activity, meeting


def test_organization_staff_open_every_screen(admin_client_for, organization_staff, records):
    organization, activity, meeting = records
    client = admin_client_for(organization_staff)
    urls = [
        reverse(SNIPPET.format("organization", "list")),
        reverse(SNIPPET.format("organization", "add")),
        reverse(SNIPPET.format("organization", "edit"), args=[organization.pk]),
        reverse(SNIPPET.format("organization", "inspect"), args=[organization.pk]),
        reverse(SNIPPET.format("organizationkind", "list")),
        reverse(SNIPPET.format("activity", "list")),
        reverse(SNIPPET.format("activity", "add")),
        reverse(SNIPPET.format("activity", "edit"), args=[activity.pk]),
        reverse(SNIPPET.format("activity", "inspect"), args=[activity.pk]),
        reverse(MEETING.format("list")),
        reverse(MEETING.format("add")),
        reverse(MEETING.format("edit"), args=[meeting.pk]),
        reverse(MEETING.format("print"), args=[meeting.pk]),
        reverse("egov_organization_members:index"),
        reverse("egov_organization_members:export"),
        reverse("wagtailimages_chooser:choose"),
        reverse("wagtaildocs_chooser:choose"),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_the_screens_are_in_the_egov_menu(admin_client_for, organization_staff):
    html = admin_client_for(organization_staff).get(reverse("wagtailadmin_home")).content.decode()
    for url in ("/admin/egov/organizations/", "/admin/egov/organization-members/",
                "/admin/egov/activities/", "/admin/egov/meetings/"):  # fmt: skip
        assert url in html, url


def test_policy_staff_read_activities_but_do_not_change_them(
    admin_client_for, policy_staff, records
):
    _, activity, meeting = records
    client = admin_client_for(policy_staff)
    inspect = client.get(reverse(SNIPPET.format("activity", "inspect"), args=[activity.pk]))
    assert inspect.status_code == 200 and activity.title in inspect.content.decode()
    assert client.get(
        reverse(SNIPPET.format("activity", "edit"), args=[activity.pk])
    ).status_code in (302, 403)
    assert client.get(reverse(MEETING.format("add"))).status_code in (302, 403)


def test_committee_staff_print_their_committees_minutes_with_names(
    admin_client_for, committee_staff
):
    committee = Committee.objects.create(
        name="교통위원회", field=CommitteeField.objects.get(name="교통")
    )
    member = PersonFactory(name="한교수")
    CommitteeMembership.objects.create(committee=committee, person=member, contacts_confirmed=True)
    committee.managers.add(committee_staff)
    meeting = MeetingFactory(body=committee)
    meeting.attendees.add(member)
    meeting.save()
    html = admin_client_for(committee_staff).get(
        reverse(MEETING.format("print"), args=[meeting.pk])
    )
    assert "교통위원회" in html.content.decode() and "한교수" in html.content.decode()

"""One relation for every kind of body: look-ups by body, deletion with the body, the old
paths, and a kind registered later getting its field, meetings and messages."""

import pytest
from django.urls import reverse
from django.utils import translation

from egov_plugin.committees.models import Committee, CommitteeField
from egov_plugin.core.models import Department
from egov_plugin.meetings.models import Meeting
from egov_plugin.meetings.viewsets import meeting_edit_handler
from egov_plugin.people.body_kinds import (
    BodyKind,
    get_body_kinds,
    register_body_kind,
    unregister_body_kind,
)
from tests.organizations.factories import OrganizationFactory

from .factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee():
    return Committee.objects.create(
        name="교통위원회", field=CommitteeField.objects.get(name="교통")
    )


def test_meetings_are_found_by_their_body_and_go_with_it(committee):
    organization = OrganizationFactory()
    ours = MeetingFactory(body=organization)
    theirs = MeetingFactory(body=committee)
    assert list(Meeting.objects.for_body(organization)) == [ours]
    assert list(Meeting.objects.for_bodies(Committee.objects.all())) == [theirs]
    organization.delete()
    assert list(Meeting.objects.all()) == [theirs]
    Committee.objects.filter(pk=committee.pk).delete()  # a queryset delete, as the demo's
    assert not Meeting.objects.exists()


def test_each_user_sees_the_meetings_of_the_kinds_they_may_see(
    committee, committee_staff, organization_staff, administrator
):
    of_organization = MeetingFactory()
    of_committee = MeetingFactory(body=committee)
    assert list(Meeting.objects.visible_to(committee_staff)) == [of_committee]
    assert list(Meeting.objects.visible_to(organization_staff)) == [of_organization]
    assert set(Meeting.objects.visible_to(administrator)) == {of_organization, of_committee}


def test_the_screens_keep_their_paths():
    assert reverse("wagtailsnippets_egov_meetings_meeting:list") == "/admin/egov/meetings/"
    assert reverse("wagtailsnippets_egov_meetings_meeting:print", args=[7]) == (
        "/admin/egov/meetings/print/7/"
    )


@pytest.fixture
def department_kind():
    kind = BodyKind(
        model="egov_core.Department",
        label="Department",
        view_permission="egov_core.view_department",
        one_label="a department",
        order=90,
    )
    register_body_kind(kind)
    yield kind
    unregister_body_kind(kind.model)


def test_a_kind_registered_later_gets_its_field_and_meetings(department_kind, django_user_model):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    user = django_user_model.objects.create_superuser(username="root", password="pw")
    department = Department.objects.create(name="기획예산과")
    form_class = meeting_edit_handler(get_body_kinds()).get_form_class()
    data = nested_form_data(
        {
            "department": department.pk,
            "starts_at": "2014-06-03 19:00",
            "attachments": inline_formset([]),
        }
    )
    form = form_class(data=data, instance=Meeting(), for_user=user)
    assert "department" in form.fields
    assert form.is_valid(), form.errors
    meeting = form.save()
    assert meeting.body == department and meeting.body_kind is department_kind
    assert list(Meeting.objects.for_body(department)) == [meeting]

    form = form_class(
        data={**data, "organization": OrganizationFactory().pk}, instance=Meeting(), for_user=user
    )
    assert not form.is_valid()
    with translation.override("en"):
        assert str(form.errors["department"][0]).startswith(
            "Choose either an organization or a committee or a department, not both"
        )

"""Organizations in the admin, as a 단체 담당: create and edit with members inline."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from egov_plugin.core.models import AuditEvent
from egov_plugin.organizations.models import (
    Organization,
    OrganizationKind,
    OrganizationMembership,
)
from egov_plugin.people.models import Person
from tests.factories import PersonFactory

from .factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

ADD = "wagtailsnippets_egov_organizations_organization:add"
EDIT = "wagtailsnippets_egov_organizations_organization:edit"
LIST = "wagtailsnippets_egov_organizations_organization:list"


def _member(person, **overrides):
    row = {"person": person.pk, "email": person.email, "role": "member", "joined_on": "2013-03-01"}
    row.update(overrides)
    return row


def _organization_form(members, regions, *, initial=0, **fields):
    data = {
        "name": "왕십리도선동 주민자치회",
        "kind": OrganizationKind.objects.get(name="주민자치회").pk,
        "region": regions["왕십리도선동"].pk,
        "description": "주민 스스로 마을 일을 의논하는 모임",
        "contact": "02-0000-1234",
        "is_active": "on",
        "memberships": inline_formset(members, initial=initial),
    }
    data.update(fields)
    return nested_form_data(data)


def _row_errors(response, relation="memberships"):
    formset = response.context["form"].formsets[relation]
    return [dict(form.errors) for form in formset.forms], formset.non_form_errors()


def test_the_seeded_kinds_are_there():
    names = set(OrganizationKind.objects.values_list("name", flat=True))
    assert {"주민자치회", "통장협의회", "새마을부녀회", "새마을지도자협의회", "바르게살기위원회",
            "자유총연맹", "방위협의회", "자원봉사캠프"} <= names  # fmt: skip


def test_create_an_organization_with_members(admin_client_for, organization_staff, regions):
    client = admin_client_for(organization_staff)
    # 김회장 is entered through the person chooser by this staff member (typed, so confirmed);
    # 이총무 is picked from the registry, where the chooser shows her masked.
    created = client.post(
        reverse("egov_person_chooser:create"), {"name": "김회장", "mobile": "010-0111-3333"}
    )
    assert created.status_code == 200, created.content.decode()[:2000]
    kim = Person.objects.get(name="김회장")
    lee = PersonFactory(name="이총무", email="lee@example.com")
    response = client.post(
        reverse(ADD),
        _organization_form(
            [
                _member(kim, email="Kim@Example.org", role="president"),
                _member(lee, role="secretary"),
            ],
            regions,
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    organization = Organization.objects.get()
    assert organization.region.name == "왕십리도선동" and organization.contact == "02-0000-1234"
    assert dict(organization.memberships.values_list("person__name", "role")) == {
        "김회장": "president",
        "이총무": "secretary",
    }
    kim.refresh_from_db()
    assert kim.email == "kim@example.org"  # edited from the organization, kept on the person
    assert AuditEvent.objects.filter(action="edit", person_id=kim.pk).count() == 1
    assert list(organization.managers.all()) == [organization_staff]
    confirmed = dict(organization.memberships.values_list("person__name", "contacts_confirmed"))
    assert confirmed == {"김회장": True, "이총무": False}
    # Each addition of a person to the body is its own audit event, naming them masked.
    added = AuditEvent.objects.filter(
        action="create", object_type="egov_organizations.organizationmembership"
    )
    assert {e.person_id for e in added} == {kim.pk, lee.pk}
    summaries = " ".join(e.summary for e in added)
    assert "김*장" in summaries and "이*무" in summaries and organization.name in summaries
    assert "김회장" not in summaries and "이총무" not in summaries


def test_edit_adds_changes_and_removes_members(admin_client_for, organization_staff, regions):
    organization = OrganizationFactory(name="마장동 통장협의회", region=regions["마장동"])
    stays = MembershipFactory(organization=organization, role="member")
    leaves = MembershipFactory(organization=organization)
    newcomer = PersonFactory(name="박신입")
    rows = [
        {**_member(stays.person, role="vice_president"), "id": stays.pk},
        {**_member(leaves.person), "id": leaves.pk, "DELETE": "1"},
        _member(newcomer),
    ]
    response = admin_client_for(organization_staff).post(
        reverse(EDIT, args=[organization.pk]),
        _organization_form(rows, regions, initial=2, name="마장동 통장협의회"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert dict(organization.memberships.values_list("person_id", "role")) == {
        stays.person_id: "vice_president",
        newcomer.pk: "member",
    }


def test_a_person_added_twice_is_refused_on_the_person_field(
    admin_client_for, organization_staff, regions
):
    person = PersonFactory()
    response = admin_client_for(organization_staff).post(
        reverse(ADD),
        _organization_form([_member(person), _member(person, role="president")], regions),
    )
    assert response.status_code == 200
    rows, non_form_errors = _row_errors(response)
    assert rows[0] == {}
    assert list(rows[1]) == ["person"]
    assert "이미 회원으로 등록된 사람입니다" in str(rows[1]["person"])  # the Korean interface
    assert not non_form_errors
    assert Organization.objects.count() == 0 and OrganizationMembership.objects.count() == 0


def test_a_person_added_again_when_editing_is_refused(
    admin_client_for, organization_staff, regions
):
    organization = OrganizationFactory(region=regions["마장동"])
    existing = MembershipFactory(organization=organization)
    rows = [{**_member(existing.person), "id": existing.pk}, _member(existing.person)]
    response = admin_client_for(organization_staff).post(
        reverse(EDIT, args=[organization.pk]),
        _organization_form(rows, regions, initial=1, name=organization.name),
    )
    assert response.status_code == 200
    rows, _ = _row_errors(response)
    assert "person" in rows[1]
    assert OrganizationMembership.objects.count() == 1


def test_a_bad_member_email_is_refused_on_its_field(admin_client_for, organization_staff, regions):
    person = PersonFactory()
    response = admin_client_for(organization_staff).post(
        reverse(ADD), _organization_form([_member(person, email="not-an-address")], regions)
    )
    rows, _ = _row_errors(response)
    assert "email" in rows[0]
    assert Organization.objects.count() == 0


def test_edit_form_shows_member_emails_to_organization_staff(admin_client_for, organization_staff):
    membership = MembershipFactory(person=PersonFactory(email="member@example.com"))
    membership.organization.managers.add(organization_staff)
    html = admin_client_for(organization_staff).get(
        reverse(EDIT, args=[membership.organization_id])
    )
    assert "member@example.com" in html.content.decode()


def test_listing_shows_member_counts_and_links(admin_client_for, organization_staff):
    organization = OrganizationFactory(name="응봉동 새마을부녀회")
    MembershipFactory.create_batch(3, organization=organization)
    html = admin_client_for(organization_staff).get(reverse(LIST)).content.decode()
    assert "응봉동 새마을부녀회" in html
    assert f"?organization={organization.pk}" in html  # members, activities, meetings links


def test_policy_staff_may_look_but_not_edit(admin_client_for, policy_staff):
    organization = OrganizationFactory(name="송정동 방위협의회")
    client = admin_client_for(policy_staff)
    assert "송정동 방위협의회" in client.get(reverse(LIST)).content.decode()
    assert client.get(reverse(EDIT, args=[organization.pk])).status_code in (302, 403)
    assert client.get(reverse(ADD)).status_code in (302, 403)

"""The one abstract membership: committee and organization memberships keep their names."""

from egov_plugin.committees.models import CommitteeMembership
from egov_plugin.organizations.models import OrganizationMembership
from egov_plugin.people.bodies import Membership, membership_models
from egov_plugin.people.models import Person


def test_both_memberships_subclass_the_one_base():
    assert issubclass(CommitteeMembership, Membership)
    assert issubclass(OrganizationMembership, Membership)
    assert {CommitteeMembership, OrganizationMembership} <= set(membership_models())


def test_names_are_kept():
    for model, body, related in (
        (CommitteeMembership, "committee", "committee_memberships"),
        (OrganizationMembership, "organization", "organization_memberships"),
    ):
        meta = model._meta
        assert meta.get_field("person").remote_field.related_name == related
        assert hasattr(Person, related)
        assert [c.name for c in meta.constraints] == [f"egov_{body}_member_once"]
        assert meta.constraints[0].fields == (body, "person")
        assert [code for code, _label in meta.permissions] == ["view_member_contacts"]
        assert meta.ordering == [f"{body}__name", "role", "person__name"]
        assert meta.get_field("role").choices == list(model.Role.choices)
        assert meta.get_field("role").default == "member"

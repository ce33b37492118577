import pytest

from egov_plugin.people.body_kinds import (
    BodyKind,
    body_kind_by_key,
    body_kind_for,
    get_body_kinds,
    register_body_kind,
    unregister_body_kind,
)


class _User:
    def __init__(self, *perms):
        self.perms = set(perms)

    def has_perm(self, perm):
        return perm in self.perms


@pytest.fixture
def test_kinds():
    register_body_kind(BodyKind("tests.Zeta", "Z", "tests.view_zeta", order=999))
    register_body_kind(BodyKind("tests.Alpha", "A", "tests.view_alpha", order=998))
    yield
    # The registry is global: kinds of models that do not exist must not reach other tests.
    unregister_body_kind("tests.Zeta")
    unregister_body_kind("tests.Alpha")


def test_registry_orders_finds_and_filters_by_permission(test_kinds):
    models = [k.model for k in get_body_kinds()]
    assert models.index("tests.Alpha") < models.index("tests.Zeta")
    assert body_kind_for("tests.alpha").label == "A"
    assert body_kind_for("tests.Missing") is None
    visible = [k.model for k in get_body_kinds(_User("tests.view_zeta"))]
    assert "tests.Zeta" in visible and "tests.Alpha" not in visible
    assert body_kind_for("tests.Zeta").key == "zeta"
    assert body_kind_by_key("alpha").model == "tests.Alpha"


def test_committees_and_organizations_register_themselves():
    from egov_plugin.committees.models import Committee
    from egov_plugin.organizations.models import Organization, OrganizationMembership

    kind = body_kind_for(Organization)
    assert kind.key == "organization" and kind.membership_model is OrganizationMembership
    assert body_kind_for(Committee()).view_permission == "egov_committees.view_committee"
    assert [k.key for k in get_body_kinds()][:2] == ["organization", "committee"]

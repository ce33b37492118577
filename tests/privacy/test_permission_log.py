"""Changes of staff rights are recorded, with who made them, and kept three years."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from egov_plugin.core.models import RetentionError
from egov_plugin.people import roles
from egov_plugin.privacy.models import PermissionChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(username="park", password="pw")


def _changes(**filters):
    return list(
        PermissionChange.objects.filter(**filters)
        .order_by("pk")
        .values_list("kind", "change", "target_user_label", "target_group", "detail")
    )


def test_group_membership_from_either_side_and_cleared(staff):
    start = PermissionChange.objects.count()
    admins = Group.objects.get(name=roles.ADMINISTRATOR)
    policy = Group.objects.get(name=roles.POLICY_STAFF)
    staff.groups.add(admins)
    policy.user_set.add(staff)
    staff.groups.clear()
    rows = list(PermissionChange.objects.order_by("pk")[start:].values_list(
        "kind", "change", "target_user_label", "target_group"
    ))  # fmt: skip
    assert rows[:2] == [
        ("membership", "added", "park", roles.ADMINISTRATOR),
        ("membership", "added", "park", roles.POLICY_STAFF),
    ]
    assert sorted(rows[2:]) == [
        ("membership", "removed", "park", roles.ADMINISTRATOR),
        ("membership", "removed", "park", roles.POLICY_STAFF),
    ]


def test_group_and_user_permissions(staff):
    group = Group.objects.create(name="점검반")
    perm = Permission.objects.get(codename="view_personal_data")
    group.permissions.add(perm)
    staff.user_permissions.add(perm)
    perm.group_set.remove(group)
    assert _changes(kind="group_permission", target_group="점검반") == [
        ("group_permission", "added", "", "점검반", "egov_people.view_personal_data"),
        ("group_permission", "removed", "", "점검반", "egov_people.view_personal_data"),
    ]
    assert _changes(kind="user_permission") == [
        ("user_permission", "added", "park", "", "egov_people.view_personal_data"),
    ]


def test_superuser_staff_and_active_flags(staff):
    staff.is_superuser = True
    staff.is_active = False
    staff.save()
    staff.last_login = timezone.now()
    staff.save(update_fields=["last_login"])  # not a change of rights
    assert sorted(d for *_, d in _changes(kind="flag")) == [
        "is_active: True → False",
        "is_superuser: False → True",
    ]
    assert _changes(kind="account")[0][:3] == ("account", "added", "park")


def test_the_actor_is_whoever_made_the_change_in_the_admin(client, django_user_model):
    boss = django_user_model.objects.create_superuser(username="boss", password="pw")
    target = django_user_model.objects.create_user(username="target", password="pw")
    admins = Group.objects.get(name=roles.ADMINISTRATOR)
    client.force_login(boss)
    response = client.post(
        f"/admin/users/edit/{target.pk}/",
        {
            "username": "target",
            "email": "target@example.com",
            "first_name": "T",
            "last_name": "G",
            "password1": "",
            "password2": "",
            "is_active": "on",
            "groups": [admins.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    change = PermissionChange.objects.get(kind="membership", target_user_label="target")
    assert (change.actor_label, change.change, change.target_group) == (
        "boss",
        "added",
        roles.ADMINISTRATOR,
    )
    assert change.ip_address == "127.0.0.1"


def test_records_are_kept_three_years(staff):
    staff.groups.add(Group.objects.get(name=roles.ADMINISTRATOR))
    with pytest.raises(RetentionError, match="kept at least 3 years"):
        PermissionChange.objects.all().delete()
    with pytest.raises(RetentionError):
        PermissionChange.objects.filter(target_user_label="park").first().delete()
    old = PermissionChange.objects.create(
        at=timezone.now() - datetime.timedelta(days=3 * 365 + 2),
        kind="membership",
        change="added",
        detail="old",
    )
    PermissionChange.objects.filter(pk=old.pk).delete()
    assert not PermissionChange.objects.filter(pk=old.pk).exists()
    assert PermissionChange.objects.filter(target_user_label="park").exists()


def test_the_listing_needs_the_review_permission(client, administrator, policy_staff, staff):
    staff.groups.add(Group.objects.get(name=roles.POLICY_STAFF))
    client.force_login(policy_staff)
    assert client.get("/admin/egov/privacy/access/permissions/").status_code in (302, 403)
    client.force_login(administrator)
    response = client.get("/admin/egov/privacy/access/permissions/", {"user": "park"})
    assert response.status_code == 200
    listed = [(c.kind, c.target_group) for c in response.context["object_list"]]
    assert listed == [("membership", roles.POLICY_STAFF), ("account", "")]  # newest first


def test_clearing_from_the_other_side_and_clearing_permissions_are_recorded(staff):
    group = Group.objects.create(name="임시 담당")
    permission = Permission.objects.get(codename="view_person")
    group.user_set.add(staff)
    group.permissions.add(permission)
    staff.user_permissions.add(permission)
    start = PermissionChange.objects.count()

    group.user_set.clear()
    group.permissions.clear()
    staff.user_permissions.clear()

    removed = list(
        PermissionChange.objects.order_by("pk")[start:].values_list(
            "kind", "change", "target_user_label", "target_group", "detail"
        )
    )
    assert removed == [
        ("membership", "removed", "park", "임시 담당", "임시 담당"),
        ("group_permission", "removed", "", "임시 담당", "egov_people.view_person"),
        ("user_permission", "removed", "park", "", "egov_people.view_person"),
    ]

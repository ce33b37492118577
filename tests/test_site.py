"""The example site serves its home page and the admin login, and sets up the staff roles."""

import pytest
from django.contrib.auth.models import Group

from egov_plugin.people import roles

pytestmark = pytest.mark.django_db


def test_home_and_admin_login_answer(client):
    home = client.get("/")
    assert home.status_code == 200
    assert "성동구 e-거버넌스" in home.content.decode()
    assert client.get("/admin/login/").status_code == 200


def test_staff_roles_exist_with_their_permissions():
    names = set(Group.objects.values_list("name", flat=True))
    assert {"관리자", "정책 담당", "위원회 담당", "단체 담당"} <= names
    admin_perms = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name=roles.ADMINISTRATOR).permissions.all()
    }
    assert "egov_people.view_personal_data" in admin_perms
    policy_perms = set(
        Group.objects.get(name=roles.POLICY_STAFF).permissions.values_list("codename", flat=True)
    )
    assert "view_person" in policy_perms and "view_personal_data" not in policy_perms


def test_menu_group_holds_the_people_screen(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert "e-거버넌스" in html


def test_policy_staff_may_add_and_publish_pages():
    from wagtail.models import GroupPagePermission

    granted = set(
        GroupPagePermission.objects.filter(group__name=roles.POLICY_STAFF).values_list(
            "permission__codename", flat=True
        )
    )
    assert {"add_page", "change_page", "publish_page"} <= granted

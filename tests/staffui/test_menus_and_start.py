"""The admin menu by 업무, each role seeing its own areas, and each role's start page."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from wagtail.admin.menu import admin_menu

from egov_plugin.core.menu import WORK_AREAS

pytestmark = pytest.mark.django_db

AREAS = {"인명부", "위원회", "단체", "의견 수렴", "주민참여예산", "발송", "분석", "개인정보 보호"}


def _menu(user):
    reverse("wagtailadmin_home")  # the admin's URLs register the viewsets' menu items
    request = RequestFactory().get("/admin/")
    request.user = user
    with translation.override("ko"):
        return {
            str(item.label): [str(sub.label) for sub in item.menu.menu_items_for_request(request)]
            for item in admin_menu.menu_items_for_request(request)
            if item.name.startswith("egov-")
        }


def test_the_areas_are_the_works_of_the_district():
    with translation.override("ko"):
        assert {str(area.label) for area in WORK_AREAS.values()} == AREAS


def test_an_administrator_sees_every_area_and_no_long_list(administrator):
    menu = _menu(administrator)
    assert set(menu) == AREAS
    # The 27 screens are grouped: no area is a long list again.
    assert max(len(items) for items in menu.values()) <= 6
    assert sum(len(items) for items in menu.values()) >= 25
    assert {"접속기록", "개인정보 접근 기록"} <= set(menu["개인정보 보호"])


@pytest.mark.parametrize(
    ("role", "areas"),
    [
        ("policy_staff", {"인명부", "의견 수렴", "주민참여예산", "발송", "분석"}),
        ("committee_staff", {"인명부", "위원회", "발송"}),
        ("organization_staff", {"인명부", "단체", "발송"}),
    ],
)
def test_each_role_sees_only_its_own_areas(role, areas, request):
    assert set(_menu(request.getfixturevalue(role))) == areas


def test_committee_staff_find_their_meetings_under_committees(committee_staff):
    assert "위원회 회의" in _menu(committee_staff)["위원회"]


def test_a_user_in_no_role_sees_what_they_may_use(django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user(username="custom", password="pw")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_committee"),
    )
    assert set(_menu(user)) == {"위원회"}


def _home(client, user):
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


def test_organization_staff_land_on_their_organizations(client, organization_staff, regions):
    from egov_plugin.organizations.models import Organization, OrganizationKind

    kind, _ = OrganizationKind.objects.get_or_create(name="주민자치회")
    mine = Organization.objects.create(
        name="마장동 주민자치회", kind=kind, region=regions["마장동"]
    )
    Organization.objects.create(name="옥수동 주민자치회", kind=kind, region=regions["옥수동"])
    mine.managers.add(organization_staff)
    html = _home(client, organization_staff)
    assert "내 단체" in html and "마장동 주민자치회" in html
    assert "옥수동 주민자치회" not in html
    assert "접속기록 점검" not in html


def test_policy_staff_land_on_open_consultations(client, policy_staff):
    html = _home(client, policy_staff)
    assert "진행 중인 정책 의견 수렴" in html and "검토 대기 의견" in html
    assert "내 단체" not in html


def test_administrators_land_on_the_access_review(client, administrator):
    html = _home(client, administrator)
    assert "접속기록 점검" in html and "지난달 점검하기" in html

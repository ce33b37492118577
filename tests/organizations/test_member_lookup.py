"""The organization member look-up: search, filters, masking by role, audit, export."""

import io

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from egov_plugin.core.models import AuditEvent
from egov_plugin.organizations.models import OrganizationKind
from tests.factories import PersonFactory

from .conftest import reload
from .factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

LOOKUP = "egov_organization_members:index"
EXPORT = "egov_organization_members:export"
NAMES = ("김민수", "박서연", "최지훈")


@pytest.fixture
def members(regions, organization_staff):
    """Two organizations managed by the 단체 담당, with confirmed members."""
    residents = OrganizationFactory(
        name="마장동 주민자치회",
        kind=OrganizationKind.objects.get(name="주민자치회"),
        region=regions["마장동"],
    )
    women = OrganizationFactory(
        name="옥수동 새마을부녀회",
        kind=OrganizationKind.objects.get(name="새마을부녀회"),
        region=regions["옥수동"],
    )
    rows = [
        (residents, "김민수", "010-0123-4567", "minsu@example.com", "president"),
        (residents, "박서연", "010-0123-9999", "", "member"),
        (women, "최지훈", "010-0555-0001", "jihoon@example.org", "secretary"),
    ]
    for organization, name, mobile, email, role in rows:
        MembershipFactory(
            organization=organization,
            person=PersonFactory(name=name, mobile=mobile, email=email),
            role=role,
        )
    residents.managers.add(organization_staff)
    women.managers.add(organization_staff)
    return residents, women


def _names(response):
    html = response.content.decode()
    return {n for n in NAMES if n in html}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, set(NAMES)),
        ({"q": "민수"}, {"김민수"}),
        ({"q": "jihoon@"}, {"최지훈"}),
        ({"q": "9999"}, {"박서연"}),
        ({"q": "010-0123-4567"}, {"김민수"}),
        ({"has_email": "no"}, {"박서연"}),
        ({"has_email": "yes"}, {"김민수", "최지훈"}),
        ({"role": "president"}, {"김민수"}),
    ],
)
def test_search_and_filters(admin_client_for, organization_staff, members, params, expected):
    response = admin_client_for(organization_staff).get(reverse(LOOKUP), params)
    assert response.status_code == 200
    assert _names(response) == expected
    events = list(AuditEvent.objects.values_list("action", flat=True))
    assert events == ["search" if params else "list"]  # exactly one event per listing or search


def test_filters_by_organization_kind_and_neighbourhood(
    admin_client_for, organization_staff, members, regions
):
    residents, women = members
    client = admin_client_for(organization_staff)
    assert _names(client.get(reverse(LOOKUP), {"organization": women.pk})) == {"최지훈"}
    assert _names(client.get(reverse(LOOKUP), {"kind": residents.kind_id})) == {"김민수", "박서연"}
    assert _names(client.get(reverse(LOOKUP), {"region": regions["옥수동"].pk})) == {"최지훈"}
    assert AuditEvent.objects.filter(action="search").count() == 3


def test_each_results_page_request_is_audited_once(admin_client_for, organization_staff, members):
    client = admin_client_for(organization_staff)
    client.get(reverse("egov_organization_members:index_results"), {"q": "김"})
    event = AuditEvent.objects.get()
    assert event.action == "search" and event.data["query"] == "김" and event.data["results"] == 1


def test_organization_staff_see_contacts(admin_client_for, organization_staff, members):
    html = admin_client_for(organization_staff).get(reverse(LOOKUP)).content.decode()
    assert "김민수" in html and "minsu@example.com" in html and "010-0123-4567" in html


def test_committee_staff_see_members_masked_unless_granted(
    admin_client_for, committee_staff, members
):
    # Looking at the list at all needs the view permission; contacts need their own.
    committee_staff.user_permissions.add(
        Permission.objects.get(codename="view_organizationmembership")
    )
    client = admin_client_for(reload(committee_staff))
    html = client.get(reverse(LOOKUP)).content.decode()
    assert "김*수" in html and "m***@example.com" in html and "010-0123-****" in html
    assert "김민수" not in html and "minsu@example.com" not in html and "4567" not in html

    committee_staff.user_permissions.add(
        Permission.objects.get(
            codename="view_member_contacts", content_type__app_label="egov_organizations"
        )
    )
    client.force_login(reload(committee_staff))
    html = client.get(reverse(LOOKUP)).content.decode()
    assert "김민수" not in html  # the permission counts only for organizations one manages
    members[0].managers.add(committee_staff)
    html = client.get(reverse(LOOKUP)).content.decode()
    assert "김민수" in html and "minsu@example.com" in html
    assert "최지훈" not in html  # of an organization they do not manage


def test_committee_staff_without_the_view_permission_are_refused(
    admin_client_for, committee_staff, members
):
    response = admin_client_for(committee_staff).get(reverse(LOOKUP))
    assert response.status_code in (302, 403)


def test_export_asks_a_reason_and_covers_the_whole_selection(
    admin_client_for, organization_staff, members
):
    client = admin_client_for(organization_staff)
    url = reverse(EXPORT) + "?has_email=yes"
    refused = client.post(url, {"format": "xlsx", "reason": ""})
    assert refused.status_code == 200 and "reason" in refused.context["form"].errors
    assert not AuditEvent.objects.filter(action="export").exists()

    response = client.post(url, {"format": "xlsx", "reason": "단체 회의 안내 발송"})
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert len(rows) == 3  # the header and the two members with an address
    assert {r[2] for r in rows[1:]} == {"minsu@example.com", "jihoon@example.org"}
    event = AuditEvent.objects.get(action="export")
    assert event.reason == "단체 회의 안내 발송" and event.data["rows"] == 2


def test_export_is_masked_for_users_without_the_contacts_permission(
    admin_client_for, committee_staff, members
):
    committee_staff.user_permissions.add(
        Permission.objects.get(codename="view_organizationmembership")
    )
    response = admin_client_for(reload(committee_staff)).post(
        reverse(EXPORT) + "?q=민수", {"format": "csv", "reason": "통계 확인용"}
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "김*수" in text and "010-0123-****" in text and "m***@example.com" in text
    assert "김민수" not in text and "minsu@" not in text

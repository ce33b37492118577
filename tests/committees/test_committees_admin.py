"""Committees in the admin, as a 위원회 담당: members inline with e-mail, look-up, export."""

import openpyxl
import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from egov_plugin.committees.models import Committee, CommitteeField, CommitteeMembership
from egov_plugin.core.models import AuditEvent
from egov_plugin.people import roles
from egov_plugin.people.models import Person
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

ADD = "wagtailsnippets_egov_committees_committee:add"
EDIT = "wagtailsnippets_egov_committees_committee:edit"
LOOKUP = "egov_committee_members:index"
EXPORT = "egov_committee_members:export"


def _member(person, **overrides):
    row = {
        "person": person.pk,
        "email": person.email,
        "role": "member",
        "occupation": "professor",
        "term_start": "2024-01-01",
        "term_end": "2025-12-31",
    }
    row.update(overrides)
    return row


def _committee_form(members, **fields):
    data = {
        "name": "성동구 복지위원회",
        "field": CommitteeField.objects.get(name="복지").pk,
        "description": "",
        "is_active": "on",
        "memberships": inline_formset(members),
    }
    data.update(fields)
    return nested_form_data(data)


def test_create_a_committee_with_members_and_set_their_email(admin_client_for, committee_staff):
    client = admin_client_for(committee_staff)
    # 김교수 is entered on the spot through the person chooser: the staff member typed her
    # contacts, so her membership is confirmed and her address may be set from the committee.
    created = client.post(
        reverse("egov_person_chooser:create"), {"name": "김교수", "mobile": "010-0111-2222"}
    )
    assert created.status_code == 200, created.content.decode()[:2000]
    kim = Person.objects.get(name="김교수")
    lee = PersonFactory(name="이변호사", email="lee@example.com")
    response = client.post(
        reverse(ADD),
        _committee_form([_member(kim, email="Kim.Prof@Example.org", role="chair"), _member(lee)]),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    committee = Committee.objects.get()
    assert committee.memberships.count() == 2
    kim.refresh_from_db()
    assert kim.email == "kim.prof@example.org"  # edited from the committee, stored on the person
    assert AuditEvent.objects.filter(action="edit", person_id=kim.pk).count() == 1
    # The creator manages the new committee; 이변호사, picked masked, stays unconfirmed.
    assert list(committee.managers.all()) == [committee_staff]
    confirmed = dict(committee.memberships.values_list("person__name", "contacts_confirmed"))
    assert confirmed == {"김교수": True, "이변호사": False}


def test_edit_form_shows_member_emails_to_committee_staff(admin_client_for, committee_staff):
    person = PersonFactory(email="expert@example.com")
    committee = Committee.objects.create(name="교통위원회", field=CommitteeField.objects.first())
    CommitteeMembership.objects.create(committee=committee, person=person, contacts_confirmed=True)
    committee.managers.add(committee_staff)
    html = admin_client_for(committee_staff).get(reverse(EDIT, args=[committee.pk]))
    assert "expert@example.com" in html.content.decode()


@pytest.mark.parametrize(
    ("members", "field"),
    [
        ("twice", "__all__"),
        ("bad_term", "term_end"),
        ("bad_email", "email"),
    ],
)
def test_bad_member_rows_are_refused_and_nothing_is_stored(
    admin_client_for, committee_staff, members, field
):
    person = PersonFactory()
    rows = {
        "twice": [_member(person), _member(person, role="chair")],
        "bad_term": [_member(person, term_start="2025-01-01", term_end="2024-01-01")],
        "bad_email": [_member(person, email="not-an-address")],
    }[members]
    response = admin_client_for(committee_staff).post(reverse(ADD), _committee_form(rows))
    assert response.status_code == 200
    formset = response.context["form"].formsets["memberships"]
    errors = [e for form in formset.forms for e in form.errors] + (
        ["__all__"] if formset.non_form_errors() else []
    )
    assert field in errors
    assert Committee.objects.count() == 0 and CommitteeMembership.objects.count() == 0


@pytest.fixture
def members(committee_staff):
    """Two committees managed by the 위원회 담당, with confirmed members."""
    welfare = Committee.objects.create(
        name="복지위원회", field=CommitteeField.objects.get(name="복지")
    )
    traffic = Committee.objects.create(
        name="교통위원회", field=CommitteeField.objects.get(name="교통")
    )
    rows = [
        (welfare, "김민수", "minsu@example.com", "professor", "2024-01-01", "2099-12-31"),
        (welfare, "박서연", "", "business", "2020-01-01", "2021-12-31"),
        (traffic, "최지훈", "jihoon@example.org", "other", "2024-01-01", None),
    ]
    for committee, name, email, occupation, start, end in rows:
        CommitteeMembership.objects.create(
            committee=committee,
            person=PersonFactory(name=name, email=email),
            occupation=occupation,
            term_start=start,
            term_end=end,
            contacts_confirmed=True,
        )
    welfare.managers.add(committee_staff)
    traffic.managers.add(committee_staff)
    return welfare, traffic


def _names(response):
    html = response.content.decode()
    return {n for n in ("김민수", "박서연", "최지훈") if n in html}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"김민수", "박서연", "최지훈"}),
        ({"q": "민수"}, {"김민수"}),
        ({"q": "jihoon@"}, {"최지훈"}),
        ({"has_email": "no"}, {"박서연"}),
        ({"has_email": "yes"}, {"김민수", "최지훈"}),
        ({"term": "ended"}, {"박서연"}),
        ({"term": "current"}, {"김민수", "최지훈"}),
        ({"occupation": "professor"}, {"김민수"}),
    ],
)
def test_member_lookup_searches_and_filters(
    admin_client_for, committee_staff, members, params, expected
):
    response = admin_client_for(committee_staff).get(reverse(LOOKUP), params)
    assert response.status_code == 200
    assert _names(response) == expected
    assert AuditEvent.objects.count() == 1  # one event per listing or search


def test_lookup_filters_by_committee_and_field(admin_client_for, committee_staff, members):
    welfare, traffic = members
    client = admin_client_for(committee_staff)
    assert _names(client.get(reverse(LOOKUP), {"committee": traffic.pk})) == {"최지훈"}
    assert _names(client.get(reverse(LOOKUP), {"field": welfare.field_id})) == {"김민수", "박서연"}


def test_organization_staff_cannot_see_committee_contacts_unless_granted(
    admin_client_for, organization_staff, members
):
    group = Group.objects.get(name=roles.ORGANIZATION_STAFF)
    group.permissions.add(Permission.objects.get(codename="view_committeemembership"))
    client = admin_client_for(organization_staff)
    html = client.get(reverse(LOOKUP)).content.decode()
    assert "김*수" in html and "m***@example.com" in html
    assert "김민수" not in html and "minsu@example.com" not in html
    organization_staff.user_permissions.add(
        Permission.objects.get(
            codename="view_member_contacts", content_type__app_label="egov_committees"
        )
    )
    organization_staff = type(organization_staff).objects.get(pk=organization_staff.pk)
    client.force_login(organization_staff)
    # The permission alone shows nothing more: only the committees one manages.
    assert "minsu@example.com" not in client.get(reverse(LOOKUP)).content.decode()
    members[0].managers.add(organization_staff)
    assert "minsu@example.com" in client.get(reverse(LOOKUP)).content.decode()


def test_organization_staff_without_view_permission_is_refused(
    admin_client_for, organization_staff, members
):
    response = admin_client_for(organization_staff).get(reverse(LOOKUP))
    assert response.status_code in (302, 403)


def test_export_asks_a_reason_is_audited_and_covers_the_whole_selection(
    admin_client_for, committee_staff, members
):
    client = admin_client_for(committee_staff)
    url = reverse(EXPORT) + "?has_email=yes"
    refused = client.post(url, {"format": "xlsx", "reason": ""})
    assert refused.status_code == 200 and "reason" in refused.context["form"].errors
    assert not AuditEvent.objects.filter(action="export").exists()

    response = client.post(url, {"format": "xlsx", "reason": "자문 자료 발송"})
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(
        __import__("io").BytesIO(b"".join(response.streaming_content))
    )
    rows = list(workbook.active.iter_rows(values_only=True))
    assert len(rows) == 3  # header and the two members with an address
    assert {r[1] for r in rows[1:]} == {"minsu@example.com", "jihoon@example.org"}
    event = AuditEvent.objects.get(action="export")
    assert event.reason == "자문 자료 발송" and event.data["rows"] == 2


def test_copy_addresses_lists_the_selection(admin_client_for, committee_staff, members):
    response = admin_client_for(committee_staff).post(
        reverse(EXPORT) + "?q=example", {"format": "addresses", "reason": "위원 자료 발송"}
    )
    html = response.content.decode()
    assert "jihoon@example.org; minsu@example.com" in html
    assert AuditEvent.objects.get(action="export").data["rows"] == 2

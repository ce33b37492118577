"""KISA 웹 취약점 항목 「불충분한 권한 검증」 (Insufficient Authorization).

항목: 로그인한 사용자가 자기 권한 밖의 화면·기능·데이터에 URL이나 요청 값만 바꾸어 닿는지
(다른 역할의 화면, 다른 기구·발송·업로드의 번호를 넣은 IDOR, 숨긴 필드를 직접 보내기)
점검한다.

The item: can a signed-in user reach screens, actions or data outside their rights by
changing a URL or a posted value — another role's screens, ids of other bodies, campaigns or
imports (IDOR), fields the form does not offer?

Attacks tried against this project's own routes, and the controls that stop them:

- **Unmasking by adding a member** (issue 13 item 2). A 단체 담당 picks a masked registry person
  and adds them to an organization, then reads the member look-up, its export, the
  organization's edit form, the cross-search export and the person page. Control:
  ``egov_plugin.people.bodies`` — contacts are shown only for *confirmed* members of bodies the
  staff member *manages*; a person picked from the masked chooser stays unconfirmed; the rule
  is applied in every view and export (not only the form), and the addition is its own audit
  event with the masked name.
- **Posting fields the form does not offer**: ``contacts_confirmed`` on a member row and
  ``managers`` on the body (to confirm oneself, or to become manager of any body). Control:
  the fields are not in the form of users without ``view_personal_data`` (posted values are
  ignored).
- **Swapping the person of a confirmed row** to a target person. Control: a person new to a
  row is confirmed only by who may see them.
- **IDOR across roles**: a 위원회 담당 opening an organization's edit page and member export, a
  단체 담당 opening a committee's, a committee's staff opening a campaign's send page, a
  단체 담당 opening a people-import job by its number. Control: Wagtail's model permissions on
  every view, ``JobPermissionMixin`` (kinds the user may upload).
- **IDOR within a role**: another 단체 담당 opening a members' upload job of an organization they
  do not manage sees its rows masked (``imports.permissions.can_view_contacts`` with the job).
- **Approving without the right**: the author approving their own campaign, or staff without
  ``approve_campaign`` posting ``action=approve``. Control: ``outreach.approval.approve``.
"""

import io

import openpyxl
import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from egov_plugin.core.models import AuditEvent
from egov_plugin.organizations.models import Organization, OrganizationMembership
from egov_plugin.outreach.models import Campaign
from egov_plugin.people import roles
from tests.factories import PersonFactory, SubscriberFactory
from tests.organizations.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

ORG_EDIT = "wagtailsnippets_egov_organizations_organization:edit"
COMMITTEE_ADD = "wagtailsnippets_egov_committees_committee:add"
ORG_LOOKUP = "egov_organization_members:index"
ORG_EXPORT = "egov_organization_members:export"

TARGET_NAME, TARGET_MOBILE, TARGET_EMAIL = "정비밀", "010-0987-6543", "secret@example.org"


@pytest.fixture
def target(db):
    """A registry person the 단체 담당 may not see (a subscriber, not a member of anything)."""
    return SubscriberFactory(
        person=PersonFactory(name=TARGET_NAME, mobile=TARGET_MOBILE, email=TARGET_EMAIL),
        sms_consent=True,
    ).person


@pytest.fixture
def managed(organization_staff, regions):
    """An organization the 단체 담당 manages, with one confirmed member of their own."""
    organization = OrganizationFactory(name="송정동 주민자치회", region=regions["송정동"])
    organization.managers.add(organization_staff)
    MembershipFactory(
        organization=organization,
        person=PersonFactory(name="한회장", mobile="010-0111-0001"),
        role="president",
    )
    return organization


def _org_form(organization, rows, managers=None, **fields):
    data = {
        "name": organization.name,
        "kind": organization.kind_id,
        "region": organization.region_id or "",
        "description": "",
        "contact": "",
        "is_active": "on",
        "memberships": inline_formset(rows, initial=len(rows) - fields.pop("new", 0)),
    }
    data.update(fields)
    flat = nested_form_data(data)
    if managers is not None:
        flat["managers"] = managers  # a multiple choice: one value per ticked box
    return flat


def _row(membership=None, person=None, **extra):
    row = {
        "id": membership.pk if membership else "",
        "person": (person or membership.person).pk,
        "email": "",
        "role": "member",
        "joined_on": "",
    }
    row.update(extra)
    return row


def _add_member(client, organization, person, **extra):
    existing = list(organization.memberships.order_by("pk"))
    rows = [_row(m, email=m.person.email) for m in existing] + [_row(person=person, **extra)]
    response = client.post(
        reverse(ORG_EDIT, args=[organization.pk]), _org_form(organization, rows, new=1)
    )
    assert response.status_code == 302, response.content.decode()[:3000]


def _xlsx_text(response):
    assert response.status_code == 200 and hasattr(response, "streaming_content"), (
        response.context["form"].errors if response.context else response.status_code
    )
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return " ".join(
        str(cell) for row in workbook.active.iter_rows(values_only=True) for cell in row if cell
    )


def _assert_masked(text):
    assert TARGET_NAME not in text and TARGET_MOBILE not in text and TARGET_EMAIL not in text


def test_adding_a_person_to_a_managed_organization_does_not_unmask_them(
    admin_client_for, organization_staff, managed, target
):
    client = admin_client_for(organization_staff)
    # The chooser shows the person masked ...
    chooser = client.get(reverse("egov_person_chooser:choose_results"), {"q": "6543"})
    _assert_masked(chooser.content.decode())
    assert "정*밀" in chooser.content.decode()
    # ... and a forged "confirmed" tick on the new row is not part of the form.
    _add_member(client, managed, target, contacts_confirmed="on")
    membership = OrganizationMembership.objects.get(person=target)
    assert membership.contacts_confirmed is False

    lookup = client.get(reverse(ORG_LOOKUP))
    assert lookup.status_code == 200
    lookup = lookup.content.decode()
    _assert_masked(lookup)
    assert "정*밀" in lookup and "한회장" in lookup  # their own confirmed member stays clear
    export = client.post(reverse(ORG_EXPORT), {"format": "xlsx", "reason": "회원 명단 점검"})
    _assert_masked(_xlsx_text(export))
    edit = client.get(reverse(ORG_EDIT, args=[managed.pk])).content.decode()
    assert TARGET_EMAIL not in edit
    cross = client.post(
        reverse("egov_insights:export") + "?q=6543", {"format": "xlsx", "reason": "회원 명단 점검"}
    )
    assert cross.status_code == 200
    _assert_masked(_xlsx_text(cross))
    person_page = client.get(reverse("egov_insights:person", args=[target.pk]))
    assert person_page.status_code == 200
    _assert_masked(person_page.content.decode())
    assert "정*밀" in person_page.content.decode()

    # The addition itself is on the record, as such, with the masked name only.
    event = AuditEvent.objects.get(
        action="create", object_type="egov_organizations.organizationmembership"
    )
    assert event.person_id == target.pk and event.actor == organization_staff
    assert "정*밀" in event.summary and TARGET_NAME not in event.summary


def test_an_administrator_confirms_and_only_then_the_manager_sees_the_member(
    admin_client_for, administrator, organization_staff, managed, target
):
    client = admin_client_for(organization_staff)
    _add_member(client, managed, target)
    membership = OrganizationMembership.objects.get(person=target)
    admin = admin_client_for(administrator)
    rows = [
        _row(m, email=m.person.email, contacts_confirmed="on")
        for m in managed.memberships.order_by("pk")
    ]
    form = _org_form(managed, rows, managers=[organization_staff.pk])
    response = admin.post(reverse(ORG_EDIT, args=[managed.pk]), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    membership.refresh_from_db()
    assert membership.contacts_confirmed is True
    assert list(managed.managers.all()) == [organization_staff]
    client.force_login(organization_staff)
    assert TARGET_MOBILE in client.get(reverse(ORG_LOOKUP)).content.decode()


def test_swapping_the_person_of_a_confirmed_row_does_not_carry_the_confirmation(
    admin_client_for, organization_staff, managed, target
):
    client = admin_client_for(organization_staff)
    confirmed = managed.memberships.get()
    rows = [_row(confirmed, person=target)]
    response = client.post(reverse(ORG_EDIT, args=[managed.pk]), _org_form(managed, rows))
    assert response.status_code == 302, response.content.decode()[:3000]
    confirmed.refresh_from_db()
    assert confirmed.person == target and confirmed.contacts_confirmed is False
    _assert_masked(client.get(reverse(ORG_LOOKUP)).content.decode())


def test_a_member_of_an_organization_one_does_not_manage_stays_masked(
    admin_client_for, organization_staff, managed, regions
):
    other = OrganizationFactory(name="금호동 새마을부녀회")
    MembershipFactory(
        organization=other, person=PersonFactory(name="유타인", mobile="010-0222-0002")
    )
    client = admin_client_for(organization_staff)
    html = client.get(reverse(ORG_LOOKUP)).content.decode()
    assert "유*인" in html and "유타인" not in html and "010-0222-0002" not in html
    # Making oneself a manager of the other organization: the field is not offered.
    rows = [_row(m) for m in other.memberships.all()]
    client.post(
        reverse(ORG_EDIT, args=[other.pk]),
        _org_form(other, rows, managers=[organization_staff.pk]),
    )
    assert not other.managers.exists()
    assert "유타인" not in client.get(reverse(ORG_LOOKUP)).content.decode()


def test_the_registry_email_of_a_picked_person_cannot_be_overwritten(
    admin_client_for, organization_staff, managed, target
):
    client = admin_client_for(organization_staff)
    existing = list(managed.memberships.order_by("pk"))
    rows = [_row(m, email=m.person.email) for m in existing] + [
        _row(person=target, email="attacker@example.net")
    ]
    response = client.post(reverse(ORG_EDIT, args=[managed.pk]), _org_form(managed, rows, new=1))
    assert response.status_code == 200  # refused, with the message on the row's e-mail field
    formset = response.context["form"].formsets["memberships"]
    assert "email" in formset.forms[-1].errors
    target.refresh_from_db()
    assert target.email == TARGET_EMAIL
    assert not OrganizationMembership.objects.filter(person=target).exists()


@pytest.mark.parametrize(
    ("role_fixture", "url_name", "args"),
    [
        ("committee_staff", ORG_EDIT, "organization"),
        ("committee_staff", ORG_EXPORT, None),
        ("organization_staff", COMMITTEE_ADD, None),
        ("organization_staff", "egov_committee_members:export", None),
        ("committee_staff", "egov_outreach_campaigns:send", "campaign"),
        ("organization_staff", "egov_imports:job", "people_job"),
    ],
)
def test_staff_of_one_role_cannot_reach_another_roles_screens_by_url(
    request, admin_client_for, role_fixture, url_name, args, regions
):
    from egov_plugin.imports.models import ImportJob

    user = request.getfixturevalue(role_fixture)
    objects = {
        "organization": lambda: OrganizationFactory(),
        "campaign": lambda: Campaign.objects.create(name="안내", message="안내"),
        "people_job": lambda: ImportJob.objects.create(kind="people", original_name="p.xlsx"),
    }
    url = reverse(url_name, args=[objects[args]().pk] if args else [])
    client = admin_client_for(user)
    for response in (client.get(url), client.post(url, {"action": "start"})):
        assert response.status_code in (302, 403), (url, response.status_code)
        if response.status_code == 302:
            assert "/login/" in response["Location"] or response["Location"].endswith("/admin/")
    assert not Campaign.objects.exclude(status="draft").exists()


def test_another_organization_staff_sees_an_upload_job_masked(
    admin_client_for, organization_staff, django_user_model, managed
):
    from egov_plugin.imports.models import ImportJob, ImportRow

    job = ImportJob.objects.create(
        kind="organization-members",
        original_name="members.xlsx",
        organization=managed,
        created_by=organization_staff,
        headers=["성명", "휴대폰"],
        mapping={"0": "name", "1": "mobile"},
        status="previewed",
    )
    ImportRow.objects.create(
        job=job, row_number=2, outcome="rejected", data=["정비밀", TARGET_MOBILE], message="x"
    )
    colleague = django_user_model.objects.create_user(username="org-kang", password="pw")
    colleague.groups.add(Group.objects.get(name=roles.ORGANIZATION_STAFF))
    url = reverse("egov_imports:errors", args=[job.pk])
    for user, visible in ((organization_staff, True), (colleague, False)):
        response = admin_client_for(user).post(url, {"format": "xlsx", "reason": "오류 행 확인"})
        assert response.status_code == 200
        assert (TARGET_MOBILE in _xlsx_text(response)) is visible


def test_the_author_or_a_user_without_the_right_cannot_approve(
    admin_client_for, policy_staff, django_user_model
):
    campaign = Campaign.objects.create(name="안내", message="안내", created_by=policy_staff)
    url = reverse("egov_outreach_campaigns:send", args=[campaign.pk])
    policy_staff.user_permissions.add(Permission.objects.get(codename="approve_campaign"))
    author = type(policy_staff).objects.get(pk=policy_staff.pk)
    response = admin_client_for(author).post(url, {"action": "approve"}, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    colleague = django_user_model.objects.create_user(username="policy-jung", password="pw")
    colleague.groups.add(Group.objects.get(name=roles.POLICY_STAFF))
    response = admin_client_for(colleague).post(url, {"action": "approve"})
    assert response.status_code in (302, 403)  # Wagtail turns the refusal into a redirect
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DRAFT and campaign.approved_by is None


def test_organizations_listing_is_not_editable_by_committee_staff(
    admin_client_for, committee_staff, regions
):
    organization = OrganizationFactory(name="사근동 주민자치회")
    response = admin_client_for(committee_staff).post(
        reverse(ORG_EDIT, args=[organization.pk]), _org_form(organization, [], name="바뀐 이름")
    )
    assert response.status_code in (302, 403)
    assert Organization.objects.get(pk=organization.pk).name == "사근동 주민자치회"

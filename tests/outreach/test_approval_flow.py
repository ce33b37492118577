"""Approval that flows (issue 16, item 7): the author sees who approves and asks them, the
approvers find it on their dashboard, a lone approver is warned, and sending starts from a
confirmation that states audience, cost and when the quiet hours let it begin."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from egov_plugin.core import sms
from egov_plugin.outreach import approval, sending
from egov_plugin.outreach.checks import check_two_approvers
from egov_plugin.outreach.models import Campaign
from egov_plugin.people import roles

SEOUL = ZoneInfo("Asia/Seoul")


@pytest.fixture(autouse=True)
def approval_on(settings):
    settings.EGOV_OUTREACH_APPROVAL_ALL = True
    settings.EGOV_PUBLIC_BASE_URL = "https://www.sd.go.kr"


@pytest.fixture
def author(policy_staff):
    policy_staff.first_name = "이정책"
    policy_staff.save()
    return policy_staff


@pytest.fixture
def two_admins(django_user_model):
    people = []
    for username, name in (("admin-kim", "김관리"), ("admin-park", "박승인")):
        user = django_user_model.objects.create_user(
            username=username,
            password="pw",
            first_name=name,
            email=f"{username}@sd.go.kr",
        )
        user.groups.add(Group.objects.get(name=roles.ADMINISTRATOR))
        people.append(user)
    return people


def send_url(campaign):
    return reverse("egov_outreach_campaigns:send", args=[campaign.pk])


def test_the_author_sees_who_approves_and_asks_them(
    subscribers, author, two_admins, make_campaign, admin_client_for, client
):
    campaign = make_campaign(created_by=author)
    page = admin_client_for(author).get(send_url(campaign)).content.decode()
    assert 'value="approve"' not in page  # never a button the author may not use
    assert re.search(r"data-approvers>김관리, 박승인<", page)
    assert 'value="request_approval"' in page

    client.post(send_url(campaign), {"action": "request_approval"})
    campaign.refresh_from_db()
    assert campaign.approval_requested_by == author and campaign.approval_requested_at
    assert sorted(m.to[0] for m in mail.outbox) == ["admin-kim@sd.go.kr", "admin-park@sd.go.kr"]
    assert all(send_url(campaign) in m.body for m in mail.outbox)

    # Each approver finds it on the dashboard; approving takes it off.
    client.force_login(two_admins[0])
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "data-awaiting" in dashboard and campaign.name in dashboard
    html = client.get(send_url(campaign)).content.decode()
    assert 'value="approve"' in html and 'value="request_approval"' not in html
    client.post(send_url(campaign), {"action": "approve"})
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.APPROVED
    assert "data-awaiting" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_approver_group_narrows_who_approves(settings, author, two_admins, make_campaign):
    deputies = Group.objects.create(name="발송 승인자")
    two_admins[1].groups.add(deputies)
    settings.EGOV_OUTREACH_APPROVER_GROUP = "발송 승인자"
    campaign = make_campaign(created_by=author)
    assert list(approval.approvers(campaign)) == [two_admins[1]]
    assert not approval.may_approve(campaign, two_admins[0])
    assert approval.may_approve(campaign, two_admins[1])


def test_a_lone_administrator_is_told_and_the_check_warns(
    subscribers, administrator, make_campaign, admin_client_for
):
    # The only person who may approve writes a campaign: nobody else can approve it.
    campaign = make_campaign(created_by=administrator)
    admin = admin_client_for(administrator)
    page = admin.get(send_url(campaign)).content.decode()
    assert "data-no-approver" in page
    assert 'value="approve"' not in page and "data-start" not in page
    assert 'data-too-few-approvers="1"' in admin.get(reverse("wagtailadmin_home")).content.decode()
    [warning] = check_two_approvers(None, databases=["default"])
    assert warning.id == "egov_outreach.W001"
    response = admin.post(send_url(campaign), {"action": "request_approval"}, follow=True)
    assert "Nobody else may approve" in response.content.decode()


def test_two_approvers_quiet_the_check(two_admins):
    assert check_two_approvers(None, databases=["default"]) == []


def test_confirmation_states_audience_cost_and_the_quiet_hours(
    settings, subscribers, author, two_admins, make_campaign, admin_client_for
):
    settings.EGOV_OUTREACH_QUIET_START, settings.EGOV_OUTREACH_QUIET_END = "21:00", "08:00"
    settings.EGOV_OUTREACH_OPTOUT_080 = ""
    campaign = make_campaign(created_by=author, message="{name}님, 의견을 주세요", send_email=True)
    approval.approve(campaign, two_admins[0])
    client = admin_client_for(author)
    page = client.get(send_url(campaign)).content.decode()
    confirm = reverse("egov_outreach_campaigns:confirm", args=[campaign.pk])
    assert f'href="{confirm}"' in page and 'value="start"' not in page

    html = client.get(confirm).content.decode()
    assert 'data-total="7"' in html  # 5 SMS and 2 e-mails
    assert 'data-cost="45"' in html  # 5 SMS at 9 won, e-mail free
    assert "45 won" in html and "estimate" in html

    # At 22:30 in Seoul the quiet hours hold the send until 08:00 the next morning.
    night = datetime.datetime(2026, 12, 2, 22, 30, tzinfo=SEOUL)
    starts, held = sending.send_starts(campaign, now=night)
    assert held and starts == datetime.datetime(2026, 12, 3, 8, 0, tzinfo=SEOUL)
    morning = datetime.datetime(2026, 12, 3, 10, 0, tzinfo=SEOUL)
    assert sending.send_starts(campaign, now=morning) == (morning, False)

    response = client.post(send_url(campaign), {"action": "start"})
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.status in (Campaign.Status.SENDING, Campaign.Status.DONE)


def test_the_confirmation_of_a_night_send_says_when(
    settings, subscribers, author, two_admins, make_campaign, admin_client_for
):
    now = timezone.now().astimezone(SEOUL)
    # A quiet period that holds right now, whatever time the test runs.
    settings.EGOV_OUTREACH_QUIET_START = (now - datetime.timedelta(hours=1)).strftime("%H:%M")
    settings.EGOV_OUTREACH_QUIET_END = (now + datetime.timedelta(hours=2)).strftime("%H:%M")
    campaign = make_campaign(created_by=author)
    approval.approve(campaign, two_admins[0])
    html = admin_client_for(author).get(
        reverse("egov_outreach_campaigns:confirm", args=[campaign.pk])
    )
    html = html.content.decode()
    assert 'data-schedule="quiet"' in html
    begins = (now + datetime.timedelta(hours=2)).strftime("%Y-%m-%d %H:%M")
    assert begins in html
    sending.start_campaign(campaign, user=author)
    assert not sms.outbox  # held, as the confirmation said

"""The campaign screens: create, preview, count and cost, approve by another user, start."""

from django.contrib.auth.models import Group
from django.urls import reverse

from egov_plugin.core import sms
from egov_plugin.outreach.models import Campaign, Delivery
from egov_plugin.people import roles


def test_create_approve_and_start_from_the_admin(
    subscribers, administrator, admin_client_for, django_user_model, client
):
    admin = admin_client_for(administrator)
    response = admin.post(
        reverse("egov_outreach_campaigns:add"),
        {
            "name": "공청회 안내",
            "message": "{name}님, 공청회에 의견을 주세요",
            "kind": "message",
            "send_sms": "on",
            "audience_group": "subscriber",
            "requires_approval": "on",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    campaign = Campaign.objects.get()
    assert campaign.created_by == administrator
    assert campaign.audience == {"group": "subscriber"}
    send_url = reverse("egov_outreach_campaigns:send", args=[campaign.pk])
    assert response["Location"] == send_url  # straight on to the check before sending

    page = admin.get(send_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-count="sms:5"' in html
    assert "공청회에 의견을 주세요" in html
    assert "080-123-4567" in html

    # The author cannot approve their own campaign.
    admin.post(send_url, {"action": "approve"})
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DRAFT

    reviewer = django_user_model.objects.create_user(username="admin-park", password="pw")
    reviewer.groups.add(Group.objects.get(name=roles.ADMINISTRATOR))
    client.force_login(reviewer)
    client.post(send_url, {"action": "approve"})
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.APPROVED
    assert campaign.approved_by == reviewer

    client.post(send_url, {"action": "start"})
    assert len(sms.outbox) == 5
    assert Delivery.objects.filter(status="sent").count() == 5
    progress = client.get(send_url).content.decode()
    assert "data-progress" in progress


def test_test_send_goes_to_the_sender_only(
    subscribers, administrator, admin_client_for, make_campaign
):
    campaign = make_campaign()
    admin = admin_client_for(administrator)
    admin.post(reverse("egov_outreach_campaigns:send", args=[campaign.pk]), {"action": "test"})
    assert [m.to for m in sms.outbox] == ["02-2286-5114"]
    assert not Delivery.objects.exists()


def test_preview_is_masked_without_personal_data_permission(
    subscribers, policy_staff, admin_client_for, make_campaign
):
    campaign = make_campaign()
    page = admin_client_for(policy_staff).get(
        reverse("egov_outreach_campaigns:send", args=[campaign.pk])
    )
    assert page.status_code == 200
    assert subscribers[0].name not in page.content.decode()

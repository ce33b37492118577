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
    assert not sms.outbox[0].advertising
    assert not Delivery.objects.exists()


def test_test_send_of_an_advertisement_uses_the_advertising_mode(
    subscribers, administrator, admin_client_for, make_campaign
):
    campaign = make_campaign(advertising=True)
    admin = admin_client_for(administrator)
    admin.post(reverse("egov_outreach_campaigns:send", args=[campaign.pk]), {"action": "test"})
    assert sms.outbox[0].advertising and sms.outbox[0].text.startswith("(광고)")


def test_preview_is_masked_without_personal_data_permission(
    subscribers, policy_staff, admin_client_for, make_campaign
):
    campaign = make_campaign()
    page = admin_client_for(policy_staff).get(
        reverse("egov_outreach_campaigns:send", args=[campaign.pk])
    )
    assert page.status_code == 200
    assert subscribers[0].name not in page.content.decode()


def _form(**fields):
    data = {
        "name": "구정 소식",
        "kind": "message",
        "message": "{name}님, 구정 소식입니다",
        "send_sms": "on",
    }
    data.update(fields)
    return data


def test_audience_filters_and_saved_audiences_replace_json(
    subscribers, administrator, admin_client_for, regions
):
    from egov_plugin.people.audiences.models import SavedAudience

    admin = admin_client_for(administrator)
    region = subscribers[0].region
    admin.post(
        reverse("egov_outreach_campaigns:add"),
        _form(audience_region=region.pk, audience_gender="F", audience_consent="sms"),
    )
    campaign = Campaign.objects.get()
    assert campaign.audience == {"region": region.pk, "gender": "F", "consent": "sms"}
    women = [p for p in subscribers if p.gender == "F"]
    from egov_plugin.outreach import audience

    assert set(audience.recipients(campaign, "sms")) == set(women)

    saved = SavedAudience.objects.create(
        name="두 사람", person_ids=[subscribers[0].pk, subscribers[1].pk], size=2
    )
    both = admin.post(
        reverse("egov_outreach_campaigns:edit", args=[campaign.pk]),
        _form(audience_gender="F", saved_audience=saved.pk),
    )
    assert both.status_code == 200
    assert "saved_audience" in both.context["form"].errors
    admin.post(
        reverse("egov_outreach_campaigns:edit", args=[campaign.pk]),
        _form(saved_audience=saved.pk),
    )
    campaign.refresh_from_db()
    assert campaign.saved_audience_id == saved.pk and campaign.audience == {}
    assert audience.counts(campaign) == {"sms": 2}
    # The form shows the saved choice again when the campaign is opened, with its count.
    page = admin.get(reverse("egov_outreach_campaigns:edit", args=[campaign.pk]))
    assert page.context["form"].initial["saved_audience"] == saved.pk
    assert page.context["counts"] == [("sms", "SMS", 2)]
    assert "SMS: 2 recipients" in page.content.decode()


def test_bad_input_is_named_on_the_form(subscribers, administrator, admin_client_for):
    admin = admin_client_for(administrator)
    response = admin.post(
        reverse("egov_outreach_campaigns:add"),
        _form(
            kind="consent_renewal",
            scheduled_at="2020-01-01 09:00",
            send_sms="",
        ),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "2020-01-01 09:00" in str(errors["scheduled_at"])
    assert "{link}" in str(errors["message"])
    assert set(errors) >= {"consent_wording", "consent_version", "send_sms"}
    assert not Campaign.objects.exists()


def test_a_started_campaign_cannot_be_edited_or_deleted(
    subscribers, administrator, admin_client_for, make_campaign, settings
):
    settings.EGOV_OUTREACH_QUIET_START, settings.EGOV_OUTREACH_QUIET_END = "00:00", "23:59"
    settings.EGOV_OUTREACH_TIME_ZONE = "UTC"
    campaign = make_campaign()
    from egov_plugin.outreach import sending

    sending.start_campaign(campaign)  # held back by the quiet period: still sending
    admin = admin_client_for(administrator)
    edit_url = reverse("egov_outreach_campaigns:edit", args=[campaign.pk])
    page = admin.get(edit_url)
    assert "data-locked" in page.content.decode()
    assert page.context["form"].fields["message"].disabled

    response = admin.post(edit_url, _form(message="바뀐 내용 {name}"))
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.message == "{name}님, {region} 의견을 들려주세요 {link}"
    shown = [str(m) for m in admin.get(response["Location"]).context["messages"]]
    assert any("can no longer be changed" in m or "변경할 수 없" in m for m in shown)

    admin.post(reverse("egov_outreach_campaigns:delete", args=[campaign.pk]))
    assert Campaign.objects.filter(pk=campaign.pk).exists()
    assert Delivery.objects.filter(campaign=campaign).count() == 5

    send_page = admin.get(reverse("egov_outreach_campaigns:send", args=[campaign.pk]))
    html = send_page.content.decode()
    assert 'data-status-count="queued">5<' in html
    assert "<progress" in html


def test_editing_an_approved_campaign_needs_approval_again(
    subscribers, administrator, admin_client_for, make_campaign, approver
):
    from egov_plugin.outreach import approval

    campaign = make_campaign()
    approval.approve(campaign, approver)
    admin = admin_client_for(administrator)
    admin.post(
        reverse("egov_outreach_campaigns:edit", args=[campaign.pk]),
        _form(message="다른 내용입니다 {name}"),
    )
    campaign.refresh_from_db()
    assert campaign.message == "다른 내용입니다 {name}"
    assert campaign.status == Campaign.Status.DRAFT and campaign.approved_by is None


def test_preview_is_audited_and_a_failing_test_send_says_why(
    subscribers, administrator, admin_client_for, make_campaign, nhn
):
    from egov_plugin.core.models import AuditEvent

    campaign = make_campaign()
    admin = admin_client_for(administrator)
    url = reverse("egov_outreach_campaigns:send", args=[campaign.pk])
    admin.get(url)
    assert AuditEvent.objects.filter(
        action="view", object_id=str(campaign.pk), person_id=subscribers[0].pk
    ).exists()
    nhn.mode = "401"
    response = admin.post(url, {"action": "test"}, follow=True)
    shown = [str(m) for m in response.context["messages"]]
    assert any("Unauthorized" in m for m in shown)
    assert not Delivery.objects.exists()


def test_preview_of_a_recipient_that_is_not_a_number_is_not_an_error(
    subscribers, administrator, admin_client_for, make_campaign
):
    campaign = make_campaign()
    url = reverse("egov_outreach_campaigns:send", args=[campaign.pk])
    response = admin_client_for(administrator).get(url, {"person": "1 OR 1=1"})
    assert response.status_code == 200
    assert "data-preview" in response.content.decode()

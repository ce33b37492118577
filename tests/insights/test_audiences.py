"""The saved-audience screens: list, one audience (criteria and count), delete — audited."""

import pytest
from django.urls import reverse

from egov_plugin.core.models import AuditEvent
from egov_plugin.outreach.models import Campaign
from egov_plugin.people.audiences.models import SavedAudience

pytestmark = pytest.mark.django_db


@pytest.fixture
def audience(district, policy_staff):
    """What saving "subscribers in 성수1가1동 who agree to SMS" from a search gives."""
    return SavedAudience.objects.create(
        name="성수1가1동 SMS 동의 가입자",
        criteria={"q": "", "group": "subscriber", "region": district["region"].pk,
                  "consent": "sms", "gender": "M"},
        person_ids=[district["subscriber"].pk],
        size=1,
        created_by=policy_staff,
    )  # fmt: skip


def test_the_list_shows_every_audience_and_is_audited(audience, staff, admin_client_for):
    for user in staff.values():
        client = admin_client_for(user)
        before = AuditEvent.objects.filter(action="list").count()
        response = client.get(reverse("egov_insights:audiences"))
        assert response.status_code == 200
        html = response.content.decode()
        assert audience.name in html
        assert reverse("egov_insights:audience", args=[audience.pk]) in html
        assert AuditEvent.objects.filter(action="list").count() == before + 1


def test_an_audience_shows_its_filters_count_and_campaigns(
    audience, administrator, admin_client_for, district
):
    Campaign.objects.create(name="6월 설명회 안내", message="안내", saved_audience_id=audience.pk)
    client = admin_client_for(administrator)
    response = client.get(reverse("egov_insights:audience", args=[audience.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    # The filters as staff read them: the neighbourhood's name, the labels of the choices.
    assert "성수1가1동" in html and "E-communication subscriber" in html
    assert "Agrees to SMS" in html and "Male" in html
    assert "1 person when saved" in html
    assert "6월 설명회 안내" in html
    # "Run this search again" leads to the cross-search with the same filters.
    assert "group=subscriber" in html and f"region={district['region'].pk}" in html
    event = AuditEvent.objects.get(action="view", object_type="egov_people.savedaudience")
    assert event.object_id == str(audience.pk)


def test_a_deleted_filter_object_or_person_is_said_not_an_error(
    audience, administrator, admin_client_for, district
):
    audience.criteria["organization"] = 999999
    audience.save()
    district["subscriber"].delete()
    response = admin_client_for(administrator).get(
        reverse("egov_insights:audience", args=[audience.pk])
    )
    html = response.content.decode()
    assert "#999999 (no longer exists)" in html
    assert "0 still in the registry" in html


def test_the_creator_deletes_their_audience_and_it_is_audited(
    audience, policy_staff, admin_client_for
):
    client = admin_client_for(policy_staff)
    url = reverse("egov_insights:delete_audience", args=[audience.pk])
    assert "Yes, delete" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse(
        "egov_insights:audiences"
    )
    assert not SavedAudience.objects.exists()
    event = AuditEvent.objects.get(action="delete", object_type="egov_people.savedaudience")
    assert event.data["results"] == 1 and event.data["criteria"]["group"] == "subscriber"


def test_others_cannot_delete_it_but_an_administrator_can(
    audience, committee_staff, administrator, admin_client_for
):
    url = reverse("egov_insights:delete_audience", args=[audience.pk])
    refused = admin_client_for(committee_staff).post(url)
    assert refused.status_code in (302, 403)  # Wagtail sends the refused to the admin home
    assert refused.get("Location") != reverse("egov_insights:audiences")
    assert SavedAudience.objects.exists()
    assert not AuditEvent.objects.filter(action="delete").exists()
    detail = admin_client_for(committee_staff).get(
        reverse("egov_insights:audience", args=[audience.pk])
    )
    assert url not in detail.content.decode()  # no delete button for them
    assert admin_client_for(administrator).post(url).status_code == 302
    assert not SavedAudience.objects.exists()


@pytest.mark.parametrize("status, deletable", [("draft", False), ("approved", False),
                                               ("done", True), ("cancelled", True)])  # fmt: skip
def test_an_audience_a_campaign_still_sends_to_is_not_deleted(
    status, deletable, audience, administrator, admin_client_for
):
    Campaign.objects.create(
        name="주민 설명회", message="안내", saved_audience_id=audience.pk, status=status
    )
    client = admin_client_for(administrator)
    url = reverse("egov_insights:delete_audience", args=[audience.pk])
    page = client.get(url).content.decode()
    assert ("cannot be deleted" in page) is not deletable
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert SavedAudience.objects.exists() is not deletable
    if not deletable:
        assert "주민 설명회" in response.content.decode()
        assert not AuditEvent.objects.filter(action="delete").exists()


def test_a_missing_audience_is_a_404(administrator, admin_client_for, db):
    client = admin_client_for(administrator)
    assert client.get(reverse("egov_insights:audience", args=[424242])).status_code == 404
    assert client.post(reverse("egov_insights:delete_audience", args=[424242])).status_code == 404


def test_the_menu_and_the_dashboard_lead_to_the_list(audience, administrator, admin_client_for):
    client = admin_client_for(administrator)
    html = client.get(reverse("egov_insights:index")).content.decode()
    assert reverse("egov_insights:audiences") in html
    assert reverse("egov_insights:audience", args=[audience.pk]) in html

"""Exporting a whole result (reason asked, audited) and saving it as an audience."""

import io

import openpyxl
import pytest
from django.urls import reverse

from egov_plugin.core.models import AuditEvent
from egov_plugin.people.audiences.models import SavedAudience
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_export_contains_every_page_of_the_result(administrator, district, admin_client_for):
    PersonFactory.create_batch(45, name="최가람")
    client = admin_client_for(administrator)
    url = reverse("egov_insights:export") + "?q=가람"
    assert "45" in client.get(url).content.decode()  # the form says how many rows
    response = client.post(url, {"format": "xlsx", "reason": "주민 설명회 안내"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 46  # header + every person, not only the 20 of the first page
    event = AuditEvent.objects.get(action="export")
    assert event.reason == "주민 설명회 안내" and event.data["rows"] == 45


def test_export_without_a_reason_is_refused(administrator, district, admin_client_for):
    response = admin_client_for(administrator).post(
        reverse("egov_insights:export") + "?q=민수", {"format": "csv", "reason": ""}
    )
    assert response.status_code == 200
    assert not AuditEvent.objects.filter(action="export").exists()


def test_csv_export_is_masked_for_policy_staff(policy_staff, district, admin_client_for):
    response = admin_client_for(policy_staff).post(
        reverse("egov_insights:export") + "?q=민수", {"format": "csv", "reason": "통계 확인용"}
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "김민수" not in text and "010-1111-2222" not in text
    assert "김*수" in text


def test_save_as_audience_freezes_the_people(administrator, district, admin_client_for):
    client = admin_client_for(administrator)
    url = reverse("egov_insights:save_audience") + "?group=subscriber&consent=sms"
    response = client.post(url, {"name": "SMS 동의 가입자"})
    assert response.status_code == 302
    audience = SavedAudience.objects.get()
    assert audience.person_ids == [district["subscriber"].pk]
    assert audience.size == 1 and audience.created_by == administrator
    assert audience.criteria == {"q": "", "group": "subscriber", "consent": "sms"}
    assert AuditEvent.objects.filter(action="create", object_type="egov_people.savedaudience")
    # Someone who subscribes later is not added to an audience saved before.
    from tests.factories import SubscriberFactory

    SubscriberFactory(sms_consent=True)
    audience.refresh_from_db()
    assert audience.size == 1 and list(audience.people()) == [district["subscriber"]]


#: role → names the export shows in clear (the others masked), for a result of all three.
EXPORT_CLEAR = {
    "administrator": {"김민수", "이서연", "박지훈"},
    "policy": set(),
    "committee": {"이서연"},
    "organization": {"박지훈"},
}


@pytest.mark.parametrize("role", EXPORT_CLEAR)
def test_each_role_exports_what_it_may_see(role, staff, district, admin_client_for):
    response = admin_client_for(staff[role]).post(
        reverse("egov_insights:export") + "?q=010", {"format": "csv", "reason": "명단 점검"}
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    for person in (district["subscriber"], district["expert"], district["leader"]):
        clear = person.name in EXPORT_CLEAR[role]
        assert (person.name in text) is clear
        assert (person.mobile in text) is clear
        if not clear:
            assert person.name[0] + "*" + person.name[-1] in text

"""The access-record screen: filters, pagination, permission, audited export; monthly reviews."""

import datetime
import io

import pytest
from django.db import connection
from django.utils import timezone
from openpyxl import load_workbook

from egov_plugin.core import audit
from egov_plugin.core.models import AuditEvent
from egov_plugin.privacy.models import MonthlyReview
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

URL = "/admin/egov/privacy/access/"


def _backdate(event, when):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE egov_core_auditevent SET timestamp = %s WHERE id = %s",
            [connection.ops.adapt_datetimefield_value(when), event.pk],
        )


@pytest.fixture
def events(django_user_model):
    kim = django_user_model.objects.create_user(username="kim", password="pw")
    lee = django_user_model.objects.create_user(username="lee", password="pw")
    minsu = PersonFactory(name="김민수", mobile="010-1234-5678")
    other = PersonFactory(name="이서연")
    made = {
        "kim_view_minsu": audit.record(None, audit.Action.VIEW, user=kim, obj=minsu, summary="a"),
        "kim_export": audit.record(None, audit.Action.EXPORT, user=kim, summary="people.xlsx"),
        "lee_view_other": audit.record(None, audit.Action.VIEW, user=lee, obj=other, summary="b"),
        "lee_edit_minsu": audit.record(None, audit.Action.EDIT, user=lee, obj=minsu, summary="c"),
    }
    _backdate(made["kim_export"], timezone.now() - datetime.timedelta(days=100))
    return made, minsu


def _listed(response):
    return {e.pk for e in response.context["object_list"]}


def test_only_reviewers_see_the_screen(client, administrator, policy_staff):
    client.force_login(policy_staff)
    assert client.get(URL).status_code in (302, 403)
    client.force_login(administrator)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Access records" in response.content.decode()


def test_filters_by_actor_action_person_and_period(client, administrator, events):
    made, minsu = events
    client.force_login(administrator)
    assert _listed(client.get(URL, {"actor": "KIM"})) == {
        made["kim_view_minsu"].pk,
        made["kim_export"].pk,
    }
    assert _listed(client.get(URL, {"action": "edit"})) == {made["lee_edit_minsu"].pk}
    by_person = {made["kim_view_minsu"].pk, made["lee_edit_minsu"].pk}
    assert _listed(client.get(URL, {"person": f"#{minsu.pk}"})) == by_person
    assert _listed(client.get(URL, {"person": "5678"})) == by_person  # last four digits
    assert _listed(client.get(URL, {"person": "민수", "actor": "lee"})) == {
        made["lee_edit_minsu"].pk
    }
    since = (timezone.localdate() - datetime.timedelta(days=7)).isoformat()
    listed = _listed(client.get(URL, {"timestamp_from": since, "actor": "kim"}))
    assert listed == {made["kim_view_minsu"].pk}


def test_four_digits_find_both_a_persons_number_and_the_last_digits_of_a_mobile(
    client, administrator
):
    numbered = PersonFactory(pk=4321, name="정하늘", mobile="010-2222-3333")
    by_mobile = PersonFactory(name="오지민", mobile="010-5555-4321")
    seen_numbered = audit.record(None, audit.Action.VIEW, user=administrator, obj=numbered)
    seen_by_mobile = audit.record(None, audit.Action.VIEW, user=administrator, obj=by_mobile)
    client.force_login(administrator)
    assert _listed(client.get(URL, {"person": "4321"})) == {seen_numbered.pk, seen_by_mobile.pk}
    assert _listed(client.get(URL, {"person": "#4321"})) == {seen_numbered.pk}


def test_the_listing_is_paginated_and_its_viewing_audited(client, administrator):
    for i in range(60):
        audit.record(None, audit.Action.VIEW, summary=f"event {i}")
    client.force_login(administrator)
    first = client.get(URL)
    assert len(first.context["object_list"]) == 50
    assert len(client.get(URL, {"p": 2}).context["object_list"]) == 11  # + the first listing
    assert AuditEvent.objects.filter(action="list", summary="Access records").count() == 2


def test_export_asks_a_reason_and_is_audited(client, administrator, events):
    made, minsu = events
    client.force_login(administrator)
    response = client.post(
        f"{URL}export/?actor=lee", {"format": "xlsx", "reason": "월간 접속기록 점검"}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert sorted(r[1] for r in rows) == ["lee", "lee"]
    event = AuditEvent.objects.filter(action="export").latest("pk")
    assert event.reason == "월간 접속기록 점검" and event.data["rows"] == 2
    assert event.data["selection"] == {"actor": ["lee"]}


def _last_month():
    return (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def test_monthly_review_shows_unreviewed_months_and_records_the_sign_off(
    client, administrator, events
):
    made, minsu = events
    month = _last_month()
    _backdate(made["lee_view_other"], timezone.make_aware(
        datetime.datetime.combine(month + datetime.timedelta(days=2), datetime.time(23, 30))
    ))  # fmt: skip
    client.force_login(administrator)
    page = client.get(f"{URL}reviews/").content.decode()
    assert "not reviewed yet" in page and f"{month:%Y-%m}" in page
    assert "of access records are not reviewed yet" in client.get(URL).content.decode()

    url = f"{URL}reviews/{month.year}-{month.month}/"
    form = client.get(url)
    assert form.status_code == 200
    summary = form.context["summary"]
    assert summary["total"] == 1 and summary["off_hours"] == 1  # 23:30 local time
    refused = client.post(url, {"findings": "", "notes": ""})
    assert refused.status_code == 200 and not MonthlyReview.objects.exists()  # not confirmed

    response = client.post(url, {"findings": "야간 조회 1건 확인", "notes": "", "confirm": "on"})
    assert response.status_code == 302
    review = MonthlyReview.objects.get()
    assert (review.month, review.event_count, review.reviewed_by_label) == (
        month,
        1,
        administrator.username,
    )
    event = AuditEvent.objects.get(action="review")
    assert event.data == {"month": f"{month:%Y-%m}", "events": 1, "findings": True}
    page = client.get(f"{URL}reviews/").content.decode()
    assert "야간 조회 1건 확인" in page


def test_the_current_month_cannot_be_signed_off(client, administrator):
    today = timezone.localdate()
    client.force_login(administrator)
    response = client.get(f"{URL}reviews/{today.year}-{today.month}/")
    assert response.status_code == 404


def test_the_menu_shows_the_privacy_screens_to_administrators_only(
    client, administrator, policy_staff
):
    client.force_login(administrator)
    html = client.get("/admin/").content.decode()
    assert "/admin/egov/privacy/access/" in html
    assert "/admin/egov/privacy/deletion-requests/" in html
    client.force_login(policy_staff)
    html = client.get("/admin/").content.decode()
    assert "/admin/egov/privacy/access/" not in html
    assert "/admin/egov/privacy/deletion-requests/" not in html

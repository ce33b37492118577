"""The people screens in the Wagtail admin: masking, permissions, audit events, bad input."""

import pytest
from django.urls import reverse

from egov_plugin.core.models import AuditEvent
from egov_plugin.people.models import Person
from tests.factories import PersonFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

NAME, MOBILE, EMAIL = "김민수", "010-1234-5678", "minsu@example.com"


@pytest.fixture
def minsu(regions):
    person = PersonFactory(name=NAME, mobile=MOBILE, email=EMAIL, region=regions["마장동"])
    SubscriberFactory(person=person)
    return person


def test_listing_is_masked_for_policy_staff(admin_client_for, policy_staff, minsu):
    html = admin_client_for(policy_staff).get(reverse("egov_people:index")).content.decode()
    assert "김*수" in html and "010-1234-****" in html and "m***@example.com" in html
    assert NAME not in html and MOBILE not in html and EMAIL not in html


def test_listing_is_clear_for_an_administrator(admin_client_for, administrator, minsu):
    html = admin_client_for(administrator).get(reverse("egov_people:index")).content.decode()
    assert NAME in html and MOBILE in html and EMAIL in html


def test_inspect_shows_everything_masked_or_clear(
    admin_client_for, policy_staff, administrator, minsu
):
    url = reverse("egov_people:inspect", args=[minsu.pk])
    masked = admin_client_for(policy_staff).get(url).content.decode()
    assert "010-1234-****" in masked and MOBILE not in masked and NAME not in masked
    assert "마장동" in masked  # not personal data on its own
    clear = admin_client_for(administrator).get(url).content.decode()
    assert MOBILE in clear and EMAIL in clear and NAME in clear


@pytest.mark.parametrize(
    ("query", "found"),
    [("민수", True), ("5678", True), (MOBILE, True), ("minsu@", True), ("박", False)],
)
def test_search_finds_by_name_part_last_four_full_mobile_and_email(
    admin_client_for, administrator, minsu, query, found
):
    response = admin_client_for(administrator).get(reverse("egov_people:index"), {"q": query})
    assert response.status_code == 200
    assert (NAME in response.content.decode()) is found


def test_filters_by_group_region_age_band_gender_and_consent(
    admin_client_for, administrator, minsu, regions
):
    PersonFactory(name="이영희", gender="F", age_band="60s", region=regions["옥수동"])
    client = admin_client_for(administrator)
    url = reverse("egov_people:index")
    cases = [
        ({"group": "subscriber"}, {NAME}),
        ({"region": regions["옥수동"].pk}, {"이영희"}),
        ({"age_band": "60s"}, {"이영희"}),
        ({"gender": "M"}, {NAME}),
        ({"consent": "sms"}, {NAME}),
        ({"consent": "none"}, {"이영희"}),
        ({"group": "subscriber", "gender": "F"}, set()),
    ]
    for params, expected in cases:
        html = client.get(url, params).content.decode()
        assert {n for n in (NAME, "이영희") if n in html} == expected, params


def _events():
    return list(AuditEvent.objects.order_by("pk").values_list("action", "person_id"))


def test_each_audited_action_writes_exactly_one_event(admin_client_for, administrator, regions):
    client = admin_client_for(administrator)
    client.get(reverse("egov_people:index"))
    assert _events() == [("list", None)]

    client.get(reverse("egov_people:index"), {"q": "민수", "gender": "M"})
    search = AuditEvent.objects.latest("pk")
    assert search.action == "search" and search.data["query"] == "민수"
    assert search.data["filters"] == {"gender": "M"} and search.data["results"] == 0

    response = client.post(
        reverse("egov_people:add"),
        {"name": "박지훈", "mobile": "01098765432", "email": "", "gender": "M", "age_band": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person = Person.objects.get(name="박지훈")
    assert person.mobile == "010-9876-5432"
    assert _events()[-1] == ("create", person.pk)

    client.get(reverse("egov_people:inspect", args=[person.pk]))
    assert _events()[-1] == ("view", person.pk)

    response = client.post(
        reverse("egov_people:edit", args=[person.pk]),
        {"name": "박지훈", "mobile": "010-9876-5432", "email": "park@example.com", "gender": "M"},
    )
    assert response.status_code == 302
    assert _events()[-1] == ("edit", person.pk)
    assert AuditEvent.objects.latest("pk").data["fields"] == ["email"]

    client.post(reverse("egov_people:delete", args=[person.pk]))
    assert not Person.objects.filter(pk=person.pk).exists()
    assert _events()[-1] == ("delete", person.pk)
    assert [a for a, _ in _events()] == ["list", "search", "create", "view", "edit", "delete"]


def test_audit_event_records_actor_and_ip(admin_client_for, administrator, minsu):
    admin_client_for(administrator).get(
        reverse("egov_people:inspect", args=[minsu.pk]), REMOTE_ADDR="10.1.2.3"
    )
    event = AuditEvent.objects.get()
    assert (event.actor, event.actor_label, event.ip_address) == (
        administrator,
        "admin-kim",
        "10.1.2.3",
    )
    assert event.object_type == "egov_people.person" and event.object_id == str(minsu.pk)
    assert NAME not in event.summary  # the summary is masked


def test_bad_input_names_the_field_and_stores_nothing(admin_client_for, administrator):
    response = admin_client_for(administrator).post(
        reverse("egov_people:add"), {"name": "홍길동", "mobile": "02-123-4567"}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["mobile"]
    assert Person.objects.count() == 0
    assert AuditEvent.objects.filter(action="create").count() == 0


def test_policy_staff_cannot_add_or_edit_people(admin_client_for, policy_staff, minsu):
    client = admin_client_for(policy_staff)
    assert client.get(reverse("egov_people:add")).status_code in (302, 403)
    response = client.post(
        reverse("egov_people:edit", args=[minsu.pk]), {"name": "바꾼이름", "mobile": MOBILE}
    )
    assert response.status_code in (302, 403)
    minsu.refresh_from_db()
    assert minsu.name == NAME


def test_people_without_admin_access_are_kept_out(client, django_user_model, minsu):
    client.force_login(django_user_model.objects.create_user("resident", password="pw"))
    response = client.get(reverse("egov_people:index"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert AuditEvent.objects.count() == 0

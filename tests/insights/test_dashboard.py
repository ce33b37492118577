"""The dashboard: the first screen of the 인명부 menu, numbers in constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from egov_plugin.consultations.models import Opinion
from tests.factories import PersonFactory, SubscriberFactory

from .conftest import INDEX

pytestmark = pytest.mark.django_db


def test_dashboard_is_the_first_item_of_the_registry_menu(administrator, admin_client_for):
    from wagtail import hooks

    from egov_plugin.core.menu import REGISTRY, menu_hook_for

    response = admin_client_for(administrator).get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    items = [fn() for fn in hooks.get_hooks(menu_hook_for(REGISTRY))]
    items = [i for group in items for i in (group if isinstance(group, list) else [group])]
    first = min(items, key=lambda item: item.order)
    assert first.url == reverse(INDEX)


@pytest.mark.parametrize("role", ["administrator", "policy", "committee", "organization"])
def test_every_staff_role_opens_the_dashboard(role, staff, district, admin_client_for):
    response = admin_client_for(staff[role]).get(reverse(INDEX))
    assert response.status_code == 200
    assert response.context["searching"] is False


def test_users_without_the_permission_are_refused(db, django_user_model, client):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("visitor", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(reverse(INDEX)).status_code in (302, 403)


def test_group_counts_with_who_can_receive_sms_and_email(administrator, district, admin_client_for):
    response = admin_client_for(administrator).get(reverse(INDEX))
    counts = {row.key: row for row in response.context["group_counts"]}
    # 김민수 (SMS and e-mail consent) and 박지훈 (no SMS consent, no e-mail consent).
    assert (counts["subscriber"].total, counts["subscriber"].sms, counts["subscriber"].email) == (
        2, 1, 1,
    )  # fmt: skip
    assert (counts["committee"].total, counts["committee"].sms, counts["committee"].email) == (
        1, 1, 1,
    )  # fmt: skip
    assert counts["organization"].total == 1


def test_neighbourhoods_as_a_chart_with_its_numbers_in_a_table(
    administrator, district, admin_client_for
):
    response = admin_client_for(administrator).get(reverse(INDEX))
    html = response.content.decode()
    assert '<svg role="img"' in html
    rows = dict((region.name, n) for region, n in response.context["region_rows"])
    assert rows["성수1가1동"] == 1
    assert response.context["without_region"] == 2


def test_open_consultations_with_opinion_counts_and_moderation_queue(
    administrator, district, admin_client_for
):
    response = admin_client_for(administrator).get(reverse(INDEX))
    (page,) = response.context["consultations"]
    assert (page.opinion_count, page.pending_count) == (2, 1)
    assert response.context["pending_opinions"] == 1
    assert "1 opinion is waiting" in response.content.decode() or "1" in response.content.decode()


def test_dashboard_query_count_is_constant(administrator, district, admin_client_for):
    client = admin_client_for(administrator)
    client.get(reverse(INDEX))

    def count():
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse(INDEX))
        return len(captured)

    before = count()
    for person in PersonFactory.create_batch(20, region=district["region"]):
        SubscriberFactory(person=person)
        Opinion.objects.create(
            page=district["consultation"],
            person=person,
            name=person.name,
            text="의견",
            status="pending",
        )
    assert count() == before

"""A refused export of personal data answers a real 403 page, in Korean (issue 13, item 11).

KISA 불충분한 권한 검증: Wagtail's admin answers a refusal with a redirect to the dashboard (302),
which a browser follows silently and a scanner or audit counts as success. An export that the
user may not make must say so with status 403, and leave nothing behind (no audit event of an
export that did not happen, no file).
"""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation

from egov_plugin.core.models import AuditEvent

pytestmark = pytest.mark.django_db

REFUSED = "You do not have permission to do this."


def ko(text):
    with translation.override("ko"):
        return translation.gettext(text)


@pytest.fixture
def admin_only(django_user_model):
    """A staff member who may open the admin and nothing else."""
    user = django_user_model.objects.create_user("admin-only", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.mark.parametrize(
    ("url_name", "who"),
    [
        ("egov_imports:export_people", "policy_staff"),  # sees the registry masked
        ("egov_imports:export_opinions", "committee_staff"),  # does not moderate opinions
        ("egov_imports:export_people", "admin_only"),
        ("egov_insights:export", "admin_only"),
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_refused_export_answers_403_in_korean(
    request, admin_client_for, regions, url_name, who, method
):
    client = admin_client_for(request.getfixturevalue(who))
    response = getattr(client, method)(
        reverse(url_name), {"format": "csv", "reason": "점검용 내려받기"}
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert ko(REFUSED) in html and ko(REFUSED) != REFUSED
    assert response.get("Content-Disposition") is None
    assert not AuditEvent.objects.filter(action="export").exists()


def test_a_permitted_export_still_asks_for_its_reason(admin_client_for, administrator, regions):
    response = admin_client_for(administrator).get(reverse("egov_imports:export_people"))
    assert response.status_code == 200
    assert "reason" in response.context["form"].fields

"""Wagtail's move-confirm page refuses whoever may not make the move (issue 13, item 11).

What Wagtail 8.0 does (``wagtail/admin/views/pages/move.py``): the "choose destination" view
checks ``can_move()`` and the move itself (``MovePageAction.check``) checks ``can_move_to()``,
but ``MoveConfirmView`` renders its GET without any check. Any user who may open the admin gets
a 200 page that names the page to move and the destination, for any two page ids: titles of
pages the user cannot see in the explorer, closed consultations and drafts among them. The POST
was always refused, by a redirect to the dashboard. The package closes the GET with a
``before_move_page`` hook (the extension point Wagtail calls from that view) that answers 403.

KISA 불충분한 권한 검증 / 정보 누출.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from egov_plugin.consultations.models import ConsultationIndexPage, ConsultationPage
from tests.sitedata import ensure_site

pytestmark = pytest.mark.django_db

SECRET = "성수동 재개발 비공개 자문"


@pytest.fixture
def pages(db):
    home = ensure_site()
    source = home.add_child(instance=ConsultationIndexPage(title="정책 제안", slug="proposals"))
    target = home.add_child(instance=ConsultationIndexPage(title="지난 정책", slug="archive"))
    now = timezone.now()
    page = source.add_child(
        instance=ConsultationPage(
            title=SECRET,
            slug="secret-review",
            visibility="closed",
            opens_at=now,
            closes_at=now + timedelta(days=7),
        )
    )
    return page, target


def confirm_url(page, target):
    return reverse("wagtailadmin_pages:move_confirm", args=[page.pk, target.pk])


@pytest.fixture
def admin_only(django_user_model):
    user = django_user_model.objects.create_user("admin-only", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.mark.parametrize("who", ["admin_only", "committee_staff", "organization_staff"])
def test_the_confirm_page_is_refused_to_a_role_that_may_not_move(
    request, admin_client_for, pages, who
):
    page, target = pages
    client = admin_client_for(request.getfixturevalue(who))
    shown = client.get(confirm_url(page, target))
    assert shown.status_code == 403
    assert SECRET not in shown.content.decode()

    moved = client.post(confirm_url(page, target))
    assert moved.status_code == 403
    assert Page.objects.get(pk=page.pk).get_parent().pk != target.pk


@pytest.mark.parametrize("who", ["administrator", "policy_staff"])
def test_a_role_with_page_rights_still_confirms_and_moves(request, admin_client_for, pages, who):
    # In Wagtail, whoever may change and publish a page may move it (can_move is can_delete,
    # which "change" grants); the 정책 담당 holds those rights on the whole tree.
    page, target = pages
    client = admin_client_for(request.getfixturevalue(who))
    shown = client.get(confirm_url(page, target))
    assert shown.status_code == 200 and SECRET in shown.content.decode()
    moved = client.post(confirm_url(page, target))
    assert moved.status_code == 302
    assert Page.objects.get(pk=page.pk).get_parent().pk == target.pk

"""Consultations with opinions for the analysis tests, and staff of every role."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from egov_plugin.consultations.models import Opinion
from egov_plugin.people import roles
from tests.consultations.conftest import (  # noqa: F401 - fixtures
    consultation,
    consultation_index,
    home,
    make_consultation,
)

_counter = iter(range(1, 10**9))


def add_opinion(page, *, text="공원에 의견을 남깁니다.", created=None, **fields):
    """An opinion on ``page`` (fields as a resident would have given them)."""
    n = next(_counter)
    fields.setdefault("name", "김민수")
    fields.setdefault("mobile", f"010-5{n // 10000 % 1000:03d}-{n % 10000:04d}")
    fields.setdefault("status", Opinion.Status.PUBLISHED)
    return Opinion.objects.create(
        page_id=page.pk, text=text, created_at=created or timezone.now(), **fields
    )


def days_ago(days, hour=12):
    now = timezone.localtime()
    return now.replace(hour=hour, minute=0, second=0, microsecond=0) - datetime.timedelta(days)


@pytest.fixture
def staff_of(db, django_user_model):
    """``staff_of(role)``: a user with that staff role."""

    def make(role):
        user = django_user_model.objects.create_user(username=f"u-{role}", password="pw")
        user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def policy_client(client, staff_of):
    client.force_login(staff_of(roles.POLICY_STAFF))
    return client


@pytest.fixture(autouse=True)
def english(settings):
    """Messages are asserted in their English source form, whatever translations exist."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield

"""Fixtures shared by the whole suite: neighbourhoods, staff users per role, people."""

import pytest
from django.contrib.auth.models import Group

from egov_plugin.people import roles
from egov_plugin.people.regions import load_regions


@pytest.fixture
def regions(db):
    """Seongdong-gu's 17 neighbourhoods, as shipped with the package."""
    from egov_plugin.people.models import Region

    load_regions()
    return {r.name: r for r in Region.objects.all()}


def _staff(django_user_model, username, role):
    user = django_user_model.objects.create_user(username=username, password="pw")
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def administrator(db, django_user_model):
    """A 관리자: may see personal data and the audit log."""
    return _staff(django_user_model, "admin-kim", roles.ADMINISTRATOR)


@pytest.fixture
def policy_staff(db, django_user_model):
    """A 정책 담당: sees the registry masked."""
    return _staff(django_user_model, "policy-lee", roles.POLICY_STAFF)


@pytest.fixture
def committee_staff(db, django_user_model):
    """A 위원회 담당: manages committees; organization members are masked for them."""
    return _staff(django_user_model, "committee-park", roles.COMMITTEE_STAFF)


@pytest.fixture
def organization_staff(db, django_user_model):
    """A 단체 담당: manages organizations, their members, activities and meetings."""
    return _staff(django_user_model, "org-choi", roles.ORGANIZATION_STAFF)


@pytest.fixture
def admin_client_for(client):
    """Log a user into the test client: ``admin_client_for(user)``."""

    def login(user):
        client.force_login(user)
        return client

    return login


# Browser fixtures (Playwright + Debian's Chromium), available to every test module.
from tests.browser import browser, desktop_page, live_server, phone_page  # noqa: E402,F401

# The example site served by scripts/serve with its production settings (one per test process).
from tests.production_server import production_server  # noqa: E402,F401


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Every test starts with empty caches: rendered fragments are keyed by database state, and
    a rolled-back database repeats the state (same ids, same counts) of an earlier test."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()
    yield

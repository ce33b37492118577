"""Staff users of the organizations tests: a 단체 담당 and a 위원회 담당."""

import pytest
from django.contrib.auth.models import Group

from egov_plugin.people import roles


def _user(django_user_model, username, role):
    user = django_user_model.objects.create_user(username=username, password="pw")
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def organization_staff(db, django_user_model):
    """A 단체 담당: manages organizations, their members, activities and meetings."""
    return _user(django_user_model, "org-choi", roles.ORGANIZATION_STAFF)


@pytest.fixture
def committee_staff(db, django_user_model):
    """A 위원회 담당: manages committees; organization members are masked for them."""
    return _user(django_user_model, "committee-park", roles.COMMITTEE_STAFF)


def reload(user):
    """The user again, without the permission cache of the old object."""
    return type(user).objects.get(pk=user.pk)

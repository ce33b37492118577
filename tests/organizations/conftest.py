"""Helpers of the organizations tests (the staff users are in tests/conftest.py)."""


def reload(user):
    """The user again, without the permission cache of the old object."""
    return type(user).objects.get(pk=user.pk)

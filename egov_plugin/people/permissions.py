"""Who may see and change personal data in the registry."""

from wagtail.permission_policies import ModelPermissionPolicy

VIEW_PERSONAL_DATA = "egov_people.view_personal_data"


def can_view_personal_data(user):
    """Whether ``user`` sees names, phone numbers and e-mail addresses unmasked."""
    return bool(user and user.is_active and user.has_perm(VIEW_PERSONAL_DATA))


class PersonPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, except that changing a person also needs the right to see personal
    data: the edit form would otherwise show the contacts it is meant to keep masked. Adding a
    person shows nothing that the user did not type, so it needs only ``add_person``."""

    def user_has_permission(self, user, action):
        allowed = super().user_has_permission(user, action)
        if allowed and action == "change":
            return can_view_personal_data(user)
        return allowed

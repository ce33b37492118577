"""Who may do what with opinions in the admin."""

from wagtail.permission_policies import ModelPermissionPolicy


class OpinionPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, except that no one adds or deletes opinions in the admin.

    Opinions come from residents (or from an import), and the record of what they said stays
    whole: staff hide an opinion, with a reason, instead of deleting it. Without this, the
    snippet screens would offer a blank "add" form and an unaudited delete.
    """

    #: Actions no one may take on opinions through the admin.
    refused = frozenset({"add", "delete"})

    def user_has_permission(self, user, action):
        if action in self.refused:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

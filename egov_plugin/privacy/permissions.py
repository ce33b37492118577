"""Who may see the access records and handle deletion requests."""

from django.core.exceptions import PermissionDenied

#: Reviewing access records (the screen, its export, monthly sign-offs, permission changes).
REVIEW_PERMISSION = "egov_privacy.review_access"


def can_review_access(user):
    """True for an active user with ``egov_privacy.review_access`` (superusers have it)."""
    return bool(user and user.is_active and user.has_perm(REVIEW_PERMISSION))


class ReviewAccessRequiredMixin:
    """For views of the access records: ``egov_privacy.review_access`` or 403.

    Replaces the model permission policy (the audit log's own policy asks ``view_auditevent``,
    which is for the plain audit-log listing).
    """

    permission_policy = None
    permission_required = None

    def dispatch(self, request, *args, **kwargs):
        if not can_review_access(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def user_has_permission(self, permission):
        return can_review_access(self.request.user)

    def user_has_any_permission(self, permissions):
        return can_review_access(self.request.user)

"""Template context for resident pages: ``egov_privacy_policy_url`` (looked up only when used)."""

from django.utils.functional import SimpleLazyObject

from .policy_links import privacy_policy_url


def privacy_policy(request):
    """Add ``egov_privacy_policy_url``: the site's live 개인정보 처리방침, or ``""``."""
    return {"egov_privacy_policy_url": SimpleLazyObject(lambda: privacy_policy_url(request))}

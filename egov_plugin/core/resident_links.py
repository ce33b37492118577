"""Links on resident pages to an app that may not be installed.

Consultations and the privacy policy point residents to 내 참여 (my participation), which lives
in ``egov_plugin.participation``, an app above them. Naming its URLs would make them depend on
it; instead they ask here, and participation answers through a Wagtail hook.
"""

from wagtail import hooks

#: ``fn(request, opinion) -> str``: the address of 내 참여, or for ``opinion`` the resident's own
#: link to it (absolute when ``request`` is given); ``""`` when it has none.
MY_PARTICIPATION_URL_HOOK = "egov_my_participation_url"


def my_participation_url(request=None, opinion=None):
    """The address of 내 참여 — for ``opinion``, the resident's personal link — or ``""`` when no
    installed app serves it."""
    for fn in hooks.get_hooks(MY_PARTICIPATION_URL_HOOK):
        url = fn(request, opinion)
        if url:
            return url
    return ""

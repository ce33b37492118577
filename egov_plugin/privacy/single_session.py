"""One admin session per staff member: a new login ends the earlier ones (중복 로그인 차단).

A staff account is personal (개인정보처리시스템 접근 권한은 개인별로 부여); a second browser
signed in with the same account is either the same person who forgot the first, or someone
using their password. The later login wins: the earlier browser's next admin request signs it
out with a message saying why, so a stolen session stops working as soon as its owner signs in
again, and the owner learns that someone else had been signed in.

How: at the end of each login the session remembers the user's ``last_login`` (which Django
stamps at every login); a session whose remembered value is not the user's current
``last_login`` belongs to an older login. No table and no extra query: ``request.user`` is
loaded anyway. ``EGOV_ADMIN_SINGLE_SESSION = False`` allows concurrent logins.

Put :class:`SingleAdminSessionMiddleware` after ``AuthenticationMiddleware`` and
``MessageMiddleware``.
"""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from egov_plugin.core.csp import admin_prefix

from .conf import app_settings

#: Session key of the ``last_login`` of the login this session belongs to.
LOGIN_MARK_KEY = "egov_login_mark"


def _mark(user):
    return user.last_login.isoformat() if user.last_login else "-"


@receiver(user_logged_in, dispatch_uid="egov_privacy_single_session")
def _forget_mark(sender, request, user, **kwargs):
    # A new login in a session that already had one (same user, session key cycled): the new
    # mark is written when this request's answer leaves (see the middleware).
    if request is not None and hasattr(request, "session"):
        request.session.pop(LOGIN_MARK_KEY, None)


class SingleAdminSessionMiddleware:
    """Sign out admin sessions of a user who has signed in again elsewhere since."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        prefix = admin_prefix()
        if (
            app_settings.ADMIN_SINGLE_SESSION
            and prefix
            and user is not None
            and user.is_authenticated
            and request.path_info.startswith(prefix)
        ):
            mark = request.session.get(LOGIN_MARK_KEY)
            if mark is not None and mark != _mark(user):
                logout(request)
                messages.warning(
                    request,
                    _(
                        "You were signed out because your account signed in from another "
                        "browser. If that was not you, change your password."
                    ),
                )
                return redirect(reverse("wagtailadmin_login"))
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            if LOGIN_MARK_KEY not in request.session:
                request.session[LOGIN_MARK_KEY] = _mark(user)
        return response

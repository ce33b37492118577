"""Middleware of the privacy controls.

:class:`AdminSessionTimeoutMiddleware` ends an admin session after
``EGOV_ADMIN_SESSION_TIMEOUT_MINUTES`` without a request (개인정보처리시스템 접속 후 일정 시간
업무처리를 하지 않는 경우 자동으로 접속 차단). :class:`CurrentRequestMiddleware` lets the
permission-change log name who made a change made through a web request.

Add both after ``AuthenticationMiddleware`` and ``MessageMiddleware``::

    MIDDLEWARE = [
        ...,
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "egov_plugin.privacy.middleware.CurrentRequestMiddleware",
        "egov_plugin.privacy.middleware.AdminSessionTimeoutMiddleware",
        ...,
    ]
"""

import contextvars
import time

from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from .conf import app_settings

#: Session key of the time (seconds since the epoch) of the last admin request.
LAST_ACTIVITY_KEY = "egov_admin_last_activity"

#: Admin paths (below the admin's root) of requests the browser makes by itself.
BACKGROUND_PREFIX = "editing-sessions/"

_current_request = contextvars.ContextVar("egov_current_request", default=None)


def current_request():
    """The request being handled in this thread or task, or ``None`` (commands, migrations)."""
    return _current_request.get()


class CurrentRequestMiddleware:
    """Remember the request for the duration of its handling (see :func:`current_request`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)


def _admin_prefix():
    try:
        return reverse("wagtailadmin_home")
    except NoReverseMatch:
        return "/admin/"


class AdminSessionTimeoutMiddleware:
    """Log a signed-in user out of the admin after ``EGOV_ADMIN_SESSION_TIMEOUT_MINUTES`` of
    inactivity; the next admin page sends them to the login page with a message.

    Only requests under the Wagtail admin count as activity and are checked, so a staff member
    reading the public site is not kept signed in to the admin by it. The editor's background
    pings (``editing-sessions/``, every few seconds while an edit page is open) are checked but
    do not count as activity: an edit page left open is still idle.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        prefix = _admin_prefix()
        if user is not None and user.is_authenticated and request.path.startswith(prefix):
            timeout = app_settings.ADMIN_SESSION_TIMEOUT_MINUTES * 60
            now = time.time()
            last = request.session.get(LAST_ACTIVITY_KEY)
            if timeout and last is not None and now - last > timeout:
                logout(request)  # flushes the session
                messages.warning(
                    request,
                    _(
                        "You were signed out after %(minutes)d minutes without activity. "
                        "Sign in again."
                    )
                    % {"minutes": app_settings.ADMIN_SESSION_TIMEOUT_MINUTES},
                )
                login_url = reverse("wagtailadmin_login")
                return redirect(f"{login_url}?next={request.get_full_path()}")
            if last is None or not request.path.startswith(prefix + BACKGROUND_PREFIX):
                request.session[LAST_ACTIVITY_KEY] = now
        return self.get_response(request)

"""Locking the login after repeated failures (비밀번호 일정 횟수 이상 실패 시 접근 제한).

Each failed login (Django's ``user_login_failed`` signal) is stored as a
:class:`~egov_plugin.privacy.models.LoginFailure`. When a username, or an IP address, has
``EGOV_LOGIN_MAX_FAILURES`` failures within the last ``EGOV_LOGIN_LOCK_MINUTES``, logins with that
username or from that address are refused until the oldest of those failures is that old. A
successful login clears the failures of its own username (from any address), so one mistyped
password never adds up with the next day's; other usernames' failures from the same address
stay counted for that address. The address is :func:`~egov_plugin.core.clientip.client_ip`'s.

:class:`LockingModelBackend` refuses locked logins whichever form they come through;
:class:`~egov_plugin.privacy.forms.LockingLoginForm` says so on Wagtail's login page.
"""

import datetime

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone

from egov_plugin.core import audit
from egov_plugin.core.clientip import client_ip

from .conf import app_settings
from .models import LoginFailure


def _window_start():
    return timezone.now() - datetime.timedelta(minutes=app_settings.LOGIN_LOCK_MINUTES)


def _username(value):
    return (value or "").strip().lower()[:150]


def locked_until(username, ip_address):
    """When the lock on this username or address ends, or ``None`` when not locked."""
    limit = app_settings.LOGIN_MAX_FAILURES
    if not limit:
        return None
    recent = LoginFailure.objects.filter(at__gte=_window_start())
    ends = []
    for condition in (
        Q(username=_username(username)) if username else None,
        Q(ip_address=ip_address) if ip_address else None,
    ):
        if condition is None:
            continue
        times = list(recent.filter(condition).order_by("-at").values_list("at", flat=True)[:limit])
        if len(times) >= limit:
            # Locked until the oldest of the last `limit` failures leaves the window.
            ends.append(times[-1] + datetime.timedelta(minutes=app_settings.LOGIN_LOCK_MINUTES))
    return max(ends) if ends else None


def record_failure(sender, credentials, request=None, **kwargs):
    """``user_login_failed`` receiver: store the failure; audit the failure that locks."""
    username = _username(credentials.get("username"))
    ip_address = client_ip(request)
    if getattr(request, "_egov_login_locked", False):
        return  # refused because already locked: not a new attempt at the password
    was_locked = locked_until(username, ip_address) is not None
    # Failures outside any window are of no use: keep the table small under a password spray.
    LoginFailure.objects.filter(at__lt=timezone.now() - datetime.timedelta(days=1)).filter(
        at__lt=_window_start()
    ).delete()
    LoginFailure.objects.create(username=username, ip_address=ip_address)
    until = locked_until(username, ip_address)
    if until is not None and not was_locked:
        audit.record(
            request,
            audit.Action.LOGIN_LOCKED,
            summary=f"{username} ({ip_address or '-'})",
            data={
                "username": username,
                "ip": ip_address,
                "failures": app_settings.LOGIN_MAX_FAILURES,
                "until": until.isoformat(),
            },
        )


def clear_failures(sender, request, user, **kwargs):
    """``user_logged_in`` receiver: a successful login clears its own username's failures.

    Only those: the failures of other usernames from the same address stay counted, or anyone
    with an account of their own could guess a colleague's password without end, signing in
    as themselves after every few tries.
    """
    LoginFailure.objects.filter(username=_username(user.get_username())).delete()


class LockingModelBackend(ModelBackend):
    """Django's model backend, refusing a username or address that is locked.

    Put it in ``AUTHENTICATION_BACKENDS`` instead of ``ModelBackend``.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if locked_until(username, client_ip(request)) is not None:
            if request is not None:
                request._egov_login_locked = True
            # PermissionDenied stops Django trying the other backends.
            raise PermissionDenied
        return super().authenticate(request, username=username, password=password, **kwargs)

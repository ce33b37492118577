"""Keeping the admin out of sight (관리자 페이지 노출).

:class:`AdminAccessMiddleware` does two things for every request under the Wagtail admin:

- with ``EGOV_ADMIN_ALLOWED_NETWORKS`` set (a list of networks such as ``"10.20.0.0/16"``), a
  request from any other address gets the site's ordinary 404, the same answer as for a path
  that does not exist, so the admin's location is not confirmed to outsiders. The address is the
  client's as seen by the nearest trusted proxy (:func:`client_address`);
- the admin's logout answers only POST: Wagtail's logout view deletes the session cookie in
  every answer, also in its 405 to a GET, so a link on another site could sign staff out;
- every admin answer carries ``X-Robots-Tag: noindex, nofollow`` (Wagtail's pages also say
  ``<meta name="robots" content="noindex">``, but redirects, JSON and files have no ``<head>``).

Put it after ``AuthenticationMiddleware``, before the admin session timeout.
"""

import ipaddress
import logging

from django.http import Http404, HttpResponseNotAllowed
from django.urls import NoReverseMatch, reverse

from egov_plugin.core.clientip import client_ip
from egov_plugin.core.csp import admin_prefix

from .conf import app_settings

logger = logging.getLogger("egov_plugin.admin_access")


def client_address(request):
    """The client's IP address as the nearest trusted proxy saw it.

    The trusted-proxy rule lives in one place, :func:`egov_plugin.core.clientip.client_ip`
    (which also turns ``::ffff:10.0.0.1`` into ``10.0.0.1``); a missing address is treated as
    outside every network.
    """
    value = client_ip(request)
    return ipaddress.ip_address(value) if value else None


def _logout_path():
    try:
        return reverse("wagtailadmin_logout")
    except NoReverseMatch:
        return None


class AdminAccessMiddleware:
    """Refuse the admin outside ``EGOV_ADMIN_ALLOWED_NETWORKS``, logout by anything but POST;
    mark admin answers noindex."""

    def __init__(self, get_response):
        self.get_response = get_response

    def _networks(self):
        configured = app_settings.ADMIN_ALLOWED_NETWORKS
        if isinstance(configured, str):
            configured = configured.replace(";", ",").split(",")
        return [ipaddress.ip_network(n.strip(), strict=False) for n in configured if n.strip()]

    def __call__(self, request):
        prefix = admin_prefix()
        if not prefix or not request.path_info.startswith(prefix):
            return self.get_response(request)
        networks = self._networks()
        if networks:
            address = client_address(request)
            if address is None or not any(address in network for network in networks):
                logger.warning("admin request refused from outside the staff networks")
                raise Http404
        if request.method != "POST" and request.path_info == _logout_path():
            response = HttpResponseNotAllowed(["POST"])
        else:
            response = self.get_response(request)
        response.setdefault("X-Robots-Tag", "noindex, nofollow")
        return response

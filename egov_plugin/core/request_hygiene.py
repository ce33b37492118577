"""Refusing malformed requests before any view sees them (KISA 불필요한 Method 악용, 에러 페이지).

:class:`RequestHygieneMiddleware` answers, for every URL of the site:

- **405** to any method but ``GET``, ``HEAD`` and ``POST`` (``PUT``, ``DELETE``, ``PATCH``,
  ``OPTIONS``, ``TRACE``, ``CONNECT``, invented ones): neither the resident pages nor the
  admin use others, and Wagtail's page views would otherwise answer them like a ``GET``. A
  site that mounts an API using them lists its path prefixes in
  ``EGOV_OTHER_METHODS_PATHS``;
- **400** with a message in the site's language when a query parameter or form field (its name
  or its value) holds a NUL character or an unpaired UTF-16 surrogate. No database accepts
  NUL in text (PostgreSQL raises, SQLite cuts the string) and no encoder writes a lone
  surrogate, so such a value would otherwise end in a 500 whose traceback holds the rest of
  the form — a mobile number, a name.

Put it right after ``django.middleware.locale.LocaleMiddleware`` (the message follows the
visitor's language) and before ``CsrfViewMiddleware``.
"""

import logging
import re

from django.http import UnreadablePostError
from django.utils.translation import gettext as _

from .conf import egov_settings
from .errors import method_not_allowed, render_error

logger = logging.getLogger("egov_plugin.request_hygiene")

ALLOWED_METHODS = ("GET", "HEAD", "POST")

#: NUL, and a surrogate code point (only ever unpaired in a decoded Python string).
UNUSABLE = re.compile("[\x00\ud800-\udfff]")


def _unusable_field(querydict):
    """The first field of ``querydict`` whose name or a value is unusable, or ``None``."""
    for key, values in querydict.lists():
        if UNUSABLE.search(key):
            return key
        for value in values:
            if isinstance(value, str) and UNUSABLE.search(value):
                return key
    return None


def unusable_input(request):
    """``"query"`` or ``"form"`` when that part of ``request`` holds unusable characters."""
    if _unusable_field(request.GET) is not None:
        return "query"
    if request.method == "POST":
        try:
            post = request.POST
        except UnreadablePostError:
            return None  # the client went away; nothing to answer
        if _unusable_field(post) is not None:
            return "form"
        for upload in request.FILES.values():
            if UNUSABLE.search(upload.name or ""):
                return "form"
    return None


class RequestHygieneMiddleware:
    """405 for methods other than GET/HEAD/POST; 400 for NUL or lone surrogates in any field."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ALLOWED_METHODS and not self._api_path(request.path_info):
            return method_not_allowed(request, ALLOWED_METHODS)
        where = unusable_input(request)
        if where is not None:
            # Neither the path's query nor the value: both may be personal data.
            logger.warning("request refused: unusable characters in the %s", where)
            return render_error(
                request,
                400,
                _(
                    "The address or the form contains a character that cannot be used "
                    "(a NUL character or a broken character code). Remove it, for example "
                    "by typing the text again instead of pasting it, and send it again."
                ),
            )
        return self.get_response(request)

    @staticmethod
    def _api_path(path):
        return any(path.startswith(prefix) for prefix in egov_settings.OTHER_METHODS_PATHS)

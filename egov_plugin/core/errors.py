"""Error pages (KISA 에러 페이지 적용 미흡, 정보 누출).

Each error answers with a short page in the site's language, built on the site's ``base.html``
(``egov_core/errors/<code>.html``): what happened and what the visitor can do, never the
exception, a traceback, a path on the server, a version number or anything the visitor sent.
A site points Django's handlers at these views in its root URLconf::

    handler400 = "egov_plugin.core.errors.bad_request"
    handler403 = "egov_plugin.core.errors.permission_denied"
    handler404 = "egov_plugin.core.errors.page_not_found"
    handler500 = "egov_plugin.core.errors.server_error"

and ``CSRF_FAILURE_VIEW = "egov_plugin.core.errors.csrf_failure"``. Django has no handler for
405; :func:`method_not_allowed` is what :mod:`egov_plugin.core.request_hygiene` answers.
"""

import logging

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger("egov_plugin.errors")

TEMPLATE = "egov_core/errors/{code}.html"

#: The page of last resort, when even the error template cannot be rendered (the database or
#: a template is what failed): Korean, since the site's language may be unknowable by then.
FALLBACK_500 = (
    '<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><title>일시적인 오류</title>'
    "</head><body><h1>일시적인 오류가 발생했습니다</h1><p>잠시 후 다시 시도해 주세요. 문제가 "
    "계속되면 구청 담당 부서로 연락해 주세요.</p></body></html>"
)


def render_error(request, code, message=""):
    """The error page ``code`` (an ``HttpResponse`` with that status), with ``message``."""
    body = render_to_string(
        TEMPLATE.format(code=code), {"message": message, "status_code": code}, request=request
    )
    return HttpResponse(body, status=code)


def bad_request(request, exception=None):
    """400: the request was malformed or refused as suspicious (``handler400``)."""
    # The exception's text may quote what was sent (a host name, a field): never shown.
    return render_error(request, 400)


def permission_denied(request, exception=None):
    """403: signed in (or not) without the right to this page (``handler403``)."""
    return render_error(request, 403)


def page_not_found(request, exception=None):
    """404 (``handler404``); the same page for a missing page and a hidden one (the admin
    outside the staff networks), so neither is confirmed to exist."""
    return render_error(request, 404)


def method_not_allowed(request, allowed=("GET", "HEAD", "POST")):
    """405 with the ``Allow`` header; answered by the request-hygiene middleware."""
    response = render_error(request, 405)
    response["Allow"] = ", ".join(allowed)
    return response


def server_error(request):
    """500 (``handler500``): no detail; the page of last resort if the template fails too."""
    try:
        return render_error(request, 500)
    except Exception:  # noqa: BLE001 - whatever broke the page must not break the error page
        logger.exception("the 500 page could not be rendered")
        return HttpResponse(FALLBACK_500, status=500)


def csrf_failure(request, reason=""):
    """403 for a form sent without a valid CSRF token (``CSRF_FAILURE_VIEW``).

    Usually an old tab: the page says to reload the form. ``reason`` is Django's English
    diagnosis, logged by Django itself and not shown.
    """
    return render_error(
        request,
        403,
        _(
            "The form could not be sent because it was open too long or cookies are blocked "
            "(CSRF check). Reload the page and send the form again."
        ),
    )

"""A real 403 page for a refused staff request, instead of Wagtail's redirect to the dashboard.

Wagtail's admin answers every ``PermissionDenied`` with a redirect to the dashboard and a
message (``wagtail.admin.auth.require_admin_access``): friendly for a menu item, wrong for an
export of personal data or a page action, where a browser follows the 302 silently and a scanner
or an audit counts it as success. Views wrapped in :func:`refuse_with_403` answer status 403
with a page in the staff member's language that says the request was refused.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

TEMPLATE = "egov_core/forbidden.html"


def forbidden(request, message=None):
    """The 403 page (the admin's layout), with ``message`` or the general refusal."""
    context = {
        "page_title": _("Access refused"),
        "header_icon": "lock",
        "message": message or _("You do not have permission to do this."),
    }
    return TemplateResponse(request, TEMPLATE, context, status=403)


def refuse_with_403(view):
    """Wrap a view so that a ``PermissionDenied`` it raises becomes :func:`forbidden`.

    The exception's own text is not shown: Wagtail's and Django's are English and may name
    internals; the page says in Korean what happened and what to do.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return forbidden(request)

    return wrapped

"""Content-Security-Policy with django-csp, strict for residents and as strict as Wagtail's admin
allows under it.

The site's ``CONTENT_SECURITY_POLICY`` (django-csp 4 format) is the residents' policy: scripts
and styles only from the site itself or carrying the request's nonce
(``nonce="{{ request.csp_nonce }}"`` on every inline ``<script>`` and ``<style>`` of the
package's templates). :class:`AdminAwareCSPMiddleware` replaces the directives named in
``EGOV_ADMIN_CSP_REPLACE`` for requests under the Wagtail admin: Wagtail 8 itself writes inline
scripts that cannot carry a nonce (the date and time widgets, inline panels, the HTML of chooser
modals fetched by AJAX), so the admin policy allows inline script and style but still forbids
every other origin, plugins, ``<base>`` changes, foreign form targets and framing by other sites.
"""

from csp.middleware import CSPMiddleware
from django.urls import NoReverseMatch, reverse

from .conf import egov_settings


def admin_prefix():
    """The path under which the Wagtail admin is mounted (``/admin/`` unless moved)."""
    try:
        return reverse("wagtailadmin_home")
    except NoReverseMatch:
        return None


class AdminAwareCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with ``EGOV_ADMIN_CSP_REPLACE`` applied under the admin."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        prefix = admin_prefix()
        if prefix and request.path_info.startswith(prefix):
            replace = dict(egov_settings.ADMIN_CSP_REPLACE)
            replace.update(parts.replace or {})  # a view's own @csp_replace still wins
            parts.replace = replace
        return parts

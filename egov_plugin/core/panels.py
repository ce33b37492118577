"""Dashboard panels of the core app: the warning that residents cannot open the site's links."""

from wagtail.admin.ui.components import Component

from . import public_url


class PublicUrlPanel(Component):
    """A warning at the top of the dashboard while the public base URL is one residents cannot
    open (``localhost``, a private address): share buttons, QR codes and campaign links made
    now would be dead."""

    name = "egov_public_url"
    template_name = "egov_core/panels/public_url.html"
    order = 10  # above Wagtail's own panels: it concerns everything staff send out

    def get_context_data(self, parent_context=None):
        found = public_url.problem()
        return {
            "problem": found[1] if found else "",
            "blocking": bool(found and found[0] == public_url.LOOPBACK),
            "base_url": public_url.base_url(),
        }

    def render_html(self, parent_context=None):
        if public_url.problem() is None:
            return ""
        return super().render_html(parent_context)

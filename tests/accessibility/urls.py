"""The example site's URLs plus one route per error page, so that the browser can see each."""

from django.urls import path

from example_site.urls import *  # noqa: F403 - the site's routes and error handlers
from example_site.urls import urlpatterns as site_urlpatterns


def error_page(request, code):
    """The package's error page ``code`` (egov_plugin.core.errors, when the package has it)."""
    from egov_plugin.core.errors import render_error

    return render_error(request, code)


urlpatterns = [path("_egov_test_errors/<int:code>/", error_page), *site_urlpatterns]

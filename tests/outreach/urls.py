"""The example site's URLs plus the outreach public URLs (as a site would include them)."""

from django.urls import include, path

from example_site.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    path("outreach/", include("egov_plugin.outreach.urls")),
    path("s/", include("egov_plugin.outreach.short_urls")),
    *site_urlpatterns,
]

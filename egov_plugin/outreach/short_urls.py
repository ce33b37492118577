"""The short links of campaign SMS (namespace ``egov_short``), included at the site's root::

path("s/", include("egov_plugin.outreach.short_urls")),
"""

from django.urls import path

from . import views

app_name = "egov_short"

urlpatterns = [
    # No trailing slash: every byte of an SMS counts.
    path("<str:code>", views.follow_short_link, name="follow"),
]

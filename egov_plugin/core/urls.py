"""Downloads of stored files (namespace ``egov_files``).

A site includes these outside the admin, e.g. ``path("egov-files/",
include("egov_plugin.core.urls"))``: inside Wagtail's admin URLs an anonymous request would be
redirected to the login page with the file's address in ``next``; here it gets a plain 404.
"""

from django.urls import path

from .downloads import DownloadView

app_name = "egov_files"
urlpatterns = [
    path("<slug:kind>/<int:pk>/", DownloadView.as_view(), name="download"),
    path("<slug:kind>/n/<path:name>", DownloadView.as_view(), name="download_by_name"),
]

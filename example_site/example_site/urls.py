from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from egov_plugin.core.conf import egov_settings

urlpatterns = [
    # EGOV_ADMIN_PATH (environment variable of the same name) moves the admin off /admin/.
    path(egov_settings.ADMIN_PATH, include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # One-click unsubscribe links of campaign e-mail (before Wagtail's catch-all).
    path("outreach/", include("egov_plugin.outreach.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

from django.conf import settings
from django.urls import include, path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from egov_plugin.core.conf import egov_settings

urlpatterns = [
    # EGOV_ADMIN_PATH (environment variable of the same name) moves the admin off /admin/.
    path(egov_settings.ADMIN_PATH, include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Downloads of private files (mail attachments, restricted photos): permission-checked,
    # audited, inert (egov_plugin.core.downloads).
    path("egov-files/", include("egov_plugin.core.urls")),
    # One-click unsubscribe links of campaign e-mail (before Wagtail's catch-all).
    path("outreach/", include("egov_plugin.outreach.urls")),
    # 내 참여: a resident's own opinions, answers, receipts, consents (egov_plugin.participation).
    path("my/", include("egov_plugin.participation.urls")),
    # The footer's 접근성 정책 and 이용약관 (EGOV_SITE_LINKS): the site's own statements.
    path(
        "accessibility/",
        TemplateView.as_view(template_name="accessibility.html"),
        name="accessibility",
    ),
    path("terms/", TemplateView.as_view(template_name="terms.html"), name="terms"),
    # Short links of campaign SMS: /s/<code> (egov_plugin.outreach.shortlinks).
    path("s/", include("egov_plugin.outreach.short_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    # Only the renditions of public images; never MEDIA_ROOT itself (original images and
    # documents are there) and never the private files (docs/concepts/security.md).
    urlpatterns += static(
        f"{settings.MEDIA_URL}images/", document_root=settings.MEDIA_ROOT / "images"
    )

urlpatterns += [path("", include(wagtail_urls))]

# Error pages in the site's language, without any detail of the error (egov_plugin.core.errors).
handler400 = "egov_plugin.core.errors.bad_request"
handler403 = "egov_plugin.core.errors.permission_denied"
handler404 = "egov_plugin.core.errors.page_not_found"
handler500 = "egov_plugin.core.errors.server_error"

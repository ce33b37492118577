"""Public URLs: the one-click unsubscribe link of campaign e-mail and the consent-renewal page.

Include them in the site's URLconf before Wagtail's catch-all::

    path("outreach/", include("egov_plugin.outreach.urls")),
"""

from django.urls import path

from . import views

app_name = "egov_outreach"

urlpatterns = [
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("consent/<str:token>/", views.renew_consent, name="consent"),
]

"""내 참여 (my participation). Include before Wagtail's catch-all::

path("my/", include("egov_plugin.participation.urls")),
"""

from django.urls import path

from . import views

app_name = "egov_participation"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("code/", views.code, name="code"),
    path("link/<str:token>/", views.link, name="link"),
    path("consent/", views.withdraw_consent, name="withdraw"),
    path("deletion/", views.request_deletion, name="deletion"),
    path("leave/", views.leave, name="leave"),
]

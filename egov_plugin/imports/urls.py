"""Admin URLs of imports (namespace ``egov_imports``), mounted under ``/admin/egov/imports/``."""

from django.urls import path

from . import exports, views

app_name = "egov_imports"
urlpatterns = [
    path("", views.ImportIndexView.as_view(), name="index"),
    path("<int:pk>/", views.JobView.as_view(), name="job"),
    path("<int:pk>/errors/", views.ErrorWorkbookView.as_view(), name="errors"),
    path("templates/<str:kind>.xlsx", views.TemplateView.as_view(), name="template"),
    path("mail/", views.MailInboxView.as_view(), name="mail"),
    path("export/people/", exports.PeopleExportView.as_view(), name="export_people"),
    path("export/opinions/", exports.OpinionsExportView.as_view(), name="export_opinions"),
]

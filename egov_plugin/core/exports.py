"""Exporting a listing's current selection: a reason is asked, the export is audited.

A subclass of :class:`AuditedExportView` says which rows the current query string selects
(``get_export_data``); the view asks for the format and the reason, writes one audit event with
both and the row count, and streams the file.
"""

import datetime

from django import forms
from django.http import FileResponse, StreamingHttpResponse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from . import audit
from .spreadsheets import CSV_CONTENT_TYPE, iter_csv, write_xlsx


class ExportForm(forms.Form):
    """The format, and the reason (개인정보 다운로드 사유): personal data leaves the system."""

    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("xlsx", _("Excel workbook (.xlsx)")), ("csv", _("CSV (.csv, UTF-8)"))],
        initial="xlsx",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for the export"),
        min_length=4,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded in the audit log with your name, the time and the row count."),
    )


class AuditedExportView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """Ask for a reason, then export the rows selected by the listing's query string."""

    form_class = ExportForm
    template_name = "egov_core/export.html"
    page_title = _("Export")
    header_icon = "download"
    #: Base of the downloaded file's name (the date is appended).
    filename = "export"
    #: The listing this export belongs to (for the back link).
    index_url_name = None

    def get_export_data(self):
        """Return ``(headers, rows, count, summary)`` for the selection in ``request.GET``."""
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        headers, rows, count, summary = self.get_export_data()
        context.update(count=count, selection_summary=summary, query=self.request.GET.urlencode())
        return context

    def form_valid(self, form):
        headers, rows, count, summary = self.get_export_data()
        export_format = form.cleaned_data["format"]
        name = f"{self.filename}-{datetime.date.today():%Y%m%d}.{export_format}"
        audit.record(
            self.request,
            audit.Action.EXPORT,
            summary=f"{name} ({count})",
            reason=form.cleaned_data["reason"],
            data={"format": export_format, "rows": count, "selection": dict(self.request.GET)},
        )
        if export_format == "csv":
            response = StreamingHttpResponse(iter_csv(headers, rows), content_type=CSV_CONTENT_TYPE)
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        return FileResponse(write_xlsx(headers, rows), as_attachment=True, filename=name)

"""Admin screens of imports: upload → preview and mapping → commit (a task) → report.

A file that cannot be read gets one clear message and a 400 response, and nothing is stored.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views import View

from egov_plugin.core.conf import egov_settings
from egov_plugin.core.spreadsheets import XLSX_CONTENT_TYPE, write_xlsx

from . import mail
from .forms import AssignMailForm, MailUploadForm, MappingForm, UploadForm
from .jobs import create_job
from .kinds import KINDS
from .models import ImportJob, ImportRow, MailMessage
from .pipeline import kind_for_job, preview_job
from .readers import ReadError
from .tasks import commit_import
from .templates import build_template

PERMISSION = "egov_imports.add_importjob"


class ImportPermissionMixin:
    """Staff who may add import jobs (관리자 and the roles granted it)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _render(request, template, context, status=200):
    return TemplateResponse(request, f"egov_imports/{template}", context, status=status)


class ImportIndexView(ImportPermissionMixin, View):
    """The upload form, the templates to download and the latest jobs."""

    def get(self, request, form=None, status=200):
        return _render(
            request,
            "index.html",
            {
                "form": form or UploadForm(),
                "jobs": ImportJob.objects.select_related("created_by")[:30],
                "kinds": [(key, kind.label) for key, kind in KINDS.items()],
                "max_mb": egov_settings.IMPORT_MAX_BYTES // (1024 * 1024),
                "page_title": _("Imports"),
            },
            status=status,
        )

    def post(self, request):
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.get(request, form=form, status=400)
        upload = form.cleaned_data["file"]
        if upload.size > egov_settings.IMPORT_MAX_BYTES:
            form.add_error(
                "file",
                _("The file is larger than the limit of %(limit)d MB.")
                % {"limit": egov_settings.IMPORT_MAX_BYTES // (1024 * 1024)},
            )
            return self.get(request, form=form, status=400)
        try:
            job, __ = create_job(
                form.cleaned_data["kind"],
                upload.read(),
                upload.name,
                user=request.user,
                target=form.target(),
            )
        except ReadError as exc:
            form.add_error("file", str(exc))
            return self.get(request, form=form, status=400)
        return redirect("egov_imports:job", job.pk)


class JobView(ImportPermissionMixin, View):
    """A job: its preview (counts, first problems, column mapping) or its report."""

    def get(self, request, pk, form=None, status=200):
        job = get_object_or_404(ImportJob, pk=pk)
        kind = kind_for_job(job)
        rows = job.rows.exclude(outcome=ImportRow.Outcome.CREATED)[:200]
        return _render(
            request,
            "job.html",
            {
                "job": job,
                "form": form or MappingForm(job=job, kind=kind),
                "rows": rows,
                "running": job.status in (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING),
                "page_title": str(job),
            },
            status=status,
        )

    def post(self, request, pk):
        job = get_object_or_404(ImportJob, pk=pk)
        if job.status != ImportJob.Status.PREVIEWED:
            messages.error(request, _("This import has already been run."))
            return redirect("egov_imports:job", job.pk)
        if request.POST.get("action") == "commit":
            job.status = ImportJob.Status.QUEUED
            job.save(update_fields=["status"])
            result = commit_import.enqueue(job.pk, request.user.pk)
            ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
            return redirect("egov_imports:job", job.pk)
        form = MappingForm(request.POST, job=job, kind=kind_for_job(job))
        if not form.is_valid():
            return self.get(request, pk, form=form, status=400)
        job.mapping = form.mapping()
        try:
            preview_job(job)
        except ReadError as exc:
            form.add_error(None, str(exc))
            return self.get(request, pk, form=form, status=400)
        messages.success(request, _("The preview was updated with your column mapping."))
        return redirect("egov_imports:job", job.pk)


class ErrorWorkbookView(ImportPermissionMixin, View):
    """The rejected rows as they were, with a column saying why, to fix and upload again."""

    def get(self, request, pk):
        job = get_object_or_404(ImportJob, pk=pk)
        rejected = job.rows.filter(outcome=ImportRow.Outcome.REJECTED).order_by("row_number")
        headers = ["원래 행", *job.headers, "오류 내용"]
        width = len(job.headers)
        rows = (
            [row.row_number, *((row.data or []) + [""] * width)[:width], row.message]
            for row in rejected.iterator()
        )
        output = write_xlsx(headers, rows, title="오류")
        response = HttpResponse(output.read(), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-errors.xlsx"'
        return response


class TemplateView(ImportPermissionMixin, View):
    """The .xlsx template (관리카드) of one kind."""

    def get(self, request, kind):
        if kind not in KINDS:
            raise Http404
        response = HttpResponse(build_template(kind), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="template-{kind}.xlsx"'
        return response


class MailInboxView(ImportPermissionMixin, View):
    """Mails waiting for a consultation; upload of .eml/.mbox files; assigning a mail."""

    def get(self, request, form=None, status=200):
        return _render(
            request,
            "mail.html",
            {
                "form": form or MailUploadForm(),
                "assign_form": AssignMailForm(),
                "mails": MailMessage.objects.filter(opinion__isnull=True).prefetch_related(
                    "attachments"
                )[:200],
                "page_title": _("Mail inbox"),
            },
            status=status,
        )

    def post(self, request):
        if "mail" in request.POST:
            item = get_object_or_404(MailMessage, pk=request.POST["mail"], opinion__isnull=True)
            form = AssignMailForm(request.POST)
            if not form.is_valid():
                return self.get(request, status=400)
            mail.create_opinion(item, form.cleaned_data["consultation"])
            messages.success(request, _("The mail was added to the consultation as an opinion."))
            return redirect("egov_imports:mail")
        form = MailUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.get(request, form=form, status=400)
        upload = form.cleaned_data["file"]
        if upload.size > egov_settings.IMPORT_MAX_BYTES:
            form.add_error("file", _("The file is larger than the limit."))
            return self.get(request, form=form, status=400)
        try:
            stored, skipped = mail.import_upload(upload.read(), upload.name)
        except mail.MailError as exc:
            form.add_error("file", str(exc))
            return self.get(request, form=form, status=400)
        messages.success(
            request,
            _("%(stored)d mails imported, %(skipped)d were already there.")
            % {"stored": stored, "skipped": skipped},
        )
        return redirect("egov_imports:mail")

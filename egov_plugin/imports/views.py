"""Admin screens of imports: upload → preview and mapping → commit (a task) → report.

A file that cannot be read gets one clear message and a 400 response, and nothing is stored.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views import View

from egov_plugin.core import audit
from egov_plugin.core.exports import AuditedExportView
from egov_plugin.core.spreadsheets import XLSX_CONTENT_TYPE
from egov_plugin.core.text import mask_email, mask_name, mask_phone
from egov_plugin.people.permissions import can_view_personal_data

from . import leases, mail
from .conf import app_settings
from .forms import AssignMailForm, MailUploadForm, MappingForm, UploadForm
from .jobs import create_job
from .kinds import KINDS
from .models import ImportJob, ImportRow, MailMessage
from .permissions import can_import, can_view_contacts, importable_kinds
from .pipeline import kind_for_job, preview_job
from .readers import ReadError
from .tasks import commit_import
from .templates import build_template

#: How the error workbook hides the columns mapped to these fields from staff who may not
#: see personal data.
MASKS = {"name": mask_name, "mobile": mask_phone, "email": mask_email}


def forbidden(request):
    """A 403 page in the admin's frame (Wagtail would redirect to the dashboard instead)."""
    return TemplateResponse(
        request,
        "egov_imports/forbidden.html",
        {"page_title": _("Not permitted")},
        status=403,
    )


class ImportPermissionMixin:
    """Staff who may upload at least one kind of data (see :mod:`.permissions`).

    ``self.kinds`` holds the kinds the user may upload; :meth:`may_access` adds a view's
    own check. Refusals are 403 responses.
    """

    def dispatch(self, request, *args, **kwargs):
        self.kinds = importable_kinds(request.user)
        if not self.kinds or not self.may_access(request, **kwargs):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def may_access(self, request, **kwargs):
        return True


class JobPermissionMixin(ImportPermissionMixin):
    """A job's screens: only for staff who may upload the job's kind."""

    def may_access(self, request, pk, **kwargs):
        self.job = get_object_or_404(ImportJob, pk=pk)
        return self.job.kind in self.kinds


def _render(request, template, context, status=200):
    return TemplateResponse(request, f"egov_imports/{template}", context, status=status)


class ImportIndexView(ImportPermissionMixin, View):
    """The upload form, the templates to download and the latest jobs."""

    def get(self, request, form=None, status=200):
        leases.reap(ImportJob.objects.filter(kind__in=self.kinds))
        return _render(
            request,
            "index.html",
            {
                "form": form or UploadForm(kinds=self.kinds),
                "jobs": ImportJob.objects.filter(kind__in=self.kinds).select_related("created_by")[
                    :30
                ],
                "kinds": [(key, KINDS[key].label) for key in self.kinds],
                "mail": can_import(request.user, "opinions"),
                "max_mb": app_settings.IMPORT_MAX_BYTES // (1024 * 1024),
                "page_title": _("Imports"),
            },
            status=status,
        )

    def post(self, request):
        if request.POST.get("kind") in KINDS and request.POST["kind"] not in self.kinds:
            return forbidden(request)
        form = UploadForm(request.POST, request.FILES, kinds=self.kinds)
        if not form.is_valid():
            return self.get(request, form=form, status=400)
        upload = form.cleaned_data["file"]
        if upload.size > app_settings.IMPORT_MAX_BYTES:
            form.add_error(
                "file",
                _("The file is larger than the limit of %(limit)d MB.")
                % {"limit": app_settings.IMPORT_MAX_BYTES // (1024 * 1024)},
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


class JobView(JobPermissionMixin, View):
    """A job: its preview (counts, first problems, column mapping) or its report."""

    def get(self, request, pk, form=None, status=200):
        if leases.reap(ImportJob.objects.filter(pk=pk)):
            self.job.refresh_from_db()
        job = self.job
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
        job = self.job
        if request.POST.get("action") == "retry":
            return self.retry(request, job)
        if job.status != ImportJob.Status.PREVIEWED:
            messages.error(request, _("This import has already been run."))
            return redirect("egov_imports:job", job.pk)
        if request.POST.get("action") == "commit":
            _enqueue(job, request.user)
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

    def retry(self, request, job):
        """Run a failed job again (its worker died, or the database was busy, say)."""
        leases.reap(ImportJob.objects.filter(pk=job.pk))
        job.refresh_from_db()
        if not job.can_retry:
            messages.error(
                request,
                _(
                    "This import cannot be run again: it has not failed, or its file was "
                    "already removed. Upload the file again."
                ),
            )
            return redirect("egov_imports:job", job.pk)
        # Only one of two clicks (or two staff members) queues it.
        if ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.FAILED).update(
            status=ImportJob.Status.PREVIEWED, error="", finished_at=None
        ):
            job.refresh_from_db()
            _enqueue(job, request.user)
            messages.success(request, _("The import was queued to run again."))
        return redirect("egov_imports:job", job.pk)


def _enqueue(job, user):
    """Queue the commit task of a previewed job."""
    job.status = ImportJob.Status.QUEUED
    job.save(update_fields=["status"])
    result = commit_import.enqueue(job.pk, user.pk)
    ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])


class ErrorWorkbookView(JobPermissionMixin, AuditedExportView):
    """The rejected rows as they were, with a column saying why, to fix and upload again.

    They are personal data like any export: a reason is asked and the download is audited,
    and names and contacts are masked for staff who may not see them.
    """

    page_title = _("Download the rejected rows")
    filename = "import-errors"

    def get_export_data(self):
        job = self.job
        rejected = job.rows.filter(outcome=ImportRow.Outcome.REJECTED).order_by("row_number")
        headers = ["원래 행", *job.headers, "오류 내용"]
        width = len(job.headers)
        masks = {}
        if not can_view_contacts(self.request.user, job.kind, job):
            masks = {int(i): MASKS[key] for i, key in job.mapping.items() if key in MASKS}

        def rows():
            for row in rejected.iterator():
                cells = ((row.data or []) + [""] * width)[:width]
                for index, mask in masks.items():
                    if index < width:
                        cells[index] = mask(cells[index])
                yield [row.row_number, *cells, row.message]

        summary = _("Rejected rows of import %(job)s") % {"job": job}
        return headers, rows(), rejected.count(), summary


class TemplateView(ImportPermissionMixin, View):
    """The .xlsx template (관리카드) of one kind."""

    def may_access(self, request, kind):
        if kind not in KINDS:
            raise Http404
        return kind in self.kinds

    def get(self, request, kind):
        response = HttpResponse(build_template(kind), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="template-{kind}.xlsx"'
        return response


class MailInboxView(ImportPermissionMixin, View):
    """Mails waiting for a consultation; upload of .eml/.mbox files; assigning a mail.

    Mails become opinions, so only staff who may upload opinions see the inbox.
    """

    def may_access(self, request, **kwargs):
        return "opinions" in self.kinds

    def get(self, request, form=None, status=200):
        mails = list(
            MailMessage.objects.filter(
                opinion__isnull=True, duplicate_of__isnull=True
            ).prefetch_related("attachments")[:200]
        )
        visible = can_view_personal_data(request.user)
        for item in mails:
            item.sender_display = item.sender_name if visible else mask_name(item.sender_name)
        audit.record(
            request,
            audit.Action.LIST,
            summary=_("Mail inbox"),
            data={"results": len(mails)},
        )
        return _render(
            request,
            "mail.html",
            {
                "form": form or MailUploadForm(),
                "assign_form": AssignMailForm(),
                "mails": mails,
                "page_title": _("Mail inbox"),
            },
            status=status,
        )

    def post(self, request):
        if "mail" in request.POST:
            if not request.POST["mail"].isdigit():
                return self.get(request, status=400)
            item = get_object_or_404(
                MailMessage,
                pk=request.POST["mail"],
                opinion__isnull=True,
                duplicate_of__isnull=True,
            )
            form = AssignMailForm(request.POST)
            if not form.is_valid():
                return self.get(request, status=400)
            opinion = mail.create_opinion(item, form.cleaned_data["consultation"])
            if item.duplicate_of_id:
                messages.warning(
                    request,
                    _(
                        "This mail repeats opinion %(number)d, already on “%(title)s” with the "
                        "same sender and text: it was marked as a duplicate of it, and no "
                        "second opinion was made."
                    )
                    % {"number": opinion.pk, "title": opinion.page.title},
                )
            else:
                messages.success(
                    request, _("The mail was added to the consultation as an opinion.")
                )
            return redirect("egov_imports:mail")
        form = MailUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.get(request, form=form, status=400)
        upload = form.cleaned_data["file"]
        if upload.size > app_settings.IMPORT_MAX_BYTES:
            form.add_error(
                "file",
                _("“%(file)s” is larger than the limit of %(limit)d MB.")
                % {"file": upload.name, "limit": app_settings.IMPORT_MAX_BYTES // (1024 * 1024)},
            )
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

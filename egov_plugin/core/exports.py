"""Exporting a listing's current selection: a reason is asked, the export is audited.

A subclass of :class:`AuditedExportView` says which rows the current query string selects
(``get_export_data``); the view asks for the format and the reason, writes one audit event with
both and the row count, and streams the file.

When ``EGOV_ENCRYPT_EXPORTS`` is on, an export of personal data is a password-encrypted
``.xlsx``: the view answers with a page that shows the random password once, beside a link
that downloads the file once (:class:`EncryptedDownloadView`). The password is neither stored
nor logged; the audit event says that the file was encrypted. CSV cannot carry a password, so
it is refused with a message saying why.
"""

import datetime
import secrets

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from . import audit
from .conf import egov_settings
from .downloads import protect
from .refusals import refuse_with_403
from .spreadsheets import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, iter_csv, new_password, write_xlsx
from .storage import private_storage

#: The language the district's uploads read (their column titles, roles and yes/no words):
#: exports meant to be uploaded again are written in it (``AuditedExportView.file_language``).
UPLOAD_LANGUAGE = "ko"
#: Session key of the encrypted exports waiting to be downloaded.
SESSION_KEY = "egov_encrypted_exports"
#: Folder of the private storage where encrypted exports wait for their one download.
STORAGE_DIR = "egov-exports"
#: How long an encrypted export waits for its download.
DOWNLOAD_TTL = datetime.timedelta(hours=1)

CSV_REFUSED = _(
    "CSV is not available: exports of personal data must be password-encrypted on this site, "
    "and only an Excel workbook (.xlsx) can carry a password. Choose Excel workbook."
)


class FormatField(forms.ChoiceField):
    """The file format; refuses CSV, with the reason, while exports must be encrypted."""

    #: Set by the form for exports of aggregates; ``None`` follows ``EGOV_ENCRYPT_EXPORTS``.
    refuse_csv = None

    def validate(self, value):
        refuse = egov_settings.ENCRYPT_EXPORTS if self.refuse_csv is None else self.refuse_csv
        if value == "csv" and refuse:
            raise ValidationError(CSV_REFUSED, code="encryption_required")
        super().validate(value)


class ExportForm(forms.Form):
    """The format, and the reason (개인정보 다운로드 사유): personal data leaves the system."""

    format = FormatField(
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

    def __init__(self, *args, encrypt=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.encrypt = egov_settings.ENCRYPT_EXPORTS if encrypt is None else encrypt
        self.fields["format"].refuse_csv = self.encrypt
        if self.encrypt:
            field = self.fields["format"]
            field.choices = [c for c in field.choices if c[0] != "csv"]
            field.help_text = _(
                "The workbook is encrypted with a password shown to you once after the export. "
                "CSV is not available because it cannot be encrypted."
            )


class AuditedExportView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """Ask for a reason, then export the rows selected by the listing's query string."""

    form_class = ExportForm
    template_name = "egov_core/export.html"
    encrypted_template_name = "egov_core/export_encrypted.html"
    page_title = _("Export")
    header_icon = "download"
    #: Base of the downloaded file's name (the date is appended).
    filename = "export"
    #: The listing this export belongs to (for the back link).
    index_url_name = None
    #: False for exports of aggregates only (no one's personal data): never encrypted.
    contains_personal_data = True
    #: The language of the file's titles and values whatever the language of the viewer's
    #: admin, for exports that are uploaded again: the uploads read Korean titles and Korean
    #: roles, so an export made under an English admin would otherwise not read back. ``None``:
    #: the viewer's language (files that are only read).
    file_language = None

    @classmethod
    def as_view(cls, **initkwargs):
        # A refused export answers 403, not Wagtail's redirect to the dashboard: neither the
        # browser nor an audit may take the refusal for a download (refusals.py says why).
        return refuse_with_403(super().as_view(**initkwargs))

    def get_export_data(self):
        """Return ``(headers, rows, count, summary)`` for the selection in ``request.GET``."""
        raise NotImplementedError

    @property
    def encrypt(self):
        """Whether this export is written as a password-encrypted workbook."""
        return bool(self.contains_personal_data and egov_settings.ENCRYPT_EXPORTS)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if issubclass(self.get_form_class(), ExportForm):
            kwargs["encrypt"] = self.encrypt
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        headers, rows, count, summary = self.get_export_data()
        context.update(count=count, selection_summary=summary, query=self.request.GET.urlencode())
        return context

    def form_valid(self, form):
        headers, rows, count, summary = self.get_export_data()
        if self.file_language:
            headers, rows = in_language(self.file_language, headers, rows)
        export_format = form.cleaned_data["format"]
        name = f"{self.filename}-{datetime.date.today():%Y%m%d}.{export_format}"
        encrypt = self.encrypt and export_format == "xlsx"
        if self.encrypt and export_format == "csv":  # a subclass's own form let CSV through
            form.add_error("format", CSV_REFUSED)
            return self.form_invalid(form)
        audit.record(
            self.request,
            audit.Action.EXPORT,
            summary=f"{name} ({count})",
            reason=form.cleaned_data["reason"],
            data={
                "format": export_format,
                "rows": count,
                "selection": dict(self.request.GET),
                "encrypted": encrypt,
            },
        )
        if export_format == "csv":
            response = StreamingHttpResponse(iter_csv(headers, rows), content_type=CSV_CONTENT_TYPE)
            return protect(response, name)
        if encrypt:
            password = new_password()
            token = stash_download(self.request, write_xlsx(headers, rows, password=password), name)
            return self.render_encrypted(name, count, password, token)
        response = FileResponse(write_xlsx(headers, rows), content_type=XLSX_CONTENT_TYPE)
        return protect(response, name)

    def render_encrypted(self, name, count, password, token):
        """The page that shows the password once, with the link that downloads the file once."""
        context = self.get_context_data()
        context.update(
            file_name=name,
            rows=count,
            password=password,
            download_url=reverse("egov_export_download", args=[token]),
            ttl_minutes=int(DOWNLOAD_TTL.total_seconds() // 60),
        )
        response = TemplateResponse(self.request, self.encrypted_template_name, context)
        add_never_cache_headers(response)  # the password must not stay in any cache
        return response


def in_language(language, headers, rows):
    """``headers`` and ``rows`` with their translatable texts written in ``language``.

    The rows are read lazily (a CSV streams after the view has returned), so each row is made
    under its own activation of the language rather than one that would outlive the view.
    """

    def written(values):
        return [str(v) if isinstance(v, Promise) else v for v in values]

    def rows_in_language():
        iterator = iter(rows)
        while True:
            with translation.override(language):
                try:
                    row = next(iterator)
                except StopIteration:
                    return
                row = written(row)
            yield row

    with translation.override(language):
        headers = written(headers)
    return headers, rows_in_language()


def stash_download(request, fileobj, name):
    """Keep an encrypted export for one download by this session; returns its token."""
    _forget_expired(request)
    token = secrets.token_urlsafe(24)
    path = private_storage().save(f"{STORAGE_DIR}/{token}.xlsx", ContentFile(fileobj.read()))
    pending = request.session.get(SESSION_KEY, {})
    pending[token] = {"path": path, "name": name, "at": timezone.now().isoformat()}
    request.session[SESSION_KEY] = pending
    return token


def _forget_expired(request):
    pending = request.session.get(SESSION_KEY, {})
    now = timezone.now()
    for token, item in list(pending.items()):
        if now - datetime.datetime.fromisoformat(item["at"]) > DOWNLOAD_TTL:
            private_storage().delete(item["path"])
            del pending[token]
    request.session[SESSION_KEY] = pending
    _sweep_storage(now)


def _sweep_storage(now):
    # Files of sessions that never came back (closed browser, expired session): best effort,
    # since not every storage can list or date its files.
    try:
        _folders, files = private_storage().listdir(STORAGE_DIR)
        for name in files:
            path = f"{STORAGE_DIR}/{name}"
            if now - private_storage().get_modified_time(path) > DOWNLOAD_TTL:
                private_storage().delete(path)
    except (NotImplementedError, FileNotFoundError, OSError):
        pass


class EncryptedDownloadView(View):
    """Download an encrypted export once, in the session that made it, within the hour."""

    def get(self, request, token):
        _forget_expired(request)
        pending = request.session.get(SESSION_KEY, {})
        item = pending.pop(token, None)
        if item is None:
            raise Http404(_("This download has expired or was already used: export again."))
        request.session[SESSION_KEY] = pending
        with private_storage().open(item["path"], "rb") as stored:
            content = stored.read()
        private_storage().delete(item["path"])
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
        return protect(response, item["name"])

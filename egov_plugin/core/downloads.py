"""The one way a stored file leaves the system: permission, audit, and headers that make it inert.

Every app registers the kinds of file it keeps (:func:`register_file_kind`): which model and
field hold it, who may download it, and what the audit event says. The single view
:class:`DownloadView` (``egov_files:download``, ``/<kind>/<pk>/``) then

1. finds the record by its primary key (never a path from the URL), and answers the same 404
   whether it does not exist or the user may not have it, so ids cannot be probed;
2. writes one audit event (``view``, or what the kind says);
3. streams the file through the storage API with :func:`protect`'s headers (or, for a file on
   object storage with ``EGOV_PRIVATE_DOWNLOADS = "signed_url"``, redirects to a signed URL of
   a minute that makes the store send it as an inert attachment:
   :mod:`egov_plugin.core.object_storage`):
   ``Content-Disposition: attachment`` with an RFC 6266 / RFC 5987 name (Korean names as
   ``filename*=UTF-8''…`` with an ASCII fallback), ``X-Content-Type-Options: nosniff``,
   ``Content-Security-Policy: sandbox``, ``Cache-Control: no-store``.

The content type comes from a short list of inert types keyed by the file's extension
(:data:`SAFE_TYPES`); anything else (HTML, SVG, XML, JavaScript, unknown) is sent as
``application/octet-stream``, never with the type its sender declared, so a browser neither
renders nor runs it.
"""

import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath
from urllib.parse import quote

from django.apps import apps
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.views import View

from . import audit
from .conf import egov_settings

#: Extension → the content type sent for it: types a browser shows without running anything.
#: Everything else is ``application/octet-stream``.
SAFE_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".txt": "text/plain; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".xls": "application/vnd.ms-excel",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".doc": "application/msword",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".ppt": "application/vnd.ms-powerpoint",
    ".hwp": "application/x-hwp",
    ".hwpx": "application/haansofthwpx",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".zip": "application/zip",
}
FALLBACK_TYPE = "application/octet-stream"

#: The longest file name kept (characters); longer ones are cut, keeping the extension.
MAX_NAME_LENGTH = 150

_WHITESPACE = re.compile(r"\s+")


def safe_filename(name, default="file"):
    """A file name fit to show and to send: no folders, no control or direction characters.

    ``../../x`` becomes ``x``, ``C:\\Users\\a.pdf`` ``a.pdf``; NUL, other control characters,
    and the invisible formatting ones (the right-to-left override that turns
    ``exe.pdf`` around, zero-width spaces) are removed; leading dots go (no hidden files);
    the result is at most :data:`MAX_NAME_LENGTH` characters with its extension kept, or
    ``default`` when nothing is left.
    """
    text = unicodedata.normalize("NFC", str(name or ""))
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf", "Cs"))
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    text = _WHITESPACE.sub(" ", text).strip().lstrip(".").strip()
    if text in ("", ".", ".."):
        return default
    if len(text) > MAX_NAME_LENGTH:
        suffix = PurePath(text).suffix
        suffix = suffix if len(suffix) <= 11 else ""
        text = text[: MAX_NAME_LENGTH - len(suffix)].rstrip() + suffix
    return text


def content_type_for(filename):
    """The content type to send for ``filename``: from :data:`SAFE_TYPES`, else binary."""
    return SAFE_TYPES.get(PurePath(filename).suffix.lower(), FALLBACK_TYPE)


def content_disposition(filename):
    """``attachment`` with the name twice (RFC 6266): a quoted ASCII fallback for old clients
    and ``filename*=UTF-8''…`` (RFC 5987) for the real, often Korean, name."""
    filename = safe_filename(filename)
    path = PurePath(filename)
    suffix = path.suffix if path.suffix.isascii() else ""
    stem = unicodedata.normalize("NFKD", path.stem).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9._ -]", "", stem).strip(" ._-")
    ascii_name = f"{stem or 'download'}{suffix}"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def protect(response, filename):
    """Make ``response`` a download that nothing renders or runs, and that no cache keeps."""
    response["Content-Disposition"] = content_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    # Opened anyway (a "view" button in some browser), the file gets a unique origin with
    # scripts, forms and plugins off.
    response["Content-Security-Policy"] = "sandbox"
    response["Referrer-Policy"] = "no-referrer"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    add_never_cache_headers(response)
    return response


def file_response(storage, name, filename):
    """Stream ``name`` from ``storage`` as a protected download called ``filename``."""
    handle = storage.open(name, "rb")
    response = FileResponse(handle, content_type=content_type_for(filename))
    # FileResponse guesses a type from the handle's name when given none; ours is decided.
    response["Content-Type"] = content_type_for(filename)
    return protect(response, filename)


def signed_redirect(url):
    """A redirect to a signed storage URL that no cache keeps and no referrer carries on."""
    response = HttpResponseRedirect(url)
    response["Referrer-Policy"] = "no-referrer"
    add_never_cache_headers(response)
    return response


@dataclass(frozen=True)
class FileKind:
    """A kind of stored file that :class:`DownloadView` serves.

    ``model`` is ``"app_label.ModelName"``; ``field`` the file field; ``may_download(user,
    obj)`` the permission rule (checked on every download, never cached); ``filename(obj)``
    the name shown to the user; ``summary(obj)`` the audit summary (no personal data in
    clear); ``person(obj)`` whose data the file is, if anyone's; ``action`` the audit action.
    ``name_lookup`` names the field by whose stored name the kind is also found
    (``/<kind>/n/<stored name>``, for links a storage builds from a name alone).
    """

    key: str
    model: str
    may_download: object
    field: str = "file"
    filename: object = None
    summary: object = None
    person: object = None
    action: str = audit.Action.VIEW
    name_lookup: str = ""

    def get_queryset(self):
        return apps.get_model(self.model)._default_manager.all()

    def name_of(self, obj):
        if self.filename is not None:
            return safe_filename(self.filename(obj))
        return safe_filename(PurePath(getattr(obj, self.field).name).name)


_KINDS = {}


def register_file_kind(kind):
    """Register (or replace) a :class:`FileKind`; call it from ``AppConfig.ready()``."""
    _KINDS[kind.key] = kind
    return kind


def get_file_kind(key):
    """The registered :class:`FileKind` called ``key``, or ``None``."""
    return _KINDS.get(key)


def download_url(key, obj):
    """The URL that downloads ``obj``'s file of the kind ``key``."""
    return reverse("egov_files:download", args=[key, obj.pk])


def download_url_by_name(key, name):
    """The URL that downloads the file stored as ``name`` of the kind ``key``."""
    return reverse("egov_files:download_by_name", args=[key, name])


NOT_AVAILABLE = _("This file does not exist or you may not download it.")


class DownloadView(View):
    """Download one stored file of a registered kind (see the module docstring)."""

    http_method_names = ["get", "head"]

    def get(self, request, kind, pk=None, name=None):
        file_kind = get_file_kind(kind)
        user = request.user
        if file_kind is None or not (user.is_authenticated and user.is_active):
            raise Http404(NOT_AVAILABLE)
        if name is not None:
            # The name only selects a database row; it is never opened as a path.
            if not file_kind.name_lookup:
                raise Http404(NOT_AVAILABLE)
            lookup = {file_kind.name_lookup: name}
        else:
            lookup = {"pk": pk}
        obj = file_kind.get_queryset().filter(**lookup).first()
        if obj is None or not file_kind.may_download(user, obj):
            raise Http404(NOT_AVAILABLE)
        stored = getattr(obj, file_kind.field)
        if not stored or not stored.storage.exists(stored.name):
            raise Http404(NOT_AVAILABLE)
        filename = file_kind.name_of(obj)
        audit.record(
            request,
            file_kind.action,
            obj=obj,
            person=file_kind.person(obj) if file_kind.person else None,
            summary=(
                file_kind.summary(obj)
                if file_kind.summary
                else _("Downloaded a file (%(kind)s)") % {"kind": kind}
            ),
            data={"kind": kind, "file": filename},
        )
        if egov_settings.PRIVATE_DOWNLOADS == "signed_url":
            from .object_storage import signed_download_url

            url = signed_download_url(
                stored.storage, stored.name, kind=kind, pk=obj.pk, filename=filename
            )
            if url:
                return signed_redirect(url)
        return file_response(stored.storage, stored.name, filename)

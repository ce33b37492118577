"""Private storage: where every file from outside or holding personal data is kept.

Mail attachments, uploads, encrypted exports and restricted photos' renditions are stored in
the storage of the ``STORAGES`` alias :data:`PRIVATE_STORAGE_ALIAS` (``"egov_private"``) when
the site defines it, and otherwise in a local directory outside ``MEDIA_ROOT``
(``EGOV_PRIVATE_ROOT``, by default ``egov_private`` beside ``MEDIA_ROOT``) that no URL maps
to. Files leave it only through :mod:`egov_plugin.core.downloads`, which checks permission.

A site on several machines points the alias at shared storage; with django-storages' S3
backend (``querystring_auth=True``, a short ``querystring_expire``, a bucket that is not
public) the same code works, because downloads read through the storage API; the only storage
URL ever handed out is a signed one of a minute, made after the permission check
(``EGOV_PRIVATE_DOWNLOADS = "signed_url"``, :mod:`egov_plugin.core.object_storage`).

Stored names are random (:class:`RandomName`): the name a sender or uploader gave a file
("회원명단_홍길동.xlsx") is kept in the database only, never in a path.
"""

import re
import uuid
from pathlib import Path, PurePath

from django.conf import settings
from django.core.files.storage import FileSystemStorage, InvalidStorageError, storages
from django.core.signals import setting_changed
from django.utils.deconstruct import deconstructible
from django.utils.functional import LazyObject, empty

from .conf import egov_settings

#: The ``STORAGES`` alias of the private storage.
PRIVATE_STORAGE_ALIAS = "egov_private"

_SAFE_SUFFIX = re.compile(r"\.[a-z0-9]{1,10}")


class PrivateFileSystemStorage(FileSystemStorage):
    """A local directory that has no URL: asking for one is a mistake, so it raises."""

    def url(self, name):
        raise NotImplementedError(
            "Private files have no URL; link to egov_plugin.core.downloads instead."
        )


def default_private_root():
    """``EGOV_PRIVATE_ROOT``, or ``egov_private`` beside ``MEDIA_ROOT``."""
    if egov_settings.PRIVATE_ROOT:
        return Path(egov_settings.PRIVATE_ROOT).resolve()
    if not settings.MEDIA_ROOT:  # files of the default storage go to the working directory
        return Path.cwd().resolve() / "egov_private"
    return Path(settings.MEDIA_ROOT).resolve().parent / "egov_private"


def _resolve():
    try:
        return storages[PRIVATE_STORAGE_ALIAS]
    except InvalidStorageError:
        return PrivateFileSystemStorage(location=default_private_root())


class _PrivateStorage(LazyObject):
    # Resolved on first use and again after the settings change (tests override STORAGES),
    # like Django's default_storage; file fields hold this object, not the backend.
    def _setup(self):
        self._wrapped = _resolve()


_private = _PrivateStorage()


def private_storage():
    """The private storage (the callable that file fields name as their ``storage``)."""
    return _private


def _on_setting_changed(*, setting, **kwargs):
    if setting in ("STORAGES", "MEDIA_ROOT", "EGOV_PRIVATE_ROOT"):
        _private._wrapped = empty


setting_changed.connect(_on_setting_changed)


def safe_suffix(filename):
    """The file's extension if it is short and plain (``.pdf``), else ``""``."""
    suffix = PurePath(str(filename).replace("\\", "/")).suffix.lower()
    return suffix if _SAFE_SUFFIX.fullmatch(suffix) else ""


@deconstructible
class RandomName:
    """``upload_to`` giving ``<folder>/<2 hex>/<32 hex><.ext>``: nothing of the given name but a
    plain extension, so a path says nothing about whose file it is and cannot be guessed."""

    def __init__(self, folder):
        self.folder = folder.strip("/")

    def __call__(self, instance, filename):
        token = uuid.uuid4().hex
        return f"{self.folder}/{token[:2]}/{token}{safe_suffix(filename)}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.folder == self.folder

    def __hash__(self):
        return hash(self.folder)


def is_inside(path, folder):
    """Whether ``path`` is ``folder`` or lies under it (both resolved)."""
    if not folder:
        return False
    path, folder = Path(path).resolve(), Path(folder).resolve()
    return path == folder or folder in path.parents


def move_file(source_storage, name, target_storage, target_name):
    """Copy ``name`` from one storage to another under ``target_name``, then delete the
    source; returns the name the target stored (used by the data migrations)."""
    with source_storage.open(name, "rb") as handle:
        stored = target_storage.save(target_name, handle)
    source_storage.delete(name)
    return stored

"""Wagtail images and documents in private collections: random names, checked downloads.

A collection is private when Wagtail says it is: it (or an ancestor) has a view restriction
(Wagtail's "privacy" setting of collections). The organizations app makes its collection of
meeting papers and activity photos private; a site may make any other collection private the
same way, and the rules below follow.

- **Names.** A document or image of a private collection is stored as ``egovp-<32 hex>.<ext>``
  (:func:`rename_private_file`, on every save): not the uploader's "회원명단_홍길동.pdf", so a
  path can neither be guessed nor say whose file it is. A file moved into a private collection
  later is renamed then.
- **Documents** are served by Wagtail's own view (``WAGTAILDOCS_SERVE_METHOD = "serve_view"``),
  whose ``before_serve_document`` hook (:func:`serve_private_document`, run before Wagtail's
  own check) answers 404 unless the user may choose or change documents of that collection,
  writes an audit event, and sends the file through :mod:`egov_plugin.core.downloads`.
- **Renditions** of private images are kept in the private storage, not in ``MEDIA_ROOT``:
  :class:`RenditionStorage` (``WAGTAILIMAGES_RENDITION_STORAGE``) stores a rendition whose name
  carries the private prefix there and links it through the checked download
  (kind ``image-rendition``); other renditions stay public files of the default storage.

Originals of images and documents stay in the site's default storage (Wagtail fixes their
field's storage); the web server must not serve ``MEDIA_ROOT`` except its ``images/`` folder
(docs/concepts/security.md).
"""

import uuid
from pathlib import PurePath

from django.core.files.storage import Storage, default_storage
from django.http import Http404, HttpResponseRedirect
from django.utils.cache import add_never_cache_headers
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from .downloads import (
    NOT_AVAILABLE,
    FileKind,
    download_url,
    download_url_by_name,
    register_file_kind,
    safe_filename,
)
from .storage import private_storage, safe_suffix

#: Prefix of the stored names of private images and documents (and so of their renditions).
PRIVATE_PREFIX = "egovp-"
#: Folder of the private storage holding private images' renditions.
RENDITIONS_FOLDER = "wagtail-renditions"
#: Download kind of private images' renditions.
RENDITION_KIND = "image-rendition"
#: Download kind of private documents.
DOCUMENT_KIND = "private-document"


def is_private_collection(collection):
    """Whether ``collection`` (or one of its ancestors) has a view restriction."""
    return collection is not None and collection.get_view_restrictions().exists()


def is_private_name(name):
    """Whether a stored name is one of a private image, document or rendition."""
    return PurePath(str(name)).name.startswith(PRIVATE_PREFIX)


def private_name(filename):
    """A random stored name for a private file, keeping a plain extension."""
    return f"{PRIVATE_PREFIX}{uuid.uuid4().hex}{safe_suffix(filename)}"


def rename_private_file(sender, instance, **kwargs):
    """``pre_save`` of the image and document models: private files get random names.

    A new upload is renamed before Wagtail stores it. A stored file whose record moved into
    a private collection is moved to a random name, and an image's old (public) renditions
    are deleted so that none stays reachable under its old name.
    """
    stored = instance.file
    if not stored or not is_private_collection(getattr(instance, "collection", None)):
        return
    if is_private_name(stored.name):
        return
    if not stored._committed:
        stored.name = private_name(stored.name)
        return
    if not instance.pk:
        return
    storage = stored.storage
    folder = str(PurePath(stored.name).parent)
    target = f"{folder}/{private_name(stored.name)}" if folder != "." else private_name(stored.name)
    old = stored.name
    if storage.exists(old):
        with storage.open(old, "rb") as handle:
            stored.name = storage.save(target, handle)
        storage.delete(old)
    if hasattr(instance, "renditions"):
        for rendition in instance.renditions.all():
            rendition.file.delete(save=False)
            rendition.delete()


def may_see_media(user, obj):
    """Whether ``user`` may see the private image or document ``obj``: those who may choose
    or change such files in its collection (Wagtail's collection permissions)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    from wagtail.permissions import policy_registry

    policy = policy_registry.get_by_type(type(obj))
    return policy.user_has_any_permission_for_instance(user, ["choose", "change"], obj)


def document_download_name(document):
    """The name a private document is downloaded as: its title with the file's extension."""
    suffix = PurePath(document.file.name).suffix.lower()
    title = document.title or "document"
    if suffix and not title.lower().endswith(suffix):
        title = f"{title}{suffix}"
    return safe_filename(title)


def serve_private_document(document, request):
    """``before_serve_document``: private documents only for permitted staff, through the
    checked download (which audits and sends them inert).

    Wagtail takes only an ``HttpResponse`` from this hook, not a streamed file, so a permitted
    user is redirected to the download instead of being sent the file here. Other documents
    are left to Wagtail (its own view restrictions and headers).
    """
    if not is_private_collection(document.collection):
        return None
    if not may_see_media(request.user, document):
        raise Http404(NOT_AVAILABLE)
    response = HttpResponseRedirect(download_url(DOCUMENT_KIND, document))
    add_never_cache_headers(response)
    return response


def _may_download_document(user, document):
    return is_private_collection(document.collection) and may_see_media(user, document)


@deconstructible
class RenditionStorage(Storage):
    """Rendition storage: private images' renditions in the private storage behind the checked
    download, the others in the default storage with their public URL."""

    def _pick(self, name):
        if is_private_name(name):
            return private_storage(), f"{RENDITIONS_FOLDER}/{name}"
        return default_storage, name

    def backend_for(self, name):
        """The storage that keeps ``name`` and its name there (for signed downloads)."""
        return self._pick(name)

    def _open(self, name, mode="rb"):
        storage, real = self._pick(name)
        return storage.open(real, mode)

    def _save(self, name, content):
        storage, real = self._pick(name)
        return self._unpick(storage, storage.save(real, content))

    def get_available_name(self, name, max_length=None):
        storage, real = self._pick(name)
        return self._unpick(storage, storage.get_available_name(real))

    @staticmethod
    def _unpick(storage, real):
        # The rendition row keeps the name without the private folder.
        return real if storage is default_storage else real.removeprefix(f"{RENDITIONS_FOLDER}/")

    def delete(self, name):
        storage, real = self._pick(name)
        storage.delete(real)

    def exists(self, name):
        storage, real = self._pick(name)
        return storage.exists(real)

    def size(self, name):
        storage, real = self._pick(name)
        return storage.size(real)

    def path(self, name):
        storage, real = self._pick(name)
        return storage.path(real)

    def get_modified_time(self, name):
        storage, real = self._pick(name)
        return storage.get_modified_time(real)

    def url(self, name):
        if is_private_name(name):
            return download_url_by_name(RENDITION_KIND, name)
        return default_storage.url(name)


def _rendition_queryset():
    from wagtail.images import get_image_model

    model = get_image_model().get_rendition_model()
    return model.objects.select_related("image", "image__collection")


class _RenditionKind(FileKind):
    def get_queryset(self):
        return _rendition_queryset()


def register_documents():
    """Register the download kind of private documents (from ``AppConfig.ready()``)."""
    from wagtail.documents import get_document_model

    model = get_document_model()
    register_file_kind(
        FileKind(
            key=DOCUMENT_KIND,
            model=model._meta.label,
            may_download=_may_download_document,
            filename=document_download_name,
            summary=lambda document: _("Downloaded private document #%(id)s") % {"id": document.pk},
        )
    )


def register():
    """Register the download kind of private renditions (from ``AppConfig.ready()``)."""
    register_file_kind(
        _RenditionKind(
            key=RENDITION_KIND,
            model="wagtailimages.Rendition",
            may_download=lambda user, rendition: (
                is_private_name(rendition.file.name) and may_see_media(user, rendition.image)
            ),
            filename=lambda rendition: PurePath(rendition.file.name).name,
            summary=lambda rendition: (
                _("Viewed private photo #%(id)s") % {"id": rendition.image_id}
            ),
            name_lookup="file",
        )
    )

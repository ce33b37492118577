"""Private files on S3-compatible object storage (django-storages' S3 backend, boto3).

A site on several hosts points the ``egov_private`` storage at a private bucket (the example
site's production settings do when ``EGOV_S3_BUCKET`` is set). Files are written and read
through the storage API as on a local directory; a permitted download then leaves in one of two
ways (``EGOV_PRIVATE_DOWNLOADS``):

- ``"stream"`` (the default): the server reads the object and sends it with every header of
  :func:`egov_plugin.core.downloads.protect` (``attachment``, ``nosniff``, ``CSP: sandbox``,
  ``no-store``);
- ``"signed_url"``: the server answers with a redirect to a signed URL that the object store
  honours for ``EGOV_PRIVATE_SIGNED_URL_SECONDS`` (60 s) and that makes the store itself send
  ``Content-Disposition: attachment``, the decided content type (``application/octet-stream``
  for anything that is not inert) and ``Cache-Control: no-store``. The URL is made after the
  permission check and the audit event, for one object, and is never stored or logged.

A signed URL travels through browsers' histories and the store's access logs, so it names the
file neutrally (``<kind>-<id>.<ext>``), never with the name its sender gave
("회원명단_홍길동.xlsx"): personal data never goes into a URL. The name shown to staff comes with
streamed downloads only.
"""

from pathlib import PurePath

from django.utils.functional import LazyObject, empty

from .conf import egov_settings

#: The values of ``EGOV_PRIVATE_DOWNLOADS``.
STREAM = "stream"
SIGNED_URL = "signed_url"
DOWNLOAD_MODES = (STREAM, SIGNED_URL)

#: Canned ACLs that let someone other than the bucket's owner read an object.
PUBLIC_ACLS = {"public-read", "public-read-write", "authenticated-read", "aws-exec-read"}


def s3_storage_class():
    """django-storages' ``S3Storage``, or ``None`` when django-storages / boto3 are missing."""
    try:
        from storages.backends.s3 import S3Storage
    except ImportError:
        return None
    return S3Storage


def backend_of(storage, name):
    """The storage that really holds ``name``, and the name there.

    Lazy wrappers are unwrapped; a routing storage (the renditions' ``RenditionStorage``)
    says through ``backend_for(name)`` where it keeps a name.
    """
    if isinstance(storage, LazyObject):
        if storage._wrapped is empty:
            storage._setup()
        storage = storage._wrapped
    route = getattr(storage, "backend_for", None)
    if route is not None:
        storage, name = route(name)
        return backend_of(storage, name)
    return storage, name


def is_object_storage(storage):
    """Whether ``storage`` (unwrapped) is django-storages' S3 backend."""
    cls = s3_storage_class()
    if cls is None:
        return False
    if isinstance(storage, LazyObject):
        storage, _ = backend_of(storage, "")
    return isinstance(storage, cls)


def neutral_filename(kind, pk, filename):
    """``<kind>-<pk><.ext>``: a download name that says nothing of whose file it is."""
    from .storage import safe_suffix

    return f"{kind}-{pk}{safe_suffix(PurePath(str(filename)).name)}"


def signed_download_url(storage, name, *, kind, pk, filename):
    """A signed, short-lived URL of ``name`` that downloads as an inert attachment, or ``None``
    when the file is not on object storage (then it is streamed)."""
    from .downloads import content_type_for

    storage, name = backend_of(storage, name)
    if not is_object_storage(storage):
        return None
    from storages.utils import clean_name

    download_name = neutral_filename(kind, pk, filename)
    params = {
        "Bucket": storage.bucket_name,
        "Key": storage._normalize_name(clean_name(name)),
        "ResponseContentDisposition": f'attachment; filename="{download_name}"',
        "ResponseContentType": content_type_for(filename),
        "ResponseCacheControl": "no-store",
    }
    # Signed with the storage's own client (credentials, endpoint, signature version) whatever
    # its querystring_auth or custom_domain say: this URL is always signed.
    return storage.bucket.meta.client.generate_presigned_url(
        "get_object",
        Params=params,
        ExpiresIn=int(egov_settings.PRIVATE_SIGNED_URL_SECONDS),
        HttpMethod="GET",
    )

"""Creating import jobs from an uploaded file (the admin's upload, the command, the bench)."""

import uuid
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.db import transaction

from .kinds import get_kind
from .models import ImportJob
from .pipeline import preview_file, save_preview


def create_job(kind_key, data, filename, *, user=None, target=None):
    """Read the file, and only if it can be read store it as a job with its preview.

    Returns ``(job, report)``. A file that cannot be read raises
    :class:`~egov_plugin.imports.readers.ReadError` before anything is stored.
    """
    kind = get_kind(kind_key, target)
    # The preview runs before anything is stored, so a file whose rows cannot be processed
    # at all (no name column, say) stores nothing either.
    preview = preview_file(data, filename, kind)
    job = ImportJob(kind=kind_key, original_name=filename[:255], created_by=user)
    if kind.target:
        setattr(job, kind.target, target)
    with transaction.atomic():
        # A random name: the original one (a department's member list) says too much.
        suffix = PurePath(filename).suffix.lower()[:10]
        job.file.save(f"{uuid.uuid4().hex}{suffix}", ContentFile(data), save=True)
        save_preview(job, preview)
    return job, preview.report

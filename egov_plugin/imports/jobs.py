"""Creating import jobs from an uploaded file (the admin's upload, the command, the bench)."""

from django.core.files.base import ContentFile

from .kinds import get_kind
from .models import ImportJob
from .pipeline import analyse, execute


def create_job(kind_key, data, filename, *, user=None, target=None):
    """Read the file, and only if it can be read store it as a job with its preview.

    Returns ``(job, report)``. A file that cannot be read raises
    :class:`~egov_plugin.imports.readers.ReadError` before anything is stored.
    """
    kind = get_kind(kind_key, target)
    prepared = analyse(data, filename, kind)
    # The preview runs before anything is stored, so a file whose rows cannot be processed
    # at all (no name column, say) stores nothing either.
    report = execute(prepared, kind, commit=False)
    job = ImportJob(
        kind=kind_key,
        original_name=filename[:255],
        created_by=user,
        header_row=prepared.header_row,
        headers=prepared.headers,
        mapping={str(k): v for k, v in prepared.mapping.items()},
        counts=report.counts,
        problems=report.first_problems(),
        total_rows=prepared.data_rows,
    )
    if kind.target:
        setattr(job, kind.target, target)
    job.file.save(filename, ContentFile(data), save=True)
    return job, report

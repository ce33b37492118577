"""Background work: committing an import job (django-tasks)."""

from django_tasks import task

from egov_plugin.core.queues import IMPORTS, queue_name


@task(queue_name=queue_name(IMPORTS))
def commit_import(job_id, user_id=None):
    """Commit the import job ``job_id``; returns its counts.

    The job's status and ``processed_rows`` show the progress in the admin; a failure marks
    the job failed and leaves the database as it was before it. The job is run once: a task
    for a job that is done or that a live worker runs returns its counts and does nothing.
    """
    from django.contrib.auth import get_user_model

    from .leases import Claimed
    from .models import ImportJob
    from .pipeline import commit_job

    job = ImportJob.objects.get(pk=job_id)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    try:
        report = commit_job(job, user=user)
    except Claimed:
        # Done, or run by a live worker: a retried task must not import the file twice. A job
        # whose worker died is taken over (see egov_plugin.imports.leases).
        return ImportJob.objects.get(pk=job_id).counts
    except Exception:
        return {"failed": True}
    return report.counts

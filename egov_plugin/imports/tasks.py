"""Background work: committing an import job (django-tasks)."""

from django_tasks import task

from egov_plugin.core.queues import IMPORTS, queue_name


@task(queue_name=queue_name(IMPORTS))
def commit_import(job_id, user_id=None):
    """Commit the import job ``job_id``; returns its counts.

    The job's status and ``processed_rows`` show the progress in the admin; a failure marks
    the job failed and leaves the database as it was before it.
    """
    from django.contrib.auth import get_user_model

    from .models import ImportJob
    from .pipeline import commit_job

    job = ImportJob.objects.get(pk=job_id)
    if job.status in (ImportJob.Status.DONE, ImportJob.Status.RUNNING):
        return job.counts  # a retried task must not import the file twice
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    try:
        report = commit_job(job, user=user)
    except Exception:
        return {"failed": True}
    return report.counts

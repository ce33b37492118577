"""Background work of the core app: the jobs of ``EGOV_SCHEDULE`` (django-tasks)."""

import io

from django.core.management import call_command
from django_tasks import task

from .queues import IMPORTS, queue_name


# The scheduler enqueues this with the job's own queue (Task.using); IMPORTS is only the default.
@task(queue_name=queue_name(IMPORTS))
def run_scheduled_job(name):
    """Run the management command of the ``EGOV_SCHEDULE`` job ``name``; returns its output
    (the last 2,000 characters).

    The task carries the job's name, not a command: a worker runs only what the site's
    schedule lists, whatever a queue's message says.
    """
    from .scheduler import job_named

    job = job_named(name)
    out = io.StringIO()
    call_command(job.command, *job.args, stdout=out, stderr=out)
    return out.getvalue()[-2000:]

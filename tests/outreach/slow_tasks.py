"""A task that keeps an analysis worker busy, standing in for a long keyword analysis."""

import time

from django_tasks import task

from egov_plugin.core.queues import ANALYSIS, queue_name


@task(queue_name=queue_name(ANALYSIS))
def busy(seconds):
    """Sleep ``seconds`` on the analysis queue; returns them."""
    time.sleep(seconds)
    return seconds

"""Background work of the analysis (django-tasks).

Kiwi is imported inside the task (by :mod:`egov_plugin.analysis.nouns`), never at module
level: the web process enqueues this task without loading the analyser.
"""

from django_tasks import task

from egov_plugin.core.queues import ANALYSIS, queue_name


@task(queue_name=queue_name(ANALYSIS))
def analyse_keywords(page_id):
    """Compute and store the keywords of one consultation; returns how many opinions it read."""
    from .keywords import compute_keywords

    return compute_keywords(page_id).opinion_count

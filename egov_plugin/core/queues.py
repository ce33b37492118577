"""The task queues of the package: which queue each kind of background work runs on.

Three kinds of work must not wait for each other: sending (SMS and e-mail of campaigns and
notices), imports (committing uploads, reading the department mailbox) and analysis (Kiwi
keywords). Each ``@task`` of the package names its queue with :func:`queue_name`, so a
worker started for the sending queue never picks up a keyword job, and a long keyword job
never delays a campaign. ``EGOV_TASK_QUEUES`` renames the queues when a site needs other names
(only the kinds it lists change); the site's ``TASKS`` backend must accept every name
(``egov_core.E002`` checks it).
"""

from django.conf import settings as django_settings

SENDING = "sending"
IMPORTS = "imports"
ANALYSIS = "analysis"
KINDS = (SENDING, IMPORTS, ANALYSIS)


def _configured():
    # Read directly (not through egov_settings' cache): task modules call this at import
    # time, and a partial dict from the site is merged with the package's names.
    from .conf import DEFAULTS

    return {**DEFAULTS["TASK_QUEUES"], **getattr(django_settings, "EGOV_TASK_QUEUES", {})}


def queue_name(kind):
    """The queue name of one kind of work (``"sending"``, ``"imports"`` or ``"analysis"``)."""
    if kind not in KINDS:
        raise ValueError(f"Unknown kind of task queue: {kind!r} (one of {', '.join(KINDS)})")
    return _configured()[kind]


def queue_names():
    """Every queue the package enqueues to, in the order of :data:`KINDS`."""
    configured = _configured()
    return [configured[kind] for kind in KINDS]

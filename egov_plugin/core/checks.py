"""System checks of the package's settings."""

from django.core.checks import Error, register

from .conf import egov_settings
from .spreadsheets import encryption_available


@register()
def check_export_encryption(app_configs, **kwargs):
    """``EGOV_ENCRYPT_EXPORTS`` needs ``msoffcrypto-tool`` (the ``encryption`` extra)."""
    if egov_settings.ENCRYPT_EXPORTS and not encryption_available():
        return [
            Error(
                "EGOV_ENCRYPT_EXPORTS is on but msoffcrypto-tool is not installed, so no export "
                "of personal data could be written.",
                hint="pip install 'egov_plugin[encryption]', or set EGOV_ENCRYPT_EXPORTS = False.",
                id="egov_core.E001",
            )
        ]
    return []


@register()
def check_task_queues(app_configs, **kwargs):
    """The default task backend must accept every queue the package enqueues to."""
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
    from django_tasks.exceptions import InvalidTaskBackendError

    from .queues import queue_names

    try:
        backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    except InvalidTaskBackendError:
        return []  # django-tasks reports a missing or broken TASKS setting itself
    missing = [name for name in queue_names() if backend.queues and name not in backend.queues]
    if not missing:
        return []
    wanted = sorted(set(backend.queues) | set(missing))
    return [
        Error(
            f"The task backend {DEFAULT_TASK_BACKEND_ALIAS!r} does not accept the queues "
            f"{', '.join(missing)}, so campaigns, imports or keyword analyses could not be queued.",
            hint=f'Add them to TASKS["{DEFAULT_TASK_BACKEND_ALIAS}"]["QUEUES"] (for example '
            f"{wanted!r}), or rename the package's queues with EGOV_TASK_QUEUES.",
            id="egov_core.E002",
        )
    ]

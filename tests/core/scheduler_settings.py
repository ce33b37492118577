"""Settings of the real ``egov_scheduler`` processes of ``tests/core/test_scheduler_processes.py``.

The database comes from ``DATABASE_URL`` (the test's own); tasks go to django-tasks-db, so each
enqueued job is a row the test can count; the schedule is one job due every second.
"""

from egov_plugin.core.conf import DEFAULTS
from example_site.settings.test import *  # noqa: F401,F403
from example_site.settings.test import TASK_QUEUE_NAMES

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUE_NAMES}}
EGOV_SCHEDULE = {
    **dict.fromkeys(DEFAULTS["SCHEDULE"]),
    "probe": {"command": "check", "queue": "analysis", "every": 1},
}

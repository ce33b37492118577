"""Settings of the real ``db_worker`` subprocess in the killed-import test.

The database comes from ``DATABASE_URL`` (a file SQLite or PostgreSQL database the test
prepares), tasks go through django-tasks-db, files to a folder the processes share, and the
people import writes small, slow batches so that the worker is killed in the middle of them.
"""

import os

from example_site.settings.test import *  # noqa: F401,F403
from example_site.settings.test import INSTALLED_APPS, STORAGES, TASK_QUEUE_NAMES

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUE_NAMES}}
# Every storage the test settings keep in memory is a folder here: the setup script, the
# worker and the admin requests are separate processes.
STORAGES = {
    alias: (
        {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": os.path.join(os.environ["EGOV_TEST_MEDIA"], alias)},
        }
        if "InMemory" in conf["BACKEND"]
        else conf
    )
    for alias, conf in STORAGES.items()
}
INSTALLED_APPS = [*INSTALLED_APPS, "tests.imports.slow_worker.SlowImportsConfig"]
EGOV_IMPORT_HEARTBEAT_SECONDS = 0.2

"""Settings of the real ``db_worker`` subprocess in the kill-and-restart test.

The database comes from ``DATABASE_URL`` (a file SQLite or PostgreSQL database the test
prepares); tasks go through django-tasks-db; SMS go to a slow file outbox.
"""

import os

from example_site.settings.test import *  # noqa: F401,F403
from example_site.settings.test import TASK_QUEUE_NAMES

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUE_NAMES}}
EGOV_SMS_BACKEND = "tests.outreach.slow_sms.SlowFileBackend"
EGOV_SMS_FILE_PATH = os.environ["EGOV_TEST_OUTBOX"]
EGOV_OUTREACH_QUIET_START = EGOV_OUTREACH_QUIET_END = "00:00"
EGOV_OUTREACH_BATCH_SIZE = 2
EGOV_OUTREACH_OPTOUT_080 = "080-123-4567"
EGOV_OUTREACH_CLAIM_SECONDS = 2  # a killed worker's batch is checked again after 2 s
EGOV_OUTREACH_APPROVAL_ALL = EGOV_OUTREACH_APPROVAL_SMS = False  # the test is of the worker

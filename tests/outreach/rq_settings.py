"""Settings of the real RQ worker subprocesses of ``tests/outreach/test_rq_worker.py``.

The database comes from ``DATABASE_URL``; tasks go to Redis (``EGOV_TEST_REDIS_URL``) on queues
named with the test's own suffix, so tests running at the same time never share a queue; SMS go
to the fake NHN Cloud server at ``EGOV_TEST_NHN_URL``.
"""

import os

from example_site.settings.test import *  # noqa: F401,F403
from example_site.settings.test import INSTALLED_APPS

_SUFFIX = os.environ["EGOV_TEST_QUEUE_SUFFIX"]
EGOV_TASK_QUEUES = {kind: f"egov_{kind}_{_SUFFIX}" for kind in ("sending", "imports", "analysis")}
_QUEUES = [f"default_{_SUFFIX}", *EGOV_TASK_QUEUES.values()]
INSTALLED_APPS = [*INSTALLED_APPS, "django_rq", "django_tasks_rq"]
RQ_QUEUES = {name: {"URL": os.environ["EGOV_TEST_REDIS_URL"]} for name in _QUEUES}
TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [*_QUEUES, "default"]}}
RQ_QUEUES["default"] = RQ_QUEUES[_QUEUES[0]]  # Wagtail's own tasks (none run in these tests)

EGOV_SMS_BACKEND = "egov_plugin.outreach.backends.nhn.NhnCloudSmsBackend"
EGOV_SMS_NHN_BASE_URL = os.environ["EGOV_TEST_NHN_URL"]
EGOV_SMS_NHN_APP_KEY = "app-key-1"
EGOV_SMS_NHN_SECRET_KEY = "nhn-secret"  # noqa: S105 - the fake provider's
EGOV_SMS_NHN_TEMPLATE_ID = "egov-campaign"
EGOV_SMS_TIMEOUT = 30
EGOV_OUTREACH_QUIET_START = EGOV_OUTREACH_QUIET_END = "00:00"
EGOV_OUTREACH_BATCH_SIZE = 4
EGOV_OUTREACH_TASK_SIZE = 8
EGOV_OUTREACH_OPTOUT_080 = "080-123-4567"
EGOV_OUTREACH_APPROVAL_ALL = EGOV_OUTREACH_APPROVAL_SMS = False  # sending is measured, not approval
EGOV_OUTREACH_CLAIM_SECONDS = 2  # a killed worker's batch is checked again after 2 s

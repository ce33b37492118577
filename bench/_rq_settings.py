"""Settings of ``bench/campaign.py --workers N``: tasks on RQ queues of the run's own (on the
Redis database of ``EGOV_BENCH_REDIS_URL``), SMS to the file outbox ``EGOV_SMS_FILE_PATH``."""

import os

from example_site.settings.test import *  # noqa: F401,F403
from example_site.settings.test import INSTALLED_APPS

_SUFFIX = os.environ["EGOV_BENCH_QUEUE_SUFFIX"]
EGOV_TASK_QUEUES = {kind: f"egov_{kind}_{_SUFFIX}" for kind in ("sending", "imports", "analysis")}
_QUEUES = list(EGOV_TASK_QUEUES.values())
INSTALLED_APPS = [*INSTALLED_APPS, "django_rq", "django_tasks_rq"]
RQ_QUEUES = {name: {"URL": os.environ["EGOV_BENCH_REDIS_URL"]} for name in [*_QUEUES, "default"]}
TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [*_QUEUES, "default"]}}
EGOV_SMS_BACKEND = "egov_plugin.core.sms.FileBackend"
EGOV_SMS_FILE_PATH = os.environ["EGOV_SMS_FILE_PATH"]
EGOV_OUTREACH_QUIET_START = EGOV_OUTREACH_QUIET_END = "00:00"
EGOV_OUTREACH_OPTOUT_080 = "080-123-4567"
EGOV_OUTREACH_APPROVAL_ALL = EGOV_OUTREACH_APPROVAL_SMS = False  # sending is measured, not approval
EGOV_OUTREACH_CLAIM_SECONDS = int(os.environ.get("EGOV_BENCH_CLAIM_SECONDS", "10"))

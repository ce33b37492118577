"""Every task of the package declares its queue; the site's backend must accept them all."""

import pytest
from django.core.checks import run_checks
from django.test import override_settings

from egov_plugin.analysis.tasks import analyse_keywords
from egov_plugin.consultations.tasks import send_outcome_notifications
from egov_plugin.core.queues import ANALYSIS, IMPORTS, SENDING, queue_name, queue_names
from egov_plugin.imports.tasks import commit_import
from egov_plugin.outreach.tasks import poll_delivery_reports, send_batch, send_outcome_sms


def test_each_task_runs_on_the_queue_of_its_kind():
    assert {t.queue_name for t in (send_batch, send_outcome_sms, poll_delivery_reports)} == {
        "egov_sending"
    }
    assert send_outcome_notifications.queue_name == "egov_sending"
    assert commit_import.queue_name == "egov_imports"
    assert analyse_keywords.queue_name == "egov_analysis"


def test_a_site_renames_only_the_queues_it_lists(settings):
    settings.EGOV_TASK_QUEUES = {"analysis": "slow"}
    assert queue_name(ANALYSIS) == "slow"
    assert queue_name(SENDING) == "egov_sending"
    assert queue_names() == ["egov_sending", "egov_imports", "slow"]
    with pytest.raises(ValueError):
        queue_name("keywords")


def _queue_errors():
    return [m for m in run_checks() if m.id == "egov_core.E002"]


def test_the_example_site_accepts_every_queue():
    assert _queue_errors() == []


def test_a_backend_without_the_queues_is_reported():
    tasks = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with override_settings(TASKS=tasks):  # django-tasks forgets its backends on the change
        errors = _queue_errors()
    assert len(errors) == 1
    assert "egov_sending, egov_imports, egov_analysis" in errors[0].msg
    assert IMPORTS  # the kinds are importable names for task modules of sites

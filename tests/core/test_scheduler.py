"""The schedule of ``egov_scheduler``: jobs are enqueued on their queue when due, on a clock the
test controls, and the task runs only what the schedule lists."""

import datetime as dt
import zoneinfo

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import override_settings
from django_tasks import TaskResultStatus

from egov_plugin.core import scheduler
from egov_plugin.core.conf import DEFAULTS
from egov_plugin.core.scheduler import Scheduler
from egov_plugin.core.tasks import run_scheduled_job

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
NO_DEFAULTS = dict.fromkeys(DEFAULTS["SCHEDULE"])


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, start):
        self.now = start

    def __call__(self):
        return self.now

    def advance(self, **delta):
        self.now += dt.timedelta(**delta)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def queued_in_database(settings):
    """Tasks are queued (django-tasks-db), not run at once: the test reads what was enqueued."""
    from example_site.settings.base import TASK_QUEUE_NAMES

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUE_NAMES}
    }


def queued(report):
    """The queued task of a scheduler's report."""
    result = run_scheduled_job.get_result(report["task"])
    assert result.status == TaskResultStatus.READY
    return result


def fired(reports):
    return [(r["job"], r["event"]) for r in reports]


@override_settings(
    EGOV_SCHEDULE={
        **NO_DEFAULTS,
        "audit": {"command": "egov_verify_audit", "queue": "analysis", "every": 600},
        "nightly": {"command": "egov_verify_audit", "args": ["--format", "json"], "daily": "03:30"},
    }
)
@pytest.mark.django_db
def test_jobs_are_enqueued_when_due_and_not_before():
    clock = Clock(dt.datetime(2026, 3, 2, 12, 0, tzinfo=SEOUL))
    schedule = Scheduler(clock)
    # Interval jobs start at once; a daily job waits for its time.
    first = schedule.tick()
    assert fired(first) == [("audit", "enqueued")]
    assert queued(first[0]).args == ["audit"]
    assert "Audit log intact" in run_scheduled_job.call("audit")
    clock.advance(seconds=599)
    assert schedule.tick() == []
    clock.advance(seconds=1)
    assert fired(schedule.tick()) == [("audit", "enqueued")]
    # 03:29 the next morning: the interval job is due again, the nightly one not yet.
    clock.now = dt.datetime(2026, 3, 3, 3, 29, tzinfo=SEOUL)
    assert fired(schedule.tick()) == [("audit", "enqueued")]
    clock.advance(minutes=1)
    reports = schedule.tick()
    assert fired(reports) == [("nightly", "enqueued")]
    assert queued(reports[0]).args == ["nightly"]
    assert '"intact": true' in run_scheduled_job.call("nightly")
    clock.advance(minutes=5)
    assert schedule.tick() == []  # once a day
    clock.now = dt.datetime(2026, 3, 4, 3, 30, tzinfo=SEOUL)
    assert ("nightly", "enqueued") in fired(schedule.tick())


@override_settings(
    EGOV_SCHEDULE={**NO_DEFAULTS, "nightly": {"command": "check", "daily": "03:30"}},
    TIME_ZONE="Asia/Seoul",
)
@pytest.mark.django_db
def test_daily_time_is_seoul_time_and_a_takeover_continues_the_schedule():
    # 03:30 in Seoul is 18:30 UTC the day before.
    clock = Clock(dt.datetime(2026, 3, 2, 18, 0, tzinfo=dt.UTC))
    assert Scheduler(clock).tick() == []
    clock.now = dt.datetime(2026, 3, 2, 18, 30, tzinfo=dt.UTC)
    assert fired(Scheduler(clock).tick()) == [("nightly", "enqueued")]
    # Another scheduler (the standby, after the active one died) knows it already ran.
    clock.advance(minutes=1)
    assert Scheduler(clock).tick() == []


@override_settings(
    EGOV_SCHEDULE={
        **NO_DEFAULTS,
        "keywords": {"command": "check", "queue": "analysis", "every": 60},
        "reports": {"command": "check", "queue": "sending", "every": 60},
        "mail": {
            "command": "check",
            "queue": "imports",
            "every": 60,
            "requires": "IMPORT_MAIL_HOST",
        },
    },
    EGOV_TASK_QUEUES={"analysis": "egov_analysis"},
)
@pytest.mark.django_db
def test_each_job_goes_to_its_queue_and_a_job_without_its_setting_is_skipped():
    reports = {r["job"]: r for r in Scheduler(Clock(dt.datetime(2026, 3, 2, tzinfo=SEOUL))).tick()}
    assert queued(reports["keywords"]).task.queue_name == "egov_analysis"
    assert queued(reports["reports"]).task.queue_name == "egov_sending"
    assert reports["mail"]["event"] == "skipped"
    assert reports["mail"]["reason"] == "EGOV_IMPORT_MAIL_HOST is not set"
    with override_settings(EGOV_IMPORT_MAIL_HOST="imap.example.org"):
        clock = Clock(dt.datetime(2026, 3, 2, 0, 1, tzinfo=SEOUL))
        assert dict(fired(Scheduler(clock).tick()))["mail"] == "enqueued"


@override_settings(EGOV_SCHEDULE={**NO_DEFAULTS, "probe": {"command": "check", "every": 60}})
@pytest.mark.django_db
def test_the_task_runs_only_jobs_the_schedule_lists():
    with pytest.raises(KeyError):
        run_scheduled_job.call("flush")


def test_the_default_schedule_has_the_periodic_work_of_the_package():
    with override_settings():
        commands = {job.name: (job.command, job.args, job.queue) for job in scheduler.jobs()}
    assert commands == {
        "outreach_resume": ("egov_outreach_resume", (), "egov_sending"),
        "outreach_reports": ("egov_outreach_reports", (), "egov_sending"),
        "fetch_mail": ("egov_fetch_mail", (), "egov_imports"),
        "analyse_keywords": ("egov_analyse_keywords", ("--missing",), "egov_analysis"),
        "retention": ("egov_retention", (), "egov_imports"),
        "clearsessions": ("clearsessions", (), "egov_imports"),
    }


@pytest.mark.parametrize(
    "entry, problem",
    [
        ({"queue": "sending", "every": 5}, '"command"'),
        ({"command": "check"}, 'exactly one of "every"'),
        ({"command": "check", "every": 5, "daily": "03:00"}, 'exactly one of "every"'),
        ({"command": "check", "every": 0}, "positive number"),
        ({"command": "check", "daily": "25:00"}, '"HH:MM"'),
        ({"command": "check", "every": 5, "queue": "mail"}, "queue must be one of"),
        ({"command": "check", "every": 5, "requires": "NO_SUCH"}, "EGOV_NO_SUCH"),
        ({"command": "check", "every": 5, "args": "--missing"}, "list of strings"),
        ({"command": "check", "every": 5, "evry": 5}, "unknown key(s) evry"),
    ],
)
def test_a_malformed_schedule_names_the_job_and_the_problem(entry, problem):
    with override_settings(EGOV_SCHEDULE={**NO_DEFAULTS, "broken": entry}):
        with pytest.raises(ImproperlyConfigured, match=r"EGOV_SCHEDULE\['broken'\]") as error:
            scheduler.jobs()
    assert problem in str(error.value)


@override_settings(EGOV_SCHEDULE={**NO_DEFAULTS, "probe": {"command": "check", "every": 60}})
@pytest.mark.django_db(transaction=True)
def test_the_command_once_enqueues_what_is_due(capsys):
    call_command("egov_scheduler", "--once")
    lines = capsys.readouterr().out.splitlines()
    assert '"event": "active"' in lines[1]
    assert '"event": "enqueued"' in lines[2] and '"job": "probe"' in lines[2]
    call_command("egov_scheduler", "--once")
    assert "enqueued" not in capsys.readouterr().out  # not due again for a minute

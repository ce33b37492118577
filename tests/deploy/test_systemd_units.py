"""The systemd units shipped under deploy/systemd pass ``systemd-analyze verify``.

The units name the paths of a real installation (/srv/egov/venv, /srv/egov/app,
/etc/egov/egov.env); the test points them at this checkout's virtualenv and repository, so
that verify checks that every command exists and every key is known.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UNITS = ROOT / "deploy" / "systemd"

pytestmark = pytest.mark.skipif(
    not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed"
)


def _installed(tmp_path):
    env = tmp_path / "egov.env"
    shutil.copy(ROOT / "deploy" / "egov.env.example", env)
    for unit in UNITS.glob("*.service"):
        text = (
            unit.read_text()
            .replace("/srv/egov/venv", sys.prefix)
            .replace("/srv/egov/app", str(ROOT))
            .replace("/etc/egov/egov.env", str(env))
        )
        name = unit.name.replace("@.service", "@egov_sending.service")
        (tmp_path / name).write_text(text)
    return sorted(tmp_path.glob("*.service"))


def test_every_unit_verifies(tmp_path):
    units = _installed(tmp_path)
    assert {u.name for u in units} == {
        "egov-web.service",
        "egov-worker@egov_sending.service",
        "egov-scheduler.service",
    }
    done = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *map(str, units)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    # Unknown keys are only warnings for systemd; they are mistakes in a shipped unit.
    assert "Unknown key" not in output and "Unknown section" not in output, output


def test_worker_unit_runs_one_queue_with_the_rq_job_class():
    text = (UNITS / "egov-worker@.service").read_text()
    command = next(line for line in text.splitlines() if line.startswith("ExecStart="))
    assert "rqworker %i --job-class django_tasks_rq.Job --with-scheduler" in command

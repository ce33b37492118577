"""Issue 17's moves lose no data: a database made by old main (0f4bfbb, before the "who" layer)
with demo data at scale 0.1 migrates to the current layout with every membership, meeting,
consent record and saved audience intact.

The old tree comes from git history (``git archive``), so the test needs a clone with full history
(CI has one) and fails, rather than skips, without it. Old main runs in a subprocess with its own
code and example_site settings on a temporary SQLite file; the snapshot before is read from that
file by raw SQL, the snapshot after through the ORM of the new code (``new_site.py``)."""

import datetime
import io
import json
import os
import posixpath
import sqlite3
import subprocess
import sys
import tarfile
from collections import Counter
from pathlib import Path

import pytest

OLD_MAIN = "0f4bfbb"
ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
TIMEOUT = 300  # seconds per subprocess; the whole test takes about 45 s on an idle machine


def _git(*args):
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, timeout=60)


def _old_tree(destination):
    found = _git("cat-file", "-e", f"{OLD_MAIN}^{{commit}}")
    if found.returncode != 0:
        pytest.fail(
            f"commit {OLD_MAIN} (old main, before issue 17) is not in the git history of {ROOT}: "
            "this test needs a clone with full history (git fetch --unshallow). "
            f"git said: {found.stderr.decode(errors='replace').strip()}"
        )
    archive = _git("archive", "--format=tar", OLD_MAIN)
    assert archive.returncode == 0, archive.stderr.decode(errors="replace")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(destination, filter="data")


def _run(tree, database, script):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "PYTHON", "EGOV_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="example_site.settings.test",
        DATABASE_URL=f"sqlite:///{database}",
        PYTHONPATH=os.pathsep.join([str(tree), str(tree / "example_site")]),
        PYTHONDONTWRITEBYTECODE="1",
    )
    done = subprocess.run(
        [sys.executable, str(HERE / script), str(tree / "egov_plugin")],
        cwd=tree / "example_site",
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert done.returncode == 0, f"{script} failed:\n{done.stdout[-3000:]}\n{done.stderr[-6000:]}"
    return done.stdout


def _utc(text):
    """SQLite keeps datetimes as naive UTC text."""
    return datetime.datetime.fromisoformat(text).replace(tzinfo=None).isoformat()


def _snapshot_before(database):
    db = sqlite3.connect(database)
    people = {
        pk: [mobile, email] if (mobile or email) else ["id", pk]
        for pk, mobile, email in db.execute("SELECT id, mobile, email FROM egov_people_person")
    }
    memberships = [
        ["committee", name, people[person], role, bool(confirmed)]
        for name, person, role, confirmed in db.execute(
            "SELECT c.name, m.person_id, m.role, m.contacts_confirmed"
            " FROM egov_committees_committeemembership m"
            " JOIN egov_committees_committee c ON c.id = m.committee_id"
        )
    ] + [
        ["organization", name, people[person], role, bool(confirmed)]
        for name, person, role, confirmed in db.execute(
            "SELECT o.name, m.person_id, m.role, m.contacts_confirmed"
            " FROM egov_organizations_organizationmembership m"
            " JOIN egov_organizations_organization o ON o.id = m.organization_id"
        )
    ]
    attachments, attendees = {}, {}
    for meeting, title, file in db.execute(
        "SELECT a.meeting_id, a.title, d.file FROM egov_organizations_meetingattachment a"
        " JOIN wagtaildocs_document d ON d.id = a.document_id"
    ):
        attachments.setdefault(meeting, []).append([title, posixpath.basename(file)])
    for meeting, person in db.execute(
        "SELECT meeting_id, person_id FROM egov_organizations_meeting_attendees"
    ):
        attendees.setdefault(meeting, []).append(people[person])
    meetings = [
        [
            "committee" if committee else "organization",
            committee or organization,
            _utc(starts_at),
            place,
            agenda,
            minutes,
            decisions,
            sorted(attachments.get(pk, [])),
            sorted(attendees.get(pk, [])),
        ]
        for pk, committee, organization, starts_at, place, agenda, minutes, decisions in db.execute(
            "SELECT m.id, c.name, o.name, m.starts_at, m.place, m.agenda, m.minutes, m.decisions"
            " FROM egov_organizations_meeting m"
            " LEFT JOIN egov_committees_committee c ON c.id = m.committee_id"
            " LEFT JOIN egov_organizations_organization o ON o.id = m.organization_id"
        )
    ]
    consents = [
        [people[person], channel, bool(granted), _utc(recorded_at), version]
        for person, channel, granted, recorded_at, version in db.execute(
            "SELECT person_id, channel, granted, recorded_at, wording_version"
            " FROM egov_people_consentrecord"
        )
    ]
    audiences = [
        [
            name,
            json.loads(criteria),
            sorted(people[pk] for pk in json.loads(ids) if pk in people),
            size,
        ]
        for name, criteria, ids, size in db.execute(
            "SELECT name, criteria, person_ids, size FROM egov_insights_savedaudience"
        )
    ]
    db.close()
    return {
        "memberships": memberships,
        "meetings": meetings,
        "consents": consents,
        "audiences": audiences,
    }


def _bag(rows):
    return Counter(json.dumps(row, ensure_ascii=False, sort_keys=True) for row in rows)


def test_old_main_database_migrates_without_loss(tmp_path):
    old = tmp_path / "old"
    old.mkdir()
    _old_tree(old)
    database = tmp_path / "old-main.sqlite3"

    _run(old, database, "old_site.py")
    before = _snapshot_before(database)
    # The demo at scale 0.1 makes rows of every kind (a check that the test compares something).
    assert len(before["memberships"]) > 100
    assert {row[0] for row in before["meetings"]} == {"committee", "organization"}
    assert any(row[7] for row in before["meetings"]), "no meeting has attachments"
    assert len(before["consents"]) > 1000
    assert len(before["audiences"]) == 4 and any(row[2] for row in before["audiences"])

    after = json.loads(_run(ROOT, database, "new_site.py"))
    models = after.pop("models")
    problems = []
    for kind, rows in before.items():
        old_rows, new_rows = _bag(rows), _bag(after[kind])
        if old_rows != new_rows:
            lost = list((old_rows - new_rows).elements())
            gained = list((new_rows - old_rows).elements())
            problems.append(
                f"{kind}: {sum(old_rows.values())} before, {sum(new_rows.values())} after "
                f"({models}); lost {len(lost)}, e.g. {lost[:3]}; "
                f"new {len(gained)}, e.g. {gained[:3]}"
            )
    assert not problems, "\n".join(problems)


def test_a_missing_old_main_fails_not_skips(tmp_path, monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], "OLD_MAIN", "0" * 40)
    with pytest.raises(pytest.fail.Exception, match="not in the git history"):
        _old_tree(tmp_path)

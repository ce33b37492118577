"""The restore drill on PostgreSQL: a database with demo data is dumped (pg_dump, custom
format), restored into a new database (pg_restore), the copy's audit log verifies and every
table — every egov table among them — has as many rows as the original."""

import json
from io import StringIO

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from egov_plugin.core import audit
from egov_plugin.people import roles
from tests.sitedata import ensure_site


def _on_postgresql():
    from django.conf import settings

    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


# Skipped before any database set-up on SQLite; serialized_rollback: the flush after each test
# would take the root page and collection along.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not _on_postgresql(), reason="the restore drill uses pg_dump and pg_restore: PostgreSQL"
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def demo_database(regions):
    from wagtail.models import Collection

    ensure_site()
    roles.ensure_roles()
    # A transactional test that ran before on this worker flushed the root collection (and the
    # site) that migrations made; the demo's documents need them.
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    call_command("egov_demo_data", "--scale", "0.01", stdout=StringIO())
    for i in range(20):
        audit.record(None, audit.Action.VIEW, summary=f"drill {i}")


def _databases():
    """The drill copies of this test database: the only databases the drill may create.

    Other xdist workers create and drop databases of their own at the same time (the outreach
    worker tests' ``egov_worker_*``), so the whole server's list is not this test's to compare.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT datname FROM pg_database WHERE starts_with(datname, %s)",
            [connection.settings_dict["NAME"] + "_drill_"],
        )
        return {row[0] for row in cursor.fetchall()}


def _drill(*args):
    out = StringIO()
    try:
        call_command("egov_restore_drill", *args, stdout=out)
        code = 0
    except CommandError:
        code = 1
    return code, json.loads(out.getvalue())


def test_a_dump_of_demo_data_restores_whole(demo_database, tmp_path):
    before = _databases()
    code, report = _drill("--dump-to", str(tmp_path / "egov.dump"))
    assert code == 0, report
    assert report["ok"] and report["counts_equal"] and report["differences"] == {}
    assert report["audit"]["intact"] is True
    assert report["audit"]["events"] >= 20
    assert report["egov_tables"] > 30 and report["egov_rows"] > 500
    # The dump is pg_restore's custom format and kept; the restored database is gone again.
    assert (tmp_path / "egov.dump").read_bytes()[:5] == b"PGDMP"
    assert report["restored"].startswith(connection.settings_dict["NAME"] + "_drill_")
    assert report["restored"] not in _databases()
    assert _databases() == before


def test_the_copy_is_counted_and_verified_itself(demo_database):
    code, report = _drill("--keep")
    name = report["restored"]
    try:
        db = connection.settings_dict
        with psycopg.connect(
            dbname=name, user=db["USER"], host=db["HOST"], port=db["PORT"] or 5432
        ) as restored:
            people = restored.execute("SELECT count(*) FROM egov_people_person").fetchone()[0]
            events = restored.execute("SELECT count(*) FROM egov_core_auditevent").fetchone()[0]
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM egov_people_person")
            assert people == cursor.fetchone()[0] > 0
        assert events == report["audit"]["events"]
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_tampered_audit_log_fails_the_drill(demo_database):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE egov_core_auditevent SET summary = 'nothing' WHERE id = "
            "(SELECT max(id) FROM egov_core_auditevent)"
        )
    code, report = _drill()
    assert code == 1
    assert report["counts_equal"] is True
    assert (report["audit"]["intact"], report["audit"]["problem"]) == (False, "content")
    assert report["ok"] is False

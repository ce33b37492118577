"""The restore drill: dump the live PostgreSQL database, restore it into a new one, and prove the
copy is whole — every table's row count equal, the audit log's chains intact.

The row counts of the source are taken in the very snapshot ``pg_dump`` dumps
(``pg_export_snapshot`` / ``pg_dump --snapshot``), so the drill can run against a database in
use: what staff and residents write meanwhile is neither in the dump nor in the counts.
Used by ``manage.py egov_restore_drill`` (and ``scripts/restore-drill``).
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.db import connections


class DrillError(Exception):
    """A step of the drill failed (the message says which)."""


def _libpq(settings_dict, name=None):
    """psycopg connection keywords, and the environment of the client programs, for a database."""
    params = {
        "dbname": name or settings_dict["NAME"],
        "user": settings_dict.get("USER") or None,
        "password": settings_dict.get("PASSWORD") or None,
        "host": settings_dict.get("HOST") or None,
        "port": str(settings_dict.get("PORT") or "") or None,
    }
    params = {key: value for key, value in params.items() if value}
    # The client programs read the password from the environment, never from the command line
    # (which every user of the host can read in the process list).
    env = {**os.environ}
    for key, variable in (
        ("user", "PGUSER"),
        ("password", "PGPASSWORD"),
        ("host", "PGHOST"),
        ("port", "PGPORT"),
    ):
        if key in params:
            env[variable] = params[key]
    return params, env


def _row_counts(cursor):
    from psycopg import sql

    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    )
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        # The names come from the catalog, quoted as identifiers.
        cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
        counts[table] = cursor.fetchone()[0]
    return counts


def _run(command, env, what):
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise DrillError(f"{what} failed: {done.stderr.strip()[-1000:]}")


def _verify_audit(using, name):
    # A process of its own, as an operator would run it: egov_verify_audit on the copy.
    command = [sys.executable, "-m", "django", "egov_verify_audit", "--format", "json",
               "--database", using, "--database-name", name]  # fmt: skip
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", ""),
        "PYTHONPATH": os.pathsep.join(path for path in sys.path if path),
    }
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise DrillError(f"egov_verify_audit failed: {done.stderr.strip()[-1000:]}")
    return json.loads(lines[-1])


def run(*, using="default", dump_to=None, keep=False):
    """Run the drill on the database ``using``; returns the report (a dict, ``ok`` True when the
    restored copy is whole). ``dump_to`` keeps the dump file there; ``keep`` keeps the restored
    database (its name is in the report)."""
    import psycopg

    source = connections[using].settings_dict
    if source["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            "The restore drill uses pg_dump and pg_restore: the database must be PostgreSQL."
        )
    for program in ("pg_dump", "pg_restore"):
        if shutil.which(program) is None:
            raise DrillError(
                f"{program} is not installed (Debian: apt-get install postgresql-client)"
            )
    drill_name = f"{source['NAME']}_drill_{uuid.uuid4().hex[:8]}"[:63]
    params, env = _libpq(source)
    folder = Path(tempfile.mkdtemp(prefix="egov-drill-"))
    dump = Path(dump_to) if dump_to else folder / "egov.dump"
    report = {
        "source": source["NAME"],
        "restored": drill_name,
        "dump": str(dump) if dump_to else None,
    }
    created = False
    try:
        started = time.monotonic()
        with psycopg.connect(**params) as snapshot_connection:
            snapshot_connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            snapshot = snapshot_connection.execute("SELECT pg_export_snapshot()").fetchone()[0]
            with snapshot_connection.cursor() as cursor:
                source_counts = _row_counts(cursor)
            # The snapshot lives while this transaction is open: pg_dump reads the same rows.
            _run(
                ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={dump}",
                 f"--dbname={params['dbname']}"],
                env,
                "pg_dump",
            )  # fmt: skip
            snapshot_connection.rollback()
        report["dump_bytes"] = dump.stat().st_size
        report["dump_seconds"] = round(time.monotonic() - started, 2)

        started = time.monotonic()
        with psycopg.connect(**{**params, "dbname": "postgres"}, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{drill_name}"')
        created = True
        _run(
            ["pg_restore", "--exit-on-error", "--no-owner", f"--dbname={drill_name}", str(dump)],
            env,
            "pg_restore",
        )
        report["restore_seconds"] = round(time.monotonic() - started, 2)

        with psycopg.connect(**{**params, "dbname": drill_name}) as restored:
            with restored.cursor() as cursor:
                restored_counts = _row_counts(cursor)
        differences = {
            table: [source_counts.get(table), restored_counts.get(table)]
            for table in sorted(set(source_counts) | set(restored_counts))
            if source_counts.get(table) != restored_counts.get(table)
        }
        egov_tables = [table for table in source_counts if table.startswith("egov_")]
        report.update(
            tables=len(source_counts),
            egov_tables=len(egov_tables),
            rows=sum(source_counts.values()),
            egov_rows=sum(source_counts[table] for table in egov_tables),
            counts_equal=not differences,
            differences=differences,
        )

        report["audit"] = _verify_audit(using, drill_name)
        report["ok"] = report["counts_equal"] and report["audit"]["intact"]
        report["kept"] = keep
        return report
    finally:
        if created and not keep:
            with psycopg.connect(**{**params, "dbname": "postgres"}, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{drill_name}" WITH (FORCE)')
        shutil.rmtree(folder, ignore_errors=True)

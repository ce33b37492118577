"""Shared set-up for the benchmarks: a database of their own, Django configured, JSON output.

Each benchmark runs as ``.venv/bin/python bench/<name>.py [--scale F]`` from the repository
root and prints, as its last line, one JSON object with ``bench``, ``value``, ``unit``,
``floor`` (the same work done by the bare libraries in the same run) and ``ratio``.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def arguments(description, **extra):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 is the source's scale")
    parser.add_argument(
        "--database",
        choices=["sqlite", "postgres"],
        default="sqlite",
        help="where the benchmark's own database is created",
    )
    for name, kwargs in extra.items():
        parser.add_argument(f"--{name}", **kwargs)
    return parser.parse_args()


def setup(database="sqlite", settings="example_site.settings.test"):
    """Point Django at a new, empty database, configure it, migrate; returns a cleanup function."""
    sys.path[:0] = [str(ROOT), str(ROOT / "example_site")]
    os.environ["DJANGO_SETTINGS_MODULE"] = settings
    cleanup = []
    if database == "postgres":
        name = f"egov_bench_{uuid.uuid4().hex[:8]}"
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
        _psql(f'CREATE DATABASE "{name}"')
        cleanup.append(lambda: _psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    else:
        folder = tempfile.mkdtemp(prefix="egov-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    def done():
        from django.db import connections

        connections.close_all()
        for fn in cleanup:
            fn()

    return done


def _psql(sql):
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
        c.execute(sql)


def timed(fn, repeat):
    """Run ``fn`` ``repeat`` times; returns the list of durations in seconds."""
    durations = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        durations.append(time.perf_counter() - started)
    return durations


def p95(durations):
    return statistics.quantiles(durations, n=20)[18] if len(durations) >= 20 else max(durations)


def report(**result):
    """Print the result as the last line of output."""
    print(json.dumps(result, ensure_ascii=False))

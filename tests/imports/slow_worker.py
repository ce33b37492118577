"""A test app for the killed-import test: people are written in batches of 200, each taking
0.3 s more, as a large import on a busy database server does."""

import time

from django.apps import AppConfig


class SlowImportsConfig(AppConfig):
    name = "tests.imports.slow_worker"
    label = "egov_test_slow_imports"

    def ready(self):
        from egov_plugin.imports.kinds import people

        original = people.PeopleKind._apply_batch

        def slow_batch(self, entries, job, now):
            time.sleep(0.3)
            return original(self, entries, job, now)

        people.BATCH = 200
        people.PeopleKind._apply_batch = slow_batch

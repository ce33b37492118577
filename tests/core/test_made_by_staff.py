"""One "made by staff" base (decision 80): the account as a foreign key and its name beside it,
so the record still names its maker after the account is deleted; the migrations keep who made
each existing row."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from egov_plugin.analysis.models import ReferencePopulation
from egov_plugin.core.models import AuditCheckpoint, MadeByStaff
from egov_plugin.imports.models import ImportJob
from egov_plugin.outreach.models import Campaign


def test_the_staff_made_records_share_the_base():
    for model in (Campaign, ImportJob, ReferencePopulation, AuditCheckpoint):
        assert issubclass(model, MadeByStaff), model
        names = {f.name for f in model._meta.get_fields()}
        assert {"created_by", "created_by_label", "created_at"} <= names, model


@pytest.mark.django_db
def test_the_name_stays_when_the_account_goes():
    staff = get_user_model().objects.create_user("policy-lee", password="pw")
    population = ReferencePopulation.objects.create(
        name="2026년 1월 주민등록 인구", created_by=staff
    )
    assert population.created_by_label == "policy-lee"
    staff.delete()
    population.refresh_from_db()
    assert population.created_by is None and population.created_by_label == "policy-lee"


BEFORE = [
    ("egov_core", "0007_audit_parallel_chains"),
    ("egov_analysis", "0001_initial"),
    ("egov_imports", "0004_job_worker_header_rows_mail_duplicates"),
    ("egov_privacy", "0002_privacy_policy_page"),
]
AFTER = [
    ("egov_core", "0008_checkpoint_made_by_staff"),
    ("egov_analysis", "0002_population_made_by_staff"),
    ("egov_imports", "0005_job_created_by_label"),
    ("egov_privacy", "0003_deletion_request_received_and_handled_by_staff"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def back_to_latest():
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_migrations_keep_who_made_each_row(back_to_latest):
    user = get_user_model().objects.create_user("admin-park", password="pw")
    apps = migrate(BEFORE)
    now = timezone.now()
    Checkpoint = apps.get_model("egov_core", "AuditCheckpoint")
    kept = {"before": now, "events": 3, "last_event_id": 9, "last_timestamp": now, "last_hash": "h"}
    by_account = Checkpoint.objects.create(purged_by="admin-park", **kept)
    by_gone = Checkpoint.objects.create(
        purged_by="left-the-office", **{**kept, "last_event_id": 12}
    )
    by_command = Checkpoint.objects.create(purged_by="", **{**kept, "last_event_id": 15})
    Population = apps.get_model("egov_analysis", "ReferencePopulation")
    uploaded = Population.objects.create(name="인구", uploaded_by_id=user.pk, uploaded_at=now)
    job = apps.get_model("egov_imports", "ImportJob").objects.create(
        kind="people",
        file="egov_imports/uploads/x",
        original_name="명단.xlsx",
        created_by_id=user.pk,
    )
    deletion = apps.get_model("egov_privacy", "DeletionRequest").objects.create(
        requester_name="홍길동",
        verification="id_card",
        received_by="내 참여",
        handled_by="admin-park",
    )

    apps = migrate(AFTER)
    Checkpoint = apps.get_model("egov_core", "AuditCheckpoint")
    rows = {c.pk: (c.created_by_id, c.created_by_label) for c in Checkpoint.objects.all()}
    assert rows == {
        by_account.pk: (user.pk, "admin-park"),
        by_gone.pk: (None, "left-the-office"),
        by_command.pk: (None, ""),
    }
    population = apps.get_model("egov_analysis", "ReferencePopulation").objects.get(pk=uploaded.pk)
    assert (population.created_by_id, population.created_by_label) == (user.pk, "admin-park")
    assert population.created_at == now
    job = apps.get_model("egov_imports", "ImportJob").objects.get(pk=job.pk)
    assert (job.created_by_id, job.created_by_label) == (user.pk, "admin-park")
    deletion = apps.get_model("egov_privacy", "DeletionRequest").objects.get(pk=deletion.pk)
    assert (deletion.received_by_id, deletion.received_by_label) == (None, "내 참여")
    assert (deletion.handled_by_id, deletion.handled_by_label) == (user.pk, "admin-park")

    apps = migrate(BEFORE)  # reversible: the username string comes back
    names = set(
        apps.get_model("egov_core", "AuditCheckpoint").objects.values_list("purged_by", flat=True)
    )
    assert names == {"admin-park", "left-the-office", ""}

"""The data migrations that move files stored by earlier versions into private storage under
random names: nothing stored is lost, and the files are no longer under MEDIA_ROOT."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from egov_plugin.core.storage import private_storage

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("egov_imports", "0002_preparedrows")]
AFTER = [("egov_imports", "0003_private_storage")]


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


def test_uploads_and_attachments_move_to_private_storage(back_to_latest):
    apps = migrate(BEFORE)
    MailMessage = apps.get_model("egov_imports", "MailMessage")
    MailAttachment = apps.get_model("egov_imports", "MailAttachment")
    ImportJob = apps.get_model("egov_imports", "ImportJob")
    old_attachment = default_storage.save(
        "egov_imports/mail/2024/04/민원_홍길동.html", ContentFile(b"<script>1</script>")
    )
    old_upload = default_storage.save("egov_imports/2024/04/명단.xlsx", ContentFile(b"PK-data"))
    mail = MailMessage.objects.create(message_id="<old@x>")
    attachment = MailAttachment.objects.create(
        message=mail, file=old_attachment, filename="민원_홍길동.html", size=18
    )
    job = ImportJob.objects.create(kind="people", file=old_upload, original_name="명단.xlsx")

    apps = migrate(AFTER)
    attachment = apps.get_model("egov_imports", "MailAttachment").objects.get(pk=attachment.pk)
    job = apps.get_model("egov_imports", "ImportJob").objects.get(pk=job.pk)
    assert attachment.file.name.startswith("egov_imports/mail/")
    assert "홍길동" not in attachment.file.name and attachment.file.name.endswith(".html")
    assert job.file.name.startswith("egov_imports/uploads/") and "명단" not in job.file.name
    with private_storage().open(attachment.file.name) as handle:
        assert handle.read() == b"<script>1</script>"
    with private_storage().open(job.file.name) as handle:
        assert handle.read() == b"PK-data"
    assert not default_storage.exists(old_attachment) and not default_storage.exists(old_upload)

    apps = migrate(BEFORE)  # reversible: the files come back to the default storage
    attachment = apps.get_model("egov_imports", "MailAttachment").objects.get(pk=attachment.pk)
    assert default_storage.exists(attachment.file.name)
    assert not private_storage().exists(attachment.file.name)


def test_files_of_the_private_collection_get_random_names(back_to_latest):
    from wagtail.models import Collection

    from tests.security.filedata import private_collection

    if Collection.get_first_root_node() is None:  # flushed by the transactional test case
        Collection.add_root(name="Root")
    collection = private_collection()
    apps = migrate([("egov_organizations", "0003_body_managers_and_confirmed_members")])
    Document = apps.get_model("wagtaildocs", "Document")
    old_name = default_storage.save("documents/회원명단_홍길동.pdf", ContentFile(b"%PDF-1.4 list"))
    document = Document.objects.create(title="회원명단", file=old_name, collection_id=collection.pk)

    apps = migrate([("egov_organizations", "0004_private_media")])
    document = apps.get_model("wagtaildocs", "Document").objects.get(pk=document.pk)
    assert document.file.name.startswith("documents/egovp-")
    assert document.file.name.endswith(".pdf") and "홍길동" not in document.file.name
    with default_storage.open(document.file.name) as handle:
        assert handle.read() == b"%PDF-1.4 list"
    assert not default_storage.exists(old_name)

"""Encrypted exports waiting for their download move from MEDIA_ROOT to the private storage."""

from django.core.files.storage import default_storage
from django.db import migrations

import egov_plugin.core.storage

STORAGE_DIR = "egov-exports"


def _move(source, target):
    try:
        _folders, files = source.listdir(STORAGE_DIR)
    except (FileNotFoundError, NotImplementedError, OSError):
        return
    for name in files:
        path = f"{STORAGE_DIR}/{name}"
        if not target.exists(path):
            egov_plugin.core.storage.move_file(source, path, target, path)


def to_private(apps, schema_editor):
    _move(default_storage, egov_plugin.core.storage.private_storage())


def to_public(apps, schema_editor):
    _move(egov_plugin.core.storage.private_storage(), default_storage)


class Migration(migrations.Migration):
    dependencies = [("egov_core", "0005_audit_retention")]

    operations = [migrations.RunPython(to_private, to_public)]

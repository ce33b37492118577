"""The collection of meeting papers and activity photos becomes private, and the files already
in private collections get random stored names (their public renditions are deleted; Wagtail
makes new ones, kept privately, when they are next shown)."""

import uuid
from pathlib import PurePath

from django.core.files.storage import default_storage
from django.db import migrations

COLLECTION_NAME = "단체·위원회 자료"
ROLES = ["관리자", "정책 담당", "위원회 담당", "단체 담당"]
PREFIX = "egovp-"


def _restricted_paths(apps):
    Collection = apps.get_model("wagtailcore", "Collection")
    Restriction = apps.get_model("wagtailcore", "CollectionViewRestriction")
    Group = apps.get_model("auth", "Group")
    ours = Collection.objects.filter(name=COLLECTION_NAME, depth=2).first()
    if ours is not None and not Restriction.objects.filter(collection=ours).exists():
        restriction = Restriction.objects.create(collection=ours, restriction_type="groups")
        restriction.groups.set(Group.objects.filter(name__in=ROLES))
    return list(
        Collection.objects.filter(
            pk__in=Restriction.objects.values("collection")
        ).values_list("path", flat=True)
    )


def _in_private(obj, paths):
    return any(obj.collection.path.startswith(path) for path in paths)


def _rename(obj):
    name = obj.file.name
    if PurePath(name).name.startswith(PREFIX) or not default_storage.exists(name):
        return
    suffix = PurePath(name).suffix.lower()
    suffix = suffix if suffix[1:].isalnum() and len(suffix) <= 11 else ""
    folder = str(PurePath(name).parent)
    target = f"{folder}/{PREFIX}{uuid.uuid4().hex}{suffix}"
    with default_storage.open(name, "rb") as handle:
        stored = default_storage.save(target, handle)
    default_storage.delete(name)
    type(obj).objects.filter(pk=obj.pk).update(file=stored)


def make_private(apps, schema_editor):
    paths = _restricted_paths(apps)
    if not paths:
        return
    Image = apps.get_model("wagtailimages", "Image")
    Rendition = apps.get_model("wagtailimages", "Rendition")
    Document = apps.get_model("wagtaildocs", "Document")
    for document in Document.objects.select_related("collection").iterator():
        if _in_private(document, paths):
            _rename(document)
    for image in Image.objects.select_related("collection").iterator():
        if _in_private(image, paths):
            for rendition in Rendition.objects.filter(image=image):
                if default_storage.exists(rendition.file.name):
                    default_storage.delete(rendition.file.name)
                rendition.delete()
            _rename(image)


class Migration(migrations.Migration):
    dependencies = [
        ("egov_organizations", "0003_body_managers_and_confirmed_members"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(make_private, migrations.RunPython.noop)]

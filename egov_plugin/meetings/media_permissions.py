"""Letting committee staff attach documents to their meetings.

Attachments go to the organizations' private collection of photos and papers
(:mod:`egov_plugin.organizations.media_permissions`, which gives organization staff and
administrators their rights there). Committee staff keep meeting minutes too, so they get the
right to upload and choose documents in that collection: nothing else of it, and no images.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission

from egov_plugin.people.conf import app_settings as people_settings

_UPLOAD = ("add_document", "choose_document")


def ensure_attachment_permissions(sender=None, **kwargs):
    """Add committee staff's document rights on the collection (never removes any)."""
    from wagtail.models import GroupCollectionPermission

    from egov_plugin.people import roles

    if not people_settings.CREATE_STAFF_ROLES or not apps.is_installed("egov_plugin.organizations"):
        return
    from egov_plugin.organizations.media_permissions import media_collection

    group = Group.objects.filter(name=roles.COMMITTEE_STAFF).first()
    permissions = list(
        Permission.objects.filter(content_type__app_label="wagtaildocs", codename__in=_UPLOAD)
    )
    if group is None or not permissions:
        return  # the roles or wagtaildocs are not migrated yet
    collection = media_collection()
    if collection is None:
        return
    for permission in permissions:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=permission
        )

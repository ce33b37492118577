"""Letting the staff roles upload and choose activity photos and meeting attachments (the
meetings app adds the rights of the other roles that keep minutes).

Wagtail permits images and documents per collection (``GroupCollectionPermission``), which
the roles' group permissions do not cover. Photos and attachments go to one collection,
:data:`COLLECTION_NAME`, under the root; the roles get their rights on that collection only, so
organization staff do not see images from elsewhere on the site (closed consultations, say).

The collection is private (a Wagtail view restriction for the staff roles): its documents and
photos hold residents' names and faces, so they get random stored names and are downloaded
only by staff with rights on the collection (:mod:`egov_plugin.core.private_media`).
"""

from django.contrib.auth.models import Group, Permission

from egov_plugin.people.conf import app_settings as people_settings

#: The collection (under the root) for activity photos and meeting attachments.
COLLECTION_NAME = "단체·위원회 자료"

_IMAGES = ("wagtailimages", "image")
_DOCUMENTS = ("wagtaildocs", "document")


def _grants():
    from egov_plugin.people import roles

    upload = ("add", "choose")
    everything = ("add", "change", "choose", "delete")
    return {
        roles.ORGANIZATION_STAFF: [(_IMAGES, upload), (_DOCUMENTS, upload)],
        roles.ADMINISTRATOR: [(_IMAGES, everything), (_DOCUMENTS, everything)],
    }


def media_collection():
    """The collection for photos and attachments, created under the root when missing."""
    from wagtail.models import Collection

    root = Collection.get_first_root_node()
    if root is None:
        return None
    existing = root.get_children().filter(name=COLLECTION_NAME).first()
    return existing or root.add_child(name=COLLECTION_NAME)


def ensure_media_permissions(sender=None, **kwargs):
    """Create the collection and add the roles' rights on it (never removes any)."""
    from wagtail.models import GroupCollectionPermission

    if not people_settings.CREATE_STAFF_ROLES:
        return
    grants = _grants()
    groups = {g.name: g for g in Group.objects.filter(name__in=grants)}
    if not groups:
        return
    codenames = {f"{action}_{model}" for rules in grants.values() for (_, model), actions in rules
                 for action in actions}  # fmt: skip
    permissions = {
        (p.content_type.app_label, p.codename): p
        for p in Permission.objects.filter(codename__in=codenames).select_related("content_type")
    }
    if not permissions:
        return  # wagtailimages and wagtaildocs are not migrated yet
    collection = media_collection()
    if collection is None:
        return
    restrict_collection(collection, groups.values())
    for role, rules in grants.items():
        group = groups.get(role)
        if group is None:
            continue
        for (app_label, model), actions in rules:
            for action in actions:
                permission = permissions.get((app_label, f"{action}_{model}"))
                if permission is not None:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=collection, permission=permission
                    )


def restrict_collection(collection, groups):
    """Make ``collection`` private to ``groups`` (a Wagtail view restriction), once."""
    from wagtail.models import CollectionViewRestriction

    if CollectionViewRestriction.objects.filter(collection=collection).exists():
        return  # an administrator's own choice of restriction is kept
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.set(groups)

"""Who may upload which kind of data, and who sees the uploaded rows' contacts unmasked.

Uploading is changing data in bulk, so each kind needs the permissions that change that data
one by one: people need adding and changing people; members need adding and changing the
memberships of committees or organizations (and adding the people who are new); opinions need
adding opinions. On top of that every upload needs ``egov_imports.add_importjob``.
"""

from egov_plugin.people.panels import can_view_member_contacts
from egov_plugin.people.permissions import can_view_personal_data

#: Needed for every upload (the imports screen itself).
PERMISSION = "egov_imports.add_importjob"

#: Kind key → the permissions an upload of that kind needs besides :data:`PERMISSION`.
KIND_PERMISSIONS = {
    "people": ("egov_people.add_person", "egov_people.change_person"),
    "organization-members": (
        "egov_organizations.add_organizationmembership",
        "egov_organizations.change_organizationmembership",
        "egov_people.add_person",
    ),
    "committee-members": (
        "egov_committees.add_committeemembership",
        "egov_committees.change_committeemembership",
        "egov_people.add_person",
    ),
    "opinions": ("egov_consultations.add_opinion",),
}

#: Kind key → the body-level permission that shows its members' contacts (besides the
#: registry-wide ``egov_people.view_personal_data``).
_CONTACTS_PERMISSIONS = {
    "organization-members": "egov_organizations.view_member_contacts",
    "committee-members": "egov_committees.view_member_contacts",
}


def can_import(user, kind_key):
    """Whether ``user`` may upload (and see the jobs of) the kind ``kind_key``."""
    if not (user and user.is_active and user.has_perm(PERMISSION)):
        return False
    return kind_key in KIND_PERMISSIONS and user.has_perms(KIND_PERMISSIONS[kind_key])


def importable_kinds(user):
    """The kind keys ``user`` may upload, in the order of :data:`KIND_PERMISSIONS`."""
    return [key for key in KIND_PERMISSIONS if can_import(user, key)]


def can_view_contacts(user, kind_key, job=None):
    """Whether ``user`` sees the names and contacts of a job's rows unmasked.

    For a members' upload, the body's contacts permission counts only for the staff member who
    uploaded the file or who manages its body (``people.bodies``): another 단체 담당 opening
    the job by its number sees the rows masked.
    """
    permission = _CONTACTS_PERMISSIONS.get(kind_key)
    if permission is None or can_view_personal_data(user):
        return can_view_personal_data(user)
    if not can_view_member_contacts(user, permission):
        return False
    if job is None:
        return False
    if job.created_by_id is not None and job.created_by_id == user.pk:
        return True
    body = job.organization if kind_key == "organization-members" else job.committee
    return body is not None and body.managers.filter(pk=user.pk).exists()

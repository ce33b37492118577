"""The kinds of import, by key (the command's KIND and ``ImportJob.kind``)."""

from .members import CommitteeMembersKind, OrganizationMembersKind
from .opinions import OpinionsKind
from .people import PeopleKind

KINDS = {
    kind.key: kind
    for kind in (PeopleKind, OrganizationMembersKind, CommitteeMembersKind, OpinionsKind)
}


def get_kind(key, target=None):
    """A new kind object for ``key``, importing into ``target`` (organization, committee …)."""
    return KINDS[key](target)

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .viewsets import CommitteeFieldViewSet, CommitteeMemberViewSet, CommitteeViewSet

register_snippet(CommitteeViewSet)
register_snippet(CommitteeFieldViewSet)


@hooks.register("register_admin_viewset")
def register_committee_member_lookup():
    return CommitteeMemberViewSet()

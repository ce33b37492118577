from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .viewsets import CommitteeFieldViewSet, CommitteeMemberViewSet, CommitteeViewSet

register_snippet(CommitteeViewSet)
register_snippet(CommitteeFieldViewSet)


@hooks.register("register_admin_viewset")
def register_committee_member_lookup():
    return CommitteeMemberViewSet()


@hooks.register("egov_demo_data", order=10)
def demo_committees(*, scale, rng, stdout):
    from .demo import create_committees

    create_committees(scale=scale, rng=rng, stdout=stdout)

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from egov_plugin.core.home import add_role_panel

from .home_panels import MyCommitteesPanel
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


# The start page of the role whose work this is (egov_plugin.core.home).
hooks.register("construct_homepage_panels", add_role_panel(MyCommitteesPanel))

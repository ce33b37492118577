from wagtail import hooks
from wagtail.snippets.models import register_snippet

from egov_plugin.core.home import add_role_panel

from .home_panels import MyOrganizationsPanel
from .viewsets import (
    ActivityViewSet,
    OrganizationKindViewSet,
    OrganizationMemberViewSet,
    OrganizationViewSet,
)

register_snippet(OrganizationViewSet)
register_snippet(OrganizationKindViewSet)
register_snippet(ActivityViewSet)


@hooks.register("register_admin_viewset")
def register_organization_member_lookup():
    return OrganizationMemberViewSet()


@hooks.register("egov_demo_data", order=20)
def demo_organizations(*, scale, rng, stdout):
    from .demo import create_organizations

    create_organizations(scale=scale, rng=rng, stdout=stdout)


# The start page of the role whose work this is (egov_plugin.core.home).
hooks.register("construct_homepage_panels", add_role_panel(MyOrganizationsPanel))

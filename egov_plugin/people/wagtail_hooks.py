from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .choosers import person_chooser_viewset
from .models import Person
from .permissions import PersonPermissionPolicy
from .viewsets import PersonViewSet, RegionViewSet

register_permission_policy(Person, PersonPermissionPolicy(Person))


@hooks.register("register_admin_viewset")
def register_people_viewsets():
    return [PersonViewSet(), RegionViewSet(), person_chooser_viewset]


@hooks.register("egov_demo_data", order=0)
def demo_subscribers(*, scale, rng, stdout):
    from .demo import create_subscribers

    create_subscribers(scale=scale, rng=rng, stdout=stdout)

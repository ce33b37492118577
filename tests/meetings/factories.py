"""factory_boy factories for meetings (an organization's unless a test names another body)."""

import datetime

import factory
from django.utils import timezone

from egov_plugin.meetings.models import Meeting
from tests.organizations.factories import OrganizationFactory


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(OrganizationFactory)
    starts_at = factory.LazyFunction(
        lambda: timezone.make_aware(datetime.datetime(2014, 6, 3, 19, 0))
    )
    place = "주민센터 회의실"

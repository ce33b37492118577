"""Outreach fixtures: subscribers, campaigns, and sending that ignores the clock."""

import pytest

from egov_plugin.core import sms
from egov_plugin.outreach.models import Campaign
from tests.consultations.conftest import consultation, consultation_index, home  # noqa: F401
from tests.consultations.smtp import smtp  # noqa: F401 - fixture
from tests.factories import PersonFactory, SubscriberFactory

from .providers import nhn, sens  # noqa: F401 - fixtures


@pytest.fixture(autouse=True)
def outreach_settings(settings):
    """No quiet period, no back-off wait, SMS kept in memory, the unsubscribe URL routed."""
    settings.ROOT_URLCONF = "tests.outreach.urls"
    settings.WAGTAILADMIN_BASE_URL = "http://testserver"
    settings.EGOV_PUBLIC_BASE_URL = "http://testserver"
    settings.EGOV_OUTREACH_QUIET_START = settings.EGOV_OUTREACH_QUIET_END = "00:00"
    settings.EGOV_OUTREACH_RETRY_SECONDS = 0
    settings.EGOV_OUTREACH_OPTOUT_080 = "080-123-4567"
    settings.EGOV_SMS_BACKEND = "egov_plugin.core.sms.LocmemBackend"
    # Four-eyes approval is off here so that tests of sending can start campaigns directly;
    # the approval tests (test_campaign.py, tests/security) turn the site's rule back on.
    settings.EGOV_OUTREACH_APPROVAL_ALL = settings.EGOV_OUTREACH_APPROVAL_SMS = False
    settings.EGOV_OUTREACH_APPROVAL_OVER = None
    sms.outbox.clear()
    yield settings
    sms.outbox.clear()


@pytest.fixture(autouse=True)
def english(settings):
    """Messages are asserted in their English source form, whatever translations exist."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def subscribers(db, regions):
    """Five SMS subscribers, two of them also agreeing to e-mail, in 왕십리도선동."""
    region = next(iter(regions.values()))
    people = []
    for i in range(5):
        profile = SubscriberFactory(
            person=PersonFactory(region=region), sms_consent=True, email_consent=i < 2
        )
        people.append(profile.person)
    return people


@pytest.fixture
def make_campaign(db, django_user_model):
    author = django_user_model.objects.create_user(username="author", password="pw")

    def make(**fields):
        values = {
            "name": "Consultation open",
            "message": "{name}님, {region} 의견을 들려주세요 {link}",
            "send_sms": True,
            "created_by": author,
        }
        values.update(fields)
        return Campaign.objects.create(**values)

    return make


@pytest.fixture
def approver(db, django_user_model):
    """A second staff member who holds the approval permission."""
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user(username="approver", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="approve_campaign"))
    return type(user).objects.get(pk=user.pk)

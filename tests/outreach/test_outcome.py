"""Publishing a consultation's outcome also tells by SMS those who asked and agreed to SMS."""

import re

import pytest
from django.contrib.auth import get_user_model

from egov_plugin.consultations.models import ConsultationPage, Opinion
from egov_plugin.core import sms
from egov_plugin.outreach.models import Campaign, Delivery
from egov_plugin.people import consent
from tests.consultations.conftest import consultation, consultation_index, home  # noqa: F401
from tests.factories import PersonFactory, SubscriberFactory

OUTCOME = "<p>보행로 조명 12곳을 설치하기로 했습니다.</p>"


def _opinion(page, person, *, notify=True, mobile=None, status=Opinion.Status.PUBLISHED):
    return Opinion.objects.create(
        page=page,
        person=person,
        name=person.name,
        mobile=person.mobile if mobile is None else mobile,
        email="",
        text=f"조명이 필요합니다 {Opinion.objects.count()}",
        notify_outcome=notify,
        status=status,
    )


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor-han", password="pw")


def publish_outcome(page, editor, outcome=OUTCOME):
    draft = page.get_latest_revision_as_object()
    draft.outcome = outcome
    draft.outcome_published = True
    draft.save_revision(user=editor).publish(user=editor)
    return ConsultationPage.objects.get(pk=page.pk)


@pytest.fixture
def residents(consultation):  # noqa: F811
    subscriber = SubscriberFactory(sms_consent=True).person
    # Not a subscriber, but agreed to SMS on a consent page.
    consenting = PersonFactory()
    consent.grant(consenting, "sms", wording="문자 동의", wording_version="1")
    no_consent = SubscriberFactory(sms_consent=False).person
    withdrew = PersonFactory()
    consent.grant(withdrew, "sms", wording="문자 동의", wording_version="1")
    consent.withdraw(withdrew, "sms")
    did_not_ask = SubscriberFactory(sms_consent=True).person
    unconfirmed = SubscriberFactory(sms_consent=True).person
    # The subscriber gave two opinions and asked twice: one SMS.
    _opinion(consultation, subscriber)
    _opinion(consultation, subscriber)
    _opinion(consultation, consenting)
    _opinion(consultation, no_consent)
    _opinion(consultation, withdrew)
    _opinion(consultation, did_not_ask, notify=False)
    _opinion(consultation, unconfirmed, status=Opinion.Status.UNCONFIRMED)
    return {"told": [subscriber, consenting], "untold": [no_consent, withdrew, did_not_ask]}


def test_outcome_sms_goes_once_to_each_consenting_resident_who_asked(
    consultation,  # noqa: F811
    residents,
    editor,
    django_capture_on_commit_callbacks,
    client,
):
    with django_capture_on_commit_callbacks(execute=True):
        page = publish_outcome(consultation, editor)
    assert sorted(m.to for m in sms.outbox) == sorted(p.mobile for p in residents["told"])
    notice = Campaign.objects.get(kind=Campaign.Kind.OUTCOME, page=page)
    # The SMS carries the short link, which leads to the consultation with the notice's tag.
    links = {re.search(r"http://testserver(/s/\w+)", m.text).group(1) for m in sms.outbox}
    assert all(page.title in m.text for m in sms.outbox) and len(links) == 1
    response = client.get(links.pop())
    assert response.status_code == 302
    assert response["Location"] == f"{page.url}?ch={notice.tag}"
    assert notice.status == Campaign.Status.DONE
    assert set(Delivery.objects.filter(campaign=notice).values_list("person", "status")) == {
        (p.pk, "sent") for p in residents["told"]
    }

    # Published again (a typo fixed): nobody is told a second time.
    with django_capture_on_commit_callbacks(execute=True):
        publish_outcome(page, editor, outcome=OUTCOME.replace("12곳", "열두 곳"))
    assert len(sms.outbox) == 2
    assert Campaign.objects.filter(kind=Campaign.Kind.OUTCOME).count() == 1


def test_outcome_sms_can_be_turned_off(
    consultation,  # noqa: F811
    residents,
    editor,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.EGOV_OUTREACH_OUTCOME_SMS = False
    with django_capture_on_commit_callbacks(execute=True):
        publish_outcome(consultation, editor)
    assert not sms.outbox
    assert not Campaign.objects.exists()


def test_outcome_sms_waits_for_the_end_of_the_quiet_period(
    consultation,  # noqa: F811
    residents,
    editor,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.EGOV_OUTREACH_QUIET_START, settings.EGOV_OUTREACH_QUIET_END = "00:00", "23:59"
    settings.EGOV_OUTREACH_TIME_ZONE = "UTC"
    with django_capture_on_commit_callbacks(execute=True):
        publish_outcome(consultation, editor)
    assert not sms.outbox
    assert Delivery.objects.filter(status="queued").count() == 2


def test_nobody_to_tell_creates_no_notice(
    consultation,  # noqa: F811
    editor,
    django_capture_on_commit_callbacks,
):
    _opinion(consultation, SubscriberFactory(sms_consent=False).person)
    with django_capture_on_commit_callbacks(execute=True):
        publish_outcome(consultation, editor)
    assert not sms.outbox
    assert not Campaign.objects.exists()

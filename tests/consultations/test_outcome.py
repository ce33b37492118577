"""Publishing the outcome (반영 결과) e-mails the residents who asked, once, through real SMTP."""

import pytest
from django.contrib.auth import get_user_model

from egov_plugin.consultations.models import ConsultationPage, Opinion
from tests.consultations.smtp import smtp  # noqa: F401 - fixture
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

OUTCOME = "<p>보행로 조명 12곳을 2025년 상반기에 설치하기로 했습니다.</p>"


def _opinion(page, email, *, notify, status=Opinion.Status.PUBLISHED, mobile=""):
    return Opinion.objects.create(
        page=page,
        person=PersonFactory(email=email),
        name="홍길동",
        email=email,
        mobile=mobile,
        text=f"산책로 조명이 필요합니다 ({email or mobile}).",
        notify_outcome=notify,
        status=status,
    )


@pytest.fixture
def opinions(consultation):
    return {
        "told": _opinion(consultation, "told@example.com", notify=True),
        "hidden_but_asked": _opinion(
            consultation, "hidden@example.com", notify=True, status=Opinion.Status.HIDDEN
        ),
        "no_address": _opinion(consultation, "", notify=True, mobile="010-3333-4444"),
        "did_not_ask": _opinion(consultation, "quiet@example.com", notify=False),
        "unconfirmed": _opinion(
            consultation, "unconfirmed@example.com", notify=True, status=Opinion.Status.UNCONFIRMED
        ),
    }


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor-han", password="pw")


def publish_outcome(page, editor, *, ticked=True, outcome=OUTCOME):
    """What the editor's "Publish" does: a new revision from the latest draft, published."""
    draft = page.get_latest_revision_as_object()
    draft.outcome = outcome
    draft.outcome_published = ticked
    draft.save_revision(user=editor).publish(user=editor)
    return ConsultationPage.objects.get(pk=page.pk)


def test_publishing_the_outcome_mails_each_resident_who_asked_once(
    smtp,  # noqa: F811
    consultation,
    opinions,
    editor,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        publish_outcome(consultation, editor)

    page = ConsultationPage.objects.get(pk=consultation.pk)
    assert sorted(smtp.recipients()) == ["hidden@example.com", "told@example.com"]
    body = smtp.to("told@example.com")[0]
    assert "보행로 조명 12곳" in body and page.title in body
    assert page.full_url in body
    assert page.outcome_notified_at is not None

    # Publishing again (a typo fixed in the outcome, say) tells no one a second time.
    with django_capture_on_commit_callbacks(execute=True):
        publish_outcome(page, editor, outcome=OUTCOME.replace("12곳", "열두 곳"))
    assert len(smtp.envelopes) == 2


def test_nothing_is_sent_until_the_outcome_is_ticked_and_written(
    smtp,  # noqa: F811
    consultation,
    opinions,
    editor,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        publish_outcome(consultation, editor, ticked=False)
        publish_outcome(consultation, editor, ticked=True, outcome="")
    assert smtp.envelopes == []
    assert ConsultationPage.objects.get(pk=consultation.pk).outcome_notified_at is None

    with django_capture_on_commit_callbacks(execute=True):
        publish_outcome(consultation, editor)
    assert len(smtp.envelopes) == 2


def test_two_opinions_with_one_address_get_one_message(
    smtp,  # noqa: F811
    consultation,
    editor,
    django_capture_on_commit_callbacks,
):
    _opinion(consultation, "twice@example.com", notify=True)
    Opinion.objects.create(
        page=consultation,
        name="홍길동",
        email="twice@example.com",
        text="두 번째 의견입니다. 벤치도 놓아 주세요.",
        notify_outcome=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        publish_outcome(consultation, editor)
    assert smtp.recipients() == ["twice@example.com"]

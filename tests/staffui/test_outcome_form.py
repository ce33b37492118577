"""The consultation editor refuses an empty 반영 결과 and says that publishing closes opinions."""

import datetime

import pytest
from django.utils import timezone, translation

from egov_plugin.consultations.models import ConsultationPage
from egov_plugin.consultations.page_forms import ConsultationPageForm, outcome_problems

pytestmark = pytest.mark.django_db


def _open_page():
    return ConsultationPage(
        title="보행로 조명", closes_at=timezone.now() + datetime.timedelta(days=7)
    )


def test_the_editor_uses_the_form_with_the_confirmation_box():
    form_class = ConsultationPage.get_edit_handler().get_form_class()
    assert issubclass(form_class, ConsultationPageForm)
    assert "close_early" in form_class.base_fields


def test_ticking_publish_with_an_empty_outcome_is_refused():
    page = _open_page()
    cleaned = {"outcome": "<p> </p>", "outcome_published": True, "close_early": True}
    with translation.override("ko"):
        problems = outcome_problems({**cleaned, "closes_at": page.closes_at}, page)
    assert "반영 결과를 입력해" in str(problems["outcome"])
    assert "outcome_published" not in problems


def test_publishing_before_the_close_asks_to_confirm():
    page = _open_page()
    cleaned = {"outcome": "<p>12곳</p>", "outcome_published": True, "closes_at": page.closes_at}
    with translation.override("ko"):
        problems = outcome_problems(cleaned, page)
    assert "의견 접수가 바로 닫힙니다" in str(problems["outcome_published"])
    assert outcome_problems({**cleaned, "close_early": True}, page) == {}
    after_close = {**cleaned, "closes_at": timezone.now() - datetime.timedelta(days=1)}
    assert outcome_problems(after_close, page) == {}

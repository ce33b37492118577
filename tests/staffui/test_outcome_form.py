"""The consultation editor refuses an empty 반영 결과 and says that publishing closes opinions."""

import pytest

from egov_plugin.consultations.models import ConsultationPage
from tests.consultations.conftest import consultation, consultation_index, home  # noqa: F401

pytestmark = pytest.mark.django_db


def _form(page, **changes):
    form_class = ConsultationPage.get_edit_handler().get_form_class()
    probe = form_class(instance=page, for_user=None)
    data = {}
    for name, field in probe.fields.items():
        value = probe.initial.get(name, field.initial)
        if value is None:
            continue
        data[name] = value if not hasattr(value, "all") else [v.pk for v in value.all()]
    data.update(changes)
    return form_class(data, instance=page, parent_page=page.get_parent(), for_user=None)


def test_ticking_publish_with_an_empty_outcome_is_refused(consultation):  # noqa: F811
    form = _form(consultation, outcome="", outcome_published="on", close_early="on")
    assert not form.is_valid()
    assert "반영 결과를 입력해" in str(form.errors["outcome"])


def test_publishing_before_the_close_asks_to_confirm(consultation):  # noqa: F811
    form = _form(consultation, outcome="<p>보행로 조명 12곳</p>", outcome_published="on")
    assert not form.is_valid()
    assert "의견 접수가 바로 닫힙니다" in str(form.errors["outcome_published"])
    confirmed = _form(
        consultation,
        outcome="<p>보행로 조명 12곳</p>",
        outcome_published="on",
        close_early="on",
    )
    assert "outcome_published" not in confirmed.errors and "outcome" not in confirmed.errors

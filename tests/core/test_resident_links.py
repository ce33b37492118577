"""Lower apps find 내 참여 through core.resident_links, not by naming participation."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from wagtail import hooks

from egov_plugin.core.resident_links import MY_PARTICIPATION_URL_HOOK, my_participation_url


def test_participation_answers_with_its_address():
    from django.urls import reverse

    assert my_participation_url() == reverse("egov_participation:mine")


def test_a_site_without_an_answer_gets_no_link(monkeypatch):
    # As if participation were not installed: no function answers the hook.
    real = hooks.get_hooks
    monkeypatch.setattr(
        hooks, "get_hooks", lambda name: [] if name == MY_PARTICIPATION_URL_HOOK else real(name)
    )
    assert my_participation_url() == ""
    rendered = Template("{% load egov_resident %}{% my_participation_url as u %}[{{ u }}]").render(
        Context({"request": RequestFactory().get("/")})
    )
    assert rendered == "[]"


def test_the_template_tag_gives_the_same_address():
    rendered = Template("{% load egov_resident %}{% my_participation_url as u %}{{ u }}").render(
        Context({"request": RequestFactory().get("/")})
    )
    assert rendered == my_participation_url()
    assert rendered


@pytest.mark.django_db
def test_an_audit_event_about_a_person_names_the_person():
    from egov_plugin.core import audit
    from egov_plugin.people.models import Person

    person = Person.objects.create(name="홍길동", mobile="01012345678")
    event = audit.record(None, audit.Action.VIEW, obj=person)
    assert event.person_id == person.pk

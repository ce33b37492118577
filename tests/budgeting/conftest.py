"""Fixtures of the budgeting tests: an SMS outbox, votes, and a voter who has proved a number."""

import re

import pytest
from django.core.cache import cache

from egov_plugin.core import sms

from .factories import BudgetVotePageFactory


@pytest.fixture(autouse=True)
def english(settings):
    """Messages are asserted in their English source form, whatever translations exist."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def outbox(settings):
    """SMS "sent" into memory; rate-limit counters cleared."""
    settings.EGOV_SMS_BACKEND = "egov_plugin.core.sms.LocmemBackend"
    sms.outbox.clear()
    cache.clear()
    yield sms.outbox
    sms.outbox.clear()


@pytest.fixture
def vote(db, regions):
    """An open vote: choose up to 2 of 4 projects, budget 300,000,000 won."""
    return BudgetVotePageFactory()


def last_code(outbox, phone):
    """The code in the newest message sent to ``phone``."""
    message = next(m for m in reversed(outbox) if m.to == phone)
    return re.search(r"\d{6}", message.text).group()


def url(page, route=""):
    return page.url + route


def verify(client, page, outbox, phone="010-1234-5678"):
    """Prove ``phone`` for ``page`` through the real steps; returns the client."""
    response = client.post(url(page, "verify/"), {"phone": phone, "consent": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post(url(page, "verify/code/"), {"code": last_code(outbox, phone)})
    assert response.status_code == 302
    assert response["Location"].endswith("/ballot/")
    return client


def ballot_data(page, regions, chosen=None, **overrides):
    """A valid ballot's POST data (the first project unless ``chosen`` is given)."""
    data = {
        "region": regions["왕십리도선동"].pk,
        "age_band": "30s",
        "gender": "F",
        "age_confirmed": "on",
        "projects": [p.pk for p in (chosen or list(page.projects.all())[:1])],
    }
    data.update(overrides)
    return data


@pytest.fixture
def verified(client, vote, outbox):
    return verify(client, vote, outbox)

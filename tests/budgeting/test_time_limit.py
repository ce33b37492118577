"""The ballot's time limit (KWCAG 2.2.1 응답시간 조절): the page says until when the ballot can
be cast, the voter can ask for the full time again without losing the choices made so far, up
to ``EGOV_BUDGET_VERIFIED_EXTENSIONS`` times, and only while the number is still verified."""

import datetime
import re
import time
import zoneinfo

import pytest

from egov_plugin.budgeting.models import Ballot

from .conftest import ballot_data, url

pytestmark = pytest.mark.django_db

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")


def _state(client, vote):
    return client.session[f"egov_budgeting:{vote.pk}:verified"]


def _age(client, vote, seconds):
    """Make the verification ``seconds`` old, as if the voter had spent that long."""
    session = client.session
    key = f"egov_budgeting:{vote.pk}:verified"
    session[key] = {**session[key], "at": time.time() - seconds}
    session.save()


def _extend(client, vote, data):
    return client.post(url(vote, "ballot/"), {**data, "action": "extend"})


def test_the_ballot_says_until_when_it_can_be_cast(verified, vote):
    body = verified.get(url(vote, "ballot/")).content.decode()
    limit = re.search(r'<p class="time-limit" id="time-limit">(.*?)</p>', body, re.S).group(1)
    until = time.time() + 30 * 60
    # In Seoul's time, as residents read it; the minute may turn while the page is made.
    shown = {
        datetime.datetime.fromtimestamp(t, SEOUL).strftime("%H:%M") for t in (until - 60, until)
    }
    assert any(hhmm in limit for hhmm in shown) and "30" in limit
    # The "more time" button comes after the cast button: Enter in the form casts the ballot.
    cast = body.index('button--block">')
    extend = body.index('name="action" value="extend"')
    assert cast < extend
    assert 'id="time-warning"' in body and "hidden" in body


def test_more_time_keeps_the_choices_and_stores_no_ballot(verified, vote, regions):
    _age(verified, vote, 29 * 60)
    first, second = list(vote.projects.all())[:2]
    data = ballot_data(vote, regions, [first, second], gender="M", age_band="40s")
    response = _extend(verified, vote, data)
    body = response.content.decode()
    assert response.status_code == 200
    assert Ballot.objects.count() == 0
    assert 'id="time-extended"' in body and 'role="status"' in body
    assert 'id="error-summary"' not in body  # not checked as a ballot: no errors shown
    # The full time again, counted once.
    state = _state(verified, vote)
    assert time.time() - state["at"] < 5 and state["extended"] == 1
    # What was chosen comes back chosen.
    for project in (first, second):
        assert re.search(rf'value="{project.pk}" id="project-{project.pk}"[^>]*checked', body)
    assert re.search(r'<option value="40s" selected>', body)
    assert re.search(rf'<option value="{regions["왕십리도선동"].pk}" selected>', body)
    assert re.search(r'value="M"[^>]*checked', body)
    # Past the first 30 minutes, the ballot is still taken.
    _age(verified, vote, 31 * 60 - 29 * 60)  # two minutes after the extension
    response = verified.post(url(vote, "ballot/"), data)
    assert response.status_code == 302 and Ballot.objects.count() == 1


def test_more_time_is_given_as_often_as_the_setting_allows(verified, vote, regions, settings):
    settings.EGOV_BUDGET_VERIFIED_EXTENSIONS = 2
    data = ballot_data(vote, regions)
    for __ in range(2):
        body = _extend(verified, vote, data).content.decode()
        assert 'id="time-extended"' in body
    assert 'name="action" value="extend"' not in body  # none left: no button offered
    response = _extend(verified, vote, data)
    body = response.content.decode()
    assert response.status_code == 200 and 'id="time-not-extended"' in body
    assert _state(verified, vote)["extended"] == 2
    assert Ballot.objects.count() == 0
    assert verified.post(url(vote, "ballot/"), data).status_code == 302


def test_no_more_time_once_the_time_is_over(verified, vote, regions):
    _age(verified, vote, 30 * 60 + 1)
    response = _extend(verified, vote, ballot_data(vote, regions))
    assert response.status_code == 403  # verify the number again
    assert Ballot.objects.count() == 0
    assert f"egov_budgeting:{vote.pk}:verified" not in verified.session


def test_more_time_needs_a_verified_number(client, vote, regions):
    response = _extend(client, vote, ballot_data(vote, regions))
    assert response.status_code == 403
    assert Ballot.objects.count() == 0

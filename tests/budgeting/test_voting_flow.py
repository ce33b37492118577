"""The resident's voting steps over HTTP, and every bad input: a message, a 4xx, no ballot."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from egov_plugin.budgeting.models import Ballot, BallotRule, CodeRequest
from egov_plugin.budgeting.voting import AlreadyVoted, cast_ballot, phone_hash
from egov_plugin.core.models import VerificationCode

from .conftest import ballot_data, last_code, url, verify
from .factories import BudgetVotePageFactory

PHONE = "010-1234-5678"

pytestmark = pytest.mark.django_db


def text(response):
    return response.content.decode()


def test_project_list_shows_projects_rule_and_the_way_in(client, vote):
    response = client.get(url(vote))
    assert response.status_code == 200
    body = text(response)
    for project in vote.projects.all():
        assert project.title in body
    assert "100,000,000" in body and "Choose up to 2 projects." in body
    assert url(vote, "verify/") in body
    assert "egov_device" in response.cookies  # the device cookie for the fraud signals


def test_full_flow_stores_one_ballot_and_shows_the_receipt(client, vote, outbox, regions):
    response = client.get(url(vote, "verify/"))
    assert response.status_code == 200 and 'autocomplete="tel"' in text(response)
    response = client.post(url(vote, "verify/"), {"phone": "010 1234 5678", "consent": "on"})
    assert response.status_code == 302
    assert outbox[-1].to == PHONE and "vote code" in outbox[-1].text
    assert VerificationCode.objects.get().purpose == f"budget:{vote.pk}"
    code_page = client.get(url(vote, "verify/code/"))
    assert "010-1234-****" in text(code_page)
    response = client.post(url(vote, "verify/code/"), {"code": last_code(outbox, PHONE)})
    assert response.status_code == 302

    first, second = list(vote.projects.all())[:2]
    response = client.post(
        url(vote, "ballot/"), ballot_data(vote, regions, [first, second], gender="M")
    )
    assert response.status_code == 302 and response["Location"].endswith("/receipt/")
    ballot = Ballot.objects.get()
    assert ballot.phone_hash == phone_hash(PHONE) and PHONE not in ballot.phone_hash
    assert (ballot.region, ballot.age_band, ballot.gender) == (regions["왕십리도선동"], "30s", "M")
    assert set(ballot.choices.values_list("project_id", flat=True)) == {first.pk, second.pk}
    assert CodeRequest.objects.get().outcome == "sent"

    receipt = client.get(url(vote, "receipt/"))
    body = text(receipt)
    assert receipt.status_code == 200
    assert f"{ballot.receipt_code[:5]}-{ballot.receipt_code[5:]}" in body
    assert first.title in body and second.title in body


def test_second_ballot_from_the_same_number_is_refused(client, vote, outbox, regions, settings):
    settings.EGOV_VERIFICATION_RESEND_SECONDS = 0
    verify(client, vote, outbox)
    assert client.post(url(vote, "ballot/"), ballot_data(vote, regions)).status_code == 302
    # The spent verification does not allow a second ballot in the same session...
    response = client.post(url(vote, "ballot/"), ballot_data(vote, regions))
    assert response.status_code == 403
    # ...and proving the number again ends in "already voted".
    client.cookies.clear()
    verify(client, vote, outbox)
    response = client.get(url(vote, "ballot/"))
    assert response.status_code == 409 and "already voted" in text(response)
    response = client.post(url(vote, "ballot/"), ballot_data(vote, regions))
    assert response.status_code == 409
    assert Ballot.objects.count() == 1


def test_the_database_refuses_a_second_ballot_that_got_past_the_check(vote, regions):
    region = regions["마장동"]
    project = vote.projects.first()
    cast_ballot(vote, phone=PHONE, region=region, age_band="40s", gender="", projects=[project])
    with pytest.raises(AlreadyVoted):
        cast_ballot(vote, phone=PHONE, region=region, age_band="40s", gender="", projects=[project])
    assert Ballot.objects.count() == 1


def test_ballots_are_final(vote, regions):
    ballot = cast_ballot(
        vote, phone=PHONE, region=regions["마장동"], age_band="40s", gender="F",
        projects=[vote.projects.first()],
    )  # fmt: skip
    ballot.age_band = "50s"
    with pytest.raises(ValidationError):
        ballot.save()
    with pytest.raises(ValidationError):
        ballot.delete()
    assert Ballot.objects.get().age_band == "40s"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"phone": "02-123-4567", "consent": "on"}, "not a mobile number"),
        ({"phone": "", "consent": "on"}, "Enter your mobile number."),
        ({"phone": PHONE}, "Please agree"),
    ],
)
def test_bad_phone_input_is_refused(client, vote, outbox, data, message):
    response = client.post(url(vote, "verify/"), data)
    assert response.status_code == 400
    assert message in text(response)
    assert 'aria-invalid="true"' in text(response)
    assert outbox == []


def test_resend_cooldown_is_a_429_with_a_message(client, vote, outbox):
    client.post(url(vote, "verify/"), {"phone": PHONE, "consent": "on"})
    response = client.post(url(vote, "verify/code/"), {"resend": "1"})
    assert response.status_code == 429 and "wait" in text(response)
    response = client.post(url(vote, "verify/"), {"phone": PHONE, "consent": "on"})
    assert response.status_code == 429
    assert CodeRequest.objects.filter(outcome="cooldown").count() == 2


def test_wrong_expired_and_malformed_codes_are_refused(client, vote, outbox, regions):
    client.post(url(vote, "verify/"), {"phone": PHONE, "consent": "on"})
    code = last_code(outbox, PHONE)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    response = client.post(url(vote, "verify/code/"), {"code": wrong})
    assert response.status_code == 400 and "not correct" in text(response)
    response = client.post(url(vote, "verify/code/"), {"code": "12ab"})
    assert response.status_code == 400 and "6 digits" in text(response)
    VerificationCode.objects.update(expires_at=timezone.now())
    response = client.post(url(vote, "verify/code/"), {"code": code})
    assert response.status_code == 400 and "expired" in text(response)
    # Never verified: the ballot is refused.
    response = client.post(url(vote, "ballot/"), ballot_data(vote, regions))
    assert response.status_code == 403 and "verify your mobile number" in text(response)
    assert Ballot.objects.count() == 0


def test_too_many_wrong_codes_spend_the_code(client, vote, outbox):
    client.post(url(vote, "verify/"), {"phone": PHONE, "consent": "on"})
    code = last_code(outbox, PHONE)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(5):
        client.post(url(vote, "verify/code/"), {"code": wrong})
    response = client.post(url(vote, "verify/code/"), {"code": code})
    assert response.status_code == 400 and "Too many wrong codes" in text(response)


def test_too_many_projects_is_refused_with_the_rule(verified, vote, regions):
    response = verified.post(
        url(vote, "ballot/"), ballot_data(vote, regions, list(vote.projects.all())[:3])
    )
    assert response.status_code == 400
    assert "You chose 3 projects; you may choose at most 2 projects." in text(response)
    assert 'id="projects_error"' in text(response)
    assert Ballot.objects.count() == 0
    # The choices stay ticked so the voter can correct them.
    assert len(re.findall(r'name="projects"[^>]* checked', text(response))) == 3


def test_no_project_is_refused(verified, vote, regions):
    response = verified.post(url(vote, "ballot/"), ballot_data(vote, regions, projects=[]))
    assert response.status_code == 400 and "Choose at least one project." in text(response)


def test_over_budget_is_refused(client, outbox, regions):
    page = BudgetVotePageFactory(ballot_rule=BallotRule.BUDGET, max_choices=None)
    verify(client, page, outbox)
    costly = list(page.projects.order_by("-cost"))[:2]  # 200M + 150M > 300M
    response = client.post(url(page, "ballot/"), ballot_data(page, regions, costly))
    assert response.status_code == 400
    assert "350,000,000" in text(response) and "more than the budget" in text(response)
    assert Ballot.objects.count() == 0
    within = list(page.projects.order_by("cost"))[:3]  # 50M + 100M + 150M = 300M
    response = client.post(url(page, "ballot/"), ballot_data(page, regions, within))
    assert response.status_code == 302 and Ballot.objects.count() == 1


def test_range_rule_needs_the_minimum(client, outbox, regions):
    page = BudgetVotePageFactory(ballot_rule=BallotRule.RANGE, min_choices=2, max_choices=3)
    verify(client, page, outbox)
    response = client.post(url(page, "ballot/"), ballot_data(page, regions))
    assert response.status_code == 400 and "choose at least 2 projects" in text(response)
    assert Ballot.objects.count() == 0


@pytest.mark.parametrize("when", ["before", "after"])
def test_voting_outside_the_period_is_refused(client, outbox, regions, when):
    now = timezone.now()
    day = datetime.timedelta(days=1)
    if when == "before":
        page = BudgetVotePageFactory(opens_at=now + day, closes_at=now + 2 * day)
        expected = "has not opened yet"
    else:
        page = BudgetVotePageFactory(opens_at=now - 2 * day, closes_at=now - day)
        expected = "closed on"
    response = client.post(url(page, "verify/"), {"phone": PHONE, "consent": "on"})
    assert response.status_code == 403 and expected in text(response)
    assert outbox == []
    response = client.post(url(page, "ballot/"), ballot_data(page, regions))
    assert response.status_code == 403
    assert Ballot.objects.count() == 0


def test_vote_closing_between_verification_and_ballot_is_refused(verified, vote, regions):
    type(vote).objects.filter(pk=vote.pk).update(closes_at=timezone.now())
    response = verified.post(url(vote, "ballot/"), ballot_data(vote, regions))
    assert response.status_code == 403 and Ballot.objects.count() == 0


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        ({"projects": ["999999"]}, "“999999” is not a project of this vote."),
        ({"projects": ["abc"]}, "“abc” is not a project of this vote."),
        ({"region": "999999"}, "Choose one of the neighbourhoods in the list."),
        ({"region": ""}, "Choose the neighbourhood you live in."),
        ({"age_band": "5s"}, "Choose one of the age bands in the list."),
        ({"gender": "X"}, "Choose one of the answers for gender."),
        ({"age_confirmed": ""}, "Only residents aged 14 or older may vote."),
    ],
)
def test_tampered_ballot_is_refused(verified, vote, regions, tamper, message):
    response = verified.post(url(vote, "ballot/"), ballot_data(vote, regions, **tamper))
    assert response.status_code == 400
    assert message in text(response)
    assert Ballot.objects.count() == 0


def test_project_of_another_vote_is_refused(verified, vote, regions):
    other = BudgetVotePageFactory()
    response = verified.post(
        url(vote, "ballot/"), ballot_data(vote, regions, [other.projects.first()])
    )
    assert response.status_code == 400 and "is not a project of this vote" in text(response)
    assert Ballot.objects.count() == 0


def test_neighbourhood_outside_the_eligible_ones_is_refused(client, outbox, regions):
    page = BudgetVotePageFactory(regions=[regions["마장동"]])
    verify(client, page, outbox)
    response = client.post(url(page, "ballot/"), ballot_data(page, regions))  # 왕십리도선동
    assert response.status_code == 400 and Ballot.objects.count() == 0
    response = client.post(
        url(page, "ballot/"), ballot_data(page, regions, region=regions["마장동"].pk)
    )
    assert response.status_code == 302


def test_under_twenty_band_is_not_offered_when_the_minimum_age_is_twenty(client, outbox, regions):
    page = BudgetVotePageFactory(minimum_age=20)
    verify(client, page, outbox)
    form = text(client.get(url(page, "ballot/")))
    assert 'value="U20"' not in form and "I am 20 years old or older." in form
    response = client.post(url(page, "ballot/"), ballot_data(page, regions, age_band="U20"))
    assert response.status_code == 400 and Ballot.objects.count() == 0


def test_verification_is_bound_to_the_vote(verified, vote, regions):
    other = BudgetVotePageFactory()
    response = verified.post(url(other, "ballot/"), ballot_data(other, regions))
    assert response.status_code == 403 and Ballot.objects.count() == 0


def test_verification_expires(verified, vote, regions, settings):
    settings.EGOV_BUDGET_VERIFIED_SECONDS = -1
    response = verified.post(url(vote, "ballot/"), ballot_data(vote, regions))
    assert response.status_code == 403 and Ballot.objects.count() == 0


def test_results_are_hidden_while_open_by_default(client, vote, regions):
    cast_ballot(
        vote, phone=PHONE, region=regions["마장동"], age_band="40s", gender="F",
        projects=[vote.projects.first()],
    )  # fmt: skip
    response = client.get(url(vote, "results/"))
    assert response.status_code == 403 and "not published while the vote is open" in text(response)
    assert "Votes per project" not in text(response)
    assert "See the results" not in text(client.get(url(vote)))


def test_running_results_when_the_page_allows_them_and_final_after_close(client, regions):
    page = BudgetVotePageFactory(show_running_results=True)
    cast_ballot(
        page, phone=PHONE, region=regions["마장동"], age_band="40s", gender="F",
        projects=[page.projects.first()],
    )  # fmt: skip
    response = client.get(url(page, "results/"))
    assert response.status_code == 200 and "Running results" in text(response)
    type(page).objects.filter(pk=page.pk).update(
        show_running_results=False, closes_at=timezone.now()
    )
    response = client.get(url(page, "results/"))
    assert response.status_code == 200 and "Final results" in text(response)
    assert "The count checks out" in text(response)

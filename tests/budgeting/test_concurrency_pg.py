"""Two ballots for one number at the same moment, from two connections: exactly one is stored.

Only PostgreSQL runs the two transactions truly at once (SQLite serializes writers), so this is
the test of the database constraint under a real race.
"""

import threading

import pytest
from django.db import connection, connections

from egov_plugin.budgeting.models import Ballot, BallotChoice
from egov_plugin.budgeting.voting import AlreadyVoted, cast_ballot

from .factories import BudgetVotePageFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_simultaneous_ballots_for_one_number_store_one(regions):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    vote = BudgetVotePageFactory()
    projects = list(vote.projects.all())
    for round_number in range(5):
        phone = f"010-5555-{round_number:04d}"
        start = threading.Barrier(2)
        outcomes = []

        def voter(choice, phone=phone, start=start, outcomes=outcomes):
            try:
                start.wait(timeout=10)
                cast_ballot(
                    vote, phone=phone, region=regions["마장동"], age_band="30s", gender="F",
                    projects=[choice],
                )  # fmt: skip
                outcomes.append("stored")
            except AlreadyVoted:
                outcomes.append("refused")
            finally:
                connections.close_all()  # each thread had its own connection

        threads = [threading.Thread(target=voter, args=(p,)) for p in projects[:2]]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(outcomes) == ["refused", "stored"]
    assert Ballot.objects.count() == 5
    # The loser's choices were rolled back with its ballot.
    assert BallotChoice.objects.count() == 5

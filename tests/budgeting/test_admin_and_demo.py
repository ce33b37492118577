"""Staff side: the menu, the vote page's editor guards, page deletion, roles, demo data."""

import io
import random

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Page

from egov_plugin.budgeting.admin_forms import BudgetVotePageForm
from egov_plugin.budgeting.demo import FINISHED_SLUG, OPEN_SLUG, create_votes
from egov_plugin.budgeting.fraud import find_signals
from egov_plugin.budgeting.models import Ballot, BudgetVotePage, PaperTally
from egov_plugin.budgeting.results import compute_results
from egov_plugin.budgeting.voting import cast_ballot
from egov_plugin.people import roles

pytestmark = pytest.mark.django_db

EMPTY_RICH_TEXT = '{"blocks": [], "entityMap": {}}'


def test_roles_manage_votes_and_paper_ballots(db):
    for role in (roles.POLICY_STAFF, roles.ADMINISTRATOR):
        codenames = set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))
        assert {"view_ballot", "add_papertally", "change_papertally"} <= codenames


def test_vote_list_in_the_egov_menu(vote, policy_staff, admin_client_for):
    client = admin_client_for(policy_staff)
    response = client.get(reverse("egov_budget_votes:index"))
    assert response.status_code == 200 and vote.title in response.content.decode()
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "/admin/egov/budget-votes/" in home and "/admin/egov/paper-ballots/" in home


def test_page_rules_are_validated(vote):
    vote.max_choices = None
    with pytest.raises(Exception) as exc:
        vote.full_clean()
    assert "max_choices" in str(exc.value)
    vote.max_choices = 2
    vote.closes_at = vote.opens_at
    with pytest.raises(Exception) as exc:
        vote.full_clean()
    assert "closes_at" in str(exc.value)


def test_editor_cannot_change_the_rule_or_remove_a_voted_project(vote, regions, policy_staff):
    voted = vote.projects.first()
    cast_ballot(vote, phone="010-1111-2222", region=regions["마장동"], age_band="30s",
                gender="", projects=[voted])  # fmt: skip
    form_class = BudgetVotePage.get_edit_handler().get_form_class()
    assert issubclass(form_class, BudgetVotePageForm)
    projects = list(vote.projects.all())
    data = {
        "title": vote.title, "slug": vote.slug, "total_budget": vote.total_budget,
        "opens_at": vote.opens_at.strftime("%Y-%m-%d %H:%M"),
        "closes_at": vote.closes_at.strftime("%Y-%m-%d %H:%M"),
        "ballot_rule": vote.ballot_rule, "min_choices": 1, "max_choices": 3, "minimum_age": 14,
        "intro": EMPTY_RICH_TEXT, "projects-TOTAL_FORMS": len(projects),
        "projects-INITIAL_FORMS": len(projects),
        "projects-MIN_NUM_FORMS": 0, "projects-MAX_NUM_FORMS": 1000,
    }  # fmt: skip
    for i, p in enumerate(projects):
        data.update({f"projects-{i}-id": p.pk, f"projects-{i}-title": p.title,
                     f"projects-{i}-cost": p.cost, f"projects-{i}-ORDER": i + 1,
                     f"projects-{i}-description": EMPTY_RICH_TEXT})  # fmt: skip
    data["projects-0-DELETE"] = "on"
    form = form_class(data, instance=vote, for_user=policy_staff)
    assert not form.is_valid()
    assert "max_choices" in form.errors
    assert "cannot be removed" in str(form.formsets["projects"].forms[0].errors)


def test_a_vote_with_ballots_is_not_deleted(vote, regions, admin_client_for, django_user_model):
    cast_ballot(vote, phone="010-1111-2222", region=regions["마장동"], age_band="30s",
                gender="", projects=[vote.projects.first()])  # fmt: skip
    superuser = django_user_model.objects.create_superuser("root", "root@example.com", "pw")
    client = admin_client_for(superuser)
    response = client.post(reverse("wagtailadmin_pages:delete", args=[vote.pk]))
    assert response.status_code == 302
    assert Page.objects.filter(pk=vote.pk).exists() and Ballot.objects.count() == 1


def test_demo_data_is_created_once_with_consistent_results(regions):
    out = io.StringIO()
    create_votes(scale=0.02, rng=random.Random(1), stdout=out)
    finished = BudgetVotePage.objects.get(slug=FINISHED_SLUG)
    opened = BudgetVotePage.objects.get(slug=OPEN_SLUG)
    assert finished.voting_status() == "closed" and opened.is_open()
    assert Ballot.objects.filter(page=finished).count() == 600
    assert PaperTally.objects.filter(page=finished).count() == 4
    results = compute_results(finished)
    assert results.all_checks_pass, [c for c in results.checks if not c.ok]
    assert {s.kind for s in find_signals(finished)} == {
        "ip_ballots",
        "device_ballots",
        "ip_numbers",
    }
    before = (Page.objects.count(), Ballot.objects.count())
    create_votes(scale=0.02, rng=random.Random(1), stdout=out)
    assert (Page.objects.count(), Ballot.objects.count()) == before
    assert "already present" in out.getvalue()

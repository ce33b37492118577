"""Counting: tallies, breakdowns and checks against a count made independently in the test."""

import io
import random
from collections import Counter

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from egov_plugin.budgeting.models import Ballot, BallotChoice, PaperTally, PaperTallyLine
from egov_plugin.budgeting.results import compute_results
from egov_plugin.budgeting.voting import cast_ballot
from egov_plugin.core.models import AuditEvent

pytestmark = pytest.mark.django_db

BANDS = ["U20", "20s", "30s", "40s", "50s", "60s", "70+"]


@pytest.fixture
def counted_vote(vote, regions):
    """Sixty ballots of random voters, and paper counts from two neighbourhoods."""
    rng = random.Random(7)
    projects = list(vote.projects.all())
    names = ["마장동", "사근동", "옥수동", "용답동"]
    cast = []
    for i in range(60):
        region = regions[rng.choice(names)]
        band, gender = rng.choice(BANDS), rng.choice(["F", "M", ""])
        chosen = rng.sample(projects, rng.randint(1, 2))
        cast_ballot(
            vote, phone=f"010-7000-{i:04d}", region=region, age_band=band, gender=gender,
            projects=chosen,
        )  # fmt: skip
        cast.append((region.pk, band, gender, [p.pk for p in chosen]))
    paper = {"마장동": (30, [12, 20, 5, 0]), "송정동": (10, [3, 4, 5, 6])}
    for name, (voters, votes) in paper.items():
        tally = PaperTally.objects.create(page=vote, region=regions[name], voters=voters)
        for project, n in zip(projects, votes, strict=True):
            PaperTallyLine.objects.create(tally=tally, project=project, votes=n)
    return vote, cast, paper


def test_tallies_and_breakdowns_match_an_independent_count(counted_vote, regions):
    vote, cast, paper = counted_vote
    results = compute_results(vote)
    projects = list(vote.projects.all())

    online = Counter(pk for _r, _b, _g, chosen in cast for pk in chosen)
    offline = Counter()
    for _voters, votes in paper.values():
        for project, n in zip(projects, votes, strict=True):
            offline[project.pk] += n
    got = {row.key: (row.online, row.offline, row.total) for row in results.projects}
    assert got == {
        p.pk: (online[p.pk], offline[p.pk], online[p.pk] + offline[p.pk]) for p in projects
    }

    assert results.online_voters == 60 and results.offline_voters == 40
    assert results.total_voters == 100
    by_region = {row.label: (row.online, row.offline) for row in results.by_region if row.total}
    expected_regions = Counter(region_pk for region_pk, *_ in cast)
    names = {r.pk: name for name, r in regions.items()}
    assert by_region == {
        names[pk]: (expected_regions[pk], paper.get(names[pk], (0,))[0])
        for pk in set(expected_regions) | {regions[n].pk for n in paper}
    }
    assert {r.key: r.online for r in results.by_age_band} == {
        b: Counter(band for _r, band, _g, _c in cast)[b] for b in BANDS
    }
    genders = Counter(g for _r, _b, g, _c in cast)
    assert {r.key: r.online for r in results.by_gender} == {k: genders[k] for k in ("M", "F", "")}

    # The sum of ballots equals the number of voters counted, in every breakdown.
    assert sum(r.total for r in results.by_region) == results.total_voters
    assert sum(r.online for r in results.by_age_band) == results.online_voters
    assert sum(r.online for r in results.by_gender) == results.online_voters
    assert results.numbers == results.online_voters == Ballot.objects.count()
    assert results.all_checks_pass, [c for c in results.checks if not c.ok]

    ranked = [row.total for row in results.projects]
    assert ranked == sorted(ranked, reverse=True) and results.projects[0].rank == 1


def test_a_ballot_breaking_the_rule_fails_the_checks(counted_vote, regions):
    vote, _cast, _paper = counted_vote
    # Written around the application, as a faulty import or counting program would.
    ballot = Ballot.objects.bulk_create(
        [Ballot(page=vote, phone_hash="x" * 64, region=regions["마장동"], age_band="30s",
                receipt_code="BAD0000000")]
    )[0]  # fmt: skip
    BallotChoice.objects.bulk_create(
        BallotChoice(ballot=ballot, project=p) for p in vote.projects.all()[:3]
    )
    results = compute_results(vote)
    failed = [check.label for check in results.checks if not check.ok]
    assert failed == ["Every counted ballot keeps the rule"]
    assert not results.all_checks_pass


def test_funded_projects_follow_the_ranking_within_the_budget(vote, regions):
    projects = {p.title: p for p in vote.projects.all()}
    # Costs: 보안등 100M, 놀이터 200M, 경로당 150M, 정류장 50M; budget 300M.
    for i, titles in enumerate(
        [["놀이터 바닥 교체"]] * 3 + [["경로당 냉난방기"]] * 2 + [["골목길 보안등"]]
    ):
        cast_ballot(
            vote, phone=f"010-7100-{i:04d}", region=regions["마장동"], age_band="30s", gender="",
            projects=[projects[t] for t in titles],
        )  # fmt: skip
    results = compute_results(vote)
    funded = [row.label for row in results.projects if row.funded]
    # 놀이터 (200M) first; 경로당 (150M) no longer fits; 보안등 (100M) does.
    assert funded == ["놀이터 바닥 교체", "골목길 보안등"]


def test_admin_results_screen_and_audited_export(counted_vote, policy_staff, admin_client_for):
    vote, _cast, _paper = counted_vote
    client = admin_client_for(policy_staff)
    response = client.get(reverse("egov_budget_votes:results", args=[vote.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="count-check"' in body and 'class="ok"' in body
    assert "60" in body and "100" in body

    export_url = reverse("egov_budget_votes:export", args=[vote.pk])
    assert client.get(export_url).status_code == 200
    response = client.post(export_url, {"format": "xlsx", "reason": "구청장 보고용 결과 집계"})
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="export")
    assert event.reason == "구청장 보고용 결과 집계" and event.actor == policy_staff
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    rows = workbook.get_sheet_by_index(0).to_python()
    results = compute_results(vote)
    project_rows = {row[1]: row[3:6] for row in rows if row[0] == "Project"}
    assert project_rows == {r.label: [r.online, r.offline, r.total] for r in results.projects}
    assert ["Turnout", "Voters", "", 60, 40, 100] in [list(r) for r in rows]
    # Every check is written as a translatable word, here the English source.
    check_rows = [row for row in rows if row[0] == "Check"]
    assert check_rows and {row[5] for row in check_rows} == {"passed"}


def test_counts_are_written_with_thousands_separators(
    counted_vote, regions, policy_staff, admin_client_for
):
    """A district's counts run to thousands: 2,540 paper ballots, of 260,000 residents."""
    vote, _cast, _paper = counted_vote
    vote.eligible_population = 260_000
    vote.save()
    tally = PaperTally.objects.create(page=vote, region=regions["용답동"], voters=2500)
    for project in vote.projects.all():
        PaperTallyLine.objects.create(tally=tally, project=project, votes=1200)
    response = admin_client_for(policy_staff).get(
        reverse("egov_budget_votes:results", args=[vote.pk])
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "2,540" in body and "2,600" in body and "260,000" in body  # paper, all, eligible
    assert "2540" not in body and "260000" not in body


def test_results_screens_need_the_permission(vote, django_user_model, admin_client_for):
    nobody = django_user_model.objects.create_user(username="visitor", password="pw")
    client = admin_client_for(nobody)
    response = client.get(reverse("egov_budget_votes:results", args=[vote.pk]))
    assert response.status_code in (302, 403)


def test_staff_confirm_a_receipt_code(counted_vote, policy_staff, admin_client_for):
    vote, _cast, _paper = counted_vote
    ballot = Ballot.objects.filter(page=vote).first()
    client = admin_client_for(policy_staff)
    results_url = reverse("egov_budget_votes:results", args=[vote.pk])
    typed = f"{ballot.receipt_code[:5].lower()}-{ballot.receipt_code[5:]}"
    body = client.get(results_url, {"receipt": typed}).content.decode()
    assert "is counted" in body and ballot.region.name in body
    body = client.get(results_url, {"receipt": "ZZZZZ-ZZZZZ"}).content.decode()
    assert "No ballot of this vote has the receipt ZZZZZ-ZZZZZ." in body


def test_results_export_is_not_encrypted_when_personal_data_exports_are(
    counted_vote, policy_staff, admin_client_for, settings
):
    # The results hold totals only, so the encryption rule for personal data does not apply.
    settings.EGOV_ENCRYPT_EXPORTS = True
    vote, _cast, _paper = counted_vote
    client = admin_client_for(policy_staff)
    export_url = reverse("egov_budget_votes:export", args=[vote.pk])
    response = client.post(export_url, {"format": "csv", "reason": "결과 공개용"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Turnout" in body

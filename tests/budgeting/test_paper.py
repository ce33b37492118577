"""Paper ballots: the count sheet upload (xlsx and csv) with bad rows named, and manual entry."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from python_calamine import CalamineWorkbook

from egov_plugin.budgeting.models import PaperTally, PaperTallyLine
from egov_plugin.budgeting.results import compute_results
from egov_plugin.core.spreadsheets import write_xlsx

pytestmark = pytest.mark.django_db

TITLES = ["골목길 보안등", "놀이터 바닥 교체", "경로당 냉난방기", "정류장 온열 의자"]


def xlsx(rows, name="counts.xlsx"):
    return SimpleUploadedFile(name, write_xlsx(rows[0], rows[1:]).read())


def upload(client, vote, file):
    return client.post(reverse("egov_budget_votes:paper_upload", args=[vote.pk]), {"file": file})


@pytest.fixture
def staff(policy_staff, admin_client_for):
    return admin_client_for(policy_staff)


def test_a_good_sheet_is_stored_and_counted(staff, vote, regions):
    rows = [
        ["행정동", "투표자 수", *TITLES],
        ["마장동", 30, 10, 20, 5, None],
        ["성동구 사근동", "12", 3, 4, "5", 6],  # names as people write them, numbers as text
    ]
    response = upload(staff, vote, xlsx(rows))
    assert response.status_code == 302
    tallies = {t.region.name: t for t in PaperTally.objects.all()}
    assert {name: t.voters for name, t in tallies.items()} == {"마장동": 30, "사근동": 12}
    lines = {
        (line.tally.region.name, line.project.title): line.votes
        for line in PaperTallyLine.objects.select_related("tally__region", "project")
    }
    assert lines[("마장동", "정류장 온열 의자")] == 0 and lines[("사근동", "경로당 냉난방기")] == 5
    assert compute_results(vote).offline_voters == 42

    # Uploading the neighbourhood again replaces its count rather than adding to it.
    rows[1][1] = 31
    upload(staff, vote, xlsx(rows[:2]))
    assert PaperTally.objects.get(region=regions["마장동"]).voters == 31
    assert PaperTallyLine.objects.count() == 8


def test_bad_rows_are_named_and_nothing_is_stored(staff, vote):
    rows = [
        ["행정동", "투표자 수", *TITLES],
        ["마장동", 30, 10, 20, 5, 0],
        ["없는동", 5, 1, 1, 1, 1],
        ["사근동", 10, 11, 0, 0, 0],
        ["옥수동", "열둘", 1, 1, 1, 1],
        ["마장동", 3, 1, 1, 1, 0],
        ["용답동", 4, 4, 4, 1, 0],
    ]
    response = upload(staff, vote, xlsx(rows))
    assert response.status_code == 400
    errors = response.context["row_errors"]
    text = " | ".join(str(e) for e in errors)
    assert "Row 3: “없는동” is not one of this vote's neighbourhoods." in text
    assert "Row 4, column “골목길 보안등”: 11 votes is more than the 10 paper ballots" in text
    assert "Row 5, column “Paper ballots”: “열둘” is not a whole number." in text
    assert "Row 6: 마장동 was already counted in row 2." in text
    assert "Row 7: 9 votes in all is more than 4 ballots of at most 2 projects each" in text
    assert PaperTally.objects.count() == 0


def test_header_problems_are_named(staff, vote):
    rows = [["행정동", "투표자 수", "골목길 보안등", "없는 사업"], ["마장동", 1, 1, 0]]
    response = upload(staff, vote, xlsx(rows))
    text = " | ".join(str(e) for e in response.context["row_errors"])
    assert "Row 1, column 4: “없는 사업” is not a project of this vote." in text
    assert "Row 1: there is no column for the project “놀이터 바닥 교체”." in text
    assert PaperTally.objects.count() == 0


def test_csv_in_cp949_as_korean_excel_saves_it(staff, vote):
    content = "행정동,투표자 수," + ",".join(TITLES) + "\r\n마장동,7,1,2,3,1\r\n"
    response = upload(staff, vote, SimpleUploadedFile("counts.csv", content.encode("cp949")))
    assert response.status_code == 302
    assert PaperTally.objects.get().voters == 7


def test_unreadable_file_is_refused(staff, vote):
    response = upload(staff, vote, SimpleUploadedFile("counts.xlsx", b"not a workbook"))
    assert response.status_code == 400
    assert "could not be read" in response.content.decode()
    response = upload(staff, vote, SimpleUploadedFile("counts.pdf", b"%PDF"))
    assert response.status_code == 400


def test_template_lists_neighbourhoods_and_projects(staff, vote, regions):
    response = staff.get(reverse("egov_budget_votes:paper_template", args=[vote.pk]))
    assert response.status_code == 200
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    rows = workbook.get_sheet_by_index(0).to_python()
    assert rows[0][2:] == TITLES
    assert [r[0] for r in rows[1:]] == list(regions)
    # The template itself uploads cleanly once counts are typed in.
    filled = [rows[0]] + [[r[0], 2, 1, 1, 0, 0] for r in rows[1:]]
    assert upload(staff, vote, xlsx(filled)).status_code == 302
    assert compute_results(vote).offline_voters == 2 * len(regions)


def test_typed_in_count_refuses_another_votes_project(staff, vote, regions):
    from .factories import BudgetVotePageFactory

    other = BudgetVotePageFactory()
    data = {
        "page": vote.pk,
        "region": regions["마장동"].pk,
        "voters": 5,
        "note": "",
        "lines-TOTAL_FORMS": 2,
        "lines-INITIAL_FORMS": 0,
        "lines-MIN_NUM_FORMS": 0,
        "lines-MAX_NUM_FORMS": 1000,
        "lines-0-project": other.projects.first().pk,
        "lines-0-votes": 1,
        "lines-1-project": vote.projects.first().pk,
        "lines-1-votes": 6,
    }
    response = staff.post(reverse("egov_paper_ballots:add"), data)
    assert response.status_code == 200  # the form again, with its errors
    body = response.content.decode()
    assert "This project is not on the ballot of this vote." in body
    assert "More votes (6) than paper ballots (5)." in body
    assert PaperTally.objects.count() == 0
    data.update({"lines-0-project": vote.projects.last().pk, "lines-1-votes": 5})
    assert staff.post(reverse("egov_paper_ballots:add"), data).status_code == 302
    assert PaperTallyLine.objects.count() == 2

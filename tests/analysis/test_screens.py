"""Who may open the analysis screens, the audited report workbook, trends and the buttons."""

import io
from collections import Counter

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from egov_plugin.core.models import AuditEvent
from egov_plugin.people import roles

from .conftest import add_opinion, days_ago


@pytest.fixture
def opinions(consultation, regions):
    add_opinion(consultation, gender="F", age_band="30s", region=regions["마장동"])
    add_opinion(consultation, gender="M", age_band="70+", region=regions["사근동"])
    add_opinion(consultation, text='=HYPERLINK("http://x")', gender="F")
    return consultation


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (roles.ADMINISTRATOR, 200),
        (roles.POLICY_STAFF, 200),
        (roles.COMMITTEE_STAFF, 302),
        (roles.ORGANIZATION_STAFF, 302),
    ],
)
def test_screens_per_role(client, staff_of, opinions, role, status):
    client.force_login(staff_of(role))
    for url in (
        reverse("egov_analysis:index"),
        reverse("egov_analysis:consultation", args=[opinions.pk]),
        reverse("egov_analysis:report", args=[opinions.pk]),
        reverse("egov_analysis:trends"),
        reverse("egov_analysis:populations"),
    ):
        response = client.get(url)
        assert response.status_code == status, url
        if status == 302:  # Wagtail's answer to PermissionDenied: back to the dashboard
            assert response["Location"] == reverse("wagtailadmin_home")
    assert AuditEvent.objects.filter(action="export").exists() == (status == 200)


def test_anonymous_is_sent_to_login(client, opinions):
    response = client.get(reverse("egov_analysis:consultation", args=[opinions.pk]))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_not_a_consultation_is_404(policy_client, home):
    response = policy_client.get(reverse("egov_analysis:consultation", args=[home.pk]))
    assert response.status_code == 404


def test_report_workbook_is_audited(policy_client, opinions):
    response = policy_client.get(reverse("egov_analysis:report", args=[opinions.pk]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames[:7] == [
        "Summary", "By gender", "By age band", "By neighbourhood", "By channel",
        "By registry group", "Per day",
    ]  # fmt: skip
    genders = {row[0]: row[1] for row in workbook["By gender"].iter_rows(values_only=True)}
    assert genders["Female"] == 2 and genders["Male"] == 1
    assert "Representativeness" in workbook.sheetnames
    event = AuditEvent.objects.get(action="export")
    assert event.actor.username == f"u-{roles.POLICY_STAFF}"
    assert event.object_type == "egov_consultations.consultationpage"
    assert event.object_id == str(opinions.pk)
    assert event.data["opinions"] == 3
    assert event.data["file"].endswith(".xlsx")


def test_trends_against_counts_made_here(policy_client, consultation_index, regions):
    from tests.consultations.conftest import make_consultation

    old = make_consultation(consultation_index, "작년 정책", opens=-500, closes=-400)
    new = make_consultation(consultation_index, "올해 정책", opens=-5, closes=20)
    made = []
    for page, days, region, age in [
        (old, 450, "마장동", "30s"), (old, 450, "마장동", "70+"), (old, 440, "사근동", "30s"),
        (new, 1, "마장동", "30s"), (new, 2, "사근동", "20s"),
    ]:  # fmt: skip
        when = days_ago(days)
        add_opinion(page, created=when, region=regions[region], age_band=age)
        made.append((when.year, region, age))
    response = policy_client.get(reverse("egov_analysis:trends"))
    assert response.status_code == 200
    per_year = Counter(year for year, _r, _a in made)
    assert {row["year"]: row["opinions"] for row in response.context["years"]} == per_year
    by_region, by_age = response.context["matrices"]
    counts = Counter((year, region) for year, region, _a in made)
    for label, cells in by_region.rows:
        for year, (count, _share) in zip(by_region.years, cells, strict=True):
            assert count == counts[(year, label)]
    ages = Counter((year, age) for year, _r, age in made)
    age_labels = {"20s": "20s", "30s": "30s", "70+": "70 and over"}
    for code, label in age_labels.items():
        row = next(cells for row_label, cells in by_age.rows if row_label == label)
        assert [c for c, _s in row] == [ages[(y, code)] for y in by_age.years]


def test_analysis_button_on_the_consultation(policy_client, opinions):
    response = policy_client.get(reverse("wagtailadmin_pages:edit", args=[opinions.pk]))
    assert reverse("egov_analysis:consultation", args=[opinions.pk]) in response.content.decode()


def test_menu_items(policy_client, opinions):
    html = policy_client.get(reverse("egov_analysis:index")).content.decode()
    assert reverse("egov_analysis:trends") in html
    assert reverse("egov_analysis:consultation", args=[opinions.pk]) in html

"""The representativeness score and ratios on a hand-made example, computed by hand."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from egov_plugin.analysis.models import ReferencePopulation
from egov_plugin.analysis.representativeness import representativeness_score
from tests.factories import PersonFactory, SubscriberFactory

from .conftest import add_opinion


def test_score_of_small_distributions():
    # p = (.75, .25), q = (.5, .5): TVD = ½(.25 + .25) = .25, score .75.
    assert representativeness_score({"a": 3, "b": 1}, {"a": 1, "b": 1}) == pytest.approx(0.75)
    assert representativeness_score({"a": 2, "b": 6}, {"a": 1, "b": 3}) == pytest.approx(1.0)
    assert representativeness_score({"a": 5}, {"b": 5}) == pytest.approx(0.0)
    assert representativeness_score({}, {"a": 1}) is None


@pytest.fixture
def hand_example(consultation, regions):
    """Reference (subscribers): 마장동 30s M ×2, 마장동 30s F ×2, 사근동 60s F ×4 → q = ¼, ¼, ½.
    Participants: 마장동 30s M ×3 (one of them twice), 사근동 60s F ×1 → p = ¾, 0, ¼;
    one more participant gave no gender and is left out.

    TVD = ½(|¾−¼| + |0−¼| + |¼−½|) = ½(½ + ¼ + ¼) = ½, so the score is 50%.
    """
    majang, sageun = regions["마장동"], regions["사근동"]
    for region, age, gender, n in [
        (majang, "30s", "M", 2),
        (majang, "30s", "F", 2),
        (sageun, "60s", "F", 4),
    ]:
        for _ in range(n):
            SubscriberFactory(person=PersonFactory(region=region, age_band=age, gender=gender))
    men = [PersonFactory(region=majang, age_band="30s", gender="M") for _ in range(3)]
    for person in men + [men[0]]:
        add_opinion(consultation, person=person, region=majang, age_band="30s", gender="M")
    add_opinion(consultation, region=sageun, age_band="60s", gender="F")
    add_opinion(consultation, region=sageun, age_band="60s", gender="")
    return consultation


def _comparison(client, page, **params):
    response = client.get(reverse("egov_analysis:consultation", args=[page.pk]), params)
    assert response.status_code == 200
    return response.context["comparison"], response.content.decode()


def test_hand_example_against_subscribers(policy_client, hand_example):
    comparison, html = _comparison(policy_client, hand_example)
    assert comparison.score == pytest.approx(0.5)
    assert comparison.participants == 4
    assert comparison.incomplete == 1
    assert comparison.reference == 8
    ratios = {cell.label: (cell.ratio, cell.verdict) for cell in comparison.cells}
    assert ratios["마장동 · 30s · Male"] == (3.0, "over")
    assert ratios["마장동 · 30s · Female"] == (0.0, "under")
    assert ratios["사근동 · 60s · Female"] == (0.5, "under")
    by_region = {c.label: c.ratio for c in comparison.margins["region"]}
    assert by_region == {"마장동": 1.5, "사근동": 0.5}
    by_gender = {c.label: c.ratio for c in comparison.margins["gender"]}
    assert by_gender == {"Male": 3.0, "Female": 0.33}
    assert "50.0%" in html


POPULATION_CSV = (
    "행정동,연령,성별,인구수\n"
    "마장동,35,남,1\n"  # single ages are summed into the 30s band
    "마장동,36,남,1\n"
    "마장동,30대,여,2\n"
    "사근동,60대,여,4\n"
)


def test_uploaded_population_is_used(policy_client, hand_example):
    upload = SimpleUploadedFile("인구.csv", POPULATION_CSV.encode("utf-8"), "text/csv")
    response = policy_client.post(
        reverse("egov_analysis:populations"), {"name": "주민등록 인구 2025", "file": upload}
    )
    assert response.status_code == 302
    population = ReferencePopulation.objects.get()
    assert population.total == 8
    assert population.cells.get(age_band="30s", gender="M").count == 2

    comparison, html = _comparison(policy_client, hand_example, reference=population.pk)
    assert comparison.reference_label == "주민등록 인구 2025"
    assert comparison.score == pytest.approx(0.5)
    assert f'<option value="{population.pk}" selected>' in html


def test_population_with_a_bad_row_names_the_row_and_stores_nothing(policy_client, regions):
    bad = POPULATION_CSV + "없는동,40대,여,3\n마장동,40대,x,3\n마장동,40대,여,많음\n"
    upload = SimpleUploadedFile("인구.csv", bad.encode("utf-8"), "text/csv")
    response = policy_client.post(
        reverse("egov_analysis:populations"), {"name": "잘못된 표", "file": upload}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Row 6" in html and "없는동" in html
    assert "Row 7" in html and "“x”" in html
    assert "Row 8" in html and "많음" in html
    assert ReferencePopulation.objects.count() == 0


def test_population_without_the_needed_columns(policy_client, regions):
    upload = SimpleUploadedFile("인구.csv", "동,인구수\n마장동,3\n".encode(), "text/csv")
    response = policy_client.post(
        reverse("egov_analysis:populations"), {"name": "표", "file": upload}
    )
    assert response.status_code == 400
    assert "missing: 연령대, 성별" in response.content.decode()
    assert ReferencePopulation.objects.count() == 0


def test_population_from_a_workbook(policy_client, regions):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["행정기관", "연령", "성별", "인구"])
    sheet.append(["왕십리도선동", 35, "남", 1200])
    sheet.append(["왕십리도선동", 36, "남", 1300])
    sheet.append(["왕십리 도선동", "70세 이상", "여자", "2,000"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("인구.xlsx", buffer.getvalue())
    response = policy_client.post(
        reverse("egov_analysis:populations"), {"name": "인구 엑셀", "file": upload}
    )
    assert response.status_code == 302
    cells = {
        (c.age_band, c.gender): c.count
        for c in ReferencePopulation.objects.get().cells.filter(region=regions["왕십리도선동"])
    }
    assert cells == {("30s", "M"): 2500, ("70+", "F"): 2000}


def test_settings_screen_for_stop_words(policy_client, consultation):
    from egov_plugin.analysis.models import AnalysisSettings

    url = reverse("wagtailsettings:edit", args=["egov_analysis", "analysissettings"])
    assert (
        url
        in policy_client.get(
            reverse("egov_analysis:consultation", args=[consultation.pk])
        ).content.decode()
    )
    response = policy_client.get(url, follow=True)
    assert response.status_code == 200
    url = response.redirect_chain[-1][0]
    assert "의견 생각 주민" in response.content.decode()
    form = {"stop_words": "의견 주민"}
    assert policy_client.post(url, form).status_code == 302
    assert AnalysisSettings.load().stop_word_set() == {"의견", "주민"}

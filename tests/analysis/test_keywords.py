"""Keywords computed by the background task (Kiwi) on known Korean sentences; similarity."""

import io
import subprocess
import sys

import pytest
from django.urls import reverse

from egov_plugin.analysis import nouns
from egov_plugin.analysis.models import AnalysisSettings, KeywordAnalysis, KeywordCount
from egov_plugin.consultations.models import Opinion
from tests.consultations.conftest import make_consultation

from .conftest import add_opinion


def _compute(client, page, capture):
    with capture(execute=True):
        response = client.post(reverse("egov_analysis:keywords", args=[page.pk]))
    assert response.status_code == 302
    return KeywordAnalysis.objects.get(page_id=page.pk)


def _table(page, group=""):
    return [
        (k.noun, k.count, k.opinions)
        for k in KeywordCount.objects.filter(analysis__page_id=page.pk, group=group)
    ]


def test_keywords_of_known_sentences(
    policy_client, consultation, django_capture_on_commit_callbacks
):
    settings = AnalysisSettings.load()
    settings.stop_words += "\n설치"
    settings.save()
    add_opinion(consultation, text="공원 산책로에 조명을 더 설치해 주세요.", gender="F")
    add_opinion(consultation, text="산책로 조명이 너무 어둡습니다.", gender="M")
    add_opinion(consultation, text="공원에 주차장이 필요합니다. 공원 입구가 좁아요.", gender="F")
    add_opinion(consultation, text="공원 공원 공원", status=Opinion.Status.HIDDEN)

    analysis = _compute(policy_client, consultation, django_capture_on_commit_callbacks)

    assert analysis.state == KeywordAnalysis.State.DONE
    assert analysis.opinion_count == 3
    # 설치 (added) and 필요 (shipped) are stop words; the hidden opinion is not read.
    assert _table(consultation) == [
        ("공원", 3, 2),
        ("산책로", 2, 2),
        ("조명", 2, 2),
        ("입구", 1, 1),
        ("주차장", 1, 1),
    ]
    assert _table(consultation, "gender:M") == [("산책로", 1, 1), ("조명", 1, 1)]
    assert _table(consultation, "gender:F")[0] == ("공원", 3, 2)

    html = policy_client.get(
        reverse("egov_analysis:consultation", args=[consultation.pk])
    ).content.decode()
    assert '<th scope="row">공원</th><td>3</td><td>2</td>' in html
    assert 'id="chart-keywords-title"' in html


def test_keywords_not_computed_without_kiwi(
    policy_client, consultation, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(nouns, "_kiwi", None)
    monkeypatch.setitem(sys.modules, "kiwipiepy", None)  # import fails as if not installed
    add_opinion(consultation, text="공원에 주차장이 필요합니다.")
    analysis = _compute(policy_client, consultation, django_capture_on_commit_callbacks)
    assert analysis.state == KeywordAnalysis.State.FAILED
    html = policy_client.get(
        reverse("egov_analysis:consultation", args=[consultation.pk])
    ).content.decode()
    assert "Keywords not computed." in html
    assert "kiwipiepy" in html


def test_the_web_modules_do_not_import_kiwi():
    code = (
        "import sys, django; django.setup();"
        "import egov_plugin.analysis.wagtail_hooks, egov_plugin.analysis.views,"
        " egov_plugin.analysis.tasks, egov_plugin.analysis.keywords;"
        "print('kiwipiepy' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={
            "DJANGO_SETTINGS_MODULE": "example_site.settings.test",
            "PYTHONPATH": ":".join(sys.path),
            "PATH": "/usr/bin:/bin",
        },
    )
    assert result.stdout.strip() == "False"


@pytest.fixture
def history(consultation_index, regions):
    """Three earlier consultations, one later, and the current one, with opinions."""

    def page(title, opens, texts):
        created = make_consultation(consultation_index, title, opens=opens, closes=opens + 30)
        for text in texts:
            add_opinion(created, text=text)
        return created

    pages = {
        "park": page("공원 산책로 조명 정비", -300, ["산책로 조명이 너무 어둡습니다."] * 3),
        "bus": page("마을버스 노선 개편", -200, ["버스 정류장에 의자가 없습니다."] * 2),
        "library": page("도서관 운영 시간 연장", -100, ["도서관 옆 놀이터를 새로 만들어 주세요."]),
        "current": page(
            "공원 조명 확충",
            -10,
            ["공원 산책로에 조명을 더 달아 주세요.", "공원 놀이터 바닥이 위험합니다."],
        ),
        "later": page("공원 조명 추가 정비", -1, ["공원 산책로 조명이 어둡습니다."]),
    }
    return pages


def test_similar_earlier_consultations_in_order(
    policy_client, history, django_capture_on_commit_callbacks
):
    for page in history.values():
        _compute(policy_client, page, django_capture_on_commit_callbacks)
    response = policy_client.get(
        reverse("egov_analysis:consultation", args=[history["current"].pk])
    )
    similar = response.context["similar"]
    assert [s.page.title for s in similar] == [
        "공원 산책로 조명 정비",
        "도서관 운영 시간 연장",
        "마을버스 노선 개편",
    ]
    assert similar[0].opinion_count == 3
    assert similar[0].keywords[:2] == ("산책로", "조명")
    assert similar[0].score > similar[1].score > similar[2].score
    assert similar[2].score == 0


def test_similar_count_setting(
    policy_client, history, django_capture_on_commit_callbacks, settings
):
    settings.EGOV_ANALYSIS_SIMILAR_COUNT = 1
    for page in history.values():
        _compute(policy_client, page, django_capture_on_commit_callbacks)
    response = policy_client.get(
        reverse("egov_analysis:consultation", args=[history["current"].pk])
    )
    assert [s.page.title for s in response.context["similar"]] == ["공원 산책로 조명 정비"]


def test_kiwi_is_loaded_once_per_process():
    assert nouns.get_kiwi() is nouns.get_kiwi()


def test_command_queues_the_missing_keywords(
    consultation_index, regions, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    first = make_consultation(consultation_index, "공원 조명", opens=-20)
    second = make_consultation(consultation_index, "버스 노선", opens=-10)
    add_opinion(first, text="공원 산책로 조명이 어둡습니다.")
    add_opinion(second, text="버스 정류장에 의자가 없습니다.")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("egov_analyse_keywords", first.pk, stdout=io.StringIO())
    assert list(KeywordAnalysis.objects.values_list("page_id", "state")) == [(first.pk, "done")]
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("egov_analyse_keywords", "--missing", stdout=out)
    assert "queued: 1" in out.getvalue()
    assert _table(second)[0][0] == "버스"

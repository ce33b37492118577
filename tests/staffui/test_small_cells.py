"""Vote statistics never show a breakdown cell of 1 to k-1 voters (EGOV_SMALL_CELL_K)."""

from django.test import override_settings
from django.utils import translation

from egov_plugin.budgeting.results import Row, SmallCell, suppress_small_cells
from egov_plugin.budgeting.templatetags.egov_budgeting_tags import percent


def test_a_single_ballot_is_not_shown_as_one_voter():
    rows = [Row("20s", "20대", 1), Row("30s", "30대", 0), Row("40s", "40대", 12)]
    shown = suppress_small_cells(rows)
    assert isinstance(shown[0].online, SmallCell)
    assert shown[1].online == 0 and shown[2].online == 12
    with translation.override("ko"):
        assert str(shown[0].online) == "5명 미만"
    # Its share would give the count away.
    assert percent(shown[0].online, 13) == "" and percent(12, 13) == "92.3%"
    assert rows[0].online == 1  # the count itself (and the checks) keep the real number


def test_the_threshold_is_a_setting():
    rows = [Row("F", "여", 7)]
    with override_settings(EGOV_SMALL_CELL_K=10):
        assert isinstance(suppress_small_cells(rows)[0].online, SmallCell)
    assert suppress_small_cells(rows)[0].online == 7

"""Fixtures the KISA modules share with the apps' own tests (resident pages, opinions)."""

from tests.consultations.conftest import (  # noqa: F401 - fixtures
    consultation,
    consultation_index,
    home,
    opinion_data,
)

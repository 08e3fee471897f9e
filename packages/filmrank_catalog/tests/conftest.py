"""Catalog test fixtures (the workspace conftest adds the API clients and users)."""

import pytest

RANKING_MIN_VOTES = 5


@pytest.fixture(autouse=True)
def _ranking_min_votes(settings):
    """Pin m of the weighted score, whatever FILMRANK_RANKING_MIN_VOTES the shell exports."""
    settings.FILMRANK_CATALOG = {"RANKING_MIN_VOTES": RANKING_MIN_VOTES}

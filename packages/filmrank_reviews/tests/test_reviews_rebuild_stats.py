"""The ratings_rebuild_stats repair command."""

from io import StringIO

import pytest
from django.core.management import call_command

from filmrank_accounts.testing.factories import UserFactory
from filmrank_catalog.models import Movie
from filmrank_catalog.testing.factories import MovieFactory
from filmrank_reviews.testing.assertions import movie_stats_mismatches
from filmrank_reviews.testing.factories import rate

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("ratings_rebuild_stats", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def drifted():
    """Two films with wrong statistics and one that is right."""
    users = UserFactory.create_batch(2)
    rated, unrated, fine = (
        MovieFactory(title="Rated"),
        MovieFactory(title="Unrated"),
        MovieFactory(title="Fine"),
    )
    rate(users[0], rated, 5)
    rate(users[1], rated, 3)
    rate(users[0], fine, 4)
    Movie.objects.filter(pk=rated.pk).update(ratings_count=1, ratings_sum=1)
    Movie.objects.filter(pk=unrated.pk).update(ratings_count=2, ratings_sum=10)
    return rated, unrated, fine


def test_rebuild_fixes_every_wrong_film_and_says_what_it_fixed(drifted):
    rated, unrated, _fine = drifted

    output = run()

    assert movie_stats_mismatches() == {}
    assert f"Fixed Rated (2000) (id {rated.pk}): ratings_count 1 -> 2, ratings_sum 1 -> 8" in output
    assert f"Fixed Unrated (2000) (id {unrated.pk}): ratings_count 2 -> 0" in output
    assert "Fine" not in output
    assert "Fixed 2 films." in output


def test_rebuild_is_idempotent(drifted):
    run()

    assert "Every film's statistics match its ratings." in run()
    assert movie_stats_mismatches() == {}


def test_rebuild_dry_run_reports_without_changing(drifted):
    before = movie_stats_mismatches()

    output = run("--dry-run")

    assert "Would fix 2 films." in output
    assert movie_stats_mismatches() == before

"""Concurrent writes to one film or one entry leave its statistics exact (PostgreSQL only).

SQLite serialises writers, so only a server database shows lost updates and races.
"""

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from filmrank_accounts.testing.factories import UserFactory
from filmrank_catalog.testing.factories import MovieFactory
from filmrank_reviews import services
from filmrank_reviews.models import Notification, WatchedEntry
from filmrank_reviews.testing.assertions import movie_stats_mismatches
from filmrank_reviews.testing.factories import rate

pytestmark = [
    pytest.mark.postgresql,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

THREADS = 8


@pytest.fixture(autouse=True)
def _postgresql_only(db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers")


def run_together(jobs: list[Callable[[], object]]) -> list[object]:
    """Run the jobs in threads released at the same moment; return results or exceptions."""
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)

    def work(index: int, job: Callable[[], object]) -> None:
        try:
            barrier.wait()
            results[index] = job()
        except Exception as exc:  # the test inspects what each thread got
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results


def test_many_users_rating_one_film_at_once_keep_its_stats_exact():
    owner = UserFactory()
    movie = MovieFactory(added_by=owner)
    raters = UserFactory.create_batch(THREADS)

    results = run_together(
        [
            lambda rater=rater, rating=1 + i % 5: services.watched_entry_create(
                user=rater, movie=movie, rating=rating
            )
            for i, rater in enumerate(raters)
        ]
    )

    assert all(isinstance(result, WatchedEntry) for result in results), results
    movie.refresh_from_db()
    assert (movie.ratings_count, movie.ratings_sum) == (
        THREADS,
        sum(1 + i % 5 for i in range(THREADS)),
    )
    assert movie_stats_mismatches() == {}
    assert Notification.objects.filter(recipient=owner).count() == THREADS


def test_concurrent_changes_of_one_entry_keep_the_film_stats_exact():
    user, other = UserFactory(), UserFactory()
    movie = MovieFactory(added_by=other)
    rate(other, movie, 5)
    entry = rate(user, movie, 3)
    ratings = [1 + i % 5 for i in range(THREADS)]

    results = run_together(
        [
            # every thread starts from the same (soon stale) instance
            lambda rating=rating: services.watched_entry_update(entry=entry, rating=rating)
            for rating in ratings
        ]
    )

    assert all(isinstance(result, WatchedEntry) for result in results), results
    entry.refresh_from_db()
    assert entry.rating in ratings
    movie.refresh_from_db()
    assert (movie.ratings_count, movie.ratings_sum) == (2, 5 + entry.rating)
    assert movie_stats_mismatches() == {}


def test_the_same_film_added_at_once_by_one_user_is_one_entry_and_409s(client_for):
    user = UserFactory()
    movie = MovieFactory()

    statuses = run_together(
        [
            lambda: client_for(user).post("/api/me/watched/", {"movie": movie.pk, "rating": 4})
            for _ in range(THREADS)
        ]
    )

    codes = sorted(getattr(response, "status_code", response) for response in statuses)
    assert codes == [201] + [409] * (THREADS - 1), statuses
    assert WatchedEntry.objects.filter(user=user).count() == 1
    assert movie_stats_mismatches() == {}


def test_the_same_new_film_added_at_once_by_many_users_is_one_film():
    users = UserFactory.create_batch(THREADS)

    results = run_together(
        [
            lambda user=user: services.watched_entry_create_from_fields(
                user=user,
                title="Stalker",
                year=1979,
                directors=["Andrei Tarkovsky"],
                genres=["Sci-Fi"],
                rating=5,
            )
            for user in users
        ]
    )

    assert all(isinstance(result, WatchedEntry) for result in results), results
    assert len({result.movie_id for result in results}) == 1
    assert movie_stats_mismatches() == {}


def test_concurrent_deletes_of_one_entry_subtract_its_rating_once():
    user, other = UserFactory(), UserFactory()
    movie = MovieFactory()
    rate(other, movie, 2)
    entry = rate(user, movie, 5)

    results = run_together(
        [lambda: services.watched_entry_delete(entry=entry) for _ in range(THREADS)]
    )

    assert sum(result is None for result in results) == 1
    assert all(
        isinstance(result, WatchedEntry.DoesNotExist) for result in results if result is not None
    )
    movie.refresh_from_db()
    assert (movie.ratings_count, movie.ratings_sum) == (1, 2)

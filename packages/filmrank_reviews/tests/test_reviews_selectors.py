"""Selectors: personal rankings, watched lists, the users directory."""

import datetime

import pytest
from django.utils import timezone

from filmrank_accounts.testing.factories import UserFactory
from filmrank_catalog.testing.factories import MovieFactory, genre
from filmrank_reviews import selectors
from filmrank_reviews.models import WatchedEntry
from filmrank_reviews.testing.factories import rate

pytestmark = pytest.mark.django_db


def rated_at(entry: WatchedEntry, when: datetime.datetime) -> WatchedEntry:
    WatchedEntry.objects.filter(pk=entry.pk).update(created_at=when)
    return entry


def titles(entries) -> list[str]:
    return [entry.movie.title for entry in entries]


def test_user_ranking_orders_by_rating_then_most_recent_first(user, other_user):
    base = timezone.now() - datetime.timedelta(days=10)
    old_five = rated_at(rate(user, MovieFactory(title="Old five"), 5), base)
    new_five = rated_at(rate(user, MovieFactory(title="New five"), 5), base + datetime.timedelta(1))
    rate(user, MovieFactory(title="Three"), 3)
    rated_at(rate(user, MovieFactory(title="Four"), 4), base - datetime.timedelta(days=1))
    rate(other_user, MovieFactory(title="Someone else's"), 5)

    ranking = list(selectors.user_ranking(user=user))

    assert titles(ranking) == ["New five", "Old five", "Four", "Three"]
    assert [entry.position for entry in ranking] == [1, 2, 3, 4]
    assert [new_five.pk, old_five.pk] == [entry.pk for entry in ranking[:2]]


def test_user_ranking_breaks_an_exact_timestamp_tie_by_the_later_entry(user):
    when = timezone.now()
    first = rated_at(rate(user, MovieFactory(), 4), when)
    second = rated_at(rate(user, MovieFactory(), 4), when)

    assert [entry.pk for entry in selectors.user_ranking(user=user)] == [second.pk, first.pk]


def test_user_ranking_positions_continue_across_pages(user):
    for rating in [5, 4, 3, 2, 1]:
        rate(user, MovieFactory(), rating)

    page = list(selectors.user_ranking(user=user)[2:4])

    assert [(entry.position, entry.rating) for entry in page] == [(3, 3), (4, 2)]


def test_watched_list_filters_by_genre_and_orders(user, other_user):
    day = datetime.date(2023, 1, 1)
    rate(user, MovieFactory(title="B drama", genres=["Drama"]), 2, watched_on=day)
    rate(user, MovieFactory(title="A both", genres=["Comedy", "Drama"]), 5)
    rate(user, MovieFactory(title="C comedy", genres=["Comedy"]), 4, watched_on=day.replace(2022))
    rate(other_user, MovieFactory(title="D other", genres=["Drama"]), 1)

    assert titles(selectors.watched_list(user=user)) == ["C comedy", "A both", "B drama"]
    assert titles(selectors.watched_list(user=user, ordering="title")) == [
        "A both",
        "B drama",
        "C comedy",
    ]
    assert titles(selectors.watched_list(user=user, ordering="-rating")) == [
        "A both",
        "C comedy",
        "B drama",
    ]
    # No watched date sorts last both ways.
    assert titles(selectors.watched_list(user=user, ordering="watched_on"))[-1] == "A both"
    assert titles(selectors.watched_list(user=user, ordering="-watched_on")) == [
        "B drama",
        "C comedy",
        "A both",
    ]
    assert titles(selectors.watched_list(user=user, genre=genre("Drama"), ordering="title")) == [
        "A both",
        "B drama",
    ]


def test_watched_list_rejects_an_unknown_ordering(user):
    with pytest.raises(ValueError, match="unknown ordering"):
        selectors.watched_list(user=user, ordering="-password")


def test_user_list_counts_ratings_searches_names_and_hides_inactive_users():
    ann = UserFactory(name="Ann Lee")
    bob = UserFactory(name="Bob Annan")
    UserFactory(name="Annie Gone", is_active=False)
    UserFactory(name="Carl")
    for movie in MovieFactory.create_batch(2):
        rate(ann, movie, 3)

    found = list(selectors.user_list(search="  ANN "))

    assert [(u.name, u.ratings_count) for u in found] == [("Ann Lee", 2), ("Bob Annan", 0)]
    assert bob in found


def test_users_top_rankings_returns_each_users_top_ten_in_one_query(
    django_assert_num_queries,
):
    alice, bob, nobody = UserFactory.create_batch(3)
    movies = MovieFactory.create_batch(12)
    for i, movie in enumerate(movies):
        rate(alice, movie, 1 + i % 5)
    rate(bob, movies[0], 2)

    # one for the ranked entries, two for the films' credits
    with django_assert_num_queries(3):
        rankings = selectors.users_top_rankings([alice.pk, bob.pk, nobody.pk])
        for entries in rankings.values():
            for entry in entries:
                assert entry.movie.director_links.all()[0].director.name
                assert entry.movie.genre_links.all()[0].genre.name

    expected = list(selectors.user_ranking(user=alice)[:10])
    assert [e.pk for e in rankings[alice.pk]] == [e.pk for e in expected]
    assert [e.position for e in rankings[alice.pk]] == list(range(1, 11))
    assert [(e.position, e.rating) for e in rankings[bob.pk]] == [(1, 2)]
    assert rankings.get(nobody.pk, []) == []

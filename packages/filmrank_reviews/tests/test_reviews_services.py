"""Services of the watched list: entries, film statistics, notifications, duplicates."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from filmrank_accounts.testing.factories import UserFactory
from filmrank_catalog.models import Movie
from filmrank_catalog.testing.factories import MovieFactory
from filmrank_reviews import services
from filmrank_reviews.models import Notification, WatchedEntry
from filmrank_reviews.testing.assertions import movie_stats_mismatches
from filmrank_reviews.testing.factories import WatchedEntryFactory, rate

pytestmark = pytest.mark.django_db


def stats(movie: Movie) -> tuple[int, int]:
    movie.refresh_from_db()
    return movie.ratings_count, movie.ratings_sum


# --- watched_entry_create --------------------------------------------------------------------


def test_create_adds_the_entry_and_moves_the_film_stats(user, other_user):
    movie = MovieFactory()
    rate(other_user, movie, 2)

    entry = services.watched_entry_create(
        user=user, movie=movie, rating=5, watched_on=datetime.date(2024, 1, 2)
    )

    assert (entry.user, entry.movie, entry.rating) == (user, movie, 5)
    assert entry.watched_on == datetime.date(2024, 1, 2)
    assert stats(movie) == (2, 7)
    assert movie.average == pytest.approx(3.5)


@pytest.mark.parametrize("rating", [0, 6, -1, "x", "3", 3.5, Decimal(4), True, None])
def test_create_rejects_a_rating_that_is_not_1_to_5(user, rating):
    movie = MovieFactory()

    with pytest.raises(ValidationError) as excinfo:
        services.watched_entry_create(user=user, movie=movie, rating=rating)

    assert "rating" in excinfo.value.message_dict
    assert not WatchedEntry.objects.exists()
    assert stats(movie) == (0, 0)


def test_create_rejects_a_watched_date_in_the_future(user):
    future = timezone.now().date() + datetime.timedelta(days=2)

    with pytest.raises(ValidationError) as excinfo:
        services.watched_entry_create(user=user, movie=MovieFactory(), rating=3, watched_on=future)

    assert excinfo.value.message_dict == {
        "watched_on": ["The date you watched a film cannot be in the future."]
    }


def test_create_rejects_a_watched_date_before_films_existed(user):
    with pytest.raises(ValidationError) as excinfo:
        services.watched_entry_create(
            user=user, movie=MovieFactory(), rating=3, watched_on=datetime.date(1, 1, 1)
        )

    assert "1870" in excinfo.value.message_dict["watched_on"][0]


@pytest.mark.parametrize(
    ("utc_now", "watched_on", "accepted"),
    [
        # At 12:00 UTC it is already the next day in UTC+14 (Kiribati), not the day after.
        ("2024-05-01T12:00:00", "2024-05-02", True),
        ("2024-05-01T12:00:00", "2024-05-03", False),
        # At 09:00 UTC it is still the same day everywhere.
        ("2024-05-01T09:00:00", "2024-05-02", False),
        ("2024-05-01T09:00:00", "2024-05-01", True),
    ],
)
def test_watched_date_is_in_the_future_only_once_it_is_tomorrow_everywhere(
    user, monkeypatch, utc_now, watched_on, accepted
):
    now = datetime.datetime.fromisoformat(utc_now).replace(tzinfo=datetime.UTC)
    monkeypatch.setattr(services.timezone, "now", lambda: now)
    day = datetime.date.fromisoformat(watched_on)

    if accepted:
        entry = services.watched_entry_create(
            user=user, movie=MovieFactory(), rating=3, watched_on=day
        )
        assert entry.watched_on == day
    else:
        with pytest.raises(ValidationError):
            services.watched_entry_create(user=user, movie=MovieFactory(), rating=3, watched_on=day)


def test_create_twice_raises_already_exists_naming_the_entry(user):
    movie = MovieFactory()
    first = rate(user, movie, 4)

    with pytest.raises(services.WatchedEntryAlreadyExists) as excinfo:
        services.watched_entry_create(user=user, movie=movie, rating=1)

    assert excinfo.value.entry_id == first.pk
    assert stats(movie) == (1, 4)


def test_create_losing_a_race_to_the_unique_constraint_raises_already_exists(user, monkeypatch):
    movie = MovieFactory()
    first = rate(user, movie, 4)
    real_lookup = services._existing_entry_id
    lookups = []

    def not_yet_committed(**kwargs):
        # The first look-up happens before the concurrent insert is visible.
        lookups.append(kwargs)
        return None if len(lookups) == 1 else real_lookup(**kwargs)

    monkeypatch.setattr(services, "_existing_entry_id", not_yet_committed)

    with pytest.raises(services.WatchedEntryAlreadyExists) as excinfo:
        services.watched_entry_create(user=user, movie=movie, rating=1)

    assert excinfo.value.entry_id == first.pk
    assert len(lookups) == 2
    assert stats(movie) == (1, 4)  # the transaction is still usable and nothing moved


def test_rating_someone_elses_film_notifies_its_owner(user, other_user):
    movie = MovieFactory(added_by=other_user)

    rate(user, movie, 4)

    notification = Notification.objects.get()
    assert (notification.recipient, notification.actor, notification.movie) == (
        other_user,
        user,
        movie,
    )
    assert (notification.kind, notification.rating) == (Notification.Kind.RATING, 4)


def test_rating_your_own_film_notifies_nobody(user):
    rate(user, MovieFactory(added_by=user), 4)

    assert not Notification.objects.exists()


# --- watched_entry_create_from_fields --------------------------------------------------------


def test_create_from_fields_adds_a_new_film_credited_to_the_user(user):
    entry = services.watched_entry_create_from_fields(
        user=user,
        title="Amélie",
        year=2001,
        directors=["Jean-Pierre Jeunet"],
        genres=["Comedy", "Romance"],
        rating=5,
        watched_on=None,
    )

    movie = entry.movie
    assert (movie.title, movie.year, movie.added_by) == ("Amélie", 2001, user)
    assert [link.genre.name for link in movie.genre_links.all()] == ["Comedy", "Romance"]
    assert [link.director.name for link in movie.director_links.all()] == ["Jean-Pierre Jeunet"]
    assert stats(movie) == (1, 5)


def test_create_from_fields_finds_the_film_whatever_the_spelling(user, other_user):
    first = services.watched_entry_create_from_fields(
        user=user,
        title="Amélie",
        year=2001,
        directors=["Jean-Pierre Jeunet"],
        genres=["Comedy"],
        rating=5,
    )

    second = services.watched_entry_create_from_fields(
        user=other_user,
        title="  AMELIE ",
        year=2001,
        directors=["jean-pierre   jeunet"],
        genres=["comedy"],
        rating=3,
    )

    assert second.movie == first.movie
    assert Movie.objects.count() == 1
    assert stats(first.movie) == (2, 8)
    assert first.movie.added_by == user


def test_create_from_fields_twice_by_the_same_user_is_already_exists(user):
    first = services.watched_entry_create_from_fields(
        user=user, title="Amélie", year=2001, directors=["Jean-Pierre Jeunet"],
        genres=["Comedy"], rating=5,
    )  # fmt: skip

    with pytest.raises(services.WatchedEntryAlreadyExists) as excinfo:
        services.watched_entry_create_from_fields(
            user=user, title="amelie", year=2001, directors=["JEAN-PIERRE JEUNET"],
            genres=["Comedy"], rating=2,
        )  # fmt: skip

    assert excinfo.value.entry_id == first.pk
    assert stats(first.movie) == (1, 5)


def test_create_from_fields_with_a_bad_rating_adds_no_film(user):
    with pytest.raises(ValidationError):
        services.watched_entry_create_from_fields(
            user=user, title="Heat", year=1995, directors=["Michael Mann"], genres=["Crime"],
            rating=9,
        )  # fmt: skip

    assert not Movie.objects.exists()


def test_create_from_fields_needs_a_director_and_a_known_genre(user):
    with pytest.raises(ValidationError) as excinfo:
        services.watched_entry_create_from_fields(
            user=user, title="Heat", year=1995, directors=[], genres=["Space Opera"], rating=4
        )

    errors = excinfo.value.message_dict
    assert set(errors) == {"directors", "genres"}
    assert "Sci-Fi" in errors["genres"][0]  # names the valid genres
    assert not Movie.objects.exists()


# --- watched_entry_update --------------------------------------------------------------------


def test_update_rating_moves_the_film_sum_by_the_difference(user, other_user):
    movie = MovieFactory()
    rate(other_user, movie, 5)
    entry = rate(user, movie, 2)

    updated = services.watched_entry_update(entry=entry, rating=4)

    assert updated.rating == 4
    assert WatchedEntry.objects.get(pk=entry.pk).rating == 4
    assert stats(movie) == (2, 9)


def test_update_from_a_stale_instance_uses_the_stored_rating(user):
    movie = MovieFactory()
    entry = rate(user, movie, 2)
    stale = WatchedEntry.objects.get(pk=entry.pk)
    services.watched_entry_update(entry=entry, rating=5)

    services.watched_entry_update(entry=stale, rating=1)  # stale.rating still says 2

    assert stats(movie) == (1, 1)
    assert movie_stats_mismatches() == {}


def test_update_only_the_date_leaves_stats_and_rating(user):
    movie = MovieFactory()
    entry = rate(user, movie, 3, watched_on=datetime.date(2020, 5, 1))

    services.watched_entry_update(entry=entry, watched_on=datetime.date(2021, 6, 2))
    entry.refresh_from_db()
    assert (entry.rating, entry.watched_on) == (3, datetime.date(2021, 6, 2))

    services.watched_entry_update(entry=entry, watched_on=None)
    entry.refresh_from_db()
    assert entry.watched_on is None
    assert stats(movie) == (1, 3)


def test_update_rejects_a_bad_rating_and_changes_nothing(user):
    movie = MovieFactory()
    entry = rate(user, movie, 3)

    with pytest.raises(ValidationError):
        services.watched_entry_update(entry=entry, rating=0)

    entry.refresh_from_db()
    assert entry.rating == 3
    assert stats(movie) == (1, 3)


def test_changing_a_rating_notifies_the_owner_and_an_unchanged_one_does_not(user, other_user):
    movie = MovieFactory(added_by=other_user)
    entry = rate(user, movie, 3)
    Notification.objects.update(read=True)

    services.watched_entry_update(entry=entry, rating=3)
    assert Notification.objects.filter(read=False).count() == 0

    services.watched_entry_update(entry=entry, rating=5)
    changed = Notification.objects.get(read=False)
    assert (changed.kind, changed.rating) == (Notification.Kind.RATING_CHANGED, 5)


def test_update_of_a_deleted_entry_raises_does_not_exist(user):
    movie = MovieFactory()
    entry = rate(user, movie, 3)
    services.watched_entry_delete(entry=entry)

    with pytest.raises(WatchedEntry.DoesNotExist):
        services.watched_entry_update(entry=entry, rating=5)

    assert stats(movie) == (0, 0)


# --- watched_entry_delete --------------------------------------------------------------------


def test_delete_takes_the_rating_out_of_the_stats_once(user, other_user):
    movie = MovieFactory()
    rate(other_user, movie, 5)
    entry = rate(user, movie, 2)

    services.watched_entry_delete(entry=entry)
    with pytest.raises(WatchedEntry.DoesNotExist):
        services.watched_entry_delete(entry=entry)

    assert not WatchedEntry.objects.filter(pk=entry.pk).exists()
    assert stats(movie) == (1, 5)


# --- user deletion ---------------------------------------------------------------------------


def test_deleting_a_user_takes_all_their_ratings_out_of_the_stats():
    leaving, staying = UserFactory(), UserFactory()
    movies = MovieFactory.create_batch(3)
    for rating, movie in zip([1, 5, 3], movies, strict=True):
        rate(leaving, movie, rating)
    rate(staying, movies[0], 5)
    rate(staying, movies[1], 1)

    leaving.delete()

    assert [stats(movie) for movie in movies] == [(1, 5), (1, 1), (0, 0)]
    assert movie_stats_mismatches() == {}


def test_deleting_several_users_at_once_keeps_stats_exact():
    raters = UserFactory.create_batch(4)
    movie = MovieFactory()
    for rating, rater in zip([1, 1, 5, 5], raters, strict=True):
        rate(rater, movie, rating)

    type(raters[0]).objects.filter(pk__in=[raters[0].pk, raters[2].pk]).delete()

    assert stats(movie) == (2, 6)
    assert movie_stats_mismatches() == {}


def test_deleting_a_user_without_ratings_changes_no_film():
    movie = MovieFactory()
    WatchedEntryFactory(movie=movie, rating=4)

    UserFactory().delete()

    assert stats(movie) == (1, 4)


def test_watched_entry_factory_keeps_stats_exact():
    entries = WatchedEntryFactory.create_batch(3, rating=2)

    assert {stats(entry.movie) for entry in entries} == {(1, 2)}
    assert movie_stats_mismatches() == {}

import threading
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from filmrank_catalog import services
from filmrank_catalog.models import Director, Genre, Movie, MovieDirector
from filmrank_catalog.services import (
    director_get_or_create,
    genre_resolve,
    movie_get_or_create,
    movie_stats_apply,
)
from filmrank_catalog.signals import movies_changed
from filmrank_catalog.testing.factories import MovieFactory, genre

pytestmark = pytest.mark.django_db


def add(title="The Matrix", year=1999, directors=("Lana Wachowski",), genres=("Sci-Fi",)):
    return movie_get_or_create(
        title=title, year=year, directors=list(directors), genres=list(genres)
    )


# genre_resolve


@pytest.mark.parametrize(
    "name", ["Sci-Fi", "sci-fi", "  sci-fi ", "SCI-FI", "Science Fiction", "science   fiction"]
)
def test_genre_resolve_folds_case_spacing_and_aliases(name):
    assert genre_resolve(name) == genre("Sci-Fi")


def test_genre_resolve_ignores_accents():
    assert genre_resolve("Dráma") == genre("Drama")


def test_unknown_genre_error_names_every_valid_genre():
    with pytest.raises(ValidationError) as exc:
        genre_resolve("Space Opera")
    message = exc.value.messages[0]
    assert '"Space Opera" is not a known genre' in message
    for name in Genre.objects.values_list("name", flat=True):
        assert name in message


# director_get_or_create


def test_director_get_or_create_compares_names_by_key():
    first = director_get_or_create(name="  Pedro   Almodóvar ")
    again = director_get_or_create(name="pedro almodovar")
    assert again == first
    assert first.name == "Pedro Almodóvar"  # displayed as first typed, spacing folded
    assert Director.objects.count() == 1


@pytest.mark.parametrize("name", ["", "   "])
def test_director_name_cannot_be_blank(name):
    with pytest.raises(ValidationError):
        director_get_or_create(name=name)


def test_director_name_too_long_is_a_validation_error():
    with pytest.raises(ValidationError, match="at most"):
        director_get_or_create(name="x" * (services.MAX_DIRECTOR_LENGTH + 1))


def test_director_created_concurrently_is_read_back_instead_of_failing():
    """Another request inserts the director between our lookup and our insert."""
    real_filter = Director.objects.filter

    def lookup_then_lose_the_race(*args, **kwargs):
        Director.objects.create(name="Agnès Varda", name_key="agnes varda")
        return real_filter(pk__in=[])

    with mock.patch.object(Director.objects, "filter", side_effect=lookup_then_lose_the_race):
        director = director_get_or_create(name="Agnes Varda")

    assert director.name == "Agnès Varda"
    assert Director.objects.filter(name_key="agnes varda").count() == 1


# movie_get_or_create: identity


@pytest.mark.parametrize(
    ("title", "year", "directors"),
    [
        ("The Matrix", 1999, ["Lana Wachowski"]),
        ("the matrix", 1999, ["LANA WACHOWSKI"]),
        ("  The   Matrix ", 1999, ["  Lana  Wachowski"]),
        ("Matrix, The", 1999, ["Lana Wachowski"]),
        ("  matrix,  THE ", 1999, ["Lana Wachowski"]),
        ("Thé Mátrix", 1999, ["Laña Wachowski"]),
        # any one shared director is enough
        ("The Matrix", 1999, ["Somebody Else", "lilly wachowski"]),
    ],
)
def test_same_film_is_one_row_however_it_is_written(title, year, directors):
    original, created = add(directors=["Lana Wachowski", "Lilly Wachowski"])
    assert created

    movie, created = add(title=title, year=year, directors=directors)

    assert (movie, created) == (original, False)
    assert Movie.objects.count() == 1


def test_same_title_and_year_by_different_directors_are_two_films():
    first, _ = add(title="Crash", year=2004, directors=["Paul Haggis"], genres=["Drama"])
    second, created = add(title="Crash", year=2004, directors=["David Cronenberg"])
    assert created
    assert first != second
    assert Movie.objects.filter(title="Crash").count() == 2


def test_same_title_and_director_in_another_year_is_another_film():
    first, _ = add(year=1999)
    second, created = add(year=2003)
    assert created
    assert first != second


def test_films_without_a_year_are_identified_too():
    first, created = add(year=None)
    again, created_again = add(title="matrix, the", year=None)
    assert created
    assert (again, created_again) == (first, False)


def test_new_film_keeps_display_title_and_credit_order():
    movie, _ = add(
        title="Matrix, The",
        directors=["Lana Wachowski", "Lilly Wachowski", "lana wachowski"],
        genres=["Action", "science fiction", "Sci-Fi"],
    )
    assert movie.title == "The Matrix"
    assert [d.name for d in movie.directors.order_by("movie_links__position")] == [
        "Lana Wachowski",
        "Lilly Wachowski",
    ]
    assert [g.name for g in movie.genres.order_by("movie_links__position")] == [
        "Action",
        "Sci-Fi",
    ]


def test_added_by_is_the_user_who_first_added_it(user, other_user):
    movie, _ = movie_get_or_create(
        title="Alien", year=1979, directors=["Ridley Scott"], genres=["Horror"], added_by=user
    )
    again, _ = movie_get_or_create(
        title="Alien", year=1979, directors=["Ridley Scott"], genres=["Horror"], added_by=other_user
    )
    again.refresh_from_db()
    assert again == movie
    assert again.added_by == user


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"directors": []}, "directors"),
        ({"directors": ["  "]}, "directors"),
        ({"genres": []}, "genres"),
        ({"genres": ["Space Opera"]}, "genres"),
        ({"title": "   "}, "title"),
        ({"year": 1700}, "year"),
        ({"year": 3000}, "year"),
    ],
)
def test_incomplete_or_invalid_film_is_a_validation_error(kwargs, field):
    with pytest.raises(ValidationError) as exc:
        add(**kwargs)
    assert field in exc.value.message_dict
    assert not Movie.objects.exists()


def test_missing_director_and_genre_are_reported_together():
    with pytest.raises(ValidationError) as exc:
        add(directors=[], genres=[])
    assert set(exc.value.message_dict) == {"directors", "genres"}


def test_creating_a_film_signals_it_but_finding_one_does_not():
    received = []

    def receiver(sender, movie_ids, **kwargs):
        received.append(movie_ids)

    movies_changed.connect(receiver)
    try:
        movie, _ = add()
        add()
    finally:
        movies_changed.disconnect(receiver)
    assert received == [[movie.pk]]


def test_film_added_concurrently_is_returned_not_duplicated():
    """The other request inserts the film after our lookup: our insert hits the identity
    constraint, and we answer with the winner's row."""
    real_find = services.movie_find
    winner = []

    def find_then_lose_the_race(*, identity, directors):
        if not winner:
            winner.append(
                services.movie_create(
                    identity=identity, directors=directors, genres=[genre("Sci-Fi")]
                )
            )
            return None
        return real_find(identity=identity, directors=directors)

    with mock.patch.object(services, "movie_find", side_effect=find_then_lose_the_race):
        movie, created = add()

    assert (movie, created) == (winner[0], False)
    assert Movie.objects.count() == 1
    assert MovieDirector.objects.count() == 1


@pytest.mark.postgresql
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_adds_of_one_film_make_exactly_one_row():
    threads_count = 8
    barrier = threading.Barrier(threads_count)
    results: list[tuple[int, bool]] = []
    errors: list[BaseException] = []

    def contender(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            movie, created = movie_get_or_create(
                title="Matrix, The" if index % 2 else "the matrix",
                year=1999,
                directors=["Lana Wachowski"] if index % 3 else ["lana wachowski", "Lilly W"],
                genres=["Sci-Fi"],
            )
            results.append((movie.pk, created))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=contender, args=(i,)) for i in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert len(results) == threads_count
    assert Movie.objects.count() == 1
    assert {pk for pk, _ in results} == {Movie.objects.get().pk}
    assert sum(created for _, created in results) == 1
    assert Director.objects.filter(name_key="lana wachowski").count() == 1


# movie_stats_apply


def test_stats_apply_moves_count_sum_and_average():
    movie = MovieFactory()
    movie_stats_apply(movie_id=movie.pk, count_delta=2, sum_delta=9)
    movie_stats_apply(movie_id=movie.pk, count_delta=1, sum_delta=3)
    movie_stats_apply(movie_id=movie.pk, count_delta=0, sum_delta=1)  # a rating changed 3 -> 4
    movie.refresh_from_db()
    assert (movie.ratings_count, movie.ratings_sum) == (3, 13)
    assert movie.average == pytest.approx(13 / 3)


def test_stats_back_to_zero_ratings_means_no_average():
    movie = MovieFactory(ratings=[4])
    movie_stats_apply(movie_id=movie.pk, count_delta=-1, sum_delta=-4)
    movie.refresh_from_db()
    assert movie.ratings_count == 0
    assert movie.average is None


def test_a_known_film_is_found_without_genres_but_a_new_one_needs_them():
    movie, _ = add()
    assert add(title="the matrix", genres=[]) == (movie, False)
    with pytest.raises(ValidationError) as exc:
        add(title="Aftersun", year=2022, directors=["Charlotte Wells"], genres=[])
    assert exc.value.message_dict == {
        "genres": ["Give at least one genre for a film new to the catalog."]
    }
    assert Movie.objects.count() == 1


def test_a_film_imported_without_a_director_is_completed_not_duplicated():
    imported = MovieFactory(title="A Quiet Place", year=2018, directors=[], genres=[])

    movie, created = add(title="a quiet place", year=2018, directors=["John Krasinski"])

    assert (movie, created) == (imported, False)
    assert [link.director.name for link in movie.director_links.all()] == ["John Krasinski"]
    assert [link.genre.name for link in movie.genre_links.all()] == ["Sci-Fi"]
    # From now on the credited film is found like any other.
    assert add(title="A Quiet Place", year=2018, directors=["john krasinski"]) == (movie, False)
    assert Movie.objects.count() == 1


def test_an_uncredited_film_of_another_year_is_left_alone():
    MovieFactory(title="Hamlet", year=1948, directors=[])
    _, created = add(title="Hamlet", year=1990, directors=["Franco Zeffirelli"])
    assert created
    assert Movie.objects.count() == 2


@pytest.mark.parametrize(
    "typed",
    [
        "Schindler\u2019s List",  # typographic apostrophe (phone keyboards)
        "Schindler\u00b4s List",  # acute accent used as an apostrophe
        "Schind\u00adler's List",  # soft hyphen
        "\ufeffSchindler's\u200b List",  # byte-order mark, zero-width space
    ],
)
def test_apostrophes_and_invisible_characters_do_not_make_a_new_film(typed):
    movie, _ = add(title="Schindler's List", year=1993, directors=["Steven Spielberg"])
    assert add(title=typed, year=1993, directors=["Steven\u200b Spielberg"]) == (movie, False)
    assert Director.objects.count() == 1


def test_a_trailing_article_without_a_space_is_still_the_same_film():
    movie, _ = add()
    assert add(title="Matrix,The") == (movie, False)


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_adds_crediting_new_directors_in_different_orders_do_not_deadlock():
    orders = [["Joel Coen", "Ethan Coen"], ["Ethan Coen", "Joel Coen"]] * 4
    barrier = threading.Barrier(len(orders))
    errors: list[BaseException] = []

    def add_in_thread(directors):
        try:
            barrier.wait()
            # As in a request: the whole add is one transaction, so every row it inserts
            # stays locked until it commits.
            with transaction.atomic():
                add(title="Fargo", year=1996, directors=directors, genres=["Crime"])
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=add_in_thread, args=(o,)) for o in orders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Movie.objects.filter(title="Fargo").count() == 1
    assert Director.objects.filter(name__endswith="Coen").count() == 2


def test_letters_without_a_decomposed_accent_fold_like_the_others():
    movie, _ = add(title="Trolljegeren", year=2010, directors=["André Øvredal"], genres=["Fantasy"])
    assert add(title="Trolljegeren", year=2010, directors=["Andre Ovredal"]) == (movie, False)

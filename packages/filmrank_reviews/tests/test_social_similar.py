"""GET /api/movies/{id}/similar/: shared genres, directors and fans; never the film itself."""

import pytest
from django.core.cache import cache

from filmrank_accounts.testing.factories import UserFactory
from filmrank_catalog.testing.factories import MovieFactory
from filmrank_reviews.similarity import COMPUTE_MAX_QUERIES, similar_movies_compute
from filmrank_reviews.testing.factories import rate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def url(movie_id: int) -> str:
    return f"/api/movies/{movie_id}/similar/"


def by_title(response) -> dict[str, dict]:
    return {r["title"]: r for r in response.data["results"]}


@pytest.fixture
def matrix():
    return MovieFactory(
        title="The Matrix",
        year=1999,
        genres=["Action", "Sci-Fi", "Thriller"],
        directors=["Lana Wachowski", "Lilly Wachowski"],
    )


def test_unknown_film_is_404(api_client):
    assert api_client.get(url(999_999)).status_code == 404
    assert api_client.get(url(2**70)).status_code == 404


def test_a_film_with_nothing_in_common_with_anything_has_an_empty_list(api_client):
    lonely = MovieFactory(genres=[], directors=[])
    MovieFactory(genres=["Drama"])
    response = api_client.get(url(lonely.pk))
    assert response.status_code == 200
    assert response.data["count"] == 0


def test_shared_director_and_genres_rank_above_genres_alone_and_the_film_is_never_listed(
    api_client, matrix
):
    reloaded = MovieFactory(
        title="The Matrix Reloaded",
        year=2003,
        genres=["Action", "Sci-Fi", "Thriller"],
        directors=["Lilly Wachowski", "Lana Wachowski"],
    )
    MovieFactory(title="Speed", genres=["Action", "Thriller"])
    MovieFactory(title="Love Actually", genres=["Comedy", "Romance"])

    response = api_client.get(url(matrix.pk))

    assert response.status_code == 200
    results = response.data["results"]
    assert [r["title"] for r in results] == ["The Matrix Reloaded", "Speed"]
    assert matrix.pk not in [r["id"] for r in results]
    top = results[0]
    assert top["id"] == reloaded.pk
    assert top["shared"] == {
        "genres": ["Action", "Sci-Fi", "Thriller"],
        "directors": ["Lilly Wachowski", "Lana Wachowski"],
        "raters": 0,
    }
    assert 0 < results[1]["similarity"] < top["similarity"] <= 1
    assert results[1]["shared"]["genres"] == ["Action", "Thriller"]


def test_shared_fans_make_films_similar_across_genres(api_client, matrix):
    fight_club = MovieFactory(title="Fight Club", genres=["Drama"])
    notebook = MovieFactory(title="The Notebook", genres=["Drama"])
    for _ in range(4):
        fan = UserFactory()
        rate(fan, matrix, 5)
        rate(fan, fight_club, 4)
    hater = UserFactory()
    rate(hater, matrix, 1)
    rate(hater, notebook, 5)
    lukewarm = UserFactory()
    rate(lukewarm, matrix, 5)
    rate(lukewarm, notebook, 2)

    results = by_title(api_client.get(url(matrix.pk)))

    assert set(results) == {"Fight Club"}
    assert results["Fight Club"]["shared"] == {"genres": [], "directors": [], "raters": 4}


def test_fans_outweigh_a_weak_genre_overlap(api_client, matrix):
    terminator = MovieFactory(title="The Terminator", genres=["Action", "Sci-Fi"])
    MovieFactory(title="Some Action Film", genres=["Action", "Sci-Fi"])
    for _ in range(5):
        fan = UserFactory()
        rate(fan, matrix, 5)
        rate(fan, terminator, 5)
    results = api_client.get(url(matrix.pk)).data["results"]
    assert [r["title"] for r in results] == ["The Terminator", "Some Action Film"]
    assert results[0]["shared"]["raters"] == 5


def test_is_public_and_paginated(api_client, matrix):
    for n in range(5):
        MovieFactory(title=f"Action {n}", genres=["Action"])
    response = api_client.get(url(matrix.pk), {"page_size": 2, "page": 3})
    assert response.status_code == 200
    assert response.data["count"] == 5
    assert len(response.data["results"]) == 1


def test_the_page_costs_the_same_queries_whatever_its_size(
    api_client, matrix, django_assert_num_queries, django_assert_max_num_queries
):
    for n in range(6):
        movie = MovieFactory(title=f"Film {n}", genres=["Sci-Fi"], directors=[f"A{n}", f"B{n}"])
        rate(UserFactory(), movie, 4)
    # the film + its genres + its directors + count + page + their genres + their directors
    with django_assert_max_num_queries(7 + COMPUTE_MAX_QUERIES):
        api_client.get(url(matrix.pk))  # computes and caches the neighbours
    with django_assert_num_queries(7):
        small = api_client.get(url(matrix.pk), {"page_size": 1})
    with django_assert_num_queries(7):
        large = api_client.get(url(matrix.pk), {"page_size": 50})
    assert len(small.data["results"]) == 1
    assert len(large.data["results"]) == 6
    assert all(len(r["directors"]) == 2 for r in large.data["results"])


def test_the_list_is_rebuilt_as_the_films_ratings_grow(api_client, matrix):
    dark_city = MovieFactory(title="Dark City", genres=["Drama"])
    assert api_client.get(url(matrix.pk)).data["count"] == 0  # cached: nothing in common

    for _ in range(3):
        fan = UserFactory()
        rate(fan, matrix, 5)
        rate(fan, dark_city, 5)

    assert [r["title"] for r in api_client.get(url(matrix.pk)).data["results"]] == ["Dark City"]


def test_a_deleted_film_drops_out_of_cached_lists(api_client, matrix):
    gone = MovieFactory(title="Gone", genres=["Action"])
    MovieFactory(title="Stays", genres=["Action"])
    assert api_client.get(url(matrix.pk)).data["count"] == 2
    gone.delete()
    response = api_client.get(url(matrix.pk))
    assert [r["title"] for r in response.data["results"]] == ["Stays"]
    assert response.data["count"] == 1


def test_compute_never_returns_the_film_itself_even_when_its_fans_rated_it(matrix):
    fan = UserFactory()
    rate(fan, matrix, 5)
    other = MovieFactory(genres=["Action"])
    rate(fan, other, 5)
    neighbours = similar_movies_compute(movie=matrix)
    assert [n.movie_id for n in neighbours] == [other.pk]

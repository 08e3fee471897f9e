"""GET /api/me/recommendations/: unseen films of a genre, blended with similar raters' picks."""

import pytest
from django.core.cache import cache

from filmrank_accounts.testing.factories import UserFactory
from filmrank_catalog.testing.factories import MovieFactory, genre
from filmrank_reviews.recommendations import movie_recommendations
from filmrank_reviews.similarity import COMPUTE_MAX_QUERIES
from filmrank_reviews.testing.factories import rate

pytestmark = pytest.mark.django_db

URL = "/api/me/recommendations/"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def fan(db):
    return UserFactory(favorite_genre=genre("Sci-Fi"))


def rated_film(ratings, **kwargs):
    """A film rated by fresh users with ``ratings``."""
    movie = MovieFactory(**kwargs)
    for rating in ratings:
        rate(UserFactory(), movie, rating)
    return movie


def titles(response) -> list[str]:
    return [r["title"] for r in response.data["results"]]


def test_needs_a_token(api_client):
    assert api_client.get(URL).status_code == 401


def test_no_favourite_genre_and_no_genre_is_a_400_saying_how_to_fix_it(client_for):
    response = client_for(UserFactory(favorite_genre=None)).get(URL)
    assert response.status_code == 400
    message = response.data["genre"][0]
    assert "favourite genre" in message
    assert "PATCH /api/me/" in message
    assert "?genre=" in message


def test_an_unknown_genre_is_a_400_naming_the_valid_ones(client_for, fan):
    response = client_for(fan).get(URL, {"genre": "Space Opera"})
    assert response.status_code == 400
    assert "Sci-Fi" in response.data["genre"][0]
    assert "Drama" in response.data["genre"][0]


def test_cold_start_is_the_favourite_genre_ranking_best_score_first(client_for, fan):
    rated_film([3, 3], title="Meh Sci-Fi", genres=["Sci-Fi"])
    rated_film([5, 5, 5, 4], title="Great Sci-Fi", genres=["Action", "Sci-Fi"])
    rated_film([5], title="Lone Vote Sci-Fi", genres=["Sci-Fi"])
    rated_film([5, 5, 5], title="Great Drama", genres=["Drama"])
    MovieFactory(title="Unrated Sci-Fi", genres=["Sci-Fi"])

    response = client_for(fan).get(URL)

    assert response.status_code == 200
    assert titles(response) == ["Great Sci-Fi", "Lone Vote Sci-Fi", "Meh Sci-Fi"]
    scores = [r["score"] for r in response.data["results"]]
    assert scores == sorted(scores, reverse=True)
    assert {r["reason"] for r in response.data["results"]} == {"favorite_genre"}
    assert "Sci-Fi" in response.data["results"][0]["genres"]


def test_films_you_logged_are_never_recommended(client_for, fan):
    seen = rated_film([5, 5], title="Seen", genres=["Sci-Fi"])
    rated_film([4, 4], title="Unseen", genres=["Sci-Fi"])
    rate(fan, seen, 2)
    assert titles(client_for(fan).get(URL)) == ["Unseen"]


def test_genre_overrides_the_favourite_and_accepts_aliases(client_for, fan):
    rated_film([5, 5], title="Space", genres=["Sci-Fi"])
    rated_film([4, 4], title="Tears", genres=["Drama"])
    response = client_for(fan).get(URL, {"genre": "  drama "})
    assert titles(response) == ["Tears"]
    assert response.data["results"][0]["reason"] == "requested_genre"

    no_favourite = UserFactory(favorite_genre=None)
    response = client_for(no_favourite).get(URL, {"genre": "science fiction"})
    assert response.status_code == 200
    assert titles(response) == ["Space"]


@pytest.fixture
def taste_world(fan):
    """The fan loves Alien; three people who also love Alien love Aliens and Heat; one who
    hates Alien loves Notting Hill."""
    alien = MovieFactory(title="Alien", genres=["Horror", "Sci-Fi"])
    aliens = MovieFactory(title="Aliens", genres=["Action", "Sci-Fi"])
    heat = MovieFactory(title="Heat", genres=["Crime"])
    notting = MovieFactory(title="Notting Hill", genres=["Comedy", "Romance"])
    plain = MovieFactory(title="Plain Sci-Fi", genres=["Sci-Fi"])
    for _ in range(3):
        kindred = UserFactory()
        rate(kindred, alien, 5)
        rate(kindred, aliens, 5)
        rate(kindred, heat, 4)
    stranger = UserFactory()
    rate(stranger, alien, 1)
    rate(stranger, notting, 5)
    rate(UserFactory(), plain, 3)
    rate(fan, alien, 5)
    return {"alien": alien, "aliens": aliens, "heat": heat, "notting": notting, "plain": plain}


def test_by_default_picks_only_mark_the_favourite_genres_films(client_for, fan, taste_world):
    response = client_for(fan).get(URL)

    reasons = {r["title"]: r["reason"] for r in response.data["results"]}
    assert reasons == {"Aliens": "genre_and_similar_raters", "Plain Sci-Fi": "favorite_genre"}
    assert all("Sci-Fi" in r["genres"] for r in response.data["results"])


def test_beyond_genre_lets_picks_from_other_genres_join(client_for, fan, taste_world):
    response = client_for(fan).get(URL, {"beyond_genre": "true"})

    reasons = {r["title"]: r["reason"] for r in response.data["results"]}
    assert reasons == {
        "Aliens": "genre_and_similar_raters",
        "Heat": "similar_raters",
        "Plain Sci-Fi": "favorite_genre",
    }
    scores = [r["score"] for r in response.data["results"]]
    assert scores == sorted(scores, reverse=True)


def test_with_an_explicit_genre_picks_only_mark_that_genres_films(client_for, fan, taste_world):
    response = client_for(fan).get(URL, {"genre": "Sci-Fi"})
    reasons = {r["title"]: r["reason"] for r in response.data["results"]}
    assert reasons == {"Aliens": "genre_and_similar_raters", "Plain Sci-Fi": "requested_genre"}


def test_a_picked_film_you_have_since_logged_disappears(client_for, fan, taste_world):
    rate(fan, taste_world["heat"], 3)
    assert "Heat" not in titles(client_for(fan).get(URL))


def test_films_you_only_rated_low_do_not_seed_picks(fan, taste_world):
    other = UserFactory(favorite_genre=genre("Sci-Fi"))
    rate(other, taste_world["alien"], 2)
    reasons = {m.title: m.reason for m in movie_recommendations(user=other)}
    assert reasons == {"Aliens": "favorite_genre", "Plain Sci-Fi": "favorite_genre"}


def test_the_page_costs_the_same_queries_whatever_its_size(
    client_for, fan, taste_world, django_assert_num_queries
):
    for n in range(4):
        rated_film([4], title=f"Extra {n}", genres=["Sci-Fi"], directors=[f"A{n}", f"B{n}"])
    client = client_for(fan)
    cold = client.get(URL, {"page_size": 1})  # computes and caches the seeds' neighbours
    assert cold.status_code == 200
    # user (token) + favourite genre + own ratings + seed films + catalog mean + count + page
    # + genres + directors; the seeds' neighbours come from the cache
    with django_assert_num_queries(9):
        small = client.get(URL, {"page_size": 1})
    with django_assert_num_queries(9):
        large = client.get(URL, {"page_size": 50})
    assert len(small.data["results"]) == 1
    assert (
        len(large.data["results"]) == 6
    )  # the four extras, Aliens and Plain Sci-Fi; Heat is another genre


def test_a_cold_cache_costs_a_bounded_number_of_queries(
    client_for, fan, taste_world, django_assert_max_num_queries
):
    client = client_for(fan)
    with django_assert_max_num_queries(9 + COMPUTE_MAX_QUERIES):  # the seed's neighbours
        response = client.get(URL)
    assert response.status_code == 200

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from filmrank_catalog.models import Genre
from filmrank_catalog.testing.factories import MovieFactory, movie_batch

pytestmark = pytest.mark.django_db

MOVIES = reverse("catalog:movie-list")


def detail(pk) -> str:
    return reverse("catalog:movie-detail", args=[pk])


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [movie["title"] for movie in response.json()["results"]]


def test_movie_list_shows_the_contract_fields(api_client, user):
    MovieFactory(
        title="Talk to Her",
        year=2002,
        genres=["Drama", "Romance"],
        directors=["Pedro Almodóvar", "Second Unit"],
        added_by=user,
        ratings=[5, 4],
    )
    MovieFactory(title="Imported", year=None, genres=[], directors=[])

    body = api_client.get(MOVIES).json()

    assert body["count"] == 2
    assert body["previous"] is None
    assert body["next"] is None
    imported, talk = body["results"]
    assert talk == {
        "id": talk["id"],
        "title": "Talk to Her",
        "year": 2002,
        "director": "Pedro Almodóvar",
        "directors": ["Pedro Almodóvar", "Second Unit"],
        "genres": ["Drama", "Romance"],
        "average": 4.5,
        "ratings_count": 2,
        "added_by": user.name,
    }
    assert imported["director"] is None
    assert imported["directors"] == imported["genres"] == []
    assert imported["average"] is None
    assert imported["added_by"] is None


def test_added_by_never_shows_an_email(api_client, user):
    user.name = ""
    user.save()
    MovieFactory(added_by=user)
    [movie] = api_client.get(MOVIES).json()["results"]
    assert movie["added_by"] == f"User {user.pk}"
    assert "@" not in movie["added_by"]


@pytest.fixture
def catalog():
    MovieFactory(
        title="Alien",
        year=1979,
        genres=["Horror", "Sci-Fi"],
        directors=["Ridley Scott"],
        ratings=[5, 4, 4],
    )
    MovieFactory(
        title="Talk to Her", year=2002, genres=["Drama"], directors=["Pedro Almodóvar"], ratings=[5]
    )
    MovieFactory(
        title="Amélie",
        year=2001,
        genres=["Comedy", "Romance"],
        directors=["Jean-Pierre Jeunet"],
        ratings=[4, 4, 3, 5],
    )
    MovieFactory(title="The Matrix", year=1999, genres=["Action", "Sci-Fi"], directors=["Lana"])
    MovieFactory(title="Undated", year=None, genres=["Drama"], directors=["Nobody Known"])


@pytest.mark.usefixtures("catalog")
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"genre": "Sci-Fi"}, ["Alien", "The Matrix"]),
        ({"genre": "  sci-fi "}, ["Alien", "The Matrix"]),
        ({"genre": "science fiction"}, ["Alien", "The Matrix"]),
        ({"genre": "ROMANCE"}, ["Amélie"]),
        ({"genre": "comedies"}, ["Amélie"]),
        ({"genre": ""}, ["Alien", "Amélie", "Talk to Her", "The Matrix", "Undated"]),
        ({"director": "almodovar"}, ["Talk to Her"]),
        ({"director": "  PEDRO   almodóvar "}, ["Talk to Her"]),
        ({"director": "jeunet"}, ["Amélie"]),
        ({"director": "kubrick"}, []),
        ({"year": "1999"}, ["The Matrix"]),
        ({"year_min": "2001"}, ["Amélie", "Talk to Her"]),
        ({"year_max": "1999"}, ["Alien", "The Matrix"]),
        ({"year_min": "1990", "year_max": "2001"}, ["Amélie", "The Matrix"]),
        ({"search": "amelie"}, ["Amélie"]),
        ({"search": "  MATRIX "}, ["The Matrix"]),
        ({"search": "Matrix, The"}, ["The Matrix"]),
        ({"search": "to h"}, ["Talk to Her"]),
        ({"search": "%"}, []),
        ({"genre": "drama", "search": "talk"}, ["Talk to Her"]),
        ({"genre": "Sci-Fi", "director": "scott", "year": "1979"}, ["Alien"]),
    ],
)
def test_movie_filters(api_client, params, expected):
    assert titles(api_client.get(MOVIES, params)) == expected


@pytest.mark.usefixtures("catalog")
def test_unknown_genre_is_a_400_naming_the_valid_ones(api_client):
    response = api_client.get(MOVIES, {"genre": "Space Opera"})
    assert response.status_code == 400
    [message] = response.json()["genre"]
    assert "Space Opera" in message
    for name in Genre.objects.values_list("name", flat=True):
        assert name in message


@pytest.mark.parametrize(
    "params",
    [
        {"year": "nineteen"},
        {"year": "1999.5"},
        {"year": "99999999999999999999999"},
        {"year_min": "-5"},
        {"year_max": "3000"},
        {"search": "nul\x00char"},
        {"director": "nul\x00char"},
        {"genre": "nul\x00char"},
    ],
)
def test_bad_filter_values_are_a_400_naming_the_parameter(api_client, params):
    MovieFactory()
    response = api_client.get(MOVIES, params)
    assert response.status_code == 400
    assert set(response.json()) == set(params)


@pytest.mark.usefixtures("catalog")
@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        (None, ["Alien", "Amélie", "Talk to Her", "The Matrix", "Undated"]),
        ("title", ["Alien", "Amélie", "Talk to Her", "The Matrix", "Undated"]),
        ("-title", ["Undated", "The Matrix", "Talk to Her", "Amélie", "Alien"]),
        ("year", ["Alien", "The Matrix", "Amélie", "Talk to Her", "Undated"]),
        ("-year", ["Talk to Her", "Amélie", "The Matrix", "Alien", "Undated"]),
        # averages: Talk 5.0, Alien 4.33, Amélie 4.0; unrated films last either way, by title
        ("-average", ["Talk to Her", "Alien", "Amélie", "The Matrix", "Undated"]),
        ("average", ["Amélie", "Alien", "Talk to Her", "The Matrix", "Undated"]),
        ("-ratings_count", ["Amélie", "Alien", "Talk to Her", "The Matrix", "Undated"]),
        ("ratings_count", ["The Matrix", "Undated", "Talk to Her", "Alien", "Amélie"]),
        ("-ratings_count,-title", ["Amélie", "Alien", "Talk to Her", "Undated", "The Matrix"]),
    ],
)
def test_movie_ordering(api_client, ordering, expected):
    params = {"ordering": ordering} if ordering else {}
    assert titles(api_client.get(MOVIES, params)) == expected


@pytest.mark.parametrize("ordering", ["rating", "-id", "title,--year", "added_by"])
def test_unknown_ordering_is_a_400_listing_valid_values(api_client, ordering):
    response = api_client.get(MOVIES, {"ordering": ordering})
    assert response.status_code == 400
    [message] = response.json()["ordering"]
    for value in ["title", "-title", "year", "-year", "average", "-average", "ratings_count"]:
        assert value in message


@pytest.fixture
def many_movies(user):
    return movie_batch(
        130, genres=["Drama", "Crime"], directors=["One", "Two"], ratings=[4], added_by=user
    )


@pytest.mark.usefixtures("many_movies")
@pytest.mark.parametrize(
    ("page_size", "expected"),
    [(None, 20), ("5", 5), ("100", 100), ("101", 100), ("99999999999999999999999", 100)]
    + [(garbage, 20) for garbage in ["0", "-3", "ten", "", "2.5"]],
)
def test_page_size_default_clamp_and_garbage(api_client, page_size, expected):
    params = {} if page_size is None else {"page_size": page_size}
    response = api_client.get(MOVIES, params)
    assert response.status_code == 200
    assert len(response.json()["results"]) == expected
    assert response.json()["count"] == 130


@pytest.mark.usefixtures("many_movies")
def test_pages_do_not_overlap_and_link_to_each_other(api_client):
    first = api_client.get(MOVIES, {"page_size": 50}).json()
    second = api_client.get(first["next"]).json()
    third = api_client.get(second["next"]).json()
    ids = [m["id"] for page in (first, second, third) for m in page["results"]]
    assert len(ids) == len(set(ids)) == 130
    assert third["next"] is None
    assert third["previous"] is not None


@pytest.mark.usefixtures("many_movies")
@pytest.mark.parametrize("page", ["8", "0", "-1", "last_one", "99999999999999999999"])
def test_a_page_that_does_not_exist_is_a_404(api_client, page):
    response = api_client.get(MOVIES, {"page": page})
    assert response.status_code == 404
    assert "detail" in response.json()


@pytest.mark.usefixtures("many_movies")
def test_movie_list_queries_do_not_grow_with_page_size(api_client):
    counts = []
    for size in (5, 50):
        with CaptureQueriesContext(connection) as queries:
            response = api_client.get(
                MOVIES, {"page_size": size, "genre": "drama", "ordering": "-average"}
            )
        assert len(response.json()["results"]) == size
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 5  # genre, count, page, genres, directors


def test_movie_detail_has_score_and_rank(api_client):
    MovieFactory(title="Best", ratings=[5] * 10)
    movie = MovieFactory(
        title="Second", year=1990, genres=["War"], directors=["Ann Hui"], ratings=[4, 3]
    )
    MovieFactory(title="Worst", ratings=[1, 1, 1])

    response = api_client.get(detail(movie.pk))

    assert response.status_code == 200
    body = response.json()
    catalog_mean = (50 + 7 + 3) / 15
    assert body["score"] == pytest.approx((7 + 5 * catalog_mean) / (2 + 5))
    assert body["rank"] == 2
    assert body["average"] == 3.5
    assert body["ratings_count"] == 2
    assert body["directors"] == ["Ann Hui"]
    assert body["genres"] == ["War"]
    assert body["title"] == "Second"


def test_unrated_movie_detail_has_null_score_and_rank(api_client):
    MovieFactory(ratings=[5])
    movie = MovieFactory()
    body = api_client.get(detail(movie.pk)).json()
    assert (body["average"], body["score"], body["rank"], body["ratings_count"]) == (
        None,
        None,
        None,
        0,
    )


@pytest.mark.parametrize("pk", [0, 999999, 2**63, 10**25])
def test_unknown_movie_is_a_404(api_client, pk):
    MovieFactory()
    response = api_client.get(f"/api/movies/{pk}/")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_movie_endpoints_are_read_only(auth_client):
    movie = MovieFactory()
    assert auth_client.post(MOVIES, {"title": "x"}).status_code == 405
    assert auth_client.delete(detail(movie.pk)).status_code == 405
    assert auth_client.put(detail(movie.pk), {"title": "x"}).status_code == 405


def test_search_also_finds_films_by_their_directors_name(api_client):
    MovieFactory(title="The Matrix", directors=["Lana Wachowski", "Lilly Wachowski"])
    MovieFactory(title="Heat", directors=["Michael Mann"])

    response = api_client.get("/api/movies/", {"search": "wachowski"})

    assert [m["title"] for m in response.json()["results"]] == ["The Matrix"]


@pytest.mark.parametrize(
    ("param", "value"),
    [("genre", "50%"), ("genre", "%(x)s"), ("ordering", "%s"), ("ordering", "%")],
)
def test_a_percent_sign_in_a_filter_is_echoed_back_in_a_400(api_client, param, value):
    response = api_client.get("/api/movies/", {param: value})

    assert response.status_code == 400
    assert f'"{value}"' in response.json()[param][0]

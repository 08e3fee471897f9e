import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from filmrank_catalog.testing.factories import DirectorFactory, MovieFactory, movie_batch

pytestmark = pytest.mark.django_db

GENRES = reverse("catalog:genre-list")
DIRECTORS = reverse("catalog:director-list")


def test_genres_are_the_whole_curated_list_unpaginated(api_client):
    MovieFactory(genres=["Sci-Fi", "Action"])
    MovieFactory(genres=["Sci-Fi"])

    response = api_client.get(GENRES)

    assert response.status_code == 200
    genres = response.json()
    assert isinstance(genres, list)
    assert len(genres) == 19
    assert [g["name"] for g in genres] == sorted(g["name"] for g in genres)
    by_name = {g["name"]: g for g in genres}
    sci_fi = by_name["Sci-Fi"]
    assert set(sci_fi) >= {"id", "name", "slug", "movie_count"}
    assert sci_fi["slug"] == "sci-fi"
    assert sci_fi["movie_count"] == 2
    assert "science fiction" in sci_fi["aliases"]
    assert by_name["Action"]["movie_count"] == 1
    assert by_name["Western"]["movie_count"] == 0


def test_genres_take_two_queries(api_client, django_assert_max_num_queries):
    movie_batch(30, genres=["Drama", "Crime"])
    with django_assert_max_num_queries(2):
        assert api_client.get(GENRES).status_code == 200


def test_directors_are_searched_case_and_accent_insensitively(api_client):
    MovieFactory(directors=["Pedro Almodóvar"])
    MovieFactory(directors=["Pedro Almodóvar", "Agustín Almodóvar"])
    DirectorFactory(name="Jane Campion")

    body = api_client.get(DIRECTORS, {"search": "  ALMODOVAR "}).json()

    assert body["count"] == 2
    assert [(d["name"], d["movie_count"]) for d in body["results"]] == [
        ("Agustín Almodóvar", 1),
        ("Pedro Almodóvar", 2),
    ]
    assert set(body["results"][0]) == {"id", "name", "movie_count"}


def test_directors_without_search_are_all_listed_by_name(api_client):
    DirectorFactory(name="Zhang Yimou")
    DirectorFactory(name="Agnès Varda")
    body = api_client.get(DIRECTORS).json()
    assert [d["name"] for d in body["results"]] == ["Agnès Varda", "Zhang Yimou"]
    assert [d["movie_count"] for d in body["results"]] == [0, 0]


def test_bad_director_search_is_a_400(api_client):
    response = api_client.get(DIRECTORS, {"search": "nul\x00"})
    assert response.status_code == 400
    assert list(response.json()) == ["search"]


def test_director_pages(api_client):
    for n in range(25):
        DirectorFactory(name=f"Director {n:02d}")
    assert len(api_client.get(DIRECTORS).json()["results"]) == 20
    assert len(api_client.get(DIRECTORS, {"page": 2}).json()["results"]) == 5
    assert api_client.get(DIRECTORS, {"page": 3}).status_code == 404
    assert len(api_client.get(DIRECTORS, {"page_size": "lots"}).json()["results"]) == 20


def test_director_queries_do_not_grow_with_page_size(api_client):
    for n in range(60):
        DirectorFactory(name=f"Director {n:02d}")
    movie_batch(10, directors=["Director 01", "Director 02"])
    counts = []
    for size in (5, 50):
        with CaptureQueriesContext(connection) as queries:
            response = api_client.get(DIRECTORS, {"page_size": size, "search": "director"})
        assert len(response.json()["results"]) == size
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 2

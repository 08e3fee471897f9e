"""The database backend's own behaviour: typo tolerance per engine, its migration."""

import pytest
from django.db import connection
from django.urls import reverse

from filmrank_catalog.testing.factories import MovieFactory
from filmrank_search.backends.database import one_edit_patterns

URL = reverse("search:movies")

postgresql_only = [
    pytest.mark.postgresql,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [movie["title"] for movie in response.json()["results"]]


@pytest.fixture
def classics(db):
    MovieFactory(title="The Godfather", year=1972, directors=["Francis Ford Coppola"])
    MovieFactory(title="The Matrix", year=1999, directors=["Lana Wachowski"])
    MovieFactory(title="2001: A Space Odyssey", year=1968, directors=["Stanley Kubrick"])
    MovieFactory(title="Toy Story", year=1995, directors=["John Lasseter"])


@pytest.mark.parametrize(
    ("q", "title"),
    [
        ("matrx", "The Matrix"),  # a letter missing
        ("godfater", "The Godfather"),
        ("toy stroy", "Toy Story"),
        ("space odysey", "2001: A Space Odyssey"),
        ("kubrik", "2001: A Space Odyssey"),  # a director's name
    ],
)
def test_typos_are_tolerated_on_every_engine(api_client, classics, q, title):
    assert titles(api_client.get(URL, {"q": q})) == [title]


@pytest.mark.parametrize(
    ("q", "title"),
    [
        ("godfathre", "The Godfather"),
        ("matri", "The Matrix"),  # a word being typed
        ("francis copola", "The Godfather"),
        ("lasseterr", "Toy Story"),
    ],
)
@pytest.mark.postgresql
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (pg_trgm)")
def test_postgresql_trigrams_find_misspelt_and_partial_words(api_client, classics, q, title):
    response = api_client.get(URL, {"q": q})

    assert titles(response) == [title]
    assert response.json()["results"][0]["relevance"] == 0.5


@pytest.mark.postgresql
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (pg_trgm)")
def test_postgresql_whole_words_are_exact_matches(api_client, classics):
    response = api_client.get(URL, {"q": "the MATRIX"})

    assert titles(response) == ["The Matrix"]
    assert response.json()["results"][0]["relevance"] == 1.0


@pytest.mark.postgresql
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
@pytest.mark.django_db
def test_migration_enables_pg_trgm_and_indexes_the_keys():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone() is not None
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'filmrank_search_%'")
        assert {row[0] for row in cursor.fetchall()} == {
            "filmrank_search_movie_title_trgm",
            "filmrank_search_movie_title_fts",
            "filmrank_search_director_name_trgm",
            "filmrank_search_director_name_fts",
        }


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite fallback")
def test_sqlite_tolerates_one_edit_in_words_of_five_letters_or_more(api_client, classics):
    assert titles(api_client.get(URL, {"q": "matirx"})) == ["The Matrix"]  # swapped letters
    assert titles(api_client.get(URL, {"q": "mattrix"})) == ["The Matrix"]  # one too many
    assert titles(api_client.get(URL, {"q": "maatrx"})) == []  # two edits


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite fallback")
def test_sqlite_short_words_must_match_exactly(api_client, classics):
    # Words under five letters get no typo tolerance on SQLite ("toi" is not "toy").
    assert titles(api_client.get(URL, {"q": "toi story"})) == []


def test_one_edit_patterns_cover_each_kind_of_typo():
    patterns = one_edit_patterns("matrx")

    assert "%matr_x%" in patterns  # a letter missing from the query
    assert "%ma_rx%" in patterns  # a letter wrong
    assert "%matx%" in patterns  # a letter too many
    assert "%mtarx%" in patterns  # two letters swapped
    assert "%matrx%" not in patterns  # the word itself is the exact match


def test_similar_without_shared_credits_is_empty(db):
    from filmrank_search.backends import get_backend

    lonely = MovieFactory(genres=["Western"], directors=["Nobody Else"])
    MovieFactory(genres=["Drama"])

    assert get_backend().similar(lonely.pk) == []

"""The Elasticsearch backend without a server: the exact requests it sends, the documents it
indexes, and what the API does when Elasticsearch cannot be reached (a closed local port, a
real unreachable server). With ELASTICSEARCH_URL set, the contract suite runs against a live one.
"""

import logging

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse

from filmrank_catalog.selectors import movie_queryset
from filmrank_catalog.services import movie_get_or_create, movie_stats_apply
from filmrank_catalog.testing.factories import MovieFactory, genre
from filmrank_search.backends import SearchQuery, SearchUnavailable, get_backend
from filmrank_search.backends.elasticsearch import (
    WEIGHTED_SCORE_SCRIPT,
    build_search,
    build_similar,
)
from filmrank_search.indexing import index_movies

from .conftest import UNREACHABLE_URL, use_elasticsearch

URL = reverse("search:movies")

SCORE_SORT = [
    {
        "_script": {
            "type": "number",
            "order": "desc",
            "script": {
                "lang": "painless",
                "source": WEIGHTED_SCORE_SCRIPT,
                "params": {"m": 5, "mc": 17.5},
            },
        }
    },
    {"ratings_count": {"order": "desc"}},
    {"title_key": {"order": "asc"}},
    {"id": {"order": "asc"}},
]


def text_tier(boost, **options):
    match = {"query": "matrx", "fields": ["title", "directors"], "operator": "and", **options}
    return {"constant_score": {"filter": {"multi_match": match}, "boost": boost}}


@pytest.mark.django_db
def test_search_request_with_text_filters_and_facets():
    query = SearchQuery(
        text="  Matrx! ",
        genre=genre("Sci-Fi"),
        director="Wachowsk*",
        year_min=1990,
        year_max=2005,
        facets=("genre", "decade"),
        offset=20,
        limit=10,
    )

    body = build_search(query, index="movies", mean=3.5, m=5, facet_size=20).to_dict()

    assert body == {
        "query": {
            "bool": {
                "must": [
                    {
                        "dis_max": {
                            "queries": [
                                text_tier(1.0),
                                text_tier(0.5, fuzziness="AUTO"),
                                text_tier(0.5, type="bool_prefix"),
                            ]
                        }
                    }
                ],
                "filter": [
                    {"term": {"genres": "Sci-Fi"}},
                    {"wildcard": {"director_keys": {"value": "*wachowsk\\**"}}},
                    {"range": {"year": {"gte": 1990, "lte": 2005}}},
                ],
            }
        },
        "aggs": {
            "genre": {
                "terms": {
                    "field": "genres",
                    "size": 20,
                    "order": [{"_count": "desc"}, {"_key": "asc"}],
                }
            },
            "decade": {"terms": {"field": "decade", "size": 25, "order": {"_key": "asc"}}},
            "decade_missing": {"missing": {"field": "decade"}},
        },
        "sort": [{"_score": {"order": "desc"}}, *SCORE_SORT],
        "track_total_hits": True,
        "track_scores": True,
        "from": 20,
        "size": 10,
        "_source": False,
    }


def test_search_request_without_text_orders_by_weighted_score_only():
    body = build_search(
        SearchQuery(facets=("director",)), index="movies", mean=3.5, m=5, facet_size=7
    ).to_dict()

    assert body == {
        "aggs": {
            "director": {
                "terms": {
                    "field": "directors.raw",
                    "size": 7,
                    "order": [{"_count": "desc"}, {"_key": "asc"}],
                }
            }
        },
        "sort": SCORE_SORT,
        "track_total_hits": True,
        "track_scores": False,
        "from": 0,
        "size": 20,
        "_source": False,
    }


def test_similar_request_is_more_like_this_the_film():
    body = build_similar(42, index="movies", mean=3.5, m=5, limit=10).to_dict()

    assert body == {
        "query": {
            "more_like_this": {
                "like": [{"_index": "movies", "_id": "42"}],
                "fields": ["title", "directors", "genres"],
                "min_term_freq": 1,
                "min_doc_freq": 1,
                "max_query_terms": 25,
            }
        },
        "sort": [{"_score": {"order": "desc"}}, *SCORE_SORT],
        "track_scores": True,
        "size": 10,
        "_source": False,
    }


def test_index_folds_case_and_accents_and_keeps_exact_facet_values():
    from filmrank_search.documents import MovieDocument

    index = MovieDocument._index.clone(name="movies-1").to_dict()

    assert index["settings"]["number_of_shards"] == 1
    assert index["settings"]["analysis"]["analyzer"]["filmrank_folding"] == {
        "type": "custom",
        "tokenizer": "standard",
        "filter": ["lowercase", "asciifolding"],
    }
    properties = index["mappings"]["properties"]
    for field in ("title", "directors"):
        assert properties[field]["analyzer"] == "filmrank_folding"
        assert properties[field]["fields"]["raw"] == {"type": "keyword"}
    assert properties["genres"] == {"type": "keyword"}
    assert properties["decade"] == {"type": "integer"}
    assert properties["ratings_sum"] == {"type": "long"}


@pytest.mark.django_db
def test_document_of_a_film():
    from filmrank_search.documents import MovieDocument

    movie = MovieFactory(
        title="Amélie", year=2001, genres=["Comedy", "Romance"], directors=["Jean-Pierre Jeunet"]
    )
    movie_stats_apply(movie_id=movie.pk, count_delta=2, sum_delta=9)

    document = MovieDocument().prepare(movie_queryset().get(pk=movie.pk))

    assert document == {
        "id": movie.pk,
        "title": "Amélie",
        "title_key": "amelie",
        "year": 2001,
        "decade": 2000,
        "genres": ["Comedy", "Romance"],
        "directors": ["Jean-Pierre Jeunet"],
        "director_keys": ["jean-pierre jeunet"],
        "ratings_count": 2,
        "ratings_sum": 9,
    }


@pytest.fixture
def unreachable(settings):
    use_elasticsearch(settings, UNREACHABLE_URL)
    return get_backend()


@pytest.mark.django_db
def test_search_answers_503_when_elasticsearch_is_down(api_client, unreachable):
    MovieFactory(title="Alien")

    response = api_client.get(URL, {"q": "alien"})

    assert response.status_code == 503
    assert "Search is temporarily unavailable" in response.json()["detail"]
    assert response["Retry-After"] == "30"
    assert api_client.get("/api/movies/").status_code == 200  # the rest of the API works


def test_ping_raises_when_elasticsearch_is_down(unreachable):
    assert unreachable.name == "elasticsearch"
    with pytest.raises(SearchUnavailable, match="unreachable"):
        unreachable.ping()


@pytest.mark.django_db
def test_readyz_reports_the_search_backend_down(client, unreachable):
    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["search"]["backend"] == "elasticsearch"
    assert response.json()["checks"]["search"]["ok"] is False


@pytest.mark.django_db
def test_readyz_with_the_database_backend(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json()["checks"]["search"] == {"ok": True, "backend": "database"}


@pytest.mark.django_db
def test_reindex_command_fails_clearly_and_leaves_the_live_index(unreachable):
    MovieFactory()

    with pytest.raises(CommandError, match="live index is unchanged"):
        call_command("search_reindex")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_failed_index_update_after_commit_keeps_the_write_and_is_logged(unreachable, caplog):
    caplog.set_level(logging.ERROR, logger="filmrank_search.indexing")

    movie, created = movie_get_or_create(
        title="Stalker", year=1979, directors=["Andrei Tarkovsky"], genres=["Sci-Fi"]
    )

    assert created
    assert movie_queryset().filter(pk=movie.pk).exists()
    [record] = [r for r in caplog.records if r.name == "filmrank_search.indexing"]
    assert record.levelno == logging.ERROR
    assert record.exc_info is not None
    assert str([movie.pk]) in record.getMessage()
    assert "search_reindex" in record.getMessage()


@pytest.mark.django_db
def test_index_update_waits_for_the_commit(unreachable, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        movie, _ = movie_get_or_create(
            title="Stalker", year=1979, directors=["Andrei Tarkovsky"], genres=["Sci-Fi"]
        )
        movie_stats_apply(movie_id=movie.pk, count_delta=1, sum_delta=5)

    ours = [c for c in callbacks if getattr(c, "func", None) is index_movies]
    assert [c.args for c in ours] == [([movie.pk],), ([movie.pk],)]


@pytest.mark.django_db
def test_rolled_back_changes_are_never_indexed(unreachable, django_capture_on_commit_callbacks):
    def failing_write():
        with transaction.atomic():
            movie_get_or_create(
                title="Stalker", year=1979, directors=["Andrei Tarkovsky"], genres=["Sci-Fi"]
            )
            raise RuntimeError("the write fails")

    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError):
        failing_write()

    assert not [c for c in callbacks if getattr(c, "func", None) is index_movies]


@pytest.mark.django_db
def test_database_backend_schedules_no_index_updates(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        movie_get_or_create(title="Heat", year=1995, directors=["Michael Mann"], genres=["Crime"])

    assert not [c for c in callbacks if getattr(c, "func", None) is index_movies]


@pytest.mark.django_db
def test_reindex_command_with_the_database_backend_has_nothing_to_do(capsys):
    call_command("search_reindex")

    assert "nothing to index" in capsys.readouterr().out

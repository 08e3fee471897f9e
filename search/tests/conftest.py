"""Search test fixtures: the backend under test, and a small catalog every backend sees.

The database leg always runs. The Elasticsearch leg runs only when ``ELASTICSEARCH_URL``
points at a live server (``pytest -m elasticsearch``); each test gets its own index.
"""

import os
import uuid
from dataclasses import dataclass

import pytest

from filmrank_catalog.services import movie_stats_apply
from filmrank_catalog.testing.factories import MovieFactory
from filmrank_search.backends import SearchBackend, get_backend

ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
# An address where nothing listens: a real, unreachable Elasticsearch.
UNREACHABLE_URL = "http://127.0.0.1:9"
RANKING_MIN_VOTES = 5

needs_elasticsearch = pytest.mark.skipif(
    not ELASTICSEARCH_URL, reason="set ELASTICSEARCH_URL to run the Elasticsearch leg"
)
BACKENDS = [
    pytest.param("database", id="database"),
    pytest.param(
        "elasticsearch",
        id="elasticsearch",
        marks=[pytest.mark.elasticsearch, needs_elasticsearch],
    ),
]


@pytest.fixture(autouse=True)
def _search_settings(settings):
    """The database backend and m = 5, whatever the shell exports; tests opt into others."""
    settings.FILMRANK_CATALOG = {"RANKING_MIN_VOTES": RANKING_MIN_VOTES}
    settings.FILMRANK_SEARCH = {"BACKEND": "database"}


def use_elasticsearch(settings, url: str, index: str = "filmrank-test") -> None:
    settings.FILMRANK_SEARCH = {"BACKEND": "elasticsearch", "ELASTICSEARCH_INDEX": index}
    settings.ELASTICSEARCH_DSL = {"default": {"hosts": url}}


@dataclass
class SearchUnderTest:
    name: str
    backend: SearchBackend

    def refresh(self) -> None:
        """Make the catalog as it is now searchable (rebuild the index, if the backend has one)."""
        self.backend.reindex(batch_size=3)


@pytest.fixture(params=BACKENDS)
def search_backend(request, settings, db):
    name = request.param
    index = None
    if name == "elasticsearch":
        index = f"filmrank-test-{uuid.uuid4().hex[:12]}"
        use_elasticsearch(settings, ELASTICSEARCH_URL, index)
    backend = get_backend()
    assert backend.name == name
    yield SearchUnderTest(name=name, backend=backend)
    if index is not None:
        # By name: Elasticsearch refuses wildcard deletes (action.destructive_requires_name).
        names = list(backend.client.indices.get(index=f"{index}*").body)
        if names:
            backend.client.indices.delete(index=",".join(names))


@dataclass(frozen=True)
class Film:
    title: str
    year: int | None
    genres: list[str]
    directors: list[str]
    ratings: tuple[int, int]  # (count, sum of stars)


# With m = 5, C = 216/52; weighted scores in brackets. Metropolis has no year and no ratings.
FILMS = [
    Film("Alien", 1979, ["Horror", "Sci-Fi"], ["Ridley Scott"], (9, 41)),  # 4.412
    Film(
        "The Matrix", 1999, ["Action", "Sci-Fi"], ["Lana Wachowski", "Lilly Wachowski"], (10, 45)
    ),  # 4.385
    Film("Amélie", 2001, ["Comedy", "Romance"], ["Jean-Pierre Jeunet"], (6, 27)),  # 4.343
    Film("Blade Runner", 1982, ["Sci-Fi", "Thriller"], ["Ridley Scott"], (7, 30)),  # 4.231
    Film("Solaris", 1972, ["Drama", "Sci-Fi"], ["Andrei Tarkovsky"], (3, 13)),  # 4.221
    Film(
        "Toy Story", 1995, ["Animation", "Children", "Comedy"], ["John Lasseter"], (5, 20)
    ),  # 4.077
    Film(
        "The Matrix Reloaded",
        2003,
        ["Action", "Sci-Fi"],
        ["Lana Wachowski", "Lilly Wachowski"],
        (8, 28),
    ),  # 3.751
    Film("Solaris", 2002, ["Drama", "Sci-Fi"], ["Steven Soderbergh"], (4, 12)),  # 3.641
    Film("Metropolis", None, ["Drama", "Sci-Fi"], ["Fritz Lang"], (0, 0)),  # no score
]


@pytest.fixture
def films(search_backend) -> dict[tuple[str, int | None], int]:
    """The catalog above, searchable; ``{(title, year): id}``."""
    ids = {}
    for film in FILMS:
        movie = MovieFactory(
            title=film.title, year=film.year, genres=film.genres, directors=film.directors
        )
        count, total = film.ratings
        movie_stats_apply(movie_id=movie.pk, count_delta=count, sum_delta=total)
        ids[(film.title, film.year)] = movie.pk
    search_backend.refresh()
    return ids

"""The search backend interface: what the API asks of a backend, whatever its engine."""

from __future__ import annotations

import abc
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from filmrank_catalog.models import Genre

# Facets every backend computes, in the order the API lists them.
FACETS = ("genre", "director", "decade")


class SearchUnavailable(Exception):
    """The search engine cannot answer (down, timing out, index missing). The API says 503."""


@dataclass(frozen=True)
class SearchQuery:
    """One search: free text, filters, which facets, and the slice of results wanted.

    ``text`` is matched against titles and directors' names. ``genre`` is a resolved curated
    genre; ``director`` matches any credited director whose name contains it (case and
    accents folded), like the catalog's filter. All filters combine with AND.
    """

    text: str = ""
    genre: Genre | None = None
    director: str = ""
    year_min: int | None = None
    year_max: int | None = None
    facets: Sequence[str] = FACETS
    offset: int = 0
    limit: int = 20


@dataclass(frozen=True)
class SearchHit:
    movie_id: int
    # How well the film matched ``text``: 1.0 every word matched exactly, 0.5 with typos or
    # partial words. None when the query had no text.
    relevance: float | None = None


@dataclass(frozen=True)
class FacetValue:
    value: str | int | None
    count: int


@dataclass
class SearchResult:
    """``total`` films matched; ``hits`` is the requested slice in order."""

    total: int
    hits: list[SearchHit]
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)


class SearchBackend(abc.ABC):
    """One search engine. Results are ordered by relevance (when there is text), then the
    weighted score, ratings count, title key and id: the same order on every backend."""

    name: str = ""
    # Whether the backend keeps its own copy of the catalog that must be told of changes.
    needs_indexing: bool = False

    @abc.abstractmethod
    def ping(self) -> None:
        """Return if the backend can answer searches; raise SearchUnavailable if not."""

    @abc.abstractmethod
    def search(self, query: SearchQuery) -> SearchResult: ...

    @abc.abstractmethod
    def similar(self, movie_id: int, *, limit: int = 10) -> list[int]:
        """Ids of the films most like this one, best first (never the film itself)."""

    @abc.abstractmethod
    def index(self, movie_ids: Sequence[int]) -> None:
        """Bring these films' documents up to date (deleting those no longer in the catalog)."""

    @abc.abstractmethod
    def delete(self, movie_ids: Sequence[int]) -> None:
        """Remove these films from the index."""

    @abc.abstractmethod
    def reindex(self, *, batch_size: int, progress=None) -> int:
        """Rebuild the whole index; returns the number of films indexed."""

"""Search in Elasticsearch (9.x): documents from ``filmrank_search.documents``, queries built
with ``elasticsearch.dsl``.

Searches go to an alias (``FILMRANK_SEARCH["ELASTICSEARCH_INDEX"]``). ``search_reindex`` builds
a fresh index beside the live one and moves the alias in one atomic step, so a rebuild never
leaves search empty and can be rerun after a failure. Films are matched, filtered, faceted and
ordered as in the database backend:

- text: every word in the title or in the directors' names (``operator: and``) is an exact
  match (relevance 1.0); with ``fuzziness: AUTO`` or the last word as a prefix it is a fuzzy
  match (0.5). ``constant_score`` keeps relevance on the database's scale, so both backends
  order the same films the same way.
- then the weighted score, computed by a script from the stored ``ratings_sum`` and
  ``ratings_count`` and the current catalog mean C (never stale), ratings count, title key, id.
- facets: ``terms`` aggregations (one shard, so counts are exact); films without a year are
  the decade facet's ``null`` bucket (a ``missing`` aggregation).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from elasticsearch import Elasticsearch, NotFoundError
from elasticsearch.dsl import A, Q, Search
from elasticsearch.exceptions import ApiError, TransportError
from elasticsearch.helpers import bulk

from filmrank_catalog.conf import catalog_setting
from filmrank_catalog.models import MAX_YEAR, MIN_YEAR
from filmrank_catalog.selectors import catalog_mean, movie_queryset
from filmrank_search.backends.base import (
    FacetValue,
    SearchBackend,
    SearchHit,
    SearchQuery,
    SearchResult,
    SearchUnavailable,
)
from filmrank_search.conf import search_setting
from filmrank_search.text import EXACT, FUZZY, query_words

logger = logging.getLogger(__name__)

TEXT_FIELDS = ["title", "directors"]
DECADE_BUCKETS = (MAX_YEAR - MIN_YEAR) // 10 + 2

# (sum + m·C) / (count + m), as filmrank_catalog.selectors.movie_score computes it; a film
# nobody rated has no score and sorts last, like NULLS LAST in the database.
WEIGHTED_SCORE_SCRIPT = (
    "long v = doc['ratings_count'].value; "
    "if (v == 0) { return -1.0; } "
    "return (doc['ratings_sum'].value + params.mc) / (double) (v + params.m);"
)


def weighted_score_sort(*, mean: float, m: int) -> dict[str, Any]:
    return {
        "_script": {
            "type": "number",
            "order": "desc",
            "script": {
                "lang": "painless",
                "source": WEIGHTED_SCORE_SCRIPT,
                "params": {"m": m, "mc": m * mean},
            },
        }
    }


def score_order(*, mean: float, m: int, relevance: bool) -> list:
    order: list = [
        weighted_score_sort(mean=mean, m=m),
        {"ratings_count": {"order": "desc"}},
        {"title_key": {"order": "asc"}},
        {"id": {"order": "asc"}},
    ]
    return [{"_score": {"order": "desc"}}, *order] if relevance else order


def text_query(words: Sequence[str]) -> Q:
    text = " ".join(words)

    def tier(boost: float, **options) -> Q:
        match = Q("multi_match", query=text, fields=TEXT_FIELDS, operator="and", **options)
        return Q("constant_score", filter=match, boost=boost)

    return Q(
        "dis_max",
        queries=[tier(EXACT), tier(FUZZY, fuzziness="AUTO"), tier(FUZZY, type="bool_prefix")],
    )


def wildcard_escape(value: str) -> str:
    return re.sub(r"([\\*?])", r"\\\1", value)


def build_search(
    query: SearchQuery,
    *,
    index: str,
    mean: float,
    m: int,
    facet_size: int,
    using: Elasticsearch | None = None,
) -> Search:
    """The request for one search page, facets included (``.to_dict()`` is the body sent)."""
    from filmrank_catalog.text import normalize_key

    search = Search(using=using, index=index) if using is not None else Search(index=index)
    words = query_words(query.text)
    if words:
        search = search.query(text_query(words))
    if query.genre is not None:
        search = search.filter("term", genres=query.genre.name)
    director = normalize_key(query.director or "")
    if director:
        search = search.filter(
            "wildcard", director_keys={"value": f"*{wildcard_escape(director)}*"}
        )
    years = {}
    if query.year_min is not None:
        years["gte"] = query.year_min
    if query.year_max is not None:
        years["lte"] = query.year_max
    if years:
        search = search.filter("range", year=years)

    by_count = [{"_count": "desc"}, {"_key": "asc"}]
    if "genre" in query.facets:
        search.aggs.bucket("genre", A("terms", field="genres", size=facet_size, order=by_count))
    if "director" in query.facets:
        search.aggs.bucket(
            "director", A("terms", field="directors.raw", size=facet_size, order=by_count)
        )
    if "decade" in query.facets:
        search.aggs.bucket(
            "decade", A("terms", field="decade", size=DECADE_BUCKETS, order={"_key": "asc"})
        )
        search.aggs.bucket("decade_missing", A("missing", field="decade"))

    search = search.sort(*score_order(mean=mean, m=m, relevance=bool(words)))
    search = search.extra(track_total_hits=True, track_scores=bool(words))
    return search.source(False)[query.offset : query.offset + query.limit]


def build_similar(
    movie_id: int, *, index: str, mean: float, m: int, limit: int, using=None
) -> Search:
    search = Search(using=using, index=index) if using is not None else Search(index=index)
    like = Q(
        "more_like_this",
        fields=["title", "directors", "genres"],
        like=[{"_index": index, "_id": str(movie_id)}],
        min_term_freq=1,
        min_doc_freq=1,
        max_query_terms=25,
    )
    search = search.query(like).sort(*score_order(mean=mean, m=m, relevance=True))
    return search.extra(track_scores=True).source(False)[:limit]


def facets_from(aggregations, names: Sequence[str]) -> dict[str, list[FacetValue]]:
    facets: dict[str, list[FacetValue]] = {}
    for name in names:
        buckets = aggregations[name]["buckets"]
        facets[name] = [FacetValue(b["key"], b["doc_count"]) for b in buckets]
    if "decade" in names and aggregations["decade_missing"]["doc_count"]:
        facets["decade"].append(FacetValue(None, aggregations["decade_missing"]["doc_count"]))
    return facets


@contextmanager
def unavailable_on_failure(what: str) -> Iterator[None]:
    """Turn "cannot reach / cannot serve" into SearchUnavailable; anything else is a bug."""
    try:
        yield
    except NotFoundError as exc:
        raise SearchUnavailable(
            f"{what}: the search index does not exist (run `manage.py search_reindex`)"
        ) from exc
    except TransportError as exc:  # connection refused, timeout, TLS
        raise SearchUnavailable(f"{what}: Elasticsearch is unreachable ({exc})") from exc
    except ApiError as exc:
        if exc.status_code in (429,) or exc.status_code >= 500:
            raise SearchUnavailable(f"{what}: Elasticsearch answered {exc.status_code}") from exc
        raise


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"
    needs_indexing = True

    def __init__(self) -> None:
        options = dict(getattr(settings, "ELASTICSEARCH_DSL", {}).get("default", {}))
        options.setdefault("request_timeout", search_setting("ELASTICSEARCH_TIMEOUT"))
        options.setdefault("max_retries", 1)
        self.client = Elasticsearch(**options)
        self.index_name: str = search_setting("ELASTICSEARCH_INDEX")

    # -- reads ---------------------------------------------------------------------------

    def ping(self) -> None:
        with unavailable_on_failure("ping"):
            exists = self.client.indices.exists(index=self.index_name)
        if not exists:
            raise SearchUnavailable(
                f"the search index {self.index_name!r} does not exist "
                "(run `manage.py search_reindex`)"
            )

    def search(self, query: SearchQuery) -> SearchResult:
        search = build_search(
            query,
            index=self.index_name,
            mean=catalog_mean(),
            m=catalog_setting("RANKING_MIN_VOTES"),
            facet_size=search_setting("FACET_SIZE"),
            using=self.client,
        )
        with unavailable_on_failure("search"):
            response = search.execute()
        relevance = bool(query_words(query.text))
        hits = [
            SearchHit(movie_id=int(hit.meta.id), relevance=hit.meta.score if relevance else None)
            for hit in response.hits
        ]
        aggregations = response.aggregations.to_dict() if query.facets else {}
        return SearchResult(
            total=response.hits.total.value,
            hits=hits,
            facets=facets_from(aggregations, query.facets),
        )

    def similar(self, movie_id: int, *, limit: int = 10) -> list[int]:
        search = build_similar(
            movie_id,
            index=self.index_name,
            mean=catalog_mean(),
            m=catalog_setting("RANKING_MIN_VOTES"),
            limit=limit,
            using=self.client,
        )
        with unavailable_on_failure("similar"):
            response = search.execute()
        return [int(hit.meta.id) for hit in response.hits]

    # -- writes --------------------------------------------------------------------------

    def _actions(self, movies, index: str) -> Iterator[dict[str, Any]]:
        from filmrank_search.documents import MovieDocument

        document = MovieDocument()
        for movie in movies:
            yield {
                "_op_type": "index",
                "_index": index,
                "_id": movie.pk,
                "_source": document.prepare(movie),
            }

    def index(self, movie_ids: Sequence[int]) -> None:
        """Index these films now; those no longer in the catalog are deleted from the index.

        Writes go through the alias only (``require_alias``): before the first
        ``search_reindex`` they fail loudly instead of creating an index without our mapping.
        """
        ids = sorted(set(movie_ids))
        batch_size = search_setting("INDEX_BATCH_SIZE")
        for start in range(0, len(ids), batch_size):
            batch = ids[start : start + batch_size]
            movies = list(movie_queryset().filter(pk__in=batch))
            gone = set(batch) - {movie.pk for movie in movies}
            actions = [*self._actions(movies, self.index_name)]
            actions += [
                {"_op_type": "delete", "_index": self.index_name, "_id": pk} for pk in sorted(gone)
            ]
            with unavailable_on_failure("index"):
                bulk(self.client, actions, require_alias=True, ignore_status=(404,))

    def delete(self, movie_ids: Sequence[int]) -> None:
        actions = [
            {"_op_type": "delete", "_index": self.index_name, "_id": pk}
            for pk in sorted(set(movie_ids))
        ]
        with unavailable_on_failure("delete"):
            bulk(self.client, actions, ignore_status=(404,))

    def reindex(
        self, *, batch_size: int, progress: Callable[[int, int], None] | None = None
    ) -> int:
        """Build a new index from the catalog, then point the alias at it atomically."""
        from filmrank_search.documents import MovieDocument

        alias = self.index_name
        stamp = datetime.now(UTC).strftime("%Y%m%dt%H%M%S%f")
        target = f"{alias}-{stamp}"
        with unavailable_on_failure("reindex"):
            MovieDocument._index.clone(name=target).create(using=self.client)
            movies = movie_queryset().order_by("pk")
            total = movies.count()
            done = 0
            batch: list = []
            for movie in movies.iterator(chunk_size=batch_size):
                batch.append(movie)
                if len(batch) == batch_size:
                    bulk(self.client, self._actions(batch, target))
                    done += len(batch)
                    batch = []
                    if progress:
                        progress(done, total)
            if batch:
                bulk(self.client, self._actions(batch, target))
                done += len(batch)
                if progress:
                    progress(done, total)
            self.client.indices.refresh(index=target)
            self._move_alias(alias, target)
        return done

    def _move_alias(self, alias: str, target: str) -> None:
        """Point ``alias`` at ``target`` alone, then drop the indexes this alias left behind."""
        current: list[str] = []
        if self.client.indices.exists_alias(name=alias):
            current = list(self.client.indices.get_alias(name=alias).body)
        elif self.client.indices.exists(index=alias):
            # A concrete index took the alias's name (created by hand or by another tool).
            self.client.indices.delete(index=alias)
        actions: list[dict] = [{"remove": {"index": name, "alias": alias}} for name in current]
        actions.append({"add": {"index": target, "alias": alias}})
        self.client.indices.update_aliases(actions=actions)
        ours = re.compile(rf"^{re.escape(alias)}-\d{{8}}t\d{{12}}$")
        leftovers = [
            name
            for name in self.client.indices.get(index=f"{alias}-*").body
            if ours.match(name) and name != target
        ]
        if leftovers:
            self.client.indices.delete(index=",".join(leftovers))

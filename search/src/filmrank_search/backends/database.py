"""Search straight from the catalog tables: nothing to index, nothing extra to run.

PostgreSQL: a film matches exactly when every word of the query is a word of its title or of
one director's name (full-text search, ``simple`` configuration, over the folded keys); it
matches with typos when ``pg_trgm``'s word similarity of the query to the title or to a
director's name reaches the extension's threshold (0.6: "matrx" finds "The Matrix"). Both use
GIN indexes created by this app's migration.

SQLite: a film matches exactly when every word of the query is contained in its title key or
in one director's name key (substring match); with typos when every word of five or more
characters is contained with one edit (a letter replaced, inserted, dropped or two swapped),
tried as a handful of LIKE patterns per word. That is a full scan of the films, fine for a
development catalog of tens of thousands of films, not for millions.

Exact matches have relevance 1.0 and typo matches 0.5; ties are ordered by the weighted score.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import SearchQuery as PgSearchQuery
from django.contrib.postgres.search import SearchVector, SearchVectorExact
from django.db import DatabaseError, connection
from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    Lookup,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Collate

from filmrank_catalog.models import Director, Movie, MovieDirector, MovieGenre
from filmrank_catalog.selectors import catalog_mean, movie_score, movies_filter
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

SQLITE_TYPO_MIN_LENGTH = 5
# Up to this many matches, later queries select the matching films by id (one parameter each).
MATCHES_BY_ID = 5000


def one_edit_patterns(word: str) -> list[str]:
    """LIKE patterns matching ``word`` with one letter replaced, inserted, dropped or two
    neighbours swapped. ``word`` holds letters and digits only (nothing to escape)."""
    n = len(word)
    patterns = {word[:i] + "_" + word[i + 1 :] for i in range(n)}
    patterns |= {word[:i] + "_" + word[i:] for i in range(1, n)}
    patterns |= {word[:i] + word[i + 1 :] for i in range(n)}
    patterns |= {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(n - 1)}
    patterns.discard(word)
    return sorted(f"%{p}%" for p in patterns)


class Like(Lookup):
    """``lhs LIKE rhs`` with the pattern as given (``_`` and ``%`` are wildcards)."""

    lookup_name = "filmrank_like"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} LIKE {rhs}", [*lhs_params, *rhs_params]


def binary_order(expression: str):
    """Order by code point on every engine (PostgreSQL's default collation may not)."""
    if connection.vendor == "postgresql":
        return Collate(F(expression), "C")
    return F(expression)


# Each condition is an "id IN (subquery)": PostgreSQL runs every subquery once, on its own
# index, and hashes the ids, instead of testing trigrams row by row.
def _movies_where(condition: Q) -> Q:
    return Q(pk__in=Movie.objects.filter(condition).values("pk"))


def _movies_with_director_where(condition: Q) -> Q:
    directors = Director.objects.filter(condition).values("pk")
    return Q(pk__in=MovieDirector.objects.filter(director__in=directors).values("movie_id"))


def _postgresql_text_match(words: list[str]) -> tuple[Q, Q]:
    text = " ".join(words)
    query = PgSearchQuery(text, config="simple", search_type="plain")

    def full_text(field: str) -> Q:
        return Q(SearchVectorExact(SearchVector(field, config="simple"), query))

    def trigram(field: str) -> Q:
        return Q(TrigramWordSimilar(F(field), text))

    exact = _movies_where(full_text("title_key")) | _movies_with_director_where(
        full_text("name_key")
    )
    fuzzy = _movies_where(trigram("title_key")) | _movies_with_director_where(trigram("name_key"))
    return exact, fuzzy


def _sqlite_text_match(words: list[str]) -> tuple[Q, Q]:
    def all_words(field: str, *, typos: bool) -> Q:
        condition = Q()
        for word in words:
            word_match = Q(**{f"{field}__contains": word})
            if typos and len(word) >= SQLITE_TYPO_MIN_LENGTH:
                for pattern in one_edit_patterns(word):
                    word_match |= Q(Like(F(field), pattern))
            condition &= word_match
        return condition

    exact = _movies_where(all_words("title_key", typos=False)) | _movies_with_director_where(
        all_words("name_key", typos=False)
    )
    fuzzy = _movies_where(all_words("title_key", typos=True)) | _movies_with_director_where(
        all_words("name_key", typos=True)
    )
    return exact, fuzzy


class DatabaseBackend(SearchBackend):
    name = "database"
    needs_indexing = False

    def ping(self) -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError as exc:
            raise SearchUnavailable(f"the database is unreachable: {exc}") from exc

    # The catalog tables are the index: there is never anything to update.
    def index(self, movie_ids: Sequence[int]) -> None:
        return None

    def delete(self, movie_ids: Sequence[int]) -> None:
        return None

    def reindex(self, *, batch_size: int, progress=None) -> int:
        return 0

    def matching(self, query: SearchQuery) -> QuerySet[Movie]:
        """The films matching the query's text and filters, annotated with ``relevance``."""
        movies = movies_filter(Movie.objects.all(), genre=query.genre, director=query.director)
        if query.year_min is not None:
            movies = movies.filter(year__gte=query.year_min)
        if query.year_max is not None:
            movies = movies.filter(year__lte=query.year_max)
        words = query_words(query.text)
        if not words:
            return movies.annotate(relevance=Value(None, output_field=FloatField()))
        if connection.vendor == "postgresql":
            exact, fuzzy = _postgresql_text_match(words)
        else:
            exact, fuzzy = _sqlite_text_match(words)
        return movies.filter(fuzzy | exact).annotate(
            relevance=Case(When(exact, then=Value(EXACT)), default=Value(FUZZY))
        )

    def search(self, query: SearchQuery) -> SearchResult:
        movies = self.matching(query)
        if query_words(query.text):
            # Match once, then count, page and facet by id: the text conditions are the
            # expensive part, and every later query would otherwise evaluate them again.
            rows = list(movies.values_list("pk", "relevance"))
            total = len(rows)
            if total <= MATCHES_BY_ID:
                exact = [pk for pk, relevance in rows if relevance == EXACT]
                movies = Movie.objects.filter(pk__in=[pk for pk, _ in rows]).annotate(
                    relevance=Case(When(pk__in=exact, then=Value(EXACT)), default=Value(FUZZY))
                )
        else:
            total = movies.count()
        ordering = [
            F("score").desc(nulls_last=True),
            F("ratings_count").desc(),
            binary_order("title_key"),
            F("id").asc(),
        ]
        if query_words(query.text):
            ordering.insert(0, F("relevance").desc())
        hits = []
        if total and query.limit:
            rows = (
                movies.annotate(score=movie_score(mean=catalog_mean()))
                .order_by(*ordering)
                .values_list("pk", "relevance")[query.offset : query.offset + query.limit]
            )
            hits = [SearchHit(movie_id=pk, relevance=relevance) for pk, relevance in rows]
        facets = self.facets(movies, query.facets) if total else {f: [] for f in query.facets}
        return SearchResult(total=total, hits=hits, facets=facets)

    def facets(self, movies: QuerySet[Movie], names: Sequence[str]) -> dict[str, list]:
        """Counts over every matching film: one aggregate query per facet."""
        matching_ids = Subquery(movies.values("pk"))
        size = search_setting("FACET_SIZE")
        facets: dict[str, list[FacetValue]] = {}
        # Genre and director facets count credit rows of the matching films, most first.
        for name, links, label in (
            ("genre", MovieGenre.objects, "genre__name"),
            ("director", MovieDirector.objects, "director__name"),
        ):
            if name in names:
                rows = (
                    links.filter(movie__in=matching_ids)
                    .values(value=F(label))
                    .annotate(count=Count("id"))
                    .order_by("-count", binary_order(label))[:size]
                )
                facets[name] = [FacetValue(r["value"], r["count"]) for r in rows]
        if "decade" in names:
            rows = (
                Movie.objects.filter(pk__in=matching_ids)
                .values(value=F("year") / 10 * 10)
                .annotate(count=Count("id"))
                .order_by(F("value").asc(nulls_last=True))
            )
            facets["decade"] = [FacetValue(r["value"], r["count"]) for r in rows]
        return facets

    def similar(self, movie_id: int, *, limit: int = 10) -> list[int]:
        """Films sharing the most directors (each counted twice) and genres with this one."""
        genres = MovieGenre.objects.filter(movie_id=movie_id).values("genre_id")
        directors = MovieDirector.objects.filter(movie_id=movie_id).values("director_id")
        rows = (
            Movie.objects.exclude(pk=movie_id)
            .annotate(
                shared=_count_links(MovieGenre, genre__in=genres)
                + 2 * _count_links(MovieDirector, director__in=directors)
            )
            .filter(shared__gt=0)
            .annotate(score=movie_score(mean=catalog_mean()))
            .order_by(
                F("shared").desc(),
                F("score").desc(nulls_last=True),
                F("ratings_count").desc(),
                binary_order("title_key"),
                F("id").asc(),
            )
            .values_list("pk", flat=True)[:limit]
        )
        return list(rows)


def _count_links(model, **condition):
    """How many of a film's genre or director links meet ``condition`` (0 when none)."""
    counts = (
        model.objects.filter(movie=OuterRef("pk"), **condition)
        .order_by()
        .values("movie")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts), 0)

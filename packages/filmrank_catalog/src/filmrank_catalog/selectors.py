"""Reads of the catalog: querysets carrying what rankings need, never a scan of the ratings."""

from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast

from filmrank_catalog.conf import catalog_setting
from filmrank_catalog.models import Director, Genre, Movie, MovieDirector, MovieGenre
from filmrank_catalog.text import normalize_key, title_key

RANKING_METHODS = ("weighted", "mean")
# Ids beyond a 64-bit integer cannot exist (and would overflow SQLite's parameters).
MAX_ID = 2**63 - 1


def catalog_mean() -> float:
    """C in the weighted score: the mean of every rating in the catalog.

    Summed from the films' statistics (one row per film), not from the ratings table.
    """
    totals = Movie.objects.aggregate(total=Sum("ratings_sum"), count=Sum("ratings_count"))
    if not totals["count"]:
        return 0.0
    return totals["total"] / totals["count"]


def weighted_score(*, mean: float, min_votes: int | None = None):
    """The Bayesian weighted average v/(v+m)·R + m/(v+m)·C, as a database expression.

    It equals (sum + m·C) / (v + m); with m = 0 and no votes it is NULL.
    """
    m = catalog_setting("RANKING_MIN_VOTES") if min_votes is None else min_votes
    numerator = Cast("ratings_sum", FloatField()) + Value(m * mean, output_field=FloatField())
    denominator = Cast(F("ratings_count") + Value(m), FloatField())
    if m == 0:
        return F("average")
    return ExpressionWrapper(numerator / denominator, output_field=FloatField())


def movie_score(*, mean: float):
    """The weighted score a film shows: NULL for a film nobody rated (it has no rank)."""
    return Case(
        When(ratings_count__gt=0, then=weighted_score(mean=mean)),
        default=None,
        output_field=FloatField(),
    )


def movie_credits_prefetch() -> list[Prefetch]:
    """Genres and directors of each film in credit order: two queries for any page size."""
    return [
        Prefetch(
            "genre_links",
            queryset=MovieGenre.objects.select_related("genre").order_by("position", "id"),
        ),
        Prefetch(
            "director_links",
            queryset=MovieDirector.objects.select_related("director").order_by("position", "id"),
        ),
    ]


def movie_queryset() -> QuerySet[Movie]:
    return Movie.objects.select_related("added_by").prefetch_related(*movie_credits_prefetch())


def movies_filter(
    queryset: QuerySet[Movie], *, genre: Genre | None = None, director: str | None = None
) -> QuerySet[Movie]:
    """Films with this genre and/or a director whose name matches (case/accent-insensitive)."""
    if genre is not None:
        queryset = queryset.filter(
            Exists(MovieGenre.objects.filter(movie=OuterRef("pk"), genre=genre))
        )
    key = normalize_key(director or "")
    if key:
        queryset = queryset.filter(
            Exists(
                MovieDirector.objects.filter(movie=OuterRef("pk"), director__name_key__contains=key)
            )
        )
    return queryset


def movies_search(queryset: QuerySet[Movie], *, query: str | None) -> QuerySet[Movie]:
    """Films whose title, or a director's name, contains ``query``.

    Case, accents, spacing and a trailing article ("Matrix, The") are folded.
    """
    key = title_key(query or "")
    if not key:
        return queryset
    by_director = MovieDirector.objects.filter(
        movie=OuterRef("pk"), director__name_key__contains=normalize_key(query)
    )
    return queryset.filter(Q(title_key__contains=key) | Exists(by_director))


def movie_ranking(
    *,
    genre: Genre | None = None,
    director: str | None = None,
    min_ratings: int = 1,
    method: str = "weighted",
) -> QuerySet[Movie]:
    """Films best first, each annotated with ``score``.

    ``weighted`` orders by the Bayesian score, ``mean`` by the plain mean; ties go to the film
    with more ratings, then by title. Films nobody rated are not ranked.
    """
    if method not in RANKING_METHODS:
        raise ValueError(f"unknown ranking method {method!r}")
    queryset = movies_filter(movie_queryset(), genre=genre, director=director)
    queryset = queryset.filter(ratings_count__gte=max(1, min_ratings))
    score = weighted_score(mean=catalog_mean()) if method == "weighted" else F("average")
    return queryset.annotate(score=score).order_by(
        F("score").desc(nulls_last=True), "-ratings_count", "title", "id"
    )


def movie_rank(movie: Movie, *, mean: float | None = None) -> int | None:
    """The film's position in the general (weighted) ranking, or None if nobody rated it."""
    if not movie.ratings_count:
        return None
    mean = catalog_mean() if mean is None else mean
    scored = Movie.objects.filter(ratings_count__gte=1).annotate(score=weighted_score(mean=mean))
    own = scored.get(pk=movie.pk).score
    ahead = scored.filter(
        Q(score__gt=own)
        | Q(score=own, ratings_count__gt=movie.ratings_count)
        | Q(score=own, ratings_count=movie.ratings_count, title__lt=movie.title)
        | Q(score=own, ratings_count=movie.ratings_count, title=movie.title, id__lt=movie.pk)
    ).count()
    return ahead + 1


def movie_get(*, movie_id: int) -> Movie | None:
    """One film for its detail page, with ``score`` (annotated) and ``rank`` (attribute).

    Both are None when nobody rated the film. None when there is no such film.
    """
    if not 0 < movie_id <= MAX_ID:
        return None
    mean = catalog_mean()
    movie = movie_queryset().annotate(score=movie_score(mean=mean)).filter(pk=movie_id).first()
    if movie is not None:
        movie.rank = movie_rank(movie, mean=mean)
    return movie


def genre_list() -> QuerySet[Genre]:
    # Meta.ordering does not apply to aggregating queries: order explicitly.
    return (
        Genre.objects.annotate(movie_count=Count("movie_links"))
        .prefetch_related("aliases")
        .order_by("name", "id")
    )


def directors_filter(queryset: QuerySet[Director], *, search: str | None) -> QuerySet[Director]:
    """Directors whose name contains ``search`` (case, accents and spacing folded)."""
    key = normalize_key(search or "")
    if not key:
        return queryset
    return queryset.filter(name_key__contains=key)


def director_list(*, search: str | None = None) -> QuerySet[Director]:
    queryset = Director.objects.annotate(movie_count=Count("movie_links"))
    return directors_filter(queryset, search=search).order_by("name", "id")

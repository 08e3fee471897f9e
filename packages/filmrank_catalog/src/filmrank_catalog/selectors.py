"""Reads of the catalog: querysets carrying what rankings need, never a scan of the ratings."""

from django.db.models import (
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
)
from django.db.models.functions import Cast

from filmrank_catalog.conf import catalog_setting
from filmrank_catalog.models import Director, Genre, Movie, MovieDirector, MovieGenre
from filmrank_catalog.text import normalize_key

RANKING_METHODS = ("weighted", "mean")


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
    if director:
        key = normalize_key(director)
        queryset = queryset.filter(
            Exists(
                MovieDirector.objects.filter(movie=OuterRef("pk"), director__name_key__contains=key)
            )
        )
    return queryset


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


def genre_list() -> QuerySet[Genre]:
    return Genre.objects.annotate(movie_count=Count("movie_links")).prefetch_related("aliases")


def director_list(*, search: str | None = None) -> QuerySet[Director]:
    queryset = Director.objects.annotate(movie_count=Count("movie_links"))
    if search:
        queryset = queryset.filter(name_key__contains=normalize_key(search))
    return queryset.order_by("name", "id")

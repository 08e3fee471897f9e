"""Films like a given film: shared genres, shared directors and shared raters.

A film's neighbours are worked out once and kept in Django's cache, because the shared-raters
part reads the ratings table. The work is bounded whatever the size of that table:

* **shared raters** - a sample of at most ``RATER_SAMPLE`` people who liked the film (rated it
  ``LIKED_RATING`` or more; the ``(movie, rating)`` index hands them out best rating first and
  stops at the limit), then every film *those* people liked. A person rates a few hundred
  films, so that is ~``RATER_SAMPLE`` x their ratings rows, the same at 100k or 100M ratings.
  For a film Y, ``shared`` sampled fans also liked Y; ``shared / sample`` estimates the share
  of the film's fans who like Y, and scaling it by ``sqrt(ratings(X) / ratings(Y))`` gives the
  cosine of the two films' audiences, so a film everybody rated (a blockbuster) does not look
  similar to everything. ``shared / (shared + RATER_SHRINK)`` damps a coincidence of one or two
  people.
* **shared directors** - every film of the film's directors (a director has a handful).
* **shared genres** - the ``CANDIDATES`` films sharing the most genres, better-known first;
  scored by the Jaccard index of the two films' genre sets.

``similarity = w_raters * raters + w_genres * jaccard + w_directors * (shares a director)``,
in [0, 1]. The top ``KEEP`` are cached as ``(movie id, similarity, shared raters)``; the film
rows themselves (title, credits, statistics) are read fresh for every page.

Freshness: the cache key holds the film's rating-count *bucket* (a new bucket each time its
ratings grow by a quarter), so a film's list is rebuilt as its audience grows - at once for a
new film, rarely for one with thousands of ratings, where one more rating changes nothing. An
entry also expires after ``CACHE_SECONDS``, which bounds how long another film's new ratings or
credits take to show. ``movies_changed`` is not used as a version: it fires on every rating,
so bumping on it would empty the cache at the write rate. A deleted film simply drops out of
the lists (the page query only finds films that exist).
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, overload

from django.core.cache import cache
from django.db.models import Count, Q

from filmrank_catalog.models import Movie, MovieDirector, MovieGenre
from filmrank_catalog.selectors import movie_queryset
from filmrank_reviews.models import WatchedEntry

LIKED_RATING: Final = 4
RATER_SAMPLE: Final = 250
RATER_SHRINK: Final = 3
CANDIDATES: Final = 300
KEEP: Final = 100
WEIGHT_RATERS: Final = 0.55
WEIGHT_GENRES: Final = 0.3
WEIGHT_DIRECTORS: Final = 0.15
CACHE_SECONDS: Final = 6 * 60 * 60
ALGORITHM_VERSION: Final = 1
COMPUTE_MAX_QUERIES: Final = 8  # what a cache miss costs, at most
_BUCKET_GROWTH: Final = math.log(1.25)


@dataclass(frozen=True)
class Neighbour:
    """One film similar to another, as cached."""

    movie_id: int
    similarity: float
    shared_raters: int


def _count_bucket(ratings_count: int) -> int:
    return int(math.log1p(ratings_count) / _BUCKET_GROWTH)


def similar_cache_key(movie: Movie) -> str:
    bucket = _count_bucket(movie.ratings_count)
    return f"filmrank:similar:v{ALGORITHM_VERSION}:{movie.pk}:{bucket}"


def _rater_similarity(*, shared: int, sample: int, ratings_x: int, ratings_y: int) -> float:
    if not shared or not sample or not ratings_y:
        return 0.0
    share = shared / sample
    cosine = min(1.0, share * math.sqrt(max(ratings_x, sample) / max(ratings_y, shared)))
    return cosine * shared / (shared + RATER_SHRINK)


def similar_movies_compute(*, movie: Movie) -> list[Neighbour]:
    """Rank the films most like ``movie`` (never itself): bounded work, at most
    ``COMPUTE_MAX_QUERIES`` queries."""
    genre_ids = set(MovieGenre.objects.filter(movie=movie).values_list("genre_id", flat=True))
    director_ids = set(
        MovieDirector.objects.filter(movie=movie).values_list("director_id", flat=True)
    )

    fans = list(
        WatchedEntry.objects.filter(movie=movie, rating__gte=LIKED_RATING)
        .order_by("-rating")
        .values_list("user_id", flat=True)[:RATER_SAMPLE]
    )
    co_liked: dict[int, int] = {}
    if fans:
        rows = (
            WatchedEntry.objects.filter(user_id__in=fans, rating__gte=LIKED_RATING)
            .exclude(movie_id=movie.pk)
            .values("movie_id")
            .annotate(shared=Count("id"))
            .order_by("-shared", "movie_id")[:CANDIDATES]
        )
        co_liked = {r["movie_id"]: r["shared"] for r in rows}

    shared_directors: dict[int, int] = {}
    if director_ids:
        rows = (
            MovieDirector.objects.filter(director_id__in=director_ids)
            .exclude(movie_id=movie.pk)
            .values("movie_id")
            .annotate(shared=Count("id"))
            .order_by("-shared", "movie_id")[:CANDIDATES]
        )
        shared_directors = {r["movie_id"]: r["shared"] for r in rows}

    genre_candidates: list[int] = []
    if genre_ids:
        genre_candidates = list(
            MovieGenre.objects.filter(genre_id__in=genre_ids)
            .exclude(movie_id=movie.pk)
            .values("movie_id", "movie__ratings_count")
            .annotate(shared=Count("id"))
            .order_by("-shared", "-movie__ratings_count", "movie_id")
            .values_list("movie_id", flat=True)[:CANDIDATES]
        )

    candidates = set(co_liked) | set(shared_directors) | set(genre_candidates)
    if not candidates:
        return []
    # Counted apart from the co-ratings: joining the films there doubles that query's time.
    ratings_count = (
        dict(Movie.objects.filter(pk__in=co_liked).values_list("pk", "ratings_count"))
        if co_liked
        else {}
    )
    jaccard: dict[int, float] = {}
    if genre_ids:
        rows = (
            MovieGenre.objects.filter(movie_id__in=candidates)
            .values("movie_id")
            .annotate(total=Count("id"), shared=Count("id", filter=Q(genre_id__in=genre_ids)))
        )
        jaccard = {
            r["movie_id"]: r["shared"] / (len(genre_ids) + r["total"] - r["shared"]) for r in rows
        }

    neighbours = []
    for movie_id in candidates:
        shared = co_liked.get(movie_id, 0)
        raters = _rater_similarity(
            shared=shared,
            sample=len(fans),
            ratings_x=movie.ratings_count,
            ratings_y=ratings_count.get(movie_id, 0),
        )
        similarity = (
            WEIGHT_RATERS * raters
            + WEIGHT_GENRES * jaccard.get(movie_id, 0.0)
            + WEIGHT_DIRECTORS * (1.0 if shared_directors.get(movie_id) else 0.0)
        )
        if similarity > 0:
            neighbours.append(Neighbour(movie_id, round(similarity, 4), shared))
    neighbours.sort(key=lambda n: (-n.similarity, -n.shared_raters, n.movie_id))
    return neighbours[:KEEP]


def similar_neighbours_many(*, movies: Sequence[Movie]) -> dict[int, list[Neighbour]]:
    """The cached neighbours of each film (by id), computed and cached for the misses.

    One cache round trip for the hits; a miss costs ``similar_movies_compute``'s queries.
    """
    keys = {similar_cache_key(movie): movie for movie in movies}
    cached = cache.get_many(list(keys))
    result: dict[int, list[Neighbour]] = {}
    missed: dict[str, list[tuple[int, float, int]]] = {}
    for key, movie in keys.items():
        if key in cached:
            result[movie.pk] = [Neighbour(*row) for row in cached[key]]
            continue
        neighbours = similar_movies_compute(movie=movie)
        result[movie.pk] = neighbours
        missed[key] = [(n.movie_id, n.similarity, n.shared_raters) for n in neighbours]
    if missed:
        cache.set_many(missed, CACHE_SECONDS)
    return result


def similar_movies_neighbours(*, movie: Movie) -> list[Neighbour]:
    """The cached neighbours of ``movie``, computed on a miss."""
    return similar_neighbours_many(movies=[movie])[movie.pk]


class SimilarMovies(Sequence[Movie]):
    """A film's neighbours as a sequence a paginator can page through.

    Its length is known without a query; a slice loads only its films (with credits, in
    three queries), each carrying ``similarity`` and ``shared_raters``.
    """

    def __init__(self, neighbours: Sequence[Neighbour]) -> None:
        self._neighbours = list(neighbours)

    def __len__(self) -> int:
        return len(self._neighbours)

    @overload
    def __getitem__(self, index: int) -> Movie: ...

    @overload
    def __getitem__(self, index: slice) -> list[Movie]: ...

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1 or None][0]
        chosen = self._neighbours[index]
        movies = movie_queryset().in_bulk([n.movie_id for n in chosen])
        page = []
        for neighbour in chosen:
            movie = movies.get(neighbour.movie_id)
            if movie is not None:  # deleted since the list was read
                movie.similarity = neighbour.similarity
                movie.shared_raters = neighbour.shared_raters
                page.append(movie)
        return page


def similar_movies(*, movie: Movie) -> SimilarMovies:
    """Films like ``movie``, most similar first, each with ``similarity`` and ``shared_raters``.

    Paginate it like a queryset: one query drops films deleted since the list was cached,
    then a page costs three more (films with their adders, genres, directors). Ordering a
    queryset by the cached scores instead would need a CASE over every id, which Django takes
    longer to compile than the database takes to run.
    """
    neighbours = similar_movies_neighbours(movie=movie)
    existing = set(
        Movie.objects.filter(pk__in=[n.movie_id for n in neighbours]).values_list("pk", flat=True)
    )
    return SimilarMovies([n for n in neighbours if n.movie_id in existing])

"""What to watch next: the best unseen films of a genre, blended with what the people who like
the user's favourite films also liked.

Two sources make one list, ordered by the films' public weighted ``score`` (best first, as the
genre ranking ``filmrank_catalog.selectors.movie_ranking`` orders it):

* **genre** - every rated film of the user's favourite genre, or of ``?genre=``, that they
  have not logged. This alone answers a cold start (no ratings yet).
* **similar raters** (item-to-item co-occurrence) - the user's *seeds* are their
  ``SEED_LIMIT`` best-rated films (``LIKED_RATING`` or more, most recent first among equals).
  For each seed, ``filmrank_reviews.similarity`` keeps (cached) the films its fans also liked,
  blended with shared genres and directors. Films linked to the seeds by shared fans are
  summed over the seeds, weighted by how much the user liked each seed (``rating - 3``); the
  ``PICK_LIMIT`` best the user has not logged are the picks.

By default the list keeps to the genre, as the contract says, and picks mark the genre's
films they confirm (``genre_and_similar_raters``). With ``beyond_genre`` (and no ``?genre=``:
asking for a genre means that genre) picks from other genres join the list too (reason
``similar_raters``).

Bounded work: one query reads the user's own list (their seen films and seeds), one the seed
films; the neighbours of the <= ``SEED_LIMIT`` seeds come from one cache round trip. A seed
nobody asked about in ``similarity.CACHE_SECONDS`` is computed on the spot (bounded: see
``similarity``), so the first request after a cold start may cost up to ``SEED_LIMIT`` such
computations; popular films are shared seeds, so the cache stays warm. Then the page: the
catalog mean, the count, the page, two credit prefetches.
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Q, QuerySet, Value, When

from filmrank_catalog.models import Genre, Movie, MovieGenre
from filmrank_catalog.selectors import movie_ranking
from filmrank_catalog.services import genre_resolve
from filmrank_reviews.models import WatchedEntry
from filmrank_reviews.similarity import similar_neighbours_many

LIKED_RATING = 4
SEED_LIMIT = 10
PICK_LIMIT = 40

NO_GENRE_MESSAGE = (
    "There is no genre to recommend from: you have no favourite genre. Set one with "
    'PATCH /api/me/ {"favorite_genre": "<genre>"}, or pass ?genre=<genre>.'
)


class Reason(models.TextChoices):
    FAVORITE_GENRE = "favorite_genre", "One of the best films of your favourite genre"
    REQUESTED_GENRE = "requested_genre", "One of the best films of the genre you asked for"
    SIMILAR_RATERS = "similar_raters", "Liked by the people who like the films you rated highly"
    GENRE_AND_SIMILAR_RATERS = (
        "genre_and_similar_raters",
        "In your genre, and liked by the people who like the films you rated highly",
    )


def recommendation_genre(*, user, genre: str | None = None) -> tuple[Genre, bool]:
    """The genre to recommend from, and whether the user asked for it (``?genre=``).

    Raises ValidationError (under ``genre``) for an unknown genre, naming the valid ones, and
    when there is neither a requested nor a favourite genre.
    """
    if genre is not None and genre.strip():
        try:
            return genre_resolve(genre), True
        except ValidationError as exc:
            raise ValidationError({"genre": exc.messages}) from exc
    if user.favorite_genre_id is None:
        raise ValidationError({"genre": [NO_GENRE_MESSAGE]}, code="no_genre")
    return Genre.objects.get(pk=user.favorite_genre_id), False


def similar_raters_picks(*, user) -> list[int]:
    """Ids of the films the fans of ``user``'s best-rated films also liked, unseen, best first.

    Empty when the user has not rated anything ``LIKED_RATING`` or more yet.
    """
    ratings = list(
        WatchedEntry.objects.filter(user=user)
        .order_by("-rating", "-created_at", "-id")
        .values_list("movie_id", "rating")
    )
    seen = {movie_id for movie_id, _ in ratings}
    weights = {
        movie_id: rating - (LIKED_RATING - 1)
        for movie_id, rating in ratings[:SEED_LIMIT]
        if rating >= LIKED_RATING
    }
    if not weights:
        return []
    seeds = list(Movie.objects.filter(pk__in=weights).only("pk", "ratings_count"))
    affinity: dict[int, float] = defaultdict(float)
    for seed_id, neighbours in similar_neighbours_many(movies=seeds).items():
        for neighbour in neighbours:
            if neighbour.shared_raters and neighbour.movie_id not in seen:
                affinity[neighbour.movie_id] += neighbour.similarity * weights[seed_id]
    ranked = sorted(affinity.items(), key=lambda item: (-item[1], item[0]))
    return [movie_id for movie_id, _ in ranked[:PICK_LIMIT]]


def movie_recommendations(
    *, user, genre: str | None = None, beyond_genre: bool = False
) -> QuerySet[Movie]:
    """Films for ``user``, best weighted ``score`` first, each annotated with its ``reason``.

    ``genre`` (a name or alias) overrides the favourite genre; ``beyond_genre`` lets the
    similar raters' picks from other genres in (favourite genre only). Raises
    ValidationError when there is no genre to go on or it is unknown.
    """
    chosen, requested = recommendation_genre(user=user, genre=genre)
    picks = similar_raters_picks(user=user)
    # Uncorrelated subqueries: the database builds each set once, where a correlated EXISTS
    # would run per film and per mention (filter, then reason).
    in_genre = Q(pk__in=MovieGenre.objects.filter(genre=chosen).values("movie_id"))
    seen = WatchedEntry.objects.filter(user=user).values("movie_id")
    genre_reason = Reason.REQUESTED_GENRE if requested else Reason.FAVORITE_GENRE
    # An empty ``pk__in`` matches nothing: Django drops it from the OR and from the Case.
    wanted = in_genre | Q(pk__in=picks) if beyond_genre and not requested else in_genre
    return (
        movie_ranking()
        .filter(wanted)
        .exclude(pk__in=seen)
        .annotate(
            reason=Case(
                When(in_genre & Q(pk__in=picks), then=Value(Reason.GENRE_AND_SIMILAR_RATERS)),
                When(in_genre, then=Value(genre_reason)),
                default=Value(Reason.SIMILAR_RATERS),
                output_field=models.CharField(),
            )
        )
    )

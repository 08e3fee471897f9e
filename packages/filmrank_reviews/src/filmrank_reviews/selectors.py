"""Reads of watched lists, personal rankings and the users directory.

Every queryset here carries what its serializer shows (the film with its credits), so a page
costs the same few queries whatever its size.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber

from filmrank_catalog.models import Genre, MovieGenre
from filmrank_catalog.selectors import movie_credits_prefetch
from filmrank_catalog.text import fold
from filmrank_reviews.models import WatchedEntry

TOP_RANKING_SIZE = 10

# ?ordering= values of the watched list, and what each sorts by (ties: most recent first).
WATCHED_ORDERINGS = {
    "rating": "rating",
    "watched_on": "watched_on",
    "created_at": "created_at",
    "title": "movie__title",
}
DEFAULT_WATCHED_ORDERING = "-created_at"

# A personal ranking: highest rating first, ties broken by the most recently rated.
RANKING_ORDER = (F("rating").desc(), F("created_at").desc(), F("id").desc())


def watched_entry_queryset() -> QuerySet[WatchedEntry]:
    """Entries with their film, its adder and its credits (three queries per page)."""
    credits = [
        Prefetch(f"movie__{prefetch.prefetch_through}", queryset=prefetch.queryset)
        for prefetch in movie_credits_prefetch()
    ]
    return WatchedEntry.objects.select_related("movie__added_by").prefetch_related(*credits)


def watched_entry_get(*, user, entry_id: int) -> WatchedEntry | None:
    """The user's own entry, or None (another user's entry is as good as missing)."""
    return watched_entry_queryset().filter(user=user, pk=entry_id).first()


def watched_list(
    *, user, genre: Genre | None = None, ordering: str = DEFAULT_WATCHED_ORDERING
) -> QuerySet[WatchedEntry]:
    """The user's watched list, optionally only films of ``genre``.

    ``ordering`` is a key of WATCHED_ORDERINGS, ``-`` prefixed for descending; films without
    a watched date sort last either way.
    """
    descending = ordering.startswith("-")
    key = ordering.removeprefix("-")
    if key not in WATCHED_ORDERINGS:
        raise ValueError(f"unknown ordering {ordering!r}")
    field = F(WATCHED_ORDERINGS[key])
    primary = field.desc(nulls_last=True) if descending else field.asc(nulls_last=True)
    queryset = watched_entry_queryset().filter(user=user)
    if genre is not None:
        queryset = queryset.filter(
            Exists(MovieGenre.objects.filter(movie=OuterRef("movie_id"), genre=genre))
        )
    return queryset.order_by(primary, "-created_at", "-id")


def user_ranking(*, user) -> QuerySet[WatchedEntry]:
    """The user's personal ranking, each entry annotated with its 1-based ``position``."""
    return (
        watched_entry_queryset()
        .filter(user=user)
        .annotate(position=Window(RowNumber(), order_by=RANKING_ORDER))
        .order_by(*RANKING_ORDER)
    )


def user_ratings_count():
    """Each user's number of ratings, counted per user row by a correlated subquery.

    Unlike a JOIN + GROUP BY, it is computed only for the users a page shows (the list is
    ordered by an index on name, id), so it never aggregates the whole ratings table.
    """
    per_user = (
        WatchedEntry.objects.filter(user=OuterRef("pk"))
        .order_by()
        .values("user")
        .annotate(count=Count("*"))
        .values("count")
    )
    return Coalesce(Subquery(per_user, output_field=IntegerField()), 0)


def user_list(*, search: str | None = None):
    """Active users, each annotated with ``ratings_count``; ``search`` matches their names."""
    queryset = (
        get_user_model()
        .objects.filter(is_active=True)
        .select_related("favorite_genre")
        .annotate(ratings_count=user_ratings_count())
    )
    if search and fold(search):
        queryset = queryset.filter(name__icontains=fold(search))
    return queryset.order_by("name", "id")


def user_get(*, user_id: int):
    """An active user with ``ratings_count``, or None."""
    return user_list().filter(pk=user_id).first()


def users_top_rankings(
    user_ids: Iterable[int], *, size: int = TOP_RANKING_SIZE
) -> dict[int, list[WatchedEntry]]:
    """Each user's top ``size`` entries (with ``position``), in one query for all the users.

    ROW_NUMBER() numbers each user's entries in ranking order and the outer query keeps the
    first ``size``; films and credits come with it (plus the two credits queries).
    """
    user_ids = list(user_ids)
    rankings: dict[int, list[WatchedEntry]] = defaultdict(list)
    if not user_ids:
        return rankings
    entries = (
        watched_entry_queryset()
        .filter(user_id__in=user_ids)
        .annotate(position=Window(RowNumber(), partition_by=[F("user_id")], order_by=RANKING_ORDER))
        .filter(Q(position__lte=size))
        .order_by("user_id", "position")
    )
    for entry in entries:
        rankings[entry.user_id].append(entry)
    return rankings

"""Writes to watched lists. Keyword-only, typed, transactional.

Every write that adds, changes or removes a rating moves the film's statistics
(``ratings_count``/``ratings_sum``) by the exact delta in the same transaction, so the catalog
never has to aggregate the ratings table and the statistics always equal that aggregate.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from filmrank_catalog.models import MIN_YEAR, Movie
from filmrank_catalog.services import movie_get_or_create, movie_stats_apply
from filmrank_catalog.signals import movies_changed
from filmrank_reviews.models import MAX_RATING, MIN_RATING, WatchedEntry
from filmrank_reviews.notifications import rating_notify

# The earliest time zone is UTC+14: a date is only "in the future" once it is tomorrow there.
_EARLIEST_UTC_OFFSET: Final = datetime.timedelta(hours=14)


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = _Unset()


class WatchedEntryAlreadyExists(Exception):
    """The user already has this film in their watched list (the API answers 409)."""

    def __init__(self, *, entry_id: int, movie: Movie) -> None:
        self.entry_id = entry_id
        self.movie = movie
        super().__init__(
            f'"{movie}" is already in your watched list (entry {entry_id}); '
            "change its rating or date instead."
        )


def _latest_watch_date() -> datetime.date:
    return (timezone.now() + _EARLIEST_UTC_OFFSET).date()


def _entry_errors(*, rating: Any = UNSET, watched_on: Any = UNSET) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if rating is not UNSET and (
        isinstance(rating, bool)
        or not isinstance(rating, int)
        or not MIN_RATING <= rating <= MAX_RATING
    ):
        errors["rating"] = [f"A rating is a whole number from {MIN_RATING} to {MAX_RATING}."]
    if watched_on is not UNSET and watched_on is not None:
        if not isinstance(watched_on, datetime.date) or isinstance(watched_on, datetime.datetime):
            errors["watched_on"] = ["Give the date you watched the film (YYYY-MM-DD)."]
        elif watched_on > _latest_watch_date():
            errors["watched_on"] = ["The date you watched a film cannot be in the future."]
        elif watched_on.year < MIN_YEAR:
            errors["watched_on"] = [f"Films exist since {MIN_YEAR}: give a later date."]
    return errors


def _entry_validate(*, rating: Any = UNSET, watched_on: Any = UNSET) -> None:
    errors = _entry_errors(rating=rating, watched_on=watched_on)
    if errors:
        raise ValidationError(errors)


def _existing_entry_id(*, user, movie: Movie) -> int | None:
    return WatchedEntry.objects.filter(user=user, movie=movie).values_list("pk", flat=True).first()


@transaction.atomic
def watched_entry_create(
    *, user, movie: Movie, rating: int, watched_on: datetime.date | None = None
) -> WatchedEntry:
    """Add a film to the user's watched list with their rating.

    Raises ValidationError for a bad rating or date, and WatchedEntryAlreadyExists when the
    film is already in the list, including when a concurrent request added it first (the
    unique constraint rejects the second insert inside a savepoint).
    """
    _entry_validate(rating=rating, watched_on=watched_on)
    existing_id = _existing_entry_id(user=user, movie=movie)
    if existing_id is not None:
        raise WatchedEntryAlreadyExists(entry_id=existing_id, movie=movie)
    try:
        with transaction.atomic():
            entry = WatchedEntry.objects.create(
                user=user, movie=movie, rating=rating, watched_on=watched_on
            )
    except IntegrityError:
        existing_id = _existing_entry_id(user=user, movie=movie)
        if existing_id is None:
            raise
        raise WatchedEntryAlreadyExists(entry_id=existing_id, movie=movie) from None
    movie_stats_apply(movie_id=movie.pk, count_delta=1, sum_delta=rating)
    rating_notify(entry=entry, previous_rating=None)
    return entry


@transaction.atomic
def watched_entry_create_from_fields(
    *,
    user,
    title: str,
    year: int | None,
    directors: Sequence[str],
    genres: Sequence[str],
    rating: int,
    watched_on: datetime.date | None = None,
) -> WatchedEntry:
    """Find the film in the catalog (or add it, credited to ``user``) and add it to the list.

    The film is matched as the catalog matches it (title + year + a director, ignoring case,
    accents and spacing), so a differently spelled duplicate is still a
    WatchedEntryAlreadyExists.
    """
    _entry_validate(rating=rating, watched_on=watched_on)
    movie, _created = movie_get_or_create(
        title=title, year=year, directors=directors, genres=genres, added_by=user
    )
    return watched_entry_create(user=user, movie=movie, rating=rating, watched_on=watched_on)


@transaction.atomic
def watched_entry_update(
    *, entry: WatchedEntry, rating: Any = UNSET, watched_on: Any = UNSET
) -> WatchedEntry:
    """Change the rating and/or the date of an entry; omitted arguments stay as they are.

    The entry row is locked first, so concurrent changes of one entry queue and each moves the
    film's statistics by the difference from the rating the previous one left. Raises
    WatchedEntry.DoesNotExist if the entry was deleted meanwhile.
    """
    _entry_validate(rating=rating, watched_on=watched_on)
    locked = WatchedEntry.objects.select_for_update(of=("self",)).get(pk=entry.pk)
    previous_rating = locked.rating
    fields = ["updated_at"]
    if rating is not UNSET:
        locked.rating = rating
        fields.append("rating")
    if watched_on is not UNSET:
        locked.watched_on = watched_on
        fields.append("watched_on")
    if len(fields) > 1:
        locked.save(update_fields=fields)
    if locked.rating != previous_rating:
        movie_stats_apply(
            movie_id=locked.movie_id, count_delta=0, sum_delta=locked.rating - previous_rating
        )
        rating_notify(entry=locked, previous_rating=previous_rating)
    return locked


@transaction.atomic
def watched_entry_delete(*, entry: WatchedEntry) -> None:
    """Remove an entry and its rating from the film's statistics.

    Raises WatchedEntry.DoesNotExist if a concurrent request deleted it first, so its rating is
    never subtracted twice.
    """
    locked = WatchedEntry.objects.select_for_update(of=("self",)).get(pk=entry.pk)
    locked.delete()
    movie_stats_apply(movie_id=locked.movie_id, count_delta=-1, sum_delta=-locked.rating)


@transaction.atomic
def user_ratings_withdraw(*, user) -> list[int]:
    """Take every rating of ``user`` out of the films' statistics (before the account goes).

    One UPDATE covers all their films: a user rates a film at most once, so each film loses one
    rating and that rating's value, both in the same statement, which keeps the statistics'
    check constraint satisfied row by row. Returns the ids of the films that changed.
    """
    entries = WatchedEntry.objects.filter(user=user)
    movie_ids = list(entries.order_by("movie_id").values_list("movie_id", flat=True))
    if not movie_ids:
        return []
    own_rating = entries.filter(movie=OuterRef("pk")).values("rating")[:1]
    Movie.objects.filter(pk__in=entries.values("movie_id")).update(
        ratings_count=F("ratings_count") - 1,
        ratings_sum=F("ratings_sum") - Subquery(own_rating),
    )
    movies_changed.send(sender=Movie, movie_ids=movie_ids)
    return movie_ids


@dataclass(frozen=True)
class StatsFix:
    """One film whose stored statistics disagreed with its ratings."""

    movie_id: int
    title: str
    old_count: int
    old_sum: int
    new_count: int
    new_sum: int


def _movies_with_true_stats(queryset):
    ratings = WatchedEntry.objects.filter(movie=OuterRef("pk")).order_by().values("movie")
    return queryset.annotate(
        true_count=Coalesce(Subquery(ratings.annotate(n=Count("pk")).values("n")), 0),
        true_sum=Coalesce(Subquery(ratings.annotate(s=Sum("rating")).values("s")), 0),
    )


def _mismatched(queryset):
    return queryset.filter(~Q(ratings_count=F("true_count")) | ~Q(ratings_sum=F("true_sum")))


@transaction.atomic
def movie_stats_rebuild(*, dry_run: bool = False) -> list[StatsFix]:
    """Set every film's statistics to the aggregate of its ratings; return what was wrong.

    A repair tool, idempotent. The films that need fixing are locked and recounted before
    they are written, so a rating written concurrently is neither lost nor counted twice: its
    delta is applied either before the lock (and the recount sees it) or after (on top of the
    recount).
    """
    candidates = list(
        _mismatched(_movies_with_true_stats(Movie.objects.all())).values_list("pk", flat=True)
    )
    if not candidates:
        return []
    list(Movie.objects.select_for_update().filter(pk__in=candidates).values_list("pk"))
    fixes = [
        StatsFix(
            movie_id=movie.pk,
            title=str(movie),
            old_count=movie.ratings_count,
            old_sum=movie.ratings_sum,
            new_count=movie.true_count,
            new_sum=movie.true_sum,
        )
        for movie in _mismatched(_movies_with_true_stats(Movie.objects.filter(pk__in=candidates)))
        .only("pk", "title", "year", "ratings_count", "ratings_sum")
        .order_by("pk")
    ]
    if dry_run or not fixes:
        return fixes
    for fix in fixes:
        Movie.objects.filter(pk=fix.movie_id).update(
            ratings_count=fix.new_count, ratings_sum=fix.new_sum
        )
    movies_changed.send(sender=Movie, movie_ids=[fix.movie_id for fix in fixes])
    return fixes

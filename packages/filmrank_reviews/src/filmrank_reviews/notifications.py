"""Notifications: written by the rating services inside the rating's transaction, read and
marked read by their recipient only (another user's notification is as good as missing).
"""

from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from filmrank_catalog.selectors import movie_credits_prefetch
from filmrank_reviews.models import Notification, WatchedEntry


def rating_notify(*, entry: WatchedEntry, previous_rating: int | None) -> Notification | None:
    """Tell the film's owner that someone rated it (``previous_rating`` None) or changed it.

    Nothing for one's own films, for imported films (no owner), or when the rating did not
    change. Repeated changes by the same person collapse into their one unread notification,
    which is brought up to date (latest rating, newest first again) instead of piling up; once
    the owner has read it, the next change makes a new one.
    """
    movie = entry.movie
    owner_id = movie.added_by_id
    if owner_id is None or owner_id == entry.user_id or previous_rating == entry.rating:
        return None
    kind = Notification.Kind.RATING if previous_rating is None else Notification.Kind.RATING_CHANGED
    unread = Q(recipient_id=owner_id, actor_id=entry.user_id, movie_id=movie.pk, read=False)
    for _ in range(2):
        existing = Notification.objects.select_for_update().filter(unread).first()
        if existing is not None:
            # An unread "rating" stays a "rating": the owner has not seen the first one yet.
            if existing.kind != Notification.Kind.RATING:
                existing.kind = kind
            existing.rating = entry.rating
            existing.save(update_fields=["kind", "rating", "updated_at"])
            Notification.objects.filter(pk=existing.pk).update(created_at=existing.updated_at)
            existing.created_at = existing.updated_at
            return existing
        try:
            with transaction.atomic():
                return Notification.objects.create(
                    recipient_id=owner_id,
                    actor_id=entry.user_id,
                    movie_id=movie.pk,
                    kind=kind,
                    rating=entry.rating,
                )
        except IntegrityError:
            continue  # a concurrent rating created the unread one first: update that
    return None


def notification_list(*, user, unread: bool | None = None) -> QuerySet[Notification]:
    """``user``'s notifications, newest first: ``unread`` True only unread, False only read.

    Each carries its actor and its film with credits: four queries per page.
    """
    credits = [
        Prefetch(f"movie__{prefetch.prefetch_through}", queryset=prefetch.queryset)
        for prefetch in movie_credits_prefetch()
    ]
    queryset = (
        Notification.objects.filter(recipient=user)
        .select_related("actor", "movie__added_by")
        .prefetch_related(*credits)
    )
    if unread is not None:
        queryset = queryset.filter(read=not unread)
    return queryset.order_by("-created_at", "-id")


def notification_unread_count(*, user) -> int:
    return Notification.objects.filter(recipient=user, read=False).count()


def notification_get(*, user, notification_id: int) -> Notification | None:
    """The user's own notification, or None (whoever else's it is)."""
    return Notification.objects.filter(recipient=user, pk=notification_id).first()


@transaction.atomic
def notification_mark_read(*, notification: Notification) -> None:
    """Mark one notification read; marking a read one again changes nothing."""
    if notification.read:
        return
    Notification.objects.filter(pk=notification.pk, read=False).update(
        read=True, updated_at=timezone.now()
    )
    notification.read = True


@transaction.atomic
def notification_mark_all_read(*, user) -> int:
    """Mark every unread notification of ``user`` read; returns how many changed."""
    return Notification.objects.filter(recipient=user, read=False).update(
        read=True, updated_at=timezone.now()
    )

"""Notifications written by the rating services, inside the rating's transaction."""

from django.db import IntegrityError, transaction
from django.db.models import Q

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

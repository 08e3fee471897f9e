from django.conf import settings
from django.db import models
from django.db.models import Q

MIN_RATING = 1
MAX_RATING = 5


class WatchedEntry(models.Model):
    """A film a user watched, with their 1-5 star rating: the ratings table."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watched_entries"
    )
    movie = models.ForeignKey(
        "filmrank_catalog.Movie", on_delete=models.CASCADE, related_name="watched_entries"
    )
    rating = models.PositiveSmallIntegerField()
    watched_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "watched entries"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "movie"], name="reviews_watched_once"),
            models.CheckConstraint(
                condition=Q(rating__gte=MIN_RATING, rating__lte=MAX_RATING),
                name="reviews_rating_range",
            ),
        ]
        indexes = [
            # personal rankings: a user's films by rating, most recent first
            models.Index(
                fields=["user", "-rating", "-created_at", "-id"], name="reviews_user_ranking_idx"
            ),
            # raters of a film (similar films, recommendations)
            models.Index(fields=["movie", "rating"], name="reviews_movie_rating_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} rated {self.movie_id}: {self.rating}"


class Comment(models.Model):
    movie = models.ForeignKey(
        "filmrank_catalog.Movie", on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments"
    )
    body = models.TextField(max_length=2000)
    spoiler = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["movie", "created_at", "id"], name="reviews_comment_movie_idx")
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="reviews_comment_body_not_empty"),
        ]

    def __str__(self) -> str:
        return f"Comment {self.pk} on {self.movie_id}"


class Notification(models.Model):
    class Kind(models.TextChoices):
        RATING = "rating", "Someone rated a film you added"
        RATING_CHANGED = "rating_changed", "Someone changed their rating of a film you added"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    movie = models.ForeignKey("filmrank_catalog.Movie", on_delete=models.CASCADE, related_name="+")
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    read = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["recipient", "-created_at", "-id"], name="reviews_notif_inbox_idx"
            ),
            models.Index(
                fields=["recipient"], condition=Q(read=False), name="reviews_notif_unread_idx"
            ),
        ]
        constraints = [
            # One unread notification per (recipient, actor, film): repeated changes by the same
            # person update it instead of flooding the inbox.
            models.UniqueConstraint(
                fields=["recipient", "actor", "movie"],
                condition=Q(read=False),
                name="reviews_notif_one_unread",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True)
                | Q(rating__gte=MIN_RATING, rating__lte=MAX_RATING),
                name="reviews_notif_rating_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"

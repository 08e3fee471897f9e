"""Comments on films: reads and writes. Only the author edits a comment; the author or staff
delete it. Services raise ValidationError for a bad body and PermissionDenied for anyone else.
"""

from typing import Final

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404

from filmrank_catalog.models import Movie
from filmrank_catalog.text import fold
from filmrank_reviews.models import Comment

MAX_BODY_LENGTH: Final = 2000


def comment_body_clean(body: str) -> str:
    """The body as stored: trimmed, 1 to ``MAX_BODY_LENGTH`` characters."""
    if not isinstance(body, str):
        raise ValidationError({"body": ["A comment's body is text."]}, code="invalid")
    trimmed = body.strip()
    if not fold(trimmed):  # nothing visible: whitespace, zero-width spaces and the like
        raise ValidationError(
            {"body": ["A comment cannot be blank: write 1 to 2000 characters."]}, code="blank"
        )
    if len(trimmed) > MAX_BODY_LENGTH:
        raise ValidationError(
            {
                "body": [
                    f"A comment has at most {MAX_BODY_LENGTH} characters (after trimming); "
                    f"this one has {len(trimmed)}."
                ]
            },
            code="max_length",
        )
    return trimmed


def comment_list(*, movie: Movie) -> QuerySet[Comment]:
    """A film's comments, oldest first, with their authors (one query per page)."""
    return Comment.objects.filter(movie=movie).select_related("author").order_by("created_at", "id")


def comment_get(*, comment_id: int) -> Comment | None:
    return Comment.objects.select_related("author").filter(pk=comment_id).first()


@transaction.atomic
def comment_create(*, author, movie: Movie, body: str, spoiler: bool = False) -> Comment:
    """Post a comment. ``updated_at`` starts equal to ``created_at``: the comment is unedited."""
    comment = Comment.objects.create(
        movie=movie, author=author, body=comment_body_clean(body), spoiler=bool(spoiler)
    )
    Comment.objects.filter(pk=comment.pk).update(updated_at=comment.created_at)
    comment.updated_at = comment.created_at
    return comment


@transaction.atomic
def comment_update(
    *, comment: Comment, user, body: str | None = None, spoiler: bool | None = None
) -> Comment:
    """Change a comment's body and/or spoiler flag; only its author may (staff neither).

    Saving nothing new leaves it untouched, so it does not show as edited.
    """
    if comment.author_id != user.pk:
        raise PermissionDenied("Only the author of a comment can edit it.")
    comment = _comment_lock(comment)
    fields = []
    if body is not None:
        cleaned = comment_body_clean(body)
        if cleaned != comment.body:
            comment.body = cleaned
            fields.append("body")
    if spoiler is not None and bool(spoiler) != comment.spoiler:
        comment.spoiler = bool(spoiler)
        fields.append("spoiler")
    if fields:
        comment.save(update_fields=[*fields, "updated_at"])
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, user) -> None:
    """Delete a comment: its author may, and so may staff (moderation)."""
    if comment.author_id != user.pk and not user.is_staff:
        raise PermissionDenied("Only the author of a comment or a moderator can delete it.")
    _comment_lock(comment).delete()


def _comment_lock(comment: Comment) -> Comment:
    """The comment's row, locked until the transaction ends, so an edit and a delete (or two
    deletes) racing each other are serialised: the loser finds it gone and gets a 404.
    """
    locked = Comment.objects.select_for_update().select_related("author").filter(pk=comment.pk)
    current = locked.first()
    if current is None:
        raise Http404("No such comment: it was just deleted.")
    return current


def comment_is_edited(comment: Comment) -> bool:
    return comment.updated_at > comment.created_at

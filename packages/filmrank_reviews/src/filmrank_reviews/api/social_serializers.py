"""Serializers of recommendations, similar films, comments and notifications.

People appear by id and public name only, never by email.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from filmrank_catalog.api.serializers import MovieSerializer
from filmrank_catalog.models import Movie
from filmrank_reviews.comments import MAX_BODY_LENGTH, comment_is_edited
from filmrank_reviews.models import Comment, Notification
from filmrank_reviews.recommendations import Reason


class RecommendationQuerySerializer(serializers.Serializer):
    genre = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=(
            "A genre name or alias (see /api/genres/); overrides your favourite genre and "
            "keeps the list to that genre."
        ),
    )
    beyond_genre = serializers.BooleanField(
        required=False,
        default=False,
        help_text=(
            "Also recommend films of other genres that the people who like the films you "
            "rated 4 or 5 liked (reason `similar_raters`). Ignored with `genre`."
        ),
    )


class RecommendationSerializer(MovieSerializer):
    """A recommended film: the film, its weighted score and why it is recommended."""

    score = serializers.FloatField(
        read_only=True, help_text="Bayesian weighted average; the list is ordered by it."
    )
    reason = serializers.ChoiceField(
        choices=Reason.choices,
        read_only=True,
        help_text=(
            "`favorite_genre` / `requested_genre`: one of the best unseen films of the genre; "
            "`similar_raters`: liked by the people who like the films you rated highly; "
            "`genre_and_similar_raters`: both."
        ),
    )

    class Meta(MovieSerializer.Meta):
        fields = [*MovieSerializer.Meta.fields, "score", "reason"]
        read_only_fields = fields


class SimilarMovieSharedSerializer(serializers.Serializer):
    genres = serializers.ListField(
        child=serializers.CharField(), help_text="Genres both films have."
    )
    directors = serializers.ListField(
        child=serializers.CharField(), help_text="Directors of both films."
    )
    raters = serializers.IntegerField(
        help_text=(
            "How many of a sample of people who liked the film (4+ stars) liked this one too."
        )
    )


class SimilarMovieSerializer(MovieSerializer):
    """A film like the one asked about, with how alike they are and what they share.

    Needs ``similarity.similar_movies()`` and, in the context, ``source``: the film asked
    about, with its credits prefetched.
    """

    similarity = serializers.FloatField(
        read_only=True, help_text="0 to 1; the list is ordered by it, most similar first."
    )
    shared = serializers.SerializerMethodField()

    class Meta(MovieSerializer.Meta):
        fields = [*MovieSerializer.Meta.fields, "similarity", "shared"]
        read_only_fields = fields

    @extend_schema_field(SimilarMovieSharedSerializer)
    def get_shared(self, movie: Movie) -> dict:
        source: Movie = self.context["source"]
        genre_ids = {link.genre_id for link in source.genre_links.all()}
        director_ids = {link.director_id for link in source.director_links.all()}
        return {
            "genres": [
                link.genre.name for link in movie.genre_links.all() if link.genre_id in genre_ids
            ],
            "directors": [
                link.director.name
                for link in movie.director_links.all()
                if link.director_id in director_ids
            ],
            "raters": movie.shared_raters,
        }


class CommentAuthorSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="public_name", read_only=True)


class CommentSerializer(serializers.ModelSerializer):
    """A comment as everyone sees it. Needs ``comments.comment_list()`` (author loaded)."""

    movie = serializers.IntegerField(source="movie_id", read_only=True, help_text="The film's id.")
    author = CommentAuthorSerializer(read_only=True, help_text="Id and public name, never email.")
    edited = serializers.SerializerMethodField(help_text="True once its author changed it.")

    class Meta:
        model = Comment
        fields = ["id", "movie", "author", "body", "spoiler", "created_at", "updated_at", "edited"]
        read_only_fields = fields

    def get_edited(self, comment: Comment) -> bool:
        return comment_is_edited(comment)


def _body_field(**kwargs) -> serializers.CharField:
    # Trimming and the 1-2000 rule live in comments.comment_body_clean, whose messages say
    # what to fix; the field only insists on a string.
    return serializers.CharField(
        trim_whitespace=False,
        allow_blank=True,
        help_text=f"1 to {MAX_BODY_LENGTH} characters once surrounding whitespace is trimmed.",
        **kwargs,
    )


class CommentCreateSerializer(serializers.Serializer):
    body = _body_field()
    spoiler = serializers.BooleanField(
        required=False, default=False, help_text="Hide the body behind a spoiler warning."
    )


class CommentUpdateSerializer(serializers.Serializer):
    body = _body_field(required=False)
    spoiler = serializers.BooleanField(required=False)


class NotificationQuerySerializer(serializers.Serializer):
    unread = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="`true`: only unread notifications; `false`: only read ones; omit for all.",
    )


class NotificationActorSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="public_name", read_only=True)


class NotificationSerializer(serializers.ModelSerializer):
    """One notification. Needs ``notifications.notification_list()``."""

    kind = serializers.ChoiceField(
        choices=Notification.Kind.choices,
        read_only=True,
        help_text="`rating`: someone rated a film you added; `rating_changed`: they changed it.",
    )
    actor = NotificationActorSerializer(
        read_only=True, allow_null=True, help_text="Who rated; null if their account is gone."
    )
    movie = MovieSerializer(read_only=True)
    rating = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Their rating now (1-5)."
    )

    class Meta:
        model = Notification
        fields = ["id", "kind", "actor", "movie", "rating", "created_at", "read"]
        read_only_fields = fields

"""Watched lists, personal rankings and the users directory: what goes in and out."""

from collections.abc import Mapping
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from filmrank_catalog.api.errors import ErrorDetailSerializer
from filmrank_catalog.api.filters import GenreQueryField
from filmrank_catalog.api.serializers import MovieSerializer
from filmrank_catalog.models import MAX_YEAR, MIN_YEAR, Director, Genre, Movie
from filmrank_reviews.models import MAX_RATING, MIN_RATING
from filmrank_reviews.selectors import WATCHED_ORDERINGS

MAX_TITLE_LENGTH = Movie._meta.get_field("title").max_length
MAX_DIRECTOR_LENGTH = Director._meta.get_field("name").max_length
MAX_GENRE_LENGTH = Genre._meta.get_field("name").max_length
MAX_CREDITS = 20

# Keys that describe a film by its fields (the second POST shape).
FILM_FIELD_KEYS = ("title", "year", "director", "directors", "genre", "genres")


def rating_field(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=MIN_RATING,
        max_value=MAX_RATING,
        help_text=f"Your rating, a whole number from {MIN_RATING} to {MAX_RATING}.",
        error_messages={
            "invalid": f"A rating is a whole number from {MIN_RATING} to {MAX_RATING}.",
        },
        **kwargs,
    )


def watched_on_field(**kwargs) -> serializers.DateField:
    return serializers.DateField(
        allow_null=True,
        help_text="When you watched the film (YYYY-MM-DD); not in the future. Optional.",
        **kwargs,
    )


def _resolve_genre_name(name: str) -> str:
    return GenreQueryField(allow_blank=False).run_validation(name).name


# --- entries ---------------------------------------------------------------------------------


class WatchedEntrySerializer(serializers.Serializer):
    """An entry of your watched list. Needs ``selectors.watched_entry_queryset()``."""

    id = serializers.IntegerField(read_only=True)
    movie = MovieSerializer(read_only=True)
    rating = serializers.IntegerField(read_only=True, help_text="Your rating, 1-5.")
    watched_on = serializers.DateField(read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True, help_text="When you added it.")
    updated_at = serializers.DateTimeField(read_only=True, help_text="When you last changed it.")


class WatchedEntryConflictSerializer(ErrorDetailSerializer):
    """409 body: the film is already in your watched list; ``entry_id`` is that entry."""

    entry_id = serializers.IntegerField()


class WatchedEntryCreateByIdSerializer(serializers.Serializer):
    """Add a film that is already in the catalog, by its id."""

    movie = serializers.PrimaryKeyRelatedField(
        queryset=Movie.objects.all(), help_text="The id of a film in the catalog."
    )
    rating = rating_field()
    watched_on = watched_on_field(required=False)

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        # PrimaryKeyRelatedField would look 1.9 up as film 1; an id is a whole number.
        movie = data.get("movie") if isinstance(data, Mapping) else None
        if isinstance(movie, bool | float):
            raise serializers.ValidationError(
                {"movie": ["A film id is a whole number, e.g. 42 (see /api/movies/)."]}
            )
        return super().to_internal_value(data)


class WatchedEntryCreateByFieldsSerializer(serializers.Serializer):
    """Describe the film; it is found in the catalog (ignoring case, accents and spacing)
    or added to it. Give ``director`` or ``directors``; a film new to the catalog also needs
    ``genre`` or ``genres``."""

    title = serializers.CharField(max_length=MAX_TITLE_LENGTH)
    year = serializers.IntegerField(
        min_value=MIN_YEAR, max_value=MAX_YEAR, help_text="Release year."
    )
    director = serializers.CharField(
        max_length=MAX_DIRECTOR_LENGTH, required=False, help_text="The director's name."
    )
    directors = serializers.ListField(
        child=serializers.CharField(max_length=MAX_DIRECTOR_LENGTH),
        min_length=1,
        max_length=MAX_CREDITS,
        required=False,
        help_text="Directors' names in credit order (instead of `director`).",
    )
    genre = serializers.CharField(
        max_length=MAX_GENRE_LENGTH,
        required=False,
        help_text="A genre from /api/genres/ (name or alias).",
    )
    genres = serializers.ListField(
        child=serializers.CharField(max_length=MAX_GENRE_LENGTH),
        min_length=1,
        max_length=MAX_CREDITS,
        required=False,
        help_text="Genres from /api/genres/ in credit order (instead of `genre`).",
    )
    rating = rating_field()
    watched_on = watched_on_field(required=False)

    def validate_genre(self, value: str) -> str:
        return _resolve_genre_name(value)

    def validate_genres(self, value: list[str]) -> list[str]:
        errors: dict[int, list[str]] = {}
        names: list[str] = []
        for index, name in enumerate(value):
            try:
                names.append(_resolve_genre_name(name))
            except serializers.ValidationError as exc:
                errors[index] = exc.detail
        if errors:
            raise serializers.ValidationError(errors)
        return names

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        errors: dict[str, list[str]] = {}
        for one, many in (("director", "directors"), ("genre", "genres")):
            if one in attrs and many in attrs:
                errors[many] = [f"Give {one} or {many}, not both."]
        if "director" not in attrs and "directors" not in attrs:
            errors["director"] = ["Give the film's director (or directors, a list)."]
            if "genre" not in attrs and "genres" not in attrs:
                # Reported together: without a director the film cannot be matched, so it
                # may be new to the catalog, and a new film needs its genre too.
                errors["genre"] = ["Give the film's genre (or genres, a list)."]
        if errors:
            raise serializers.ValidationError(errors)
        # Genres may be left out for a film the catalog already has; the service asks for
        # them only when the film is new.
        genres = attrs.get("genres") or ([attrs["genre"]] if "genre" in attrs else [])
        return {
            "title": attrs["title"],
            "year": attrs["year"],
            "directors": attrs["directors"] if "directors" in attrs else [attrs["director"]],
            "genres": genres,
            "rating": attrs["rating"],
            "watched_on": attrs.get("watched_on"),
        }


class WatchedEntryCreateSerializer(serializers.Serializer):
    """Either shape of ``POST /api/me/watched/``: ``movie`` (an id) or the film's fields.

    ``validated_data`` is the chosen shape's, so it has ``movie`` or ``title``.
    """

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, Mapping):
            raise serializers.ValidationError(
                {"non_field_errors": ["Send a JSON object with the film and your rating."]}
            )
        by_id = data.get("movie") is not None
        film_keys = [key for key in FILM_FIELD_KEYS if data.get(key) is not None]
        if by_id and film_keys:
            raise serializers.ValidationError(
                {
                    "non_field_errors": [
                        "Give either movie (the id of a film in the catalog) or the film's "
                        f"fields, not both (got movie and {', '.join(film_keys)})."
                    ]
                }
            )
        if not by_id and not film_keys:
            raise serializers.ValidationError(
                {
                    "non_field_errors": [
                        "Say which film: movie (the id of a film in the catalog), or title, "
                        "year, director and genre to find it or add it to the catalog."
                    ]
                }
            )
        shape = WatchedEntryCreateByIdSerializer if by_id else WatchedEntryCreateByFieldsSerializer
        inner = shape(data=data, context=self.context)
        inner.is_valid(raise_exception=True)
        return dict(inner.validated_data)


class WatchedEntryUpdateSerializer(serializers.Serializer):
    """Change your rating and/or the date; nothing else of an entry can change."""

    rating = rating_field(required=False)
    watched_on = watched_on_field(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # Other keys are ignored as DRF ignores read-only fields, but an attempt to change
        # the film would otherwise "succeed" without doing it.
        data = self.initial_data if isinstance(self.initial_data, Mapping) else {}
        film_keys = [key for key in ("movie", *FILM_FIELD_KEYS) if key in data]
        if film_keys:
            raise serializers.ValidationError(
                {
                    key: [
                        "The film of an entry cannot change; only rating and watched_on can. "
                        "Delete this entry and add the other film instead."
                    ]
                    for key in film_keys
                }
            )
        return attrs


class WatchedListQuerySerializer(serializers.Serializer):
    """Query parameters of ``GET /api/me/watched/``."""

    ORDERINGS = [f"{prefix}{key}" for key in WATCHED_ORDERINGS for prefix in ("", "-")]

    genre = GenreQueryField(
        help_text="Only films of this genre (name or alias, as in /api/genres/)."
    )
    ordering = serializers.ChoiceField(
        choices=ORDERINGS,
        required=False,
        default="-created_at",
        help_text="Sort key, `-` for descending. Default `-created_at` (latest added first).",
        error_messages={
            "invalid_choice": f'"{{input}}" is not an ordering. Use one of: {", ".join(ORDERINGS)}.'
        },
    )


# --- rankings and users ----------------------------------------------------------------------


class UserRankingEntrySerializer(serializers.Serializer):
    """A film in someone's personal ranking: position 1 is their favourite."""

    position = serializers.IntegerField(read_only=True)
    movie = MovieSerializer(read_only=True)
    rating = serializers.IntegerField(read_only=True, help_text="Their rating, 1-5.")


class MyRankingEntrySerializer(UserRankingEntrySerializer):
    """A film in your personal ranking, with the id of its watched-list entry."""

    id = serializers.IntegerField(read_only=True, help_text="The watched-list entry's id.")
    watched_on = serializers.DateField(read_only=True, allow_null=True)


class UserListQuerySerializer(serializers.Serializer):
    search = serializers.CharField(
        required=False, allow_blank=True, help_text="Part of the user's name (any case)."
    )


class UserPublicSerializer(serializers.Serializer):
    """What anyone may see of a user: never the email.

    Needs ``selectors.user_list()`` rows with ``top_ranking`` set (``users_top_rankings``).
    """

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="public_name", read_only=True)
    location = serializers.CharField(read_only=True)
    favorite_genre = serializers.CharField(
        source="favorite_genre.name", read_only=True, allow_null=True, help_text="A genre name."
    )
    ratings_count = serializers.IntegerField(read_only=True, help_text="Films they rated.")
    ranking = UserRankingEntrySerializer(
        source="top_ranking", many=True, read_only=True, help_text="Their top 10 films."
    )


class UserPublicDetailSerializer(UserPublicSerializer):
    """A user with the first page of their rated films (their ranking's first page).

    Needs ``rated_movies`` and ``rated_movies_next`` set on the user by the view.
    """

    rated_movies = UserRankingEntrySerializer(
        many=True,
        read_only=True,
        help_text="The first page of their ranking; `rated_movies_next` has the rest.",
    )
    rated_movies_url = serializers.SerializerMethodField(
        help_text="Their full personal ranking, paginated."
    )
    rated_movies_next = serializers.URLField(
        read_only=True,
        allow_null=True,
        help_text="The next page of their ranking, or null if `rated_movies` has all of them.",
    )

    @extend_schema_field(serializers.URLField())
    def get_rated_movies_url(self, user) -> str:
        return reverse(
            "reviews:user-ranking", kwargs={"pk": user.pk}, request=self.context.get("request")
        )

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from filmrank_catalog.models import Director, Genre, Movie


class MovieSerializer(serializers.ModelSerializer):
    """A film as every list shows it. Needs ``selectors.movie_queryset()`` (no extra queries)."""

    director = serializers.SerializerMethodField(help_text="The first credited director, or null.")
    directors = serializers.SerializerMethodField(help_text="Directors' names in credit order.")
    genres = serializers.SerializerMethodField(help_text="Genre names in credit order.")
    average = serializers.FloatField(read_only=True, allow_null=True, help_text="Mean rating, 1-5.")
    added_by = serializers.SerializerMethodField(
        help_text="Public name of the user who added the film; null for imported films."
    )

    class Meta:
        model = Movie
        fields = [
            "id",
            "title",
            "year",
            "director",
            "directors",
            "genres",
            "average",
            "ratings_count",
            "added_by",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_director(self, movie: Movie) -> str | None:
        links = movie.director_links.all()
        return links[0].director.name if links else None

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_directors(self, movie: Movie) -> list[str]:
        return [link.director.name for link in movie.director_links.all()]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_genres(self, movie: Movie) -> list[str]:
        return [link.genre.name for link in movie.genre_links.all()]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_added_by(self, movie: Movie) -> str | None:
        user = movie.added_by
        if user is None:
            return None
        public_name = getattr(user, "public_name", None)
        return public_name if public_name is not None else str(user)


class MovieDetailSerializer(MovieSerializer):
    """A film's own page. Needs ``selectors.movie_get()`` (``score`` and ``rank`` set)."""

    score = serializers.FloatField(
        read_only=True,
        allow_null=True,
        help_text="Bayesian weighted average used by the rankings; null if nobody rated it.",
    )
    rank = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text="Position in the general (weighted) ranking; null if nobody rated it.",
    )

    class Meta(MovieSerializer.Meta):
        fields = [*MovieSerializer.Meta.fields, "score", "rank"]
        read_only_fields = fields


class MovieRankingEntrySerializer(serializers.Serializer):
    """One line of a ranking. Needs ``selectors.movie_ranking()`` plus a ``position``."""

    position = serializers.IntegerField(
        read_only=True, help_text="1 for the best film; counts across pages."
    )
    movie = MovieSerializer(source="*", read_only=True)
    average = serializers.FloatField(read_only=True, help_text="Mean rating, 1-5.")
    ratings_count = serializers.IntegerField(read_only=True)
    score = serializers.FloatField(
        read_only=True, help_text="What the ranking is ordered by (weighted score or mean)."
    )


class GenreSerializer(serializers.ModelSerializer):
    """A curated genre. Needs ``selectors.genre_list()`` (``movie_count``, aliases)."""

    movie_count = serializers.IntegerField(read_only=True, help_text="Films of this genre.")
    aliases = serializers.SlugRelatedField(
        slug_field="key",
        many=True,
        read_only=True,
        help_text="Other names accepted for this genre (compared case-insensitively).",
    )

    class Meta:
        model = Genre
        fields = ["id", "name", "slug", "movie_count", "aliases"]
        read_only_fields = fields


class DirectorSerializer(serializers.ModelSerializer):
    """A director. Needs ``selectors.director_list()`` (``movie_count``)."""

    movie_count = serializers.IntegerField(read_only=True, help_text="Films they directed.")

    class Meta:
        model = Director
        fields = ["id", "name", "movie_count"]
        read_only_fields = fields

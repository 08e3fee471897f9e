from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from filmrank_catalog.models import Movie


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

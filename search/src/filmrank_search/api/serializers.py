from rest_framework import serializers

from filmrank_catalog.api.filters import GenreQueryField
from filmrank_catalog.api.serializers import MovieSerializer
from filmrank_catalog.models import MAX_YEAR, MIN_YEAR
from filmrank_search.backends import FACETS


class SearchMoviesQuerySerializer(serializers.Serializer):
    """Query parameters of GET /api/search/movies/."""

    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        trim_whitespace=True,
        help_text=(
            "Words to find in titles and directors' names (case and accents ignored). "
            'Typos are tolerated where the backend allows ("matrx" finds The Matrix).'
        ),
    )
    genre = GenreQueryField(
        help_text="A genre from /api/genres/ (aliases accepted). Unknown genres are a 400."
    )
    director = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Films with a director whose name contains this (case and accents ignored).",
    )
    year_min = serializers.IntegerField(
        required=False, min_value=MIN_YEAR, max_value=MAX_YEAR, help_text="Released in or after."
    )
    year_max = serializers.IntegerField(
        required=False, min_value=MIN_YEAR, max_value=MAX_YEAR, help_text="Released in or before."
    )
    facets = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=(
            f"Comma-separated facets to compute, from {', '.join(FACETS)}. "
            "Omitted: all of them. Empty (`facets=`): none."
        ),
    )

    def validate_facets(self, value: str) -> list[str]:
        names = [name.strip().lower() for name in value.split(",") if name.strip()]
        unknown = [name for name in names if name not in FACETS]
        if unknown:
            raise serializers.ValidationError(
                f"Unknown facet {', '.join(unknown)}. Use a comma-separated list of: "
                f"{', '.join(FACETS)}."
            )
        return [name for name in FACETS if name in names]

    def validate(self, attrs: dict) -> dict:
        low, high = attrs.get("year_min"), attrs.get("year_max")
        if low is not None and high is not None and low > high:
            raise serializers.ValidationError(
                {"year_max": [f"year_max ({high}) is before year_min ({low})."]}
            )
        attrs.setdefault("facets", list(FACETS))
        return attrs


# Serializes films from filmrank_search.selectors.search_hits_movies (score and relevance set).
class SearchMovieSerializer(MovieSerializer):
    """A film found by search, with its weighted score and how well it matched."""

    score = serializers.FloatField(
        read_only=True,
        allow_null=True,
        help_text="Bayesian weighted average, as in /api/rankings/movies/.",
    )
    relevance = serializers.FloatField(
        read_only=True,
        allow_null=True,
        help_text=(
            "How the film matched q: 1.0 every word matched, 0.5 with typos or partial words; "
            "null without q."
        ),
    )

    class Meta(MovieSerializer.Meta):
        fields = [*MovieSerializer.Meta.fields, "score", "relevance"]
        read_only_fields = fields


class SearchFacetNameSerializer(serializers.Serializer):
    value = serializers.CharField()
    count = serializers.IntegerField(help_text="Matching films with this value.")


class SearchFacetDecadeSerializer(serializers.Serializer):
    value = serializers.IntegerField(
        allow_null=True, help_text="First year of the decade (1990); null: year unknown."
    )
    count = serializers.IntegerField(help_text="Matching films from this decade.")


class SearchFacetsSerializer(serializers.Serializer):
    """Counts over every matching film (not just this page); only the facets asked for."""

    genre = SearchFacetNameSerializer(
        many=True, required=False, help_text="Most frequent genres first."
    )
    director = SearchFacetNameSerializer(
        many=True, required=False, help_text="Most frequent directors first."
    )
    decade = SearchFacetDecadeSerializer(
        many=True,
        required=False,
        help_text="Oldest decade first, unknown years last; the counts add up to `count`.",
    )


class SearchMoviePageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = SearchMovieSerializer(many=True)
    facets = SearchFacetsSerializer()

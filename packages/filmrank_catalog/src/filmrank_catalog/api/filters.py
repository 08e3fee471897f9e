"""What the catalog's query strings may say, validated before any selector runs.

Bad values answer 400 with a message saying what to send instead; every filter delegates the
matching rules (case, accents, aliases) to ``services`` and ``selectors``.
"""

from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from filmrank_catalog import selectors
from filmrank_catalog.models import MAX_YEAR, MIN_YEAR, Director, Genre, Movie
from filmrank_catalog.services import genre_resolve

# Matches the PositiveIntegerField statistics; larger numbers cannot match and would overflow
# SQLite's integers.
MAX_RATINGS_FILTER = 2_147_483_647

MOVIE_ORDERING_FIELDS = ("title", "year", "average", "ratings_count")
MOVIE_ORDERING_CHOICES = tuple(
    value for name in MOVIE_ORDERING_FIELDS for value in (name, f"-{name}")
)
# Fields that can be NULL: their NULLs (no year, nobody rated) go last either way.
_NULLABLE_ORDERING_FIELDS = {"year", "average"}
_ORDERING_TIEBREAK = ("title", "year", "id")


class GenreFormField(forms.CharField):
    """A genre name or alias, resolved to the curated ``Genre`` (blank means no filter)."""

    def clean(self, value: Any) -> Genre | None:
        value = super().clean(value)
        if not value or not value.strip():
            return None
        return genre_resolve(value)  # its ValidationError names the valid genres


class OrderingFormField(forms.CharField):
    """``title``, ``-average``, or several of them comma-separated: ``-year,title``."""

    def clean(self, value: Any) -> list[str]:
        value = super().clean(value)
        terms = [term.strip() for term in (value or "").split(",") if term.strip()]
        unknown = [term for term in terms if term not in MOVIE_ORDERING_CHOICES]
        if unknown:
            # The user's text goes in params, never into the message itself: form errors are
            # %-formatted, so a "%" typed in the query must not be read as a placeholder.
            raise DjangoValidationError(
                '"%(value)s" is not a valid ordering. Use one of: %(valid)s '
                "(comma-separated for several).",
                code="invalid_ordering",
                params={"value": unknown[0], "valid": ", ".join(MOVIE_ORDERING_CHOICES)},
            )
        return terms


@extend_schema_field(OpenApiTypes.STR)
class GenreFilter(django_filters.Filter):
    field_class = GenreFormField

    def filter(self, qs: QuerySet[Movie], value: Genre | None) -> QuerySet[Movie]:
        if value is None:
            return qs
        return selectors.movies_filter(qs, genre=value)


@extend_schema_field(OpenApiTypes.STR)
class MovieOrderingFilter(django_filters.Filter):
    field_class = OrderingFormField

    def filter(self, qs: QuerySet[Movie], value: list[str]) -> QuerySet[Movie]:
        if not value:
            return qs
        order_by = []
        for term in value:
            name = term.lstrip("-")
            nulls_last = True if name in _NULLABLE_ORDERING_FIELDS else None
            if term.startswith("-"):
                order_by.append(F(name).desc(nulls_last=nulls_last))
            else:
                order_by.append(F(name).asc(nulls_last=nulls_last))
        named = {term.lstrip("-") for term in value}
        order_by += [name for name in _ORDERING_TIEBREAK if name not in named]
        return qs.order_by(*order_by)


class YearFilter(django_filters.NumberFilter):
    """A whole year the catalog can hold (out-of-range years are a 400 saying the range)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", MIN_YEAR)
        kwargs.setdefault("max_value", MAX_YEAR)
        super().__init__(*args, **kwargs)


class MovieFilterSet(django_filters.FilterSet):
    genre = GenreFilter(
        label='Genre name or alias, e.g. "Sci-Fi" or "science fiction" (see /api/genres/).'
    )
    director = django_filters.CharFilter(
        method="filter_director",
        label="Part of a director's name; case, accents and spacing do not matter.",
    )
    year = YearFilter(field_name="year", label=f"Release year, exactly ({MIN_YEAR}-{MAX_YEAR}).")
    year_min = YearFilter(field_name="year", lookup_expr="gte", label="Released in or after.")
    year_max = YearFilter(field_name="year", lookup_expr="lte", label="Released in or before.")
    search = django_filters.CharFilter(
        method="filter_search",
        label="Part of the title; case, accents and spacing do not matter.",
    )
    ordering = MovieOrderingFilter(
        label=(
            f"Sort by {', '.join(MOVIE_ORDERING_FIELDS)}; prefix '-' for descending, "
            "comma-separate several. Default: title. Films without a year or rating go last."
        )
    )

    class Meta:
        model = Movie
        fields: list[str] = []

    def filter_director(self, queryset: QuerySet[Movie], name: str, value: str) -> QuerySet[Movie]:
        return selectors.movies_filter(queryset, director=value)

    def filter_search(self, queryset: QuerySet[Movie], name: str, value: str) -> QuerySet[Movie]:
        return selectors.movies_search(queryset, query=value)


class DirectorFilterSet(django_filters.FilterSet):
    search = django_filters.CharFilter(
        method="filter_search",
        label="Part of the director's name; case, accents and spacing do not matter.",
    )

    class Meta:
        model = Director
        fields: list[str] = []

    def filter_search(
        self, queryset: QuerySet[Director], name: str, value: str
    ) -> QuerySet[Director]:
        return selectors.directors_filter(queryset, search=value)


class GenreQueryField(serializers.CharField):
    """A curated genre by name or alias, for any app's serializers: validates to the
    ``Genre`` (blank: None); an unknown name is a 400 naming the valid genres. The DRF twin
    of ``GenreFormField``."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_blank", True)
        super().__init__(**kwargs)

    def run_validation(self, data: Any = serializers.empty) -> Genre | None:
        value = super().run_validation(data)
        if not value or not value.strip():
            return None
        try:
            return genre_resolve(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc


class MovieRankingQuerySerializer(serializers.Serializer):
    """Query parameters of ``GET /api/rankings/movies/``."""

    genre = GenreQueryField(
        help_text='Only films of this genre (name or alias, e.g. "Sci-Fi"; see /api/genres/).'
    )
    director = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Only films whose director's name contains this (case/accent-insensitive).",
    )
    min_ratings = serializers.IntegerField(
        required=False,
        default=1,
        min_value=1,
        max_value=MAX_RATINGS_FILTER,
        help_text="Only films with at least this many ratings (default 1).",
    )
    method = serializers.ChoiceField(
        choices=selectors.RANKING_METHODS,
        required=False,
        default="weighted",
        error_messages={
            "invalid_choice": (
                '"{input}" is not a ranking method. Use one of: '
                + ", ".join(selectors.RANKING_METHODS)
                + "."
            )
        },
        help_text=(
            "weighted (default): Bayesian weighted average, so a film needs several votes to "
            "rank high; mean: the plain mean rating."
        ),
    )

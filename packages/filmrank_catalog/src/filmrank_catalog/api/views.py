"""The catalog's public, read-only endpoints: films, rankings, genres and directors."""

from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from filmrank_catalog import selectors
from filmrank_catalog.api.errors import ErrorDetailSerializer
from filmrank_catalog.api.filters import (
    DirectorFilterSet,
    MovieFilterSet,
    MovieRankingQuerySerializer,
)
from filmrank_catalog.api.serializers import (
    DirectorSerializer,
    GenreSerializer,
    MovieDetailSerializer,
    MovieRankingEntrySerializer,
    MovieSerializer,
)
from filmrank_catalog.models import Movie
from filmrank_catalog.pagination import PageNumberPagination

BAD_QUERY = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description=(
        "A query parameter is invalid: `{parameter: [message]}`; the message says what to send "
        "(an unknown genre lists the valid ones)."
    ),
    examples=[
        OpenApiExample(
            "Unknown genre",
            value={"genre": ['"Space Opera" is not a known genre. Use one of: Action, ...']},
        )
    ],
)
PAGE_NOT_FOUND = OpenApiResponse(
    response=ErrorDetailSerializer, description="`page` is past the last page (or not a number)."
)


class GenreListView(generics.ListAPIView):
    permission_classes = [AllowAny]
    pagination_class = None  # the curated list is short and complete
    serializer_class = GenreSerializer

    def get_queryset(self):
        return selectors.genre_list()

    @extend_schema(
        operation_id="genres_list",
        summary="The curated genres",
        description=(
            "Every genre a film or a profile may name, with its accepted aliases and how many "
            "films it has. Not paginated."
        ),
        tags=["catalog"],
        responses={200: GenreSerializer(many=True)},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


class MovieListView(generics.ListAPIView):
    permission_classes = [AllowAny]
    pagination_class = PageNumberPagination
    serializer_class = MovieSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = MovieFilterSet

    def get_queryset(self):
        return selectors.movie_queryset().order_by("title", "year", "id")

    @extend_schema(
        operation_id="movies_list",
        summary="Browse the catalog",
        description=(
            "Films with their mean rating, filtered and ordered. Genre and director match any "
            "of a film's credits. Films nobody rated have `average` null."
        ),
        tags=["catalog"],
        responses={200: MovieSerializer(many=True), 400: BAD_QUERY, 404: PAGE_NOT_FOUND},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


class MovieDetailView(generics.GenericAPIView):
    permission_classes = [AllowAny]
    serializer_class = MovieDetailSerializer

    @extend_schema(
        operation_id="movies_retrieve",
        summary="One film",
        description="A film with its mean, weighted `score` and `rank` in the general ranking.",
        tags=["catalog"],
        responses={
            200: MovieDetailSerializer,
            404: OpenApiResponse(response=ErrorDetailSerializer, description="No such film."),
        },
    )
    def get(self, request: Request, pk: int) -> Response:
        movie = selectors.movie_get(movie_id=pk)
        if movie is None:
            raise Http404("No such film.")
        return Response(self.get_serializer(movie).data)


class MovieRankingView(generics.GenericAPIView):
    permission_classes = [AllowAny]
    pagination_class = PageNumberPagination
    serializer_class = MovieRankingEntrySerializer
    queryset = Movie.objects.none()  # for the schema only; get() asks the ranking selector

    @extend_schema(
        operation_id="rankings_movies_list",
        summary="Films ranked",
        description=(
            "Rated films best first. `weighted` (default) orders by the Bayesian weighted "
            "average v/(v+m)·R + m/(v+m)·C, so a film with one 5-star vote does not top films "
            "with many good ones; `mean` by the plain mean. Ties: more ratings first, then "
            "title. `position` counts across pages."
        ),
        tags=["rankings"],
        parameters=[MovieRankingQuerySerializer],
        responses={
            200: MovieRankingEntrySerializer(many=True),
            400: BAD_QUERY,
            404: PAGE_NOT_FOUND,
        },
    )
    def get(self, request: Request) -> Response:
        query = MovieRankingQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        movies = selectors.movie_ranking(**query.validated_data)
        page = self.paginate_queryset(movies)
        django_page = self.paginator.page
        offset = (django_page.number - 1) * django_page.paginator.per_page
        for index, movie in enumerate(page, start=1):
            movie.position = offset + index
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class DirectorListView(generics.ListAPIView):
    permission_classes = [AllowAny]
    pagination_class = PageNumberPagination
    serializer_class = DirectorSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = DirectorFilterSet

    def get_queryset(self):
        return selectors.director_list()

    @extend_schema(
        operation_id="directors_list",
        summary="Directors",
        description="Directors by name, with how many films of the catalog they directed.",
        tags=["catalog"],
        responses={200: DirectorSerializer(many=True), 400: BAD_QUERY, 404: PAGE_NOT_FOUND},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

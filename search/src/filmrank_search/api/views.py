import logging

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from filmrank_search.api.errors import SearchUnavailableError
from filmrank_search.api.pagination import SearchPagination
from filmrank_search.api.serializers import (
    SearchMoviePageSerializer,
    SearchMovieSerializer,
    SearchMoviesQuerySerializer,
)
from filmrank_search.backends import SearchQuery, SearchUnavailable, get_backend
from filmrank_search.conf import search_setting
from filmrank_search.selectors import search_hits_movies

logger = logging.getLogger(__name__)


class SearchErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class MovieSearchView(APIView):
    """GET /api/search/movies/: full-text, typo-tolerant, faceted search over the catalog."""

    permission_classes = [AllowAny]
    pagination_class = SearchPagination

    @extend_schema(
        operation_id="search_movies",
        summary="Search films",
        description=(
            "Films matching `q` (titles and directors' names; case, accents and, where the "
            "backend allows, typos ignored) and every filter given. Ordered by relevance "
            "(when `q` is given), then weighted score, ratings count, title. `facets` counts "
            "every matching film, not only this page. The same answer from every search "
            "backend (database or Elasticsearch)."
        ),
        parameters=[
            SearchMoviesQuerySerializer,
            OpenApiParameter("page", int, description="Page number, from 1."),
            OpenApiParameter(
                "page_size", int, description="Results per page: 20 by default, at most 100."
            ),
        ],
        responses={
            200: SearchMoviePageSerializer,
            400: OpenApiResponse(
                description="Invalid parameter: unknown genre or facet, bad "
                "year range, or a page beyond the deepest reachable result."
            ),
            404: OpenApiResponse(SearchErrorSerializer, description="Invalid page."),
            503: OpenApiResponse(
                SearchErrorSerializer, description="The search backend is unavailable."
            ),
        },
        tags=["search"],
    )
    def get(self, request: Request) -> Response:
        params = SearchMoviesQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        paginator = self.pagination_class()
        number, size = paginator.requested_page(request)
        offset = (number - 1) * size
        window = search_setting("MAX_RESULT_WINDOW")
        beyond_window = offset + size > window
        query = SearchQuery(
            text=data.get("q", ""),
            genre=data.get("genre"),
            director=data.get("director", ""),
            year_min=data.get("year_min"),
            year_max=data.get("year_max"),
            # Past the window only the total is fetched, to tell "no such page" (404) from
            # "too deep" (400).
            facets=() if beyond_window else data["facets"],
            offset=0 if beyond_window else offset,
            limit=0 if beyond_window else size,
        )
        backend = get_backend()
        try:
            result = backend.search(query)
        except SearchUnavailable as exc:
            logger.warning("search backend %s unavailable: %s", backend.name, exc)
            raise SearchUnavailableError() from exc
        paginator.set_total(total=result.total, number=number, size=size)
        if beyond_window:
            raise serializers.ValidationError(
                {
                    "page": [
                        f"Search results can be paged up to the {window}th; narrow the search "
                        "with q or filters."
                    ]
                }
            )
        movies = search_hits_movies(result.hits)
        facets = {
            name: [{"value": v.value, "count": v.count} for v in values]
            for name, values in result.facets.items()
        }
        return paginator.get_paginated_response(
            SearchMovieSerializer(movies, many=True).data, facets=facets
        )

from django.core.paginator import InvalidPage
from django.core.paginator import Paginator as DjangoPaginator
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from filmrank_catalog.pagination import PageNumberPagination


class SearchPagination(PageNumberPagination):
    """The catalog's ``?page=N&page_size=N`` for results a search backend counts itself.

    The page is known before the search runs (the backend fetches just that slice) and
    checked against the total after, with DRF's "Invalid page." 404 for pages past the end.
    """

    def requested_page(self, request) -> tuple[int, int]:
        """(page number, page size) asked for; page size defaulted and clamped like lists."""
        self.request = request
        size = self.get_page_size(request)
        raw = request.query_params.get(self.page_query_param) or "1"
        try:
            number = int(raw)
        except ValueError:
            number = 0
        if number < 1:
            raise NotFound(self.invalid_page_message)
        return number, size

    def set_total(self, *, total: int, number: int, size: int) -> None:
        # range() stands in for the results: Django's Paginator only needs their length.
        paginator = DjangoPaginator(range(total), size)
        try:
            self.page = paginator.page(number)
        except InvalidPage as exc:
            raise NotFound(self.invalid_page_message) from exc

    def get_paginated_response(self, data, facets=None) -> Response:  # type: ignore[override]
        return Response(
            {
                "count": self.page.paginator.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
                "facets": facets or {},
            }
        )

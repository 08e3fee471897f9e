from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """``?page=N&page_size=N``: 20 by default, at most 100 (larger values are clamped)."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

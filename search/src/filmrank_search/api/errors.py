from rest_framework import status
from rest_framework.exceptions import APIException


class SearchUnavailableError(APIException):
    """503: the search engine is down; the rest of the API keeps working."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = (
        "Search is temporarily unavailable. Try again in a moment; "
        "browsing the catalog (/api/movies/) still works."
    )
    default_code = "search_unavailable"
    wait = 30  # DRF's exception handler sends it as Retry-After

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve


class ApiNotFoundMiddleware:
    """Unknown ``/api/`` paths get DRF's JSON 404, never an HTML page or a slash redirect.

    Django's APPEND_SLASH would redirect ``GET /api/me`` (losing the method's meaning for
    clients that do not follow redirects) and fail a ``POST`` outright; here the client is
    told the path it meant instead.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if path.startswith("/api/") and not _resolves(path):
            detail = "Not found."
            if not path.endswith("/") and _resolves(f"{path}/"):
                detail = f"Not found. API paths end with a slash: {request.path}/"
            return JsonResponse({"detail": detail}, status=404)
        return self.get_response(request)


def _resolves(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True

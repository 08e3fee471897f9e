"""JSON error pages for what never reaches a DRF view (Django's handler400/handler500)."""

from django.http import HttpRequest, JsonResponse


def bad_request(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    # SuspiciousOperation: e.g. a body over DATA_UPLOAD_MAX_MEMORY_SIZE, a disallowed host.
    detail = str(exception) if exception else ""
    return JsonResponse({"detail": f"Bad request. {detail}".strip()}, status=400)


def server_error(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {"detail": "Server error. It has been logged; please report it if it persists."},
        status=500,
    )

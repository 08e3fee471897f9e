"""Liveness and readiness probes for load balancers and orchestrators."""

import logging

from django.db import connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@csrf_exempt  # a probe has no session: any other method is a 405, not a CSRF page
@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """The process is up and answering; says nothing about its dependencies."""
    return JsonResponse({"status": "ok"})


def _database_ready() -> dict:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "not ready"
        logger.warning("readyz: database unreachable: %s", exc)
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True, "vendor": connections["default"].vendor}


def _search_ready() -> dict:
    from filmrank_search.backends import get_backend

    backend = get_backend()
    try:
        backend.ping()
    except Exception as exc:
        logger.warning("readyz: search backend %s unreachable: %s", backend.name, exc)
        return {"ok": False, "backend": backend.name, "error": str(exc)}
    return {"ok": True, "backend": backend.name}


@csrf_exempt
@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    """Ready to serve: the database and the search backend answer. 503 otherwise."""
    checks = {"database": _database_ready(), "search": _search_ready()}
    ready = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )

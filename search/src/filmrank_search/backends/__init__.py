"""Search backends, chosen by ``FILMRANK_SEARCH["BACKEND"]``.

Backend modules are imported only when selected, so the database backend runs without the
Elasticsearch libraries configured (or ``django_elasticsearch_dsl`` installed).
"""

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string

from filmrank_search.backends.base import (
    FACETS,
    FacetValue,
    SearchBackend,
    SearchHit,
    SearchQuery,
    SearchResult,
    SearchUnavailable,
)
from filmrank_search.conf import BACKENDS, search_setting

__all__ = [
    "FACETS",
    "FacetValue",
    "SearchBackend",
    "SearchHit",
    "SearchQuery",
    "SearchResult",
    "SearchUnavailable",
    "backend_path",
    "get_backend",
]

_backend: SearchBackend | None = None


def backend_path(name: str) -> str:
    """The class of the backend called ``name`` (a known name, or a dotted path)."""
    return BACKENDS.get(name, name)


def get_backend() -> SearchBackend:
    """The configured backend (one instance per process, rebuilt when settings change)."""
    global _backend
    if _backend is None:
        _backend = import_string(backend_path(search_setting("BACKEND")))()
    return _backend


@receiver(setting_changed)
def _reset_backend(*, setting: str, **kwargs) -> None:
    global _backend
    if setting in {"FILMRANK_SEARCH", "ELASTICSEARCH_DSL", "FILMRANK_CATALOG"}:
        _backend = None

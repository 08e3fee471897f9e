"""The search app's settings: ``settings.FILMRANK_SEARCH``, a dict merged over DEFAULTS."""

from typing import Any

from django.conf import settings

BACKENDS = {
    "database": "filmrank_search.backends.database.DatabaseBackend",
    "elasticsearch": "filmrank_search.backends.elasticsearch.ElasticsearchBackend",
}

DEFAULTS: dict[str, Any] = {
    # "database" (PostgreSQL full text + pg_trgm, or SQLite) or "elasticsearch".
    "BACKEND": "database",
    # The Elasticsearch alias searches go to; search_reindex points it at a fresh index.
    "ELASTICSEARCH_INDEX": "filmrank-movies",
    # Seconds an Elasticsearch request may take before search answers 503.
    "ELASTICSEARCH_TIMEOUT": 5,
    # Films per bulk request when indexing.
    "INDEX_BATCH_SIZE": 500,
    # Values listed in the genre and director facets (the most frequent first).
    "FACET_SIZE": 20,
    # Deepest result reachable by paging (Elasticsearch's index.max_result_window).
    "MAX_RESULT_WINDOW": 10_000,
}


def search_setting(name: str) -> Any:
    return {**DEFAULTS, **getattr(settings, "FILMRANK_SEARCH", {})}[name]

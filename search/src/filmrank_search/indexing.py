"""Keep the search index fresh: index changed films after the writing transaction commits.

The catalog sends ``movies_changed`` inside its write transactions. Indexing then would talk
to Elasticsearch while holding row locks, and would index changes that may still roll back;
so the work is deferred with ``transaction.on_commit``. A failure is logged and never reaches
the user's write; ``manage.py search_reindex`` (or the film's next change) repairs the index.
Backends without an index of their own (the database backend) are skipped entirely.
"""

import logging
from collections.abc import Sequence
from functools import partial

from django.db import transaction

from filmrank_search.backends import get_backend

logger = logging.getLogger(__name__)


def index_movies(movie_ids: Sequence[int]) -> None:
    """Index these films now; log (never raise) a failure."""
    try:
        get_backend().index(movie_ids)
    except Exception:
        logger.exception(
            "Search index update failed for films %s; the catalog change is saved. "
            "Repair with `manage.py search_reindex`.",
            list(movie_ids),
        )


def delete_movies(movie_ids: Sequence[int]) -> None:
    try:
        get_backend().delete(movie_ids)
    except Exception:
        logger.exception(
            "Removing films %s from the search index failed. "
            "Repair with `manage.py search_reindex`.",
            list(movie_ids),
        )


def on_movies_changed(sender, *, movie_ids: Sequence[int] = (), **kwargs) -> None:
    if not movie_ids or not get_backend().needs_indexing:
        return
    transaction.on_commit(partial(index_movies, sorted(set(movie_ids))))


def on_movie_deleted(sender, *, instance, **kwargs) -> None:
    if not get_backend().needs_indexing:
        return
    transaction.on_commit(partial(delete_movies, [instance.pk]))

"""Reads for the search API: turn a backend's ordered hits into films ready to serialize."""

from collections.abc import Sequence

from filmrank_catalog.models import Movie
from filmrank_catalog.selectors import catalog_mean, movie_queryset, movie_score
from filmrank_search.backends import SearchHit


def search_hits_movies(hits: Sequence[SearchHit]) -> list[Movie]:
    """The hits' films in hit order, each with ``score`` (weighted, current) and ``relevance``.

    A fixed number of queries for any page size. A film deleted since it was indexed is
    skipped (the index forgets it after the deletion commits).
    """
    if not hits:
        return []
    ids = [hit.movie_id for hit in hits]
    movies = movie_queryset().annotate(score=movie_score(mean=catalog_mean())).in_bulk(ids)
    found = []
    for hit in hits:
        movie = movies.get(hit.movie_id)
        if movie is not None:
            movie.relevance = hit.relevance
            found.append(movie)
    return found

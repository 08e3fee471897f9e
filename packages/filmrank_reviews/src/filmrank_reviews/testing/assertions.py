"""Checks other apps' tests can use too: are the films' rating statistics exact?"""

from django.db.models import Count, Sum

from filmrank_catalog.models import Movie
from filmrank_reviews.models import WatchedEntry


def movie_stats_mismatches() -> dict[int, tuple[tuple[int, int], tuple[int, int]]]:
    """``{movie_id: ((stored count, stored sum), (true count, true sum))}`` for wrong films.

    "True" is the aggregate over the watched entries; an empty dict means every film is exact.
    """
    truth = {
        row["movie_id"]: (row["n"], row["s"])
        for row in WatchedEntry.objects.order_by()
        .values("movie_id")
        .annotate(n=Count("pk"), s=Sum("rating"))
    }
    wrong = {}
    for pk, count, total in Movie.objects.values_list("pk", "ratings_count", "ratings_sum"):
        expected = truth.get(pk, (0, 0))
        if (count, total) != expected:
            wrong[pk] = ((count, total), expected)
    return wrong

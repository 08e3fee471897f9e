"""Rankings at millions of ratings (PostgreSQL).

Builds a throw-away database (default ``filmrank_bench``), loads the MovieLens films and
ratings, then adds synthetic users and ratings in SQL until the ratings table holds
``--ratings`` rows (2,000,000 by default), rebuilds the films' statistics, and times the
ranking and list endpoints through Django's test client (no network), reporting the median of
``--repeat`` runs and the SQL queries each request made.

    .venv/bin/python bench/bench_rankings.py [--ratings 2000000] [--keep]
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")


def recreate_database(name: str) -> None:
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ratings", type=int, default=2_000_000)
    parser.add_argument("--users", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--database", default="filmrank_bench")
    parser.add_argument("--keep", action="store_true", help="reuse an existing bench database")
    args = parser.parse_args()

    if not args.keep:
        recreate_database(args.database)
    os.environ["DATABASE_URL"] = f"{PG_SERVER}/{args.database}"
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench")
    os.environ.setdefault("DJANGO_DEBUG", "false")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "filmrank_site.settings.base")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from filmrank_accounts.models import User
    from filmrank_reviews.models import WatchedEntry

    if not args.keep:
        call_command("migrate", verbosity=0)
        call_command("import_movielens", str(ROOT / "data" / "movielens-small"), verbosity=0)
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(
                """
                INSERT INTO filmrank_accounts_user
                    (password, is_superuser, email, name, location, is_staff, is_active,
                     date_joined)
                SELECT '!', false, 'bench-' || g || '@bench.invalid', 'Bench user ' || g, '',
                       false, true, now()
                FROM generate_series(1, %s) AS g
                """,
                [args.users],
            )
            missing = args.ratings - WatchedEntry.objects.count()
            # Popular films get more ratings (a power law over the films ordered by their
            # MovieLens popularity); duplicates of (user, film) are dropped by ON CONFLICT.
            per_user = max(1, missing // args.users + missing // (args.users * 4))
            cursor.execute(
                """
                WITH ids AS (
                    SELECT array_agg(id ORDER BY ratings_count DESC, id) AS a
                    FROM filmrank_catalog_movie
                )
                INSERT INTO filmrank_reviews_watchedentry
                    (user_id, movie_id, rating, created_at, updated_at)
                SELECT u.id,
                       ids.a[1 + floor(power(random(), 2.5) * array_length(ids.a, 1))::int],
                       1 + floor(random() * 5)::int, now(), now()
                FROM filmrank_accounts_user AS u
                CROSS JOIN ids
                CROSS JOIN generate_series(1, %s) AS k
                WHERE u.email LIKE 'bench-%%'
                ON CONFLICT DO NOTHING
                """,
                [per_user],
            )
            cursor.execute("ANALYZE")
        call_command("ratings_rebuild_stats", verbosity=0, stdout=io.StringIO())
        print(f"synthesised data in {time.perf_counter() - started:.1f}s")

    print(
        f"database: {WatchedEntry.objects.count():,} ratings, {User.objects.count():,} users,"
        f" PostgreSQL {connection.pg_version}"
    )
    busiest = (
        User.objects.filter(watched_entries__isnull=False)
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
    )
    client = Client()
    urls = [
        "/api/rankings/movies/",
        "/api/rankings/movies/?method=mean&min_ratings=50",
        "/api/rankings/movies/?genre=Sci-Fi&page_size=100",
        "/api/rankings/movies/?director=nolan",
        "/api/movies/?ordering=-average&page_size=100",
        "/api/movies/?genre=Drama&ordering=-ratings_count",
        "/api/movies/2571/",
        "/api/users/?page_size=50",
        f"/api/users/{busiest}/",
        f"/api/users/{busiest}/ranking/?page_size=100",
    ]
    print(f"{'endpoint':58} {'median ms':>9} {'p90 ms':>7} {'queries':>7}")
    for url in urls:
        timings = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code, response.content[:200])
        timings.sort()
        p90 = timings[int(len(timings) * 0.9) - 1]
        print(f"{url:58} {statistics.median(timings):9.1f} {p90:7.1f} {len(queries):7d}")


if __name__ == "__main__":
    main()

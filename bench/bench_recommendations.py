"""Recommendations and similar films on the MovieLens data (SQLite or PostgreSQL).

Imports ``data/movielens-small`` into a fresh database - a temporary SQLite file by default,
or ``--postgres NAME`` (a database of that name is dropped and recreated) - optionally pads
the ratings table with synthetic users' ratings (``--ratings N``, PostgreSQL only) to see how
the endpoints behave at scale, then:

* makes a Sci-Fi fan who rated a few Sci-Fi classics and times
  ``GET /api/me/recommendations/`` with a cold cache (the seeds' neighbours computed) and a
  warm one, and with ``?genre=``;
* times ``GET /api/movies/{The Matrix}/similar/`` cold and warm;
* prints the SQL queries of each request, the fan's first page and the top of "similar to
  The Matrix".

    .venv/bin/python bench/bench_recommendations.py [--postgres NAME [--ratings 10000000]]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")

FAN_RATINGS = [  # (title prefix, rating)
    ("Star Wars: Episode IV", 5),
    ("Blade Runner", 5),
    ("Alien", 5),
    ("2001: A Space Odyssey", 4),
    ("The Terminator", 4),
]


def recreate_postgres(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def pad_ratings(connection, *, target: int, users: int) -> None:
    """Synthetic users rating distinct films, popular films more often (a power law)."""
    from filmrank_reviews.models import WatchedEntry

    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO filmrank_accounts_user
                (password, is_superuser, email, name, location, is_staff, is_active, date_joined)
            SELECT '!', false, 'bench-' || g || '@bench.invalid', 'Bench user ' || g, '',
                   false, true, now()
            FROM generate_series(1, %s) AS g
            """,
            [users],
        )
        missing = target - WatchedEntry.objects.count()
        cursor.execute(
            """
            WITH u AS (SELECT id FROM filmrank_accounts_user WHERE email LIKE 'bench-%%'),
                 m AS (SELECT id, row_number() OVER (ORDER BY ratings_count DESC, id) AS rn
                       FROM filmrank_catalog_movie),
                 n AS (SELECT count(*) AS c FROM m)
            INSERT INTO filmrank_reviews_watchedentry
                (user_id, movie_id, rating, created_at, updated_at)
            SELECT k.user_id, m.id, 1 + floor(random() * 5)::int, now(), now()
            FROM u
            -- the lateral subquery names u.id, so random() is drawn for every row
            CROSS JOIN LATERAL (
                SELECT u.id AS user_id,
                       1 + floor(power(random(), 2.5) * (SELECT c FROM n))::int AS rn
                FROM generate_series(1, %s)
            ) AS k
            JOIN m ON m.rn = k.rn
            ON CONFLICT DO NOTHING
            """,
            [max(1, missing // users + missing // (users * 4))],
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", metavar="NAME", help="bench on this PostgreSQL database")
    parser.add_argument("--ratings", type=int, default=0, help="pad to N ratings (PostgreSQL)")
    parser.add_argument("--users", type=int, default=60_000, help="synthetic users for padding")
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="filmrank-bench-recs-")
    if args.postgres:
        recreate_postgres(args.postgres)
        os.environ["DATABASE_URL"] = f"{PG_SERVER}/{args.postgres}"
    else:
        if args.ratings:
            parser.error("--ratings needs --postgres")
        os.environ.pop("DATABASE_URL", None)
        os.environ["FILMRANK_VAR_DIR"] = workdir
    os.environ.setdefault(
        "DJANGO_SECRET_KEY", "bench-only-secret-key-long-enough-for-hs256-signing"
    )
    os.environ.setdefault("DJANGO_DEBUG", "false")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    os.environ["DJANGO_SETTINGS_MODULE"] = "filmrank_site.settings.base"
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from rest_framework_simplejwt.tokens import RefreshToken

    from filmrank_accounts.models import User
    from filmrank_catalog.models import Genre, Movie
    from filmrank_reviews.models import WatchedEntry
    from filmrank_reviews.services import watched_entry_create

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("import_movielens", str(ROOT / "data" / "movielens-small"), verbosity=0)
    if args.ratings:
        pad_ratings(connection, target=args.ratings, users=args.users)
        call_command("ratings_rebuild_stats", verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # planner statistics for the freshly loaded tables
    backend = (
        f"PostgreSQL {connection.pg_version}" if connection.vendor == "postgresql" else "SQLite"
    )
    print(
        f"{backend}: {WatchedEntry.objects.count():,} ratings, {User.objects.count():,} users, "
        f"{Movie.objects.count():,} films (set up in {time.perf_counter() - started:.0f}s)"
    )

    def film(prefix: str) -> Movie:
        return Movie.objects.filter(title__startswith=prefix).order_by("-ratings_count").first()

    scifi = Genre.objects.get(name="Sci-Fi")
    fan = User.objects.create_user("scifi-fan@bench.invalid", name="Fan", favorite_genre=scifi)
    for prefix, rating in FAN_RATINGS:
        watched_entry_create(user=fan, movie=film(prefix), rating=rating)
    matrix = Movie.objects.get(title="The Matrix", year=1999)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(fan).access_token}")

    def measure(url: str, *, cold: bool) -> tuple[float, float, int, object]:
        timings, queries, response = [], 0, None
        for _ in range(1 if cold else args.repeat):
            if cold:
                cache.clear()
            else:
                client.get(url)  # warm the cache
            with CaptureQueriesContext(connection) as captured:
                began = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, (url, response.status_code, response.content)
            queries = len(captured)
        timings.sort()
        return statistics.median(timings), timings[-1], queries, response

    cases = [
        ("/api/me/recommendations/", True),
        ("/api/me/recommendations/", False),
        ("/api/me/recommendations/?page_size=100", False),
        ("/api/me/recommendations/?genre=Drama", False),
        (f"/api/movies/{matrix.pk}/similar/", True),
        (f"/api/movies/{matrix.pk}/similar/", False),
        (f"/api/movies/{matrix.pk}/similar/?page_size=100", False),
    ]
    print(f"\n{'request':52} {'cache':5} {'median ms':>9} {'max ms':>7} {'queries':>7}")
    for url, cold in cases:
        median, worst, queries, _ = measure(url, cold=cold)
        label = "cold" if cold else "warm"
        print(f"{url:52} {label:5} {median:9.1f} {worst:7.1f} {queries:7d}")

    fan_list = client.get("/api/me/recommendations/").json()
    print(f"\nThe Sci-Fi fan rated: {', '.join(f'{p} ({r})' for p, r in FAN_RATINGS)}")
    print(f"Recommendations ({fan_list['count']} in all), first page:")
    for rec in fan_list["results"]:
        print(f"  {rec['score']:.2f}  {rec['reason']:25} {rec['title']} ({rec['year']})")

    similar = client.get(f"/api/movies/{matrix.pk}/similar/").json()
    print(f"\nSimilar to {matrix} ({similar['count']} in all):")
    for rec in similar["results"][:15]:
        shared = rec["shared"]
        print(
            f"  {rec['similarity']:.3f}  {rec['title']} ({rec['year']})  "
            f"fans {shared['raters']}, genres {', '.join(shared['genres']) or '-'}"
            + (f", directors {', '.join(shared['directors'])}" if shared["directors"] else "")
        )


if __name__ == "__main__":
    main()

"""Search latency on the MovieLens data, database backend, SQLite and PostgreSQL.

For each engine builds a throw-away database (SQLite file under a temporary directory;
PostgreSQL database ``filmrank_bench_search``), migrates, imports ``data/movielens-small``,
then times typical ``GET /api/search/movies/`` requests through Django's test client (no
network): the median and 95th percentile of ``--repeat`` runs after one warm-up, and the SQL
queries each request made.

    .venv/bin/python bench/bench_search.py [--engine sqlite|postgresql|all] [--repeat 20] [--keep]
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
PG_DATABASE = "filmrank_bench_search"
SQLITE_PATH = Path(tempfile.gettempdir()) / "filmrank_bench_search.sqlite3"

QUERIES = [
    ("browse, all facets", {}),
    ("q=matrx (typo)", {"q": "matrx"}),
    ("q=the matrix", {"q": "the matrix"}),
    ("q=star wars", {"q": "star wars"}),
    ("q=nolan (director)", {"q": "nolan"}),
    ("q=godfathr + genre", {"q": "godfathr", "genre": "Drama"}),
    ("q=the (broad)", {"q": "the"}),
    ("genre + years", {"genre": "Sci-Fi", "year_min": 1990, "year_max": 1999}),
    ("director=kubrick", {"director": "kubrick"}),
    ("q=love, no facets", {"q": "love", "facets": ""}),
    ("browse page 50", {"page": 50}),
]


def database_url(engine: str) -> str:
    if engine == "postgresql":
        return f"{PG_SERVER}/{PG_DATABASE}"
    return f"sqlite:///{SQLITE_PATH}"


def recreate(engine: str) -> None:
    if engine == "postgresql":
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{PG_DATABASE}"')
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)


def run_engine(engine: str, repeat: int, keep: bool) -> None:
    if not keep:
        recreate(engine)
    os.environ["DATABASE_URL"] = database_url(engine)
    os.environ.pop("ELASTICSEARCH_URL", None)  # the database backend
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench")
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "filmrank_site.settings.base")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from filmrank_catalog.models import Movie

    if not keep:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        call_command("import_movielens", str(ROOT / "data" / "movielens-small"), verbosity=0)
        print(f"[{engine}] migrate + import: {time.perf_counter() - started:.1f} s")
        if engine == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # what autovacuum does after a bulk load

    client = Client()
    print(f"\n{engine} ({connection.vendor}), {Movie.objects.count()} films, {repeat} runs each")
    print("| query | results | median ms | p95 ms | SQL queries |\n|---|---:|---:|---:|---:|")
    for label, params in QUERIES:
        response = client.get("/api/search/movies/", params)  # warm-up
        assert response.status_code == 200, (label, response.status_code, response.content)
        timings = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get("/api/search/movies/", params)
                timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
        print(
            f"| {label} | {response.json()['count']} | {statistics.median(timings):.1f} "
            f"| {p95:.1f} | {len(queries.captured_queries)} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "all"], default="all")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="reuse the bench database")
    args = parser.parse_args()
    if args.engine == "all":
        # One process per engine: Django's settings are read once per process.
        for engine in ("sqlite", "postgresql"):
            command = [sys.executable, __file__, "--engine", engine, "--repeat", str(args.repeat)]
            subprocess.run([*command, *(["--keep"] if args.keep else [])], check=True)
        return
    run_engine(args.engine, args.repeat, args.keep)


if __name__ == "__main__":
    main()

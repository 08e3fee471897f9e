"""The full MovieLens import, timed on a fresh SQLite file and a fresh PostgreSQL database.

Each run is a separate process (settings are per process): it migrates an empty database,
imports ``data/movielens-small`` (9,742 films, 610 users, 100,836 ratings), prints each
phase and the rows per second, checks the facts the data must show (Toy Story (1995) has 215
ratings, The Shawshank Redemption (1994) tops the weighted ranking, film statistics equal the
entries), then runs the import again to time the no-op rerun. The machine's load average is
printed with each result: on a shared 2-core box it moves the numbers a lot.

    .venv/bin/python bench/bench_import.py [--backend sqlite|postgresql] [--repeat N]

PostgreSQL is reached at ``BENCH_PG_SERVER`` (default postgres://postgres@127.0.0.1:5432);
the throw-away database is ``filmrank_bench_import``.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATASET = ROOT / "data" / "movielens-small"
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
PG_DATABASE = "filmrank_bench_import"


def recreate_pg_database() -> str:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{PG_DATABASE}"')
    return f"{PG_SERVER}/{PG_DATABASE}"


def child() -> None:
    """Migrate, import twice, check the facts; print one JSON line with the results."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db.models import Count, Sum

    from filmrank_catalog.models import Movie
    from filmrank_catalog.selectors import movie_ranking
    from filmrank_reviews.models import WatchedEntry
    from filmrank_reviews.movielens import movielens_import

    call_command("migrate", verbosity=0)
    first = movielens_import(directory=DATASET, progress=lambda line: print("   ", line))
    second = movielens_import(directory=DATASET)

    toy_story = Movie.objects.get(title="Toy Story", year=1995)
    top = movie_ranking().first()
    aggregates = {
        row["movie"]: (row["n"], row["s"])
        for row in WatchedEntry.objects.values("movie").annotate(n=Count("pk"), s=Sum("rating"))
    }
    mismatched = sum(
        1
        for pk, count, total in Movie.objects.values_list("pk", "ratings_count", "ratings_sum")
        if (count, total) != aggregates.get(pk, (0, 0))
    )
    assert toy_story.ratings_count == 215, toy_story.ratings_count
    assert (top.title, top.year) == ("The Shawshank Redemption", 1994), top
    assert mismatched == 0, mismatched
    assert not second.changed
    print(
        json.dumps(
            {
                "elapsed": first.elapsed,
                "rerun": second.elapsed,
                "films": first.films_created,
                "ratings": first.ratings_created,
                "users": first.users_created,
                "directors": first.directors_created,
                "toy_story": toy_story.ratings_count,
                "top": f"{top.title} ({top.year})",
            }
        )
    )


def run(backend: str) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "filmrank_site.settings.base",
        "DJANGO_SECRET_KEY": "bench",
        "DJANGO_DEBUG": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    with tempfile.TemporaryDirectory() as tmp:
        if backend == "sqlite":
            env["DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        else:
            env["DATABASE_URL"] = recreate_pg_database()
        done = subprocess.run(
            [sys.executable, __file__, "--child"],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
    lines = done.stdout.strip().splitlines()
    if done.returncode or not lines:
        sys.exit(f"{backend} run failed:\n{done.stdout}\n{done.stderr}")
    print("\n".join(lines[:-1]))
    return json.loads(lines[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], action="append")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child()
        return

    print(f"MovieLens import of {DATASET.relative_to(ROOT)}, fresh database each run")
    for backend in args.backend or ["sqlite", "postgresql"]:
        for attempt in range(1, args.repeat + 1):
            load = os.getloadavg()[0]
            print(f"{backend} run {attempt} (load average {load:.2f}):")
            started = time.perf_counter()
            result = run(backend)
            wall = time.perf_counter() - started
            print(
                f"  {backend}: import {result['elapsed']:.1f} s "
                f"({result['ratings'] / result['elapsed']:,.0f} ratings/s; "
                f"{result['films']:,} films, {result['directors']:,} directors, "
                f"{result['users']} users, {result['ratings']:,} ratings), "
                f"rerun {result['rerun']:.1f} s, process incl. migrate {wall:.1f} s; "
                f"Toy Story {result['toy_story']} ratings, top: {result['top']}",
                flush=True,
            )


if __name__ == "__main__":
    main()

"""``manage.py import_movielens DIR``: load a MovieLens dataset (films, users, ratings)."""

import argparse
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import IntegrityError

from filmrank_reviews.movielens import (
    DEFAULT_BATCH_SIZE,
    ImportReport,
    MovieLensError,
    movielens_import,
    movielens_loaded_count,
)


def positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive integer, not {value!r}")
    return number


class Command(BaseCommand):
    help = (
        "Import a MovieLens dataset directory (movies.csv, directors.csv, ratings.csv): films "
        "with genres and directors, one account per MovieLens user, their ratings in whole "
        "stars. Safe to run again: what is already there is reused, nothing is duplicated."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="the MovieLens directory")
        parser.add_argument(
            "--skip-if-loaded",
            action="store_true",
            help="do nothing if films with a MovieLens id are already in the catalog",
        )
        parser.add_argument(
            "--limit-ratings",
            type=positive_int,
            metavar="N",
            help="import only the first N rows of ratings.csv (quick tries)",
        )
        parser.add_argument(
            "--batch-size",
            type=positive_int,
            default=DEFAULT_BATCH_SIZE,
            help=f"rows per INSERT (default {DEFAULT_BATCH_SIZE})",
        )

    def handle(self, *args, **options) -> None:
        directory: Path = options["directory"]
        if options["skip_if_loaded"]:
            loaded = movielens_loaded_count()
            if loaded:
                self.stdout.write(
                    f"MovieLens already loaded ({loaded:,} films with a MovieLens id): skipped."
                )
                return
        try:
            report = movielens_import(
                directory=directory,
                limit_ratings=options["limit_ratings"],
                batch_size=options["batch_size"],
                progress=self.stdout.write,
            )
        except MovieLensError as exc:
            raise CommandError(f"{exc} Nothing was imported.") from exc
        except IntegrityError as exc:
            raise CommandError(
                "The catalog changed while importing (a film, user or rating was added at the "
                f"same time): nothing was imported; run the command again. ({exc})"
            ) from exc
        self.write_summary(report)

    def write_summary(self, report: ImportReport) -> None:
        merged = "; ".join(
            f"{g.label} ({' + '.join(map(str, g.movielens_ids))})" for g in report.merged_groups
        )
        lines = [
            "Summary:",
            f"  films:     {report.films_created:,} created, {report.films_present:,} already "
            f"imported, {report.films_matched:,} reused from the catalog, "
            f"{report.films_merged:,} duplicate ids merged{': ' + merged if merged else ''}",
            f"             ({report.films_without_year:,} without a year, "
            f"{report.films_without_genres:,} without genres, "
            f"{report.films_without_directors:,} without directors)",
            f"  directors: {report.directors_created:,} created, "
            f"{report.directors_present:,} already present",
            f"  users:     {report.users_created:,} created, {report.users_present:,} already "
            "present",
            f"  ratings:   {report.ratings_created:,} created, {report.ratings_present:,} already "
            f"present, {report.ratings_merged:,} merged into a more recent rating of the same film",
            f"  elapsed:   {report.elapsed:.1f} s",
        ]
        self.stdout.write("\n".join(lines))
        if report.changed:
            self.stdout.write(self.style.SUCCESS("MovieLens import done."))
        else:
            self.stdout.write(
                self.style.SUCCESS("Nothing to change: this dataset was already imported.")
            )

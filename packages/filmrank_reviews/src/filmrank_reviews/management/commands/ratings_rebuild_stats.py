"""Recompute every film's rating statistics from the watched entries (a repair tool)."""

from django.core.management.base import BaseCommand

from filmrank_reviews.services import movie_stats_rebuild


class Command(BaseCommand):
    help = (
        "Set every film's ratings_count and ratings_sum to the aggregate of its ratings and "
        "list the films that were wrong. Safe to run at any time and any number of times."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only report the films whose statistics are wrong; change nothing.",
        )

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        fixes = movie_stats_rebuild(dry_run=dry_run)
        if not fixes:
            self.stdout.write(self.style.SUCCESS("Every film's statistics match its ratings."))
            return
        verb = "Would fix" if dry_run else "Fixed"
        for fix in fixes:
            self.stdout.write(
                f"{verb} {fix.title} (id {fix.movie_id}): "
                f"ratings_count {fix.old_count} -> {fix.new_count}, "
                f"ratings_sum {fix.old_sum} -> {fix.new_sum}"
            )
        noun = "film" if len(fixes) == 1 else "films"
        self.stdout.write(self.style.SUCCESS(f"{verb} {len(fixes)} {noun}."))

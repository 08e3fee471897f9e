from django.core.management.base import BaseCommand, CommandError

from filmrank_search.backends import SearchUnavailable, get_backend
from filmrank_search.conf import search_setting


class Command(BaseCommand):
    help = (
        "Rebuild the search index from the catalog, in batches, with progress. Safe to rerun: "
        "Elasticsearch searches keep using the old index until the new one is complete."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=int,
            default=search_setting("INDEX_BATCH_SIZE"),
            help="Films per bulk request (default: FILMRANK_SEARCH['INDEX_BATCH_SIZE']).",
        )

    def handle(self, *args, batch_size: int, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        backend = get_backend()
        if not backend.needs_indexing:
            self.stdout.write(
                f"The {backend.name} search backend reads the catalog directly: nothing to index."
            )
            return

        def progress(done: int, total: int) -> None:
            self.stdout.write(f"Indexed {done}/{total} films")

        try:
            count = backend.reindex(batch_size=batch_size, progress=progress)
        except SearchUnavailable as exc:
            raise CommandError(f"Reindexing failed, the live index is unchanged: {exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(f"Indexed {count} films into the {backend.name} search backend.")
        )

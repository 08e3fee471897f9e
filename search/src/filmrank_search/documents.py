"""The Elasticsearch document of a film (django-elasticsearch-dsl), imported only when the
Elasticsearch backend is selected (or by django_elasticsearch_dsl's autodiscovery).

The weighted score is not stored: it depends on C, the mean over the whole catalog, which
moves with every rating, so a stored score would go stale for every film at once. The document
keeps the score's inputs (``ratings_sum``, ``ratings_count``) and the backend computes
``(sum + m·C) / (count + m)`` at query time with the current C, exactly like the database.
"""

from django_elasticsearch_dsl import Document, fields
from django_elasticsearch_dsl.registries import registry
from elasticsearch.dsl import analyzer

from filmrank_catalog.models import Movie
from filmrank_catalog.selectors import movie_queryset
from filmrank_catalog.text import normalize_key
from filmrank_search.conf import search_setting

# Case and accents do not matter: "AMÉLIE" and "amelie" are the same token.
folding = analyzer("filmrank_folding", tokenizer="standard", filter=["lowercase", "asciifolding"])


@registry.register_document
class MovieDocument(Document):
    id = fields.LongField()
    title = fields.TextField(analyzer=folding, fields={"raw": fields.KeywordField()})
    title_key = fields.KeywordField()
    year = fields.IntegerField()
    decade = fields.IntegerField()
    genres = fields.KeywordField(multi=True)
    directors = fields.TextField(
        analyzer=folding, multi=True, fields={"raw": fields.KeywordField()}
    )
    # Names folded by the catalog's own normalize_key, for the director filter ("name
    # contains", compared exactly as the catalog's filter compares them).
    director_keys = fields.KeywordField(multi=True)
    ratings_count = fields.IntegerField()
    ratings_sum = fields.LongField()

    class Index:
        name = search_setting("ELASTICSEARCH_INDEX")
        settings = {
            # One shard: exact facet counts and identical scoring for identical titles.
            "number_of_shards": 1,
            "number_of_replicas": 0,
            "max_result_window": search_setting("MAX_RESULT_WINDOW"),
        }

    class Django:
        model = Movie
        ignore_signals = True  # filmrank_search indexes after the transaction commits
        queryset_pagination = search_setting("INDEX_BATCH_SIZE")

    def get_queryset(self):
        return movie_queryset().order_by("pk")

    def prepare_decade(self, movie: Movie) -> int | None:
        return movie.year // 10 * 10 if movie.year else None

    def prepare_genres(self, movie: Movie) -> list[str]:
        return [link.genre.name for link in movie.genre_links.all()]

    def prepare_directors(self, movie: Movie) -> list[str]:
        return [link.director.name for link in movie.director_links.all()]

    def prepare_director_keys(self, movie: Movie) -> list[str]:
        return [normalize_key(link.director.name) for link in movie.director_links.all()]

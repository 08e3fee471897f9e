"""PostgreSQL only: enable pg_trgm and index the catalog's folded keys for the database backend.

The indexes live on the catalog's tables but belong to search, so they are created here. On
other databases this migration does nothing. ``pg_trgm`` is a trusted extension (PostgreSQL
13+): the database owner can create it without superuser rights.
"""

from django.db import DatabaseError, migrations, transaction

INDEXES = {
    # pg_trgm word similarity (typo tolerance): WHERE title_key %> 'matrx'
    "filmrank_search_movie_title_trgm": (
        "filmrank_catalog.Movie",
        "USING gin (title_key gin_trgm_ops) WITH (fastupdate = off)",
    ),
    "filmrank_search_director_name_trgm": (
        "filmrank_catalog.Director",
        "USING gin (name_key gin_trgm_ops) WITH (fastupdate = off)",
    ),
    # Full-text search; the expression is exactly what SearchVector(..., config="simple") emits.
    "filmrank_search_movie_title_fts": (
        "filmrank_catalog.Movie",
        "USING gin (to_tsvector('simple'::regconfig, COALESCE(title_key, ''))) WITH (fastupdate = off)",
    ),
    "filmrank_search_director_name_fts": (
        "filmrank_catalog.Director",
        "USING gin (to_tsvector('simple'::regconfig, COALESCE(name_key, ''))) WITH (fastupdate = off)",
    ),
}


# pg_trgm declares its operators as cheap as an integer comparison, so on small tables (a few
# thousand directors) the planner prefers testing every row, 30x slower than the index. A
# realistic cost fixes the plans. Only the functions' owner may change it; without that right
# the migration goes on (search stays correct, only slower on small tables).
TRIGRAM_OPERATOR_FUNCTIONS = [
    "similarity_op(text, text)",
    "word_similarity_op(text, text)",
    "word_similarity_commutator_op(text, text)",
]
TRIGRAM_OPERATOR_COST = 100


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, (model, definition) in INDEXES.items():
        table = schema_editor.quote_name(apps.get_model(model)._meta.db_table)
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} {definition}")
    for function in TRIGRAM_OPERATOR_FUNCTIONS:
        try:
            with transaction.atomic(using=schema_editor.connection.alias):
                schema_editor.execute(f"ALTER FUNCTION {function} COST {TRIGRAM_OPERATOR_COST}")
        except DatabaseError:
            pass  # not the owner: keep pg_trgm's default cost


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    # pg_trgm stays: other objects may use it, and keeping it is harmless.


class Migration(migrations.Migration):
    dependencies = [("filmrank_catalog", "0001_initial")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]

from django.db import migrations
from django.utils.text import slugify

# The curated list. Later changes to it come as new data migrations.
GENRES = {
    "Action": [],
    "Adventure": [],
    "Animation": ["Animated", "Cartoon"],
    "Children": ["Children's", "Childrens", "Kids", "Family"],
    "Comedy": ["Comedies"],
    "Crime": [],
    "Documentary": ["Documentaries", "Doc"],
    "Drama": ["Dramas"],
    "Fantasy": [],
    "Film-Noir": ["Film Noir", "Noir"],
    "Horror": [],
    "IMAX": [],
    "Musical": ["Music", "Musicals"],
    "Mystery": [],
    "Romance": ["Romantic"],
    "Sci-Fi": ["Science Fiction", "Science-Fiction", "SciFi", "Sci Fi", "SF"],
    "Thriller": ["Thrillers", "Suspense"],
    "War": [],
    "Western": ["Westerns"],
}


def _key(value):
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", value)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def seed(apps, schema_editor):
    Genre = apps.get_model("filmrank_catalog", "Genre")
    GenreAlias = apps.get_model("filmrank_catalog", "GenreAlias")
    for name, aliases in GENRES.items():
        genre, _ = Genre.objects.get_or_create(
            name_key=_key(name), defaults={"name": name, "slug": slugify(name)}
        )
        for alias in aliases:
            GenreAlias.objects.get_or_create(key=_key(alias), defaults={"genre": genre})


def unseed(apps, schema_editor):
    Genre = apps.get_model("filmrank_catalog", "Genre")
    GenreAlias = apps.get_model("filmrank_catalog", "GenreAlias")
    GenreAlias.objects.filter(key__in=[_key(a) for v in GENRES.values() for a in v]).delete()
    Genre.objects.filter(name__in=list(GENRES), movie_links__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("filmrank_catalog", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]

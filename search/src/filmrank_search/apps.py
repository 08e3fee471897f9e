from django.apps import AppConfig
from django.db.models.signals import post_delete


class SearchConfig(AppConfig):
    name = "filmrank_search"
    label = "filmrank_search"
    verbose_name = "FilmRank search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from filmrank_catalog.models import Movie
        from filmrank_catalog.signals import movies_changed
        from filmrank_search import checks  # noqa: F401  (registers system checks)
        from filmrank_search.indexing import on_movie_deleted, on_movies_changed

        movies_changed.connect(on_movies_changed, dispatch_uid="filmrank_search.index")
        post_delete.connect(on_movie_deleted, sender=Movie, dispatch_uid="filmrank_search.delete")

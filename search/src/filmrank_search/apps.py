from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "filmrank_search"
    label = "filmrank_search"
    verbose_name = "FilmRank search"
    default_auto_field = "django.db.models.BigAutoField"

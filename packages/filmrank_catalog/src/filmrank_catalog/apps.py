from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "filmrank_catalog"
    label = "filmrank_catalog"
    verbose_name = "FilmRank catalog"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from filmrank_catalog import checks  # noqa: F401  (registers system checks)

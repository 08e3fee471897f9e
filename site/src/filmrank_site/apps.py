from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "filmrank_site"
    label = "filmrank_site"
    verbose_name = "FilmRank site"

    def ready(self) -> None:
        from filmrank_site import checks  # noqa: F401  (registers system checks)

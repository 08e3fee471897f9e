from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "filmrank_site"
    label = "filmrank_site"
    verbose_name = "FilmRank site"

from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "filmrank_reviews"
    label = "filmrank_reviews"
    verbose_name = "FilmRank reviews"
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "filmrank_reviews"
    label = "filmrank_reviews"
    verbose_name = "FilmRank reviews"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.conf import settings
        from django.db.models.signals import pre_delete

        from filmrank_reviews.signals import withdraw_ratings_of_deleted_user

        pre_delete.connect(
            withdraw_ratings_of_deleted_user,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="filmrank_reviews.withdraw_ratings_of_deleted_user",
        )

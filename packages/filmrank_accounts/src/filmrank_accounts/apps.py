from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "filmrank_accounts"
    label = "filmrank_accounts"
    verbose_name = "FilmRank accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from filmrank_accounts import checks  # noqa: F401  (registers system checks)

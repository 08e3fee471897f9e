from django.apps import apps
from django.core import checks


@checks.register(checks.Tags.compatibility)
def check_token_blacklist(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Log-out and refresh-token rotation revoke tokens in simplejwt's blacklist."""
    if apps.is_installed("rest_framework_simplejwt.token_blacklist"):
        return []
    return [
        checks.Error(
            "filmrank_accounts needs 'rest_framework_simplejwt.token_blacklist' installed.",
            hint="Add it to INSTALLED_APPS; log-out and refresh rotation revoke tokens there.",
            id="filmrank_accounts.E001",
        )
    ]

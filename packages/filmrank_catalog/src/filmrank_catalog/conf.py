"""The catalog app's settings: ``settings.FILMRANK_CATALOG``, a dict merged over DEFAULTS."""

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # m in the Bayesian weighted score: how many votes a film needs before its own mean
    # outweighs the catalog mean.
    "RANKING_MIN_VOTES": 5,
}


def catalog_setting(name: str) -> Any:
    return {**DEFAULTS, **getattr(settings, "FILMRANK_CATALOG", {})}[name]

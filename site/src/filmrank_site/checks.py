from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.caches, deploy=True)
def check_shared_cache(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """``manage.py check --deploy``: several server processes need one shared cache."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith("LocMemCache"):
        return [
            checks.Warning(
                "The cache is in-process: with several server processes each keeps its own "
                "throttling counters (the log-in limit is multiplied by the number of "
                "processes) and its own similar-films cache.",
                hint="Set REDIS_URL, e.g. redis://127.0.0.1:6379/0.",
                id="filmrank_site.W001",
            )
        ]
    return []

from django.conf import settings
from django.core import checks
from django.utils.module_loading import import_string

from filmrank_search.backends import SearchBackend, backend_path
from filmrank_search.conf import BACKENDS, search_setting


@checks.register(checks.Tags.compatibility)
def check_settings(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    name = search_setting("BACKEND")
    try:
        backend_class = import_string(backend_path(str(name)))
        if not (isinstance(backend_class, type) and issubclass(backend_class, SearchBackend)):
            raise ImportError(f"{backend_path(str(name))} is not a SearchBackend")
    except ImportError as exc:
        errors.append(
            checks.Error(
                f"FILMRANK_SEARCH['BACKEND'] is {name!r}, which is not a search backend ({exc}).",
                hint=f"Use one of: {', '.join(BACKENDS)}.",
                id="filmrank_search.E001",
            )
        )
        return errors
    if name == "elasticsearch":
        hosts = getattr(settings, "ELASTICSEARCH_DSL", {}).get("default", {}).get("hosts")
        if not hosts:
            errors.append(
                checks.Error(
                    "The elasticsearch search backend needs ELASTICSEARCH_DSL['default']['hosts'].",
                    hint="Set ELASTICSEARCH_URL (the site settings pass it on).",
                    id="filmrank_search.E002",
                )
            )
    for key in ("FACET_SIZE", "INDEX_BATCH_SIZE", "MAX_RESULT_WINDOW"):
        value = search_setting(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            errors.append(
                checks.Error(
                    f"FILMRANK_SEARCH[{key!r}] must be a positive integer.",
                    id="filmrank_search.E003",
                )
            )
    return errors

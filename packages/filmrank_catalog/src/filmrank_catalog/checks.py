from django.core import checks

from filmrank_catalog.conf import catalog_setting


@checks.register(checks.Tags.compatibility)
def check_settings(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    errors = []
    m = catalog_setting("RANKING_MIN_VOTES")
    if not isinstance(m, int) or isinstance(m, bool) or m < 0:
        errors.append(
            checks.Error(
                "FILMRANK_CATALOG['RANKING_MIN_VOTES'] must be a non-negative integer.",
                hint="It is m in the weighted score v/(v+m)·R + m/(v+m)·C; 5 is the default.",
                id="filmrank_catalog.E001",
            )
        )
    return errors

"""Prove that one FilmRank app works installed on its own, in a Django project of its own.

Run in an environment where only that app and the FilmRank apps it declares are installed
(``nox -s packages`` builds one per app). It configures a bare project with the app and its
declared dependencies, imports every module of the app (an undeclared import fails here),
runs the system checks, applies the migrations and checks none is missing.

    python tests/standalone/check_app.py filmrank_catalog
"""

import importlib
import pkgutil
import sys

import django
from django.conf import settings
from django.core.management import call_command

DJANGO = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
]
DRF = ["rest_framework", "django_filters", "drf_spectacular"]
JWT = ["rest_framework_simplejwt", "rest_framework_simplejwt.token_blacklist"]
# Each app with the apps it needs; the catalog runs with Django's own user model, to prove it
# only names users through AUTH_USER_MODEL.
APPS = {
    "filmrank_catalog": ([*DRF, "filmrank_catalog"], "auth.User"),
    "filmrank_accounts": ([*DRF, *JWT, "filmrank_catalog", "filmrank_accounts"], None),
    "filmrank_reviews": (
        [*DRF, *JWT, "filmrank_catalog", "filmrank_accounts", "filmrank_reviews"],
        None,
    ),
    "filmrank_search": ([*DRF, "filmrank_catalog", "filmrank_search"], "auth.User"),
}
USER_MODEL = "filmrank_accounts.User"


def main(app: str) -> None:
    apps, user_model = APPS[app]
    settings.configure(
        DEBUG=False,
        SECRET_KEY="standalone-check",
        INSTALLED_APPS=[*DJANGO, *apps],
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        AUTH_USER_MODEL=user_model or USER_MODEL,
        DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
        USE_TZ=True,
        ROOT_URLCONF=f"{app}.api.urls",
        MIDDLEWARE=[
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
            "django.contrib.messages.middleware.MessageMiddleware",
        ],
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "APP_DIRS": True,
                "OPTIONS": {
                    "context_processors": [
                        "django.template.context_processors.request",
                        "django.contrib.auth.context_processors.auth",
                        "django.contrib.messages.context_processors.messages",
                    ]
                },
            }
        ],
        REST_FRAMEWORK={"DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema"},
    )
    django.setup()
    package = importlib.import_module(app)
    for module in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
        if ".tests" in module.name or module.name.endswith(".testing.fixtures"):
            continue
        importlib.import_module(module.name)
    call_command("check", fail_level="WARNING")
    call_command("migrate", verbosity=0)
    call_command("makemigrations", app, check=True, dry_run=True, verbosity=0)
    print(f"{app}: imports, checks and migrations OK on its own")


if __name__ == "__main__":
    main(sys.argv[1])

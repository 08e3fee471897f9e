"""Settings for the test suite: the site's settings with fast hashing and no throttling."""

import os

os.environ.setdefault(
    "DJANGO_SECRET_KEY", "test-only-secret-key-long-enough-for-hs256-signing-0123456789"
)
os.environ.setdefault("DJANGO_DEBUG", "false")

from filmrank_site.settings.base import *  # noqa: F403
from filmrank_site.settings.base import REST_FRAMEWORK

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Throttling is tested explicitly (tests override these rates); elsewhere it would only make
# the suite order-dependent.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None, "auth": None},
}
LOGGING = {"version": 1, "disable_existing_loggers": False}

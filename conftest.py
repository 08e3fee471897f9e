"""Fixtures for the whole workspace's suite (each package's tests/conftest.py adds its own)."""

from filmrank_accounts.testing.fixtures import *  # noqa: F403


def pytest_collection_modifyitems(config, items):
    """``@pytest.mark.postgresql`` tests run only when the suite runs on PostgreSQL."""
    import pytest
    from django.conf import settings

    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL to a postgres:// URL)")
    for item in items:
        if "postgresql" in item.keywords:
            item.add_marker(skip)

"""Fixtures for the whole workspace's suite (each package's tests/conftest.py adds its own)."""

from filmrank_accounts.testing.fixtures import *  # noqa: F403

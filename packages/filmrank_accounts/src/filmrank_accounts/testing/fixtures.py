"""pytest fixtures for any app's API tests: ``from filmrank_accounts.testing.fixtures import *``."""

import pytest
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from filmrank_accounts.testing.factories import UserFactory

__all__ = ["api_client", "auth_client", "client_for", "other_user", "user"]


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def other_user(db):
    return UserFactory()


@pytest.fixture
def client_for(db):
    """``client_for(user)``: an APIClient sending that user's access token."""

    def make(some_user) -> APIClient:
        client = APIClient()
        token = RefreshToken.for_user(some_user).access_token
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        return client

    return make


@pytest.fixture
def auth_client(client_for, user) -> APIClient:
    return client_for(user)

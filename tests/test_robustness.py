"""Hostile or clumsy requests get a clear 4xx in JSON, never a 500 or an HTML page."""

import jwt
import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings
from rest_framework.test import APIClient

from filmrank_accounts.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_json_nested_too_deeply_is_a_400_not_a_500(api_client):
    body = "[" * 5000 + "]" * 5000
    response = api_client.post("/api/auth/token/", body, content_type="application/json")
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]


def test_form_encoded_bodies_are_refused_with_415(auth_client):
    response = auth_client.post(
        "/api/me/watched/", {"movie": "1", "rating": "3"}, format="multipart"
    )
    assert response.status_code == 415
    assert response.json()["detail"].startswith("Unsupported media type")


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_body_over_the_size_limit_is_a_json_400():
    client = APIClient(raise_request_exception=False)
    response = client.post(
        "/api/auth/register/", '{"email": "' + "a" * 2000 + '"}', content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Bad request.")


@pytest.mark.parametrize(
    "claims",
    [
        {"user_id": "abc"},
        {"user_id": [1]},
        {"user_id": True},
        {"user_id": 1.5},
        {"user_id": 1, "exp": 10**30},
    ],
)
def test_a_signed_token_with_nonsense_claims_is_a_401(claims):
    user = UserFactory()
    payload = {"token_type": "access", "jti": "x", "exp": 4102444800, "user_id": str(user.pk)}
    token = jwt.encode({**payload, **claims}, settings.SECRET_KEY, algorithm="HS256")
    client = APIClient(raise_request_exception=False)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.get("/api/me/").status_code == 401


def test_a_forged_x_forwarded_for_does_not_escape_the_log_in_limit():
    cache.clear()
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "auth": "3/minute"}
    with override_settings(
        REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    ):
        client = APIClient()
        statuses = [
            client.post(
                "/api/auth/token/",
                {"email": "who@example.com", "password": "wrong"},
                HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
            ).status_code
            for n in range(5)
        ]
    cache.clear()
    assert statuses == [401, 401, 401, 429, 429]


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_answer_writes_with_405_not_a_csrf_page(path):
    response = APIClient(enforce_csrf_checks=True).post(path)
    assert response.status_code == 405

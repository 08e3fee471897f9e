from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from filmrank_accounts.testing.factories import DEFAULT_PASSWORD, UserFactory

TOKEN = "/api/auth/token/"
REFRESH = "/api/auth/token/refresh/"
LOGOUT = "/api/auth/logout/"
ME = "/api/me/"

pytestmark = pytest.mark.django_db


def log_in(client, email, password=DEFAULT_PASSWORD):
    return client.post(TOKEN, {"email": email, "password": password}, format="json")


def bearer(access: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


def expired_refresh(user) -> str:
    token = RefreshToken.for_user(user)
    token.set_exp(lifetime=timedelta(seconds=-1))
    return str(token)


# --- log in ---------------------------------------------------------------------------------


def test_log_in_gives_tokens_that_open_me(api_client, user):
    response = log_in(api_client, user.email)

    assert response.status_code == 200
    tokens = response.json()
    assert set(tokens) == {"access", "refresh"}
    me = bearer(tokens["access"]).get(ME)
    assert me.status_code == 200
    assert me.json()["id"] == user.pk


def test_log_in_email_is_case_insensitive(api_client):
    UserFactory(email="Case.Person@example.com")

    response = log_in(api_client, "case.person@EXAMPLE.com")

    assert response.status_code == 200


def test_wrong_password_is_401(api_client, user):
    response = log_in(api_client, user.email, "not-the-password")

    assert response.status_code == 401
    assert "access" not in response.json()


def test_unknown_email_is_401(api_client):
    assert log_in(api_client, "nobody@example.com").status_code == 401


def test_inactive_account_cannot_log_in(api_client):
    inactive = UserFactory(is_active=False)

    assert log_in(api_client, inactive.email).status_code == 401


def test_missing_credentials_are_named(api_client):
    response = api_client.post(TOKEN, {}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"email", "password"}


# --- refresh --------------------------------------------------------------------------------


def test_refresh_rotates_and_the_old_refresh_token_stops_working(api_client, user):
    first = log_in(api_client, user.email).json()["refresh"]

    rotated = api_client.post(REFRESH, {"refresh": first}, format="json")
    assert rotated.status_code == 200
    body = rotated.json()
    assert set(body) == {"access", "refresh"}
    assert body["refresh"] != first
    assert bearer(body["access"]).get(ME).status_code == 200

    reused = api_client.post(REFRESH, {"refresh": first}, format="json")
    assert reused.status_code == 401

    again = api_client.post(REFRESH, {"refresh": body["refresh"]}, format="json")
    assert again.status_code == 200


def test_a_refresh_racing_another_with_the_same_token_gets_nothing(api_client, user, monkeypatch):
    token = RefreshToken.for_user(user)
    # The other request blacklisted the token just after this one checked the blacklist.
    token.blacklist()
    monkeypatch.setattr(RefreshToken, "check_blacklist", lambda self: None)

    response = api_client.post(REFRESH, {"refresh": str(token)}, format="json")

    assert response.status_code == 401
    assert "access" not in response.json()


@pytest.mark.parametrize("bad", ["garbage", ""], ids=["garbage", "blank"])
def test_refresh_with_bad_token(api_client, bad):
    response = api_client.post(REFRESH, {"refresh": bad}, format="json")

    assert response.status_code == (401 if bad else 400)


def test_refresh_without_body_is_400(api_client):
    response = api_client.post(REFRESH, {}, format="json")

    assert response.status_code == 400
    assert "refresh" in response.json()


def test_access_token_is_not_a_refresh_token(api_client, user):
    access = log_in(api_client, user.email).json()["access"]

    assert api_client.post(REFRESH, {"refresh": access}, format="json").status_code == 401


def test_expired_refresh_token_is_401(api_client, user):
    response = api_client.post(REFRESH, {"refresh": expired_refresh(user)}, format="json")

    assert response.status_code == 401


def test_refresh_for_a_deleted_account_is_401_not_500(api_client):
    gone = UserFactory()
    refresh = str(RefreshToken.for_user(gone))
    gone.delete()

    assert api_client.post(REFRESH, {"refresh": refresh}, format="json").status_code == 401


def test_refresh_for_a_deactivated_account_is_401(api_client):
    someone = UserFactory()
    refresh = str(RefreshToken.for_user(someone))
    someone.is_active = False
    someone.save()

    assert api_client.post(REFRESH, {"refresh": refresh}, format="json").status_code == 401


# --- log out --------------------------------------------------------------------------------


def test_logout_revokes_the_refresh_token(api_client, user):
    tokens = log_in(api_client, user.email).json()
    client = bearer(tokens["access"])

    response = client.post(LOGOUT, {"refresh": tokens["refresh"]}, format="json")

    assert response.status_code == 204
    reused = api_client.post(REFRESH, {"refresh": tokens["refresh"]}, format="json")
    assert reused.status_code == 401


def test_logout_twice_says_already_revoked(api_client, user):
    tokens = log_in(api_client, user.email).json()
    client = bearer(tokens["access"])
    client.post(LOGOUT, {"refresh": tokens["refresh"]}, format="json")

    response = client.post(LOGOUT, {"refresh": tokens["refresh"]}, format="json")

    assert response.status_code == 400
    assert "already revoked" in response.json()["refresh"][0]


def test_logout_a_rotated_refresh_token_says_already_revoked(api_client, user):
    tokens = log_in(api_client, user.email).json()
    api_client.post(REFRESH, {"refresh": tokens["refresh"]}, format="json")

    response = bearer(tokens["access"]).post(LOGOUT, {"refresh": tokens["refresh"]}, format="json")

    assert response.status_code == 400
    assert "already revoked" in response.json()["refresh"][0]


def test_logout_needs_an_access_token(api_client, user):
    refresh = log_in(api_client, user.email).json()["refresh"]

    response = api_client.post(LOGOUT, {"refresh": refresh}, format="json")

    assert response.status_code == 401
    assert api_client.post(REFRESH, {"refresh": refresh}, format="json").status_code == 200


def test_cannot_log_out_someone_elses_refresh_token(api_client, user, other_user):
    mine = log_in(api_client, user.email).json()
    theirs = log_in(api_client, other_user.email).json()

    response = bearer(mine["access"]).post(LOGOUT, {"refresh": theirs["refresh"]}, format="json")

    assert response.status_code == 403
    assert response.json() == {"detail": "This refresh token belongs to another account."}
    still_works = api_client.post(REFRESH, {"refresh": theirs["refresh"]}, format="json")
    assert still_works.status_code == 200


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "This field is required."),
        ({"refresh": "garbage"}, "This is not a valid refresh token."),
    ],
    ids=["missing", "garbage"],
)
def test_logout_with_a_bad_refresh_token_is_400(auth_client, body, message):
    response = auth_client.post(LOGOUT, body, format="json")

    assert response.status_code == 400
    assert response.json() == {"refresh": [message]}


def test_logout_with_an_access_token_in_place_of_refresh_is_400(api_client, user):
    tokens = log_in(api_client, user.email).json()

    response = bearer(tokens["access"]).post(LOGOUT, {"refresh": tokens["access"]}, format="json")

    assert response.status_code == 400
    assert response.json() == {"refresh": ["This is not a valid refresh token."]}


def test_logout_with_an_expired_refresh_token_is_400(auth_client, user):
    response = auth_client.post(LOGOUT, {"refresh": expired_refresh(user)}, format="json")

    assert response.status_code == 400
    assert "expired" in response.json()["refresh"][0]


# --- throttling -----------------------------------------------------------------------------


@pytest.fixture
def tiny_auth_rate():
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "auth": "2/minute"}
    cache.clear()
    rest_framework = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    with override_settings(REST_FRAMEWORK=rest_framework):
        yield
    cache.clear()


def test_log_in_attempts_are_throttled(api_client, user, tiny_auth_rate):
    statuses = [log_in(api_client, user.email, "wrong-guess").status_code for _ in range(3)]

    assert statuses == [401, 401, 429]
    assert log_in(api_client, user.email).status_code == 429


def test_sign_ups_are_throttled(api_client, tiny_auth_rate):
    statuses = [
        api_client.post(
            "/api/auth/register/",
            {"email": f"spam{i}@example.com", "password": "velvet-orbit-lantern-42"},
            format="json",
        ).status_code
        for i in range(3)
    ]

    assert statuses == [201, 201, 429]


@pytest.mark.parametrize("scheme", ["Token", "JWT", ""])
def test_a_token_sent_without_the_bearer_scheme_is_told_how_to_send_it(api_client, user, scheme):
    access = str(RefreshToken.for_user(user).access_token)
    api_client.credentials(HTTP_AUTHORIZATION=f"{scheme} {access}".strip())

    response = api_client.get("/api/me/")

    assert response.status_code == 401
    assert "Authorization: Bearer <access token>" in response.json()["detail"]

import pytest
from django.contrib.auth import get_user_model

from filmrank_accounts.testing.factories import UserFactory

REGISTER = "/api/auth/register/"
STRONG = "velvet-orbit-lantern-42"

pytestmark = pytest.mark.django_db


def register(client, **body):
    return client.post(REGISTER, body, format="json")


def test_register_returns_the_account_without_the_password(api_client):
    response = register(
        api_client,
        email="Ada@Example.COM",
        password=STRONG,
        name="  Ada   Lovelace ",
        location="London",
        favorite_genre="science fiction",
    )

    assert response.status_code == 201
    body = response.json()
    assert set(body) == {
        "id",
        "email",
        "name",
        "location",
        "favorite_genre",
        "profile_complete",
        "date_joined",
    }
    assert body["email"] == "Ada@example.com"  # the domain part is normalised to lower case
    assert body["name"] == "Ada Lovelace"
    assert body["favorite_genre"] == "Sci-Fi"
    assert body["profile_complete"] is True
    user = get_user_model().objects.get(pk=body["id"])
    assert user.check_password(STRONG)
    assert STRONG not in response.content.decode()
    assert user.password not in response.content.decode()


def test_register_with_only_email_and_password(api_client):
    response = register(api_client, email="min@example.com", password=STRONG)

    assert response.status_code == 201
    body = response.json()
    assert body["name"] == ""
    assert body["favorite_genre"] is None
    assert body["profile_complete"] is False


def test_registered_user_can_log_in(api_client):
    register(api_client, email="login@example.com", password=STRONG)

    response = api_client.post(
        "/api/auth/token/", {"email": "login@example.com", "password": STRONG}, format="json"
    )

    assert response.status_code == 200
    assert set(response.json()) >= {"access", "refresh"}


def test_password_with_surrounding_spaces_is_kept_as_typed(api_client):
    password = f"  {STRONG}  "
    assert register(api_client, email="spaces@example.com", password=password).status_code == 201

    good = api_client.post(
        "/api/auth/token/", {"email": "spaces@example.com", "password": password}, format="json"
    )
    trimmed = api_client.post(
        "/api/auth/token/", {"email": "spaces@example.com", "password": STRONG}, format="json"
    )

    assert good.status_code == 200
    assert trimmed.status_code == 401


def test_duplicate_email_in_another_case_is_rejected(api_client):
    UserFactory(email="taken@example.com")

    response = register(api_client, email="TAKEN@Example.com", password=STRONG)

    assert response.status_code == 400
    assert response.json() == {"email": ["An account with this email address already exists."]}
    assert get_user_model().objects.filter(email__iexact="taken@example.com").count() == 1


@pytest.mark.parametrize(
    ("password", "complaint"),
    [
        ("Xy7!", "too short"),
        ("password123", "too common"),
        ("83920571649", "entirely numeric"),
        ("moviebuff1", "too similar to the email"),
    ],
    ids=["short", "common", "numeric", "similar-to-email"],
)
def test_weak_passwords_are_rejected_with_the_reason(api_client, password, complaint):
    response = register(api_client, email="moviebuff@example.com", password=password)

    assert response.status_code == 400
    messages = " ".join(response.json()["password"])
    assert complaint in messages
    assert not get_user_model().objects.filter(email="moviebuff@example.com").exists()


def test_missing_fields_are_named(api_client):
    response = register(api_client)

    assert response.status_code == 400
    assert set(response.json()) == {"email", "password"}


def test_blank_password_is_rejected(api_client):
    response = register(api_client, email="blank@example.com", password="")

    assert response.status_code == 400
    assert "password" in response.json()


@pytest.mark.parametrize("email", ["not-an-email", "a@", "@example.com", "two@@example.com"])
def test_malformed_email_is_rejected(api_client, email):
    response = register(api_client, email=email, password=STRONG)

    assert response.status_code == 400
    assert response.json()["email"] == ["Enter a valid email address."]


def test_unknown_genre_names_the_valid_ones(api_client):
    response = register(api_client, email="g@example.com", password=STRONG, favorite_genre="Opera")

    assert response.status_code == 400
    [message] = response.json()["favorite_genre"]
    assert '"Opera" is not a known genre' in message
    assert "Sci-Fi" in message
    assert "Drama" in message
    assert not get_user_model().objects.filter(email="g@example.com").exists()


def test_every_bad_field_is_reported_at_once(api_client):
    UserFactory(email="dup@example.com")

    response = register(api_client, email="DUP@example.com", password="123", favorite_genre="Opera")

    assert response.status_code == 400
    assert set(response.json()) == {"email", "password", "favorite_genre"}


def test_overlong_name_is_rejected(api_client):
    response = register(api_client, email="long@example.com", password=STRONG, name="n" * 151)

    assert response.status_code == 400
    assert "name" in response.json()


def test_null_character_is_a_400_not_a_database_error(api_client):
    response = register(api_client, email="nul@example.com", password=STRONG, name="A\x00B")

    assert response.status_code == 400
    assert "name" in response.json()


def test_a_stale_token_does_not_block_sign_up(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")

    response = register(api_client, email="fresh@example.com", password=STRONG)

    assert response.status_code == 201


def test_sign_up_cannot_grant_staff_rights(api_client):
    response = register(
        api_client, email="sneaky@example.com", password=STRONG, is_staff=True, is_superuser=True
    )

    assert response.status_code == 201
    user = get_user_model().objects.get(email="sneaky@example.com")
    assert not user.is_staff
    assert not user.is_superuser


def test_register_only_accepts_post(api_client):
    assert api_client.get(REGISTER).status_code == 405


def test_a_full_width_look_alike_email_is_the_same_account(api_client):
    first = api_client.post(
        "/api/auth/register/", {"email": "kim@example.com", "password": "a long passphrase"}
    )
    assert first.status_code == 201
    look_alike = api_client.post(
        "/api/auth/register/", {"email": "kim@\uff45xample.com", "password": "a long passphrase"}
    )
    assert look_alike.status_code == 400
    assert "email" in look_alike.json()

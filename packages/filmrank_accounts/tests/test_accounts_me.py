import pytest

from filmrank_accounts.testing.factories import UserFactory
from filmrank_catalog.testing.factories import genre

ME = "/api/me/"

pytestmark = pytest.mark.django_db


def test_me_needs_a_token(api_client):
    assert api_client.get(ME).status_code == 401
    assert api_client.patch(ME, {"name": "X"}, format="json").status_code == 401


def test_me_with_a_bad_token_is_401(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")

    assert api_client.get(ME).status_code == 401


def test_me_shows_your_account(client_for):
    someone = UserFactory(
        email="me@example.com", name="Me", location="Oslo", favorite_genre=genre("Drama")
    )

    response = client_for(someone).get(ME)

    assert response.status_code == 200
    body = response.json()
    assert body == {
        "id": someone.pk,
        "email": "me@example.com",
        "name": "Me",
        "location": "Oslo",
        "favorite_genre": "Drama",
        "profile_complete": True,
        "date_joined": body["date_joined"],
    }
    assert body["date_joined"].endswith("Z") or "+" in body["date_joined"]
    assert "password" not in response.content.decode()


def test_patch_favorite_genre_by_alias(auth_client, user):
    response = auth_client.patch(ME, {"favorite_genre": "science fiction"}, format="json")

    assert response.status_code == 200
    assert response.json()["favorite_genre"] == "Sci-Fi"
    user.refresh_from_db()
    assert user.favorite_genre == genre("Sci-Fi")


def test_patch_favorite_genre_folds_case_accents_and_spaces(auth_client):
    response = auth_client.patch(ME, {"favorite_genre": "  FÍLM   noir "}, format="json")

    assert response.status_code == 200
    assert response.json()["favorite_genre"] == "Film-Noir"


def test_unknown_genre_message_lists_the_valid_genres(auth_client, user):
    response = auth_client.patch(ME, {"favorite_genre": "Opera"}, format="json")

    assert response.status_code == 400
    [message] = response.json()["favorite_genre"]
    for name in ("Action", "Drama", "Sci-Fi", "Western"):
        assert name in message
    user.refresh_from_db()
    assert user.favorite_genre is None


@pytest.mark.parametrize("empty", [None, "", "   "], ids=["null", "empty", "blank"])
def test_null_or_empty_favorite_genre_clears_it(client_for, empty):
    someone = UserFactory(favorite_genre=genre("Drama"))

    response = client_for(someone).patch(ME, {"favorite_genre": empty}, format="json")

    assert response.status_code == 200
    assert response.json()["favorite_genre"] is None
    someone.refresh_from_db()
    assert someone.favorite_genre is None


def test_profile_complete_flips_when_the_last_field_is_set_and_back(client_for):
    someone = UserFactory(name="", location="", favorite_genre=None)
    client = client_for(someone)
    assert client.get(ME).json()["profile_complete"] is False

    client.patch(ME, {"name": "Kim", "location": "Seoul"}, format="json")
    assert client.get(ME).json()["profile_complete"] is False

    response = client.patch(ME, {"favorite_genre": "Thriller"}, format="json")
    assert response.json()["profile_complete"] is True

    response = client.patch(ME, {"location": ""}, format="json")
    assert response.json()["profile_complete"] is False


def test_patch_trims_name_and_location_and_leaves_other_fields(client_for):
    someone = UserFactory(name="Old", location="Lima", favorite_genre=genre("Comedy"))

    response = client_for(someone).patch(ME, {"name": "  Ana   María  "}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Ana María"
    assert body["location"] == "Lima"
    assert body["favorite_genre"] == "Comedy"


@pytest.mark.parametrize("field", ["name", "location"])
def test_overlong_name_or_location_is_400(auth_client, user, field):
    before = getattr(user, field)

    response = auth_client.patch(ME, {field: "x" * 151}, format="json")

    assert response.status_code == 400
    assert "150" in response.json()[field][0]
    user.refresh_from_db()
    assert getattr(user, field) == before


def test_name_cannot_be_null(auth_client):
    response = auth_client.patch(ME, {"name": None}, format="json")

    assert response.status_code == 400
    assert "name" in response.json()


def test_email_cannot_be_changed_here(auth_client, user):
    response = auth_client.patch(ME, {"email": "new@example.com", "name": "N"}, format="json")

    assert response.status_code == 400
    assert response.json() == {"email": ["Your email address cannot be changed here."]}
    user.refresh_from_db()
    assert user.email != "new@example.com"
    assert user.name != "N"


def test_sending_back_what_get_returned_is_accepted(auth_client):
    current = auth_client.get(ME).json()

    response = auth_client.patch(ME, {**current, "name": "Renamed"}, format="json")

    assert response.status_code == 200
    assert response.json()["name"] == "Renamed"
    assert response.json()["email"] == current["email"]


def test_put_is_not_allowed(auth_client):
    assert auth_client.put(ME, {"name": "X"}, format="json").status_code == 405


def test_patch_with_a_list_body_is_400(auth_client):
    assert auth_client.patch(ME, ["name"], format="json").status_code == 400

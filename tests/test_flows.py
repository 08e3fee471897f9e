"""End-to-end journeys through the public API, as a client would make them."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

PASSWORD = "a long and unusual passphrase"


def sign_up(email: str, name: str) -> APIClient:
    client = APIClient()
    response = client.post(
        "/api/auth/register/", {"email": email, "password": PASSWORD, "name": name}
    )
    assert response.status_code == 201, response.json()
    tokens = client.post("/api/auth/token/", {"email": email.upper(), "password": PASSWORD})
    assert tokens.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens.json()['access']}")
    client.refresh_token = tokens.json()["refresh"]
    return client


def test_a_new_user_logs_films_and_sees_every_ranking_move():
    ada = sign_up("ada@example.com", "Ada")
    profile = ada.patch("/api/me/", {"location": "London", "favorite_genre": "science fiction"})
    assert profile.status_code == 200
    assert profile.json()["favorite_genre"] == "Sci-Fi"
    assert profile.json()["profile_complete"] is True

    added = ada.post(
        "/api/me/watched/",
        {
            "title": "Matrix, The",
            "year": 1999,
            "directors": ["Lana Wachowski", "Lilly Wachowski"],
            "genres": ["Sci-Fi", "Action"],
            "rating": 5,
        },
    )
    assert added.status_code == 201, added.json()
    matrix = added.json()["movie"]
    assert matrix["title"] == "The Matrix"
    assert matrix["directors"] == ["Lana Wachowski", "Lilly Wachowski"]
    assert matrix["director"] == "Lana Wachowski"
    assert matrix["added_by"] == "Ada"

    grace = sign_up("grace@example.com", "Grace")
    # Grace types the same film her own way: it is the same catalog row.
    again = grace.post(
        "/api/me/watched/",
        {"title": "  the MATRIX ", "year": 1999, "director": "lilly wachowski", "rating": 3},
    )
    assert again.status_code == 201, again.json()
    assert again.json()["movie"]["id"] == matrix["id"]
    duplicate = grace.post("/api/me/watched/", {"movie": matrix["id"], "rating": 4})
    assert duplicate.status_code == 409

    detail = APIClient().get(f"/api/movies/{matrix['id']}/").json()
    assert detail["ratings_count"] == 2
    assert detail["average"] == 4.0
    assert detail["rank"] == 1

    ranking = APIClient().get("/api/rankings/movies/").json()
    assert ranking["results"][0]["movie"]["id"] == matrix["id"]
    assert ranking["results"][0]["position"] == 1

    # Ada hears about Grace's rating, and about its change, in one notification.
    entry_id = again.json()["id"]
    assert grace.patch(f"/api/me/watched/{entry_id}/", {"rating": 2}).status_code == 200
    inbox = ada.get("/api/me/notifications/?unread=true")
    assert inbox.status_code == 200
    assert inbox["X-Unread-Count"] == "1"
    (notification,) = inbox.json()["results"]
    assert notification["rating"] == 2
    assert notification["actor"]["name"] == "Grace"
    assert grace.get("/api/me/notifications/").json()["count"] == 0
    assert ada.post("/api/me/notifications/read-all/").status_code == 204
    assert ada.get("/api/me/notifications/?unread=true")["X-Unread-Count"] == "0"

    users = APIClient().get("/api/users/?search=grace").json()
    (grace_public,) = users["results"]
    assert "email" not in grace_public
    assert grace_public["ratings_count"] == 1
    assert grace_public["ranking"][0]["movie"]["id"] == matrix["id"]
    assert grace_public["ranking"][0]["rating"] == 2

    mine = ada.get("/api/me/ranking/").json()
    assert [(row["position"], row["movie"]["id"], row["rating"]) for row in mine["results"]] == [
        (1, matrix["id"], 5)
    ]

    # Comments: Grace writes, Ada cannot edit it.
    comment = grace.post(f"/api/movies/{matrix['id']}/comments/", {"body": "  Overrated.  "})
    assert comment.status_code == 201
    assert comment.json()["body"] == "Overrated."
    assert (
        ada.patch(f"/api/comments/{comment.json()['id']}/", {"body": "Masterpiece."}).status_code
        == 403
    )

    # Deleting her entry takes Grace's rating out of every statistic.
    assert grace.delete(f"/api/me/watched/{entry_id}/").status_code == 204
    detail = APIClient().get(f"/api/movies/{matrix['id']}/").json()
    assert (detail["ratings_count"], detail["average"]) == (1, 5.0)


def test_logging_out_kills_the_refresh_token():
    ada = sign_up("ada@example.com", "Ada")
    assert ada.post("/api/auth/logout/", {"refresh": ada.refresh_token}).status_code == 204
    again = APIClient().post("/api/auth/token/refresh/", {"refresh": ada.refresh_token})
    assert again.status_code == 401


def test_writes_need_a_token_and_reads_do_not():
    anonymous = APIClient()
    assert anonymous.get("/api/movies/").status_code == 200
    assert anonymous.get("/api/rankings/movies/").status_code == 200
    assert anonymous.get("/api/users/").status_code == 200
    assert anonymous.get("/api/me/").status_code == 401
    assert anonymous.get("/api/me/watched/").status_code == 401
    assert anonymous.post("/api/me/watched/", {"movie": 1, "rating": 5}).status_code == 401
    assert anonymous.get("/api/me/notifications/").status_code == 401
    assert anonymous.get("/api/me/recommendations/").status_code == 401

"""/api/users/, /api/users/{id}/ and /api/users/{id}/ranking/: the public directory."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from filmrank_accounts.testing.factories import UserFactory
from filmrank_catalog.testing.factories import MovieFactory, genre
from filmrank_reviews.testing.factories import rate

pytestmark = pytest.mark.django_db

USERS = "/api/users/"


def user_url(user) -> str:
    return f"{USERS}{user.pk}/"


def ranking_url(user) -> str:
    return f"{USERS}{user.pk}/ranking/"


def rate_many(user, count: int) -> list:
    return [
        rate(user, MovieFactory(genres=["Drama", "War"], directors=["X", f"Y{i}"]), 1 + i % 5)
        for i in range(count)
    ]


def query_count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured)


def test_users_list_is_public_and_never_shows_emails(api_client):
    ann = UserFactory(name="Ann", location="Oslo", favorite_genre=genre("Drama"))
    rate_many(ann, 2)

    response = api_client.get(USERS)

    assert response.status_code == 200
    assert "@" not in response.content.decode()
    item = response.json()["results"][0]
    assert "email" not in item
    assert item["id"] == ann.pk
    assert (item["name"], item["location"], item["favorite_genre"]) == ("Ann", "Oslo", "Drama")
    assert item["ratings_count"] == 2
    assert [entry["position"] for entry in item["ranking"]] == [1, 2]


def test_users_list_shows_each_users_top_ten_only(api_client):
    busy, quiet = UserFactory(name="Busy"), UserFactory(name="Quiet")
    rate_many(busy, 12)
    movie = MovieFactory()
    rate(quiet, movie, 3)

    results = {item["name"]: item for item in api_client.get(USERS).json()["results"]}

    ranking = results["Busy"]["ranking"]
    assert results["Busy"]["ratings_count"] == 12
    assert len(ranking) == 10
    assert [entry["rating"] for entry in ranking] == sorted(
        (entry["rating"] for entry in ranking), reverse=True
    )
    assert [entry["position"] for entry in ranking] == list(range(1, 11))
    assert results["Quiet"]["ranking"] == [
        {"position": 1, "rating": 3, "movie": results["Quiet"]["ranking"][0]["movie"]}
    ]
    assert results["Quiet"]["ranking"][0]["movie"]["id"] == movie.pk


def test_users_list_searches_names_and_hides_inactive_users(api_client):
    UserFactory(name="Maria Lopez")
    UserFactory(name="Mario Rossi", is_active=False)
    UserFactory(name="John Doe")

    names = [item["name"] for item in api_client.get(USERS, {"search": "mari"}).json()["results"]]

    assert names == ["Maria Lopez"]


def test_users_list_costs_the_same_queries_whatever_the_page_size(
    api_client, django_assert_max_num_queries
):
    for _ in range(6):
        rate_many(UserFactory(), 3)

    small = query_count(api_client, f"{USERS}?page_size=1")
    # count + users + top rankings + genres + directors
    with django_assert_max_num_queries(5):
        large = query_count(api_client, f"{USERS}?page_size=6")

    assert small == large


def test_user_detail_has_the_first_page_of_rated_movies_and_where_the_rest_is(api_client):
    user = UserFactory(name="Ann")
    entries = rate_many(user, 5)

    body = api_client.get(user_url(user), {"page_size": 2}).json()

    assert "email" not in body
    assert body["ratings_count"] == 5
    assert [item["position"] for item in body["rated_movies"]] == [1, 2]
    assert body["rated_movies_url"].endswith(ranking_url(user))
    assert body["rated_movies_next"].endswith(f"{ranking_url(user)}?page=2&page_size=2")
    assert len(body["ranking"]) == 5
    rest = api_client.get(body["rated_movies_next"]).json()
    assert [item["position"] for item in rest["results"]] == [3, 4]
    shown = {item["movie"]["id"] for item in body["rated_movies"] + rest["results"]}
    assert shown < {entry.movie_id for entry in entries}


def test_user_detail_with_every_film_on_the_first_page_has_no_next(api_client):
    user = UserFactory()
    rate_many(user, 3)

    body = api_client.get(user_url(user)).json()

    assert len(body["rated_movies"]) == 3
    assert body["rated_movies_next"] is None
    assert body["ranking"] == body["rated_movies"]


def test_user_detail_top_ten_is_complete_with_a_short_page(api_client):
    user = UserFactory()
    rate_many(user, 12)

    body = api_client.get(user_url(user), {"page_size": 3}).json()

    assert len(body["rated_movies"]) == 3
    assert len(body["ranking"]) == 10


@pytest.mark.parametrize("path", ["", "ranking/"])
def test_unknown_or_inactive_user_is_a_404(api_client, path):
    inactive = UserFactory(is_active=False)

    assert api_client.get(f"{user_url(inactive)}{path}").status_code == 404
    assert api_client.get(f"{USERS}987654/{path}").status_code == 404


def test_user_ranking_is_the_full_paginated_personal_ranking(api_client, other_user):
    user = UserFactory()
    entries = rate_many(user, 7)
    rate_many(other_user, 2)

    first = api_client.get(ranking_url(user), {"page_size": 5}).json()
    second = api_client.get(first["next"]).json()

    assert first["count"] == 7
    results = first["results"] + second["results"]
    assert [item["position"] for item in results] == list(range(1, 8))
    assert [item["rating"] for item in results] == sorted(
        (entry.rating for entry in entries), reverse=True
    )
    assert {item["movie"]["id"] for item in results} == {entry.movie_id for entry in entries}
    assert set(results[0]) >= {"position", "movie", "rating"}


def test_user_detail_costs_a_fixed_number_of_queries(api_client, django_assert_max_num_queries):
    user = UserFactory()
    rate_many(user, 12)
    counts = {}
    for page_size in (2, 5, 10, 12, 100):
        # user + their ranking page + its genres + directors; a page shorter than the top 10
        # fetches the top 10 as well (three more)
        with django_assert_max_num_queries(7):
            counts[page_size] = query_count(api_client, f"{user_url(user)}?page_size={page_size}")

    assert counts[2] == counts[5]
    assert counts[10] == counts[12] == counts[100] == 4


def test_user_ranking_costs_the_same_queries_whatever_the_page_size(
    api_client, django_assert_max_num_queries
):
    user = UserFactory()
    rate_many(user, 12)

    small = query_count(api_client, f"{ranking_url(user)}?page_size=2")
    # user + count + page + genres + directors
    with django_assert_max_num_queries(5):
        large = query_count(api_client, f"{ranking_url(user)}?page_size=12")

    assert small == large


def test_users_endpoints_are_read_only(auth_client, user):
    assert auth_client.post(USERS, {}).status_code == 405
    assert auth_client.patch(user_url(user), {"name": "x"}).status_code == 405
    assert auth_client.delete(ranking_url(user)).status_code == 405

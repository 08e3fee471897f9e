"""Comments on films: GET/POST /api/movies/{id}/comments/, PATCH/DELETE /api/comments/{id}/."""

import pytest
from django.db import IntegrityError
from django.http import Http404

from filmrank_accounts.testing.factories import UserFactory
from filmrank_catalog.testing.factories import MovieFactory
from filmrank_reviews import comments
from filmrank_reviews.comments import comment_create
from filmrank_reviews.models import Comment

pytestmark = pytest.mark.django_db


def comments_url(movie_id: int) -> str:
    return f"/api/movies/{movie_id}/comments/"


def comment_url(comment_id: int) -> str:
    return f"/api/comments/{comment_id}/"


@pytest.fixture
def movie():
    return MovieFactory(title="Alien", year=1979, genres=["Sci-Fi"], directors=["Ridley Scott"])


# --- listing -------------------------------------------------------------------------------


def test_list_is_public_oldest_first_and_shows_the_public_name_never_the_email(
    api_client, movie, user, other_user
):
    first = comment_create(author=user, movie=movie, body="Still terrifying.")
    second = comment_create(author=other_user, movie=movie, body="The chestburster!", spoiler=True)
    comment_create(author=user, movie=MovieFactory(), body="Another film's comment.")

    response = api_client.get(comments_url(movie.pk))

    assert response.status_code == 200
    assert response.data["count"] == 2
    assert [c["id"] for c in response.data["results"]] == [first.pk, second.pk]
    shown = response.data["results"][0]
    assert shown["movie"] == movie.pk
    assert shown["author"] == {"id": user.pk, "name": user.name}
    assert shown["body"] == "Still terrifying."
    assert shown["spoiler"] is False
    assert shown["edited"] is False
    assert shown["created_at"] == shown["updated_at"]
    assert user.email not in str(response.content)
    assert response.data["results"][1]["spoiler"] is True


def test_a_nameless_author_shows_as_user_number(api_client, movie):
    author = UserFactory(name="")
    comment_create(author=author, movie=movie, body="Hi")
    response = api_client.get(comments_url(movie.pk))
    assert response.data["results"][0]["author"] == {"id": author.pk, "name": f"User {author.pk}"}
    assert author.email not in str(response.content)


def test_list_is_paginated(api_client, movie, user):
    for n in range(3):
        comment_create(author=user, movie=movie, body=f"comment {n}")
    response = api_client.get(comments_url(movie.pk), {"page_size": 2, "page": 2})
    assert response.status_code == 200
    assert response.data["count"] == 3
    assert [c["body"] for c in response.data["results"]] == ["comment 2"]
    assert response.data["previous"] is not None


@pytest.mark.parametrize("movie_id", [999_999, 2**70])
def test_comments_of_an_unknown_film_are_404(api_client, auth_client, movie_id):
    assert api_client.get(comments_url(movie_id)).status_code == 404
    assert auth_client.post(comments_url(movie_id), {"body": "hi"}).status_code == 404


def test_listing_costs_the_same_queries_whatever_the_page_size(
    api_client, movie, django_assert_num_queries
):
    for n in range(6):
        comment_create(author=UserFactory(), movie=movie, body=f"comment {n}")
    # film exists + count + page (authors joined)
    with django_assert_num_queries(3):
        small = api_client.get(comments_url(movie.pk), {"page_size": 1})
    with django_assert_num_queries(3):
        large = api_client.get(comments_url(movie.pk), {"page_size": 50})
    assert len(small.data["results"]) == 1
    assert len(large.data["results"]) == 6


# --- posting -------------------------------------------------------------------------------


def test_post_needs_a_token(api_client, movie):
    response = api_client.post(comments_url(movie.pk), {"body": "hi"})
    assert response.status_code == 401
    assert not Comment.objects.exists()


def test_post_creates_a_trimmed_comment(auth_client, movie, user):
    body = "  In space no one can hear you scream.\n "
    response = auth_client.post(comments_url(movie.pk), {"body": body, "spoiler": True})
    assert response.status_code == 201
    assert response.data["body"] == "In space no one can hear you scream."
    assert response.data["spoiler"] is True
    assert response.data["author"] == {"id": user.pk, "name": user.name}
    assert response.data["movie"] == movie.pk
    assert response.data["edited"] is False
    comment = Comment.objects.get(pk=response.data["id"])
    assert comment.body == "In space no one can hear you scream."
    assert comment.author == user


def test_spoiler_defaults_to_false(auth_client, movie):
    response = auth_client.post(comments_url(movie.pk), {"body": "Fine."})
    assert response.status_code == 201
    assert response.data["spoiler"] is False


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "cannot be blank"),
        ("   \n\t  ", "cannot be blank"),
        ("x" * 2001, "at most 2000 characters"),
    ],
)
def test_post_rejects_a_body_outside_1_to_2000_characters(auth_client, movie, body, message):
    response = auth_client.post(comments_url(movie.pk), {"body": body})
    assert response.status_code == 400
    assert message in response.data["body"][0]
    assert not Comment.objects.exists()


def test_the_limits_apply_after_trimming(auth_client, movie):
    exactly = "   " + "x" * 2000 + "   "
    assert auth_client.post(comments_url(movie.pk), {"body": exactly}).status_code == 201
    assert auth_client.post(comments_url(movie.pk), {"body": " x "}).data["body"] == "x"


@pytest.mark.parametrize(
    "payload", [{}, {"body": None}, {"body": "ok", "spoiler": "perhaps"}, {"body": ["a", "b"]}]
)
def test_post_rejects_missing_or_malformed_fields(auth_client, movie, payload):
    response = auth_client.post(comments_url(movie.pk), payload, format="json")
    assert response.status_code == 400
    assert set(response.data) <= {"body", "spoiler"}
    assert not Comment.objects.exists()


def test_the_database_refuses_an_empty_body():
    movie = MovieFactory()
    with pytest.raises(IntegrityError):
        Comment.objects.create(movie=movie, author=UserFactory(), body="")


# --- editing -------------------------------------------------------------------------------


def test_the_author_edits_their_comment_and_it_shows_as_edited(client_for, movie, user):
    comment = comment_create(author=user, movie=movie, body="Good.")
    payload = {"body": " Great. ", "spoiler": True}
    response = client_for(user).patch(comment_url(comment.pk), payload)
    assert response.status_code == 200
    assert response.data["body"] == "Great."
    assert response.data["spoiler"] is True
    assert response.data["edited"] is True
    comment.refresh_from_db()
    assert (comment.body, comment.spoiler) == ("Great.", True)


def test_a_patch_that_changes_nothing_does_not_mark_it_edited(client_for, movie, user):
    comment = comment_create(author=user, movie=movie, body="Good.")
    response = client_for(user).patch(comment_url(comment.pk), {"body": "Good."})
    assert response.status_code == 200
    assert response.data["edited"] is False


def test_the_author_can_flag_only_the_spoiler(client_for, movie, user):
    comment = comment_create(author=user, movie=movie, body="He dies.")
    response = client_for(user).patch(comment_url(comment.pk), {"spoiler": True})
    assert response.status_code == 200
    assert (response.data["body"], response.data["spoiler"]) == ("He dies.", True)


def test_editing_to_a_blank_body_is_400_and_keeps_the_comment(client_for, movie, user):
    comment = comment_create(author=user, movie=movie, body="Good.")
    response = client_for(user).patch(comment_url(comment.pk), {"body": "   "})
    assert response.status_code == 400
    assert "cannot be blank" in response.data["body"][0]
    comment.refresh_from_db()
    assert comment.body == "Good."


def test_nobody_else_may_edit_a_comment_not_even_staff(client_for, movie, user, other_user):
    comment = comment_create(author=user, movie=movie, body="Mine.")
    staff = UserFactory(is_staff=True)
    for intruder in (other_user, staff):
        response = client_for(intruder).patch(comment_url(comment.pk), {"body": "Hacked."})
        assert response.status_code == 403
        assert "author" in response.data["detail"]
    comment.refresh_from_db()
    assert comment.body == "Mine."


def test_editing_needs_a_token(api_client, movie, user):
    comment = comment_create(author=user, movie=movie, body="Mine.")
    assert api_client.patch(comment_url(comment.pk), {"body": "x"}).status_code == 401
    assert api_client.delete(comment_url(comment.pk)).status_code == 401
    assert Comment.objects.filter(pk=comment.pk, body="Mine.").exists()


@pytest.mark.parametrize("comment_id", [999_999, 2**70])
def test_an_unknown_comment_is_404(auth_client, comment_id):
    assert auth_client.patch(comment_url(comment_id), {"body": "x"}).status_code == 404
    assert auth_client.delete(comment_url(comment_id)).status_code == 404


# --- deleting ------------------------------------------------------------------------------


def test_the_author_deletes_their_comment(client_for, movie, user):
    comment = comment_create(author=user, movie=movie, body="Oops.")
    assert client_for(user).delete(comment_url(comment.pk)).status_code == 204
    assert not Comment.objects.filter(pk=comment.pk).exists()


def test_another_user_may_not_delete_a_comment(client_for, movie, user, other_user):
    comment = comment_create(author=user, movie=movie, body="Mine.")
    response = client_for(other_user).delete(comment_url(comment.pk))
    assert response.status_code == 403
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_staff_may_delete_any_comment(client_for, movie, user):
    comment = comment_create(author=user, movie=movie, body="Spam.")
    staff = UserFactory(is_staff=True)
    assert client_for(staff).delete(comment_url(comment.pk)).status_code == 204
    assert not Comment.objects.filter(pk=comment.pk).exists()


# --- deleted films and users ---------------------------------------------------------------


def test_comments_go_with_their_film_and_with_their_author(api_client, movie, user, other_user):
    comment_create(author=user, movie=movie, body="By user.")
    kept = comment_create(author=other_user, movie=movie, body="By the other.")
    user.delete()
    response = api_client.get(comments_url(movie.pk))
    assert [c["id"] for c in response.data["results"]] == [kept.pk]

    movie_id = movie.pk
    movie.delete()
    assert not Comment.objects.exists()
    assert api_client.get(comments_url(movie_id)).status_code == 404


@pytest.mark.parametrize(
    "act",
    [
        lambda comment, user: comments.comment_update(comment=comment, user=user, body="Second"),
        lambda comment, user: comments.comment_delete(comment=comment, user=user),
    ],
    ids=["update", "delete"],
)
def test_acting_on_a_comment_deleted_meanwhile_is_a_404(movie, user, act):
    stale = comment_create(author=user, movie=movie, body="First!")
    Comment.objects.filter(pk=stale.pk).delete()  # another request won the race

    with pytest.raises(Http404):
        act(stale, user)
    assert not Comment.objects.exists()


def test_a_body_of_only_invisible_characters_is_blank(auth_client, movie):
    response = auth_client.post(comments_url(movie.pk), {"body": " \u200b\ufeff "})
    assert response.status_code == 400
    assert "blank" in response.json()["body"][0]

"""Notifications: made by ratings of films a user added, listed and marked read by them only."""

import pytest

from filmrank_accounts.testing.factories import UserFactory
from filmrank_catalog.testing.factories import MovieFactory
from filmrank_reviews.models import Notification
from filmrank_reviews.services import watched_entry_delete, watched_entry_update
from filmrank_reviews.testing.factories import rate

pytestmark = pytest.mark.django_db

LIST_URL = "/api/me/notifications/"
READ_ALL_URL = "/api/me/notifications/read-all/"


def read_url(notification_id: int) -> str:
    return f"/api/me/notifications/{notification_id}/read/"


@pytest.fixture
def owner(user):
    return user


@pytest.fixture
def film(owner):
    return MovieFactory(title="Heat", year=1995, added_by=owner, genres=["Crime"])


# --- what makes a notification -------------------------------------------------------------


def test_someone_rating_your_film_notifies_you(client_for, owner, other_user, film):
    rate(other_user, film, 4)

    response = client_for(owner).get(LIST_URL)

    assert response.status_code == 200
    assert response["X-Unread-Count"] == "1"
    assert response.data["count"] == 1
    shown = response.data["results"][0]
    assert shown["kind"] == "rating"
    assert shown["actor"] == {"id": other_user.pk, "name": other_user.name}
    assert shown["movie"]["id"] == film.pk
    assert shown["movie"]["title"] == "Heat"
    assert shown["rating"] == 4
    assert shown["read"] is False
    assert shown["created_at"]
    assert other_user.email not in str(response.content)


def test_your_own_rating_never_notifies_you(owner, film):
    entry = rate(owner, film, 5)
    watched_entry_update(entry=entry, rating=2)
    assert not Notification.objects.exists()


def test_ratings_of_imported_films_notify_nobody(other_user):
    rate(other_user, MovieFactory(added_by=None), 5)
    assert not Notification.objects.exists()


def test_a_changed_rating_updates_the_one_unread_notification(client_for, owner, other_user, film):
    entry = rate(other_user, film, 2)
    for rating in (3, 4, 5, 1, 5):  # flooding: many changes by the same person
        entry = watched_entry_update(entry=entry, rating=rating)

    response = client_for(owner).get(LIST_URL)

    assert response["X-Unread-Count"] == "1"
    assert response.data["count"] == 1
    shown = response.data["results"][0]
    # unread, so it is still news that they rated the film; it shows their rating now
    assert (shown["kind"], shown["rating"]) == ("rating", 5)


def test_a_change_after_reading_makes_a_new_rating_changed_notification(
    client_for, owner, other_user, film
):
    entry = rate(other_user, film, 2)
    client = client_for(owner)
    assert client.post(READ_ALL_URL).status_code == 204

    entry = watched_entry_update(entry=entry, rating=4)
    watched_entry_update(entry=entry, rating=5)

    response = client.get(LIST_URL)
    assert response["X-Unread-Count"] == "1"
    assert [(n["kind"], n["rating"], n["read"]) for n in response.data["results"]] == [
        ("rating_changed", 5, False),
        ("rating", 2, True),
    ]


def test_changing_only_the_date_or_to_the_same_rating_notifies_nothing_new(owner, other_user, film):
    entry = rate(other_user, film, 3)
    Notification.objects.update(read=True)
    entry = watched_entry_update(entry=entry, rating=3)
    watched_entry_update(entry=entry, watched_on=entry.created_at.date())
    assert Notification.objects.filter(read=False).count() == 0


def test_each_rater_gets_their_own_notification_newest_first(client_for, owner, film):
    first, second = UserFactory(), UserFactory()
    rate(first, film, 3)
    rate(second, film, 5)
    response = client_for(owner).get(LIST_URL)
    assert [n["actor"]["id"] for n in response.data["results"]] == [second.pk, first.pk]
    assert response["X-Unread-Count"] == "2"


def test_a_deleted_actor_shows_as_null(client_for, owner, other_user, film):
    rate(other_user, film, 4)
    other_user.delete()
    response = client_for(owner).get(LIST_URL)
    assert response.data["count"] == 1
    assert response.data["results"][0]["actor"] is None


def test_a_deleted_film_takes_its_notifications_with_it(client_for, owner, other_user, film):
    rate(other_user, film, 4)
    film.delete()
    response = client_for(owner).get(LIST_URL)
    assert response.data["count"] == 0
    assert response["X-Unread-Count"] == "0"


def test_a_deleted_rating_keeps_the_notification(client_for, owner, other_user, film):
    entry = rate(other_user, film, 4)
    watched_entry_delete(entry=entry)
    assert client_for(owner).get(LIST_URL).data["count"] == 1


# --- listing -------------------------------------------------------------------------------


def test_unread_filter(client_for, owner, film):
    rate(UserFactory(), film, 3)
    rate(UserFactory(), film, 4)
    read = Notification.objects.order_by("id").first()
    Notification.objects.filter(pk=read.pk).update(read=True)
    client = client_for(owner)

    unread = client.get(LIST_URL, {"unread": "true"})
    only_read = client.get(LIST_URL, {"unread": "false"})
    everything = client.get(LIST_URL)

    assert [n["rating"] for n in unread.data["results"]] == [4]
    assert [n["rating"] for n in only_read.data["results"]] == [3]
    assert everything.data["count"] == 2
    for response in (unread, only_read, everything):
        assert response["X-Unread-Count"] == "1"


def test_a_bad_unread_value_is_400(auth_client):
    response = auth_client.get(LIST_URL, {"unread": "sometimes"})
    assert response.status_code == 400
    assert "unread" in response.data


def test_you_only_see_your_own_notifications(client_for, owner, other_user, film):
    rate(other_user, film, 4)
    response = client_for(other_user).get(LIST_URL)
    assert response.data["count"] == 0
    assert response["X-Unread-Count"] == "0"


def test_notifications_need_a_token(api_client):
    assert api_client.get(LIST_URL).status_code == 401
    assert api_client.post(READ_ALL_URL).status_code == 401
    assert api_client.post(read_url(1)).status_code == 401


def test_listing_costs_the_same_queries_whatever_the_page_size(
    client_for, owner, django_assert_num_queries
):
    for n in range(5):
        rate(UserFactory(), MovieFactory(added_by=owner, directors=[f"D{n}", f"E{n}"]), 4)
    client = client_for(owner)
    # user (token) + count + page (actor, film, adder joined) + genres + directors + unread count
    with django_assert_num_queries(6):
        small = client.get(LIST_URL, {"page_size": 1})
    with django_assert_num_queries(6):
        large = client.get(LIST_URL, {"page_size": 50})
    assert len(small.data["results"]) == 1
    assert len(large.data["results"]) == 5
    assert all(len(n["movie"]["directors"]) == 2 for n in large.data["results"])


# --- marking read --------------------------------------------------------------------------


def test_mark_one_read(client_for, owner, film):
    rate(UserFactory(), film, 3)
    rate(UserFactory(), film, 4)
    target = Notification.objects.order_by("id").first()
    client = client_for(owner)

    response = client.post(read_url(target.pk))
    again = client.post(read_url(target.pk))

    assert (response.status_code, again.status_code) == (204, 204)
    target.refresh_from_db()
    assert target.read is True
    assert client.get(LIST_URL)["X-Unread-Count"] == "1"


def test_another_users_notification_is_404_and_stays_unread(client_for, owner, other_user, film):
    rate(other_user, film, 4)
    notification = Notification.objects.get()
    assert client_for(other_user).post(read_url(notification.pk)).status_code == 404
    notification.refresh_from_db()
    assert notification.read is False


@pytest.mark.parametrize("notification_id", [999_999, 2**70])
def test_an_unknown_notification_is_404(auth_client, notification_id):
    assert auth_client.post(read_url(notification_id)).status_code == 404


def test_read_all_marks_only_your_notifications(client_for, owner, other_user, film):
    rate(other_user, film, 4)
    rate(UserFactory(), film, 2)
    theirs_film = MovieFactory(added_by=other_user)
    rate(owner, theirs_film, 5)

    assert client_for(owner).post(READ_ALL_URL).status_code == 204

    assert not Notification.objects.filter(recipient=owner, read=False).exists()
    assert Notification.objects.get(recipient=other_user).read is False
    assert client_for(other_user).get(LIST_URL)["X-Unread-Count"] == "1"

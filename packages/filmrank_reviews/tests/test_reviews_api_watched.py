"""/api/me/watched/, /api/me/watched/{id}/ and /api/me/ranking/."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from filmrank_catalog.models import Movie
from filmrank_catalog.testing.factories import MovieFactory
from filmrank_reviews.models import WatchedEntry
from filmrank_reviews.testing.assertions import movie_stats_mismatches
from filmrank_reviews.testing.factories import rate

pytestmark = pytest.mark.django_db

WATCHED = "/api/me/watched/"
RANKING = "/api/me/ranking/"

ARRIVAL = {
    "title": "Arrival",
    "year": 2016,
    "director": "Denis Villeneuve",
    "genre": "Sci-Fi",
    "rating": 4,
}


def detail(entry_id: int) -> str:
    return f"{WATCHED}{entry_id}/"


def query_count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured)


# --- authentication ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", WATCHED),
        ("post", WATCHED),
        ("get", detail(1)),
        ("patch", detail(1)),
        ("delete", detail(1)),
        ("get", RANKING),
    ],
)
def test_me_paths_need_a_token(api_client, method, url):
    response = getattr(api_client, method)(url, {})

    assert response.status_code == 401
    assert "detail" in response.json()


# --- POST by movie id -------------------------------------------------------------------------


def test_add_a_catalog_film_by_id(auth_client, user):
    movie = MovieFactory(title="Heat", genres=["Crime", "Drama"], directors=["Michael Mann"])

    response = auth_client.post(
        WATCHED, {"movie": movie.pk, "rating": 5, "watched_on": "2024-02-03"}
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    entry = WatchedEntry.objects.get(user=user)
    assert body["id"] == entry.pk
    assert response["Location"].endswith(detail(entry.pk))
    assert body["rating"] == 5
    assert body["watched_on"] == "2024-02-03"
    assert body["created_at"].startswith(str(entry.created_at.year))
    assert body["updated_at"]
    assert body["movie"]["id"] == movie.pk
    assert body["movie"]["director"] == "Michael Mann"
    assert body["movie"]["genres"] == ["Crime", "Drama"]
    assert (body["movie"]["ratings_count"], body["movie"]["average"]) == (1, 5.0)


def test_add_an_unknown_film_id_is_a_400_on_the_field(auth_client):
    response = auth_client.post(WATCHED, {"movie": 999999, "rating": 3})

    assert response.status_code == 400
    assert list(response.json()) == ["movie"]


def test_add_the_same_film_twice_is_a_409_naming_the_entry(auth_client, user):
    movie = MovieFactory()
    entry = rate(user, movie, 2)

    response = auth_client.post(WATCHED, {"movie": movie.pk, "rating": 5})

    assert response.status_code == 409
    body = response.json()
    assert body["entry_id"] == entry.pk
    assert f"entry {entry.pk}" in body["detail"]
    movie.refresh_from_db()
    assert (movie.ratings_count, movie.ratings_sum) == (1, 2)


@pytest.mark.parametrize("rating", [0, 6, "x", 3.5, None, ""])
def test_add_with_a_rating_outside_1_to_5_is_a_400(auth_client, rating):
    movie = MovieFactory()

    response = auth_client.post(WATCHED, {"movie": movie.pk, "rating": rating})

    assert response.status_code == 400
    assert list(response.json()) == ["rating"]
    assert not WatchedEntry.objects.exists()


def test_add_without_a_rating_is_a_400(auth_client):
    response = auth_client.post(WATCHED, {"movie": MovieFactory().pk})

    assert response.status_code == 400
    assert response.json()["rating"] == ["This field is required."]


def test_add_with_a_future_watched_date_is_a_400(auth_client):
    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()

    response = auth_client.post(
        WATCHED, {"movie": MovieFactory().pk, "rating": 3, "watched_on": future}
    )

    assert response.status_code == 400
    assert "future" in response.json()["watched_on"][0]


# --- POST by the film's fields ----------------------------------------------------------------


def test_add_a_new_film_by_its_fields_adds_it_to_the_catalog(auth_client, user):
    response = auth_client.post(WATCHED, ARRIVAL)

    assert response.status_code == 201, response.json()
    movie = response.json()["movie"]
    assert (movie["title"], movie["year"], movie["director"]) == (
        "Arrival",
        2016,
        "Denis Villeneuve",
    )
    assert movie["genres"] == ["Sci-Fi"]
    assert Movie.objects.get().added_by == user


def test_add_by_fields_accepts_lists_and_genre_aliases(auth_client):
    response = auth_client.post(
        WATCHED,
        {
            "title": "The Matrix",
            "year": 1999,
            "directors": ["Lana Wachowski", "Lilly Wachowski"],
            "genres": ["Science Fiction", "action"],
            "rating": 5,
        },
    )

    assert response.status_code == 201, response.json()
    movie = response.json()["movie"]
    assert movie["directors"] == ["Lana Wachowski", "Lilly Wachowski"]
    assert movie["genres"] == ["Sci-Fi", "Action"]


def test_add_by_fields_finds_an_existing_film(auth_client, client_for, other_user):
    client_for(other_user).post(WATCHED, ARRIVAL)

    response = auth_client.post(
        WATCHED,
        {**ARRIVAL, "title": "  arrival ", "director": "DENIS   VILLENEUVE", "rating": 2},
    )

    assert response.status_code == 201
    assert Movie.objects.count() == 1
    assert response.json()["movie"]["ratings_count"] == 2


@pytest.mark.parametrize(
    "spelling",
    [
        {"title": "ARRIVAL", "director": "denis villeneuve"},
        {"title": "  Arrival  ", "director": "Dénis  Villeneuve"},
        {"title": "arrivál", "directors": ["Somebody Else", "Denis Villeneuve"]},
    ],
)
def test_add_the_same_film_by_fields_with_another_spelling_is_a_409(auth_client, user, spelling):
    first = auth_client.post(WATCHED, ARRIVAL).json()
    body = {key: value for key, value in ARRIVAL.items() if key not in ("title", "director")}

    response = auth_client.post(WATCHED, {**body, **spelling})

    assert response.status_code == 409
    assert response.json()["entry_id"] == first["id"]
    assert WatchedEntry.objects.filter(user=user).count() == 1
    assert Movie.objects.count() == 1


def test_add_with_both_a_movie_id_and_a_title_is_a_400(auth_client):
    response = auth_client.post(WATCHED, {**ARRIVAL, "movie": MovieFactory().pk})

    assert response.status_code == 400
    assert "not both" in response.json()["non_field_errors"][0]
    assert not WatchedEntry.objects.exists()


def test_add_naming_no_film_is_a_400_that_explains_both_shapes(auth_client):
    response = auth_client.post(WATCHED, {"rating": 4})

    assert response.status_code == 400
    message = response.json()["non_field_errors"][0]
    assert "movie" in message
    assert "title" in message


def test_add_a_json_list_is_a_400(auth_client):
    response = auth_client.post(WATCHED, [ARRIVAL], format="json")

    assert response.status_code == 400


def test_add_an_unknown_genre_is_a_400_naming_the_valid_ones(auth_client):
    response = auth_client.post(WATCHED, {**ARRIVAL, "genre": "Space Opera"})

    assert response.status_code == 400
    message = response.json()["genre"][0]
    assert "Space Opera" in message
    assert "Sci-Fi" in message
    assert not Movie.objects.exists()


def test_an_unknown_genre_in_a_list_is_reported_at_its_index(auth_client):
    response = auth_client.post(
        WATCHED, {**ARRIVAL, "genre": None, "genres": ["Drama", "Space Opera"]}
    )

    assert response.status_code == 400
    assert "Space Opera" in response.json()["genres"]["1"][0]


@pytest.mark.parametrize(
    ("missing", "error_key"),
    [("director", "director"), ("genre", "genres"), ("title", "title"), ("year", "year")],
)
def test_add_a_new_film_without_a_required_field_is_a_400(auth_client, missing, error_key):
    body = {key: value for key, value in ARRIVAL.items() if key != missing}

    response = auth_client.post(WATCHED, body)

    assert response.status_code == 400
    assert error_key in response.json()
    assert not Movie.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"director": "   "},
        {"director": None, "directors": []},
        {"genre": None, "genres": []},
        {"directors": ["Someone"]},  # as well as director
        {"year": 1700},
        {"title": ""},
    ],
)
def test_add_by_fields_with_bad_credits_is_a_400(auth_client, body):
    response = auth_client.post(WATCHED, {**ARRIVAL, **body})

    assert response.status_code == 400
    assert not Movie.objects.exists()


# --- GET list ---------------------------------------------------------------------------------


def test_list_shows_only_my_entries_newest_first(auth_client, user, other_user):
    older = rate(user, MovieFactory(), 3)
    newer = rate(user, MovieFactory(), 5)
    rate(other_user, MovieFactory(), 4)

    body = auth_client.get(WATCHED).json()

    assert body["count"] == 2
    assert [item["id"] for item in body["results"]] == [newer.pk, older.pk]
    assert set(body["results"][0]) >= {
        "id",
        "movie",
        "rating",
        "watched_on",
        "created_at",
        "updated_at",
    }


def test_list_filters_by_genre_name_or_alias(auth_client, user):
    scifi = rate(user, MovieFactory(genres=["Sci-Fi"]), 3)
    rate(user, MovieFactory(genres=["Drama"]), 5)

    for name in ["Sci-Fi", "  science FICTION "]:
        body = auth_client.get(WATCHED, {"genre": name}).json()
        assert [item["id"] for item in body["results"]] == [scifi.pk]


def test_list_with_an_unknown_genre_is_a_400(auth_client):
    response = auth_client.get(WATCHED, {"genre": "Space Opera"})

    assert response.status_code == 400
    assert "Sci-Fi" in response.json()["genre"][0]


def test_list_orders_by_each_key(auth_client, user):
    b = rate(user, MovieFactory(title="B"), 5, watched_on=datetime.date(2020, 1, 1))
    a = rate(user, MovieFactory(title="A"), 1, watched_on=datetime.date(2021, 1, 1))

    def ids(ordering: str) -> list[int]:
        return [
            item["id"]
            for item in auth_client.get(WATCHED, {"ordering": ordering}).json()["results"]
        ]

    assert ids("title") == [a.pk, b.pk]
    assert ids("-title") == [b.pk, a.pk]
    assert ids("rating") == [a.pk, b.pk]
    assert ids("-rating") == [b.pk, a.pk]
    assert ids("watched_on") == [b.pk, a.pk]
    assert ids("-watched_on") == [a.pk, b.pk]
    assert ids("created_at") == [b.pk, a.pk]
    assert ids("-created_at") == [a.pk, b.pk]


def test_list_with_an_unknown_ordering_is_a_400_listing_the_valid_ones(auth_client):
    response = auth_client.get(WATCHED, {"ordering": "password"})

    assert response.status_code == 400
    assert "-rating" in response.json()["ordering"][0]


def test_list_clamps_a_huge_page_size(auth_client, user):
    rate(user, MovieFactory(), 3)

    response = auth_client.get(WATCHED, {"page_size": 100000})

    assert response.status_code == 200
    assert response.json()["count"] == 1


@pytest.mark.parametrize("url", [WATCHED, RANKING])
def test_my_lists_cost_the_same_queries_whatever_the_page_size(
    auth_client, user, url, django_assert_max_num_queries
):
    for i in range(12):
        rate(user, MovieFactory(genres=["Drama", "Crime"], directors=["A", f"B{i}"]), 1 + i % 5)

    small = query_count(auth_client, f"{url}?page_size=2")
    # user (token) + count + page + genres + directors
    with django_assert_max_num_queries(5):
        large = query_count(auth_client, f"{url}?page_size=12")

    assert small == large


# --- entry detail -----------------------------------------------------------------------------


def test_get_my_entry(auth_client, user):
    entry = rate(user, MovieFactory(), 4)

    response = auth_client.get(detail(entry.pk))

    assert response.status_code == 200
    assert (response.json()["id"], response.json()["rating"]) == (entry.pk, 4)


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_another_users_entry_is_a_404(auth_client, other_user, method):
    movie = MovieFactory()
    entry = rate(other_user, movie, 4)

    response = getattr(auth_client, method)(detail(entry.pk), {"rating": 1})

    assert response.status_code == 404
    entry.refresh_from_db()
    assert entry.rating == 4
    movie.refresh_from_db()
    assert (movie.ratings_count, movie.ratings_sum) == (1, 4)


def test_missing_entry_is_a_404(auth_client):
    assert auth_client.get(detail(987654)).status_code == 404


def test_put_is_not_allowed(auth_client, user):
    entry = rate(user, MovieFactory(), 4)

    assert auth_client.put(detail(entry.pk), {"rating": 2}).status_code == 405


def test_patch_changes_the_rating_and_the_film_stats(auth_client, user, other_user):
    movie = MovieFactory()
    rate(other_user, movie, 5)
    entry = rate(user, movie, 1)

    response = auth_client.patch(detail(entry.pk), {"rating": 3})

    assert response.status_code == 200
    assert response.json()["rating"] == 3
    assert response.json()["movie"]["ratings_count"] == 2
    assert response.json()["movie"]["average"] == 4.0
    assert movie_stats_mismatches() == {}


def test_patch_the_watched_date_and_clear_it(auth_client, user):
    entry = rate(user, MovieFactory(), 4)

    assert (
        auth_client.patch(detail(entry.pk), {"watched_on": "2022-02-02"}).json()["watched_on"]
        == "2022-02-02"
    )
    assert auth_client.patch(detail(entry.pk), {"watched_on": None}).json()["watched_on"] is None
    entry.refresh_from_db()
    assert entry.rating == 4


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"rating": 0}, "rating"),
        ({"rating": 6}, "rating"),
        ({"rating": "x"}, "rating"),
        ({"watched_on": "yesterday"}, "watched_on"),
        ({"watched_on": "2999-01-01"}, "watched_on"),
        ({"movie": 12}, "movie"),
        ({"title": "Another"}, "title"),
    ],
)
def test_patch_with_bad_input_is_a_400_and_changes_nothing(auth_client, user, body, field):
    movie = MovieFactory()
    entry = rate(user, movie, 4)

    response = auth_client.patch(detail(entry.pk), body)

    assert response.status_code == 400
    assert field in response.json()
    entry.refresh_from_db()
    assert (entry.rating, entry.movie_id) == (4, movie.pk)


def test_delete_removes_the_entry_and_its_rating(auth_client, user):
    movie = MovieFactory()
    entry = rate(user, movie, 4)

    response = auth_client.delete(detail(entry.pk))

    assert response.status_code == 204
    assert auth_client.delete(detail(entry.pk)).status_code == 404
    movie.refresh_from_db()
    assert (movie.ratings_count, movie.ratings_sum) == (0, 0)


def test_the_same_film_can_be_added_again_after_deleting_it(auth_client, user):
    movie = MovieFactory()
    entry = rate(user, movie, 4)
    auth_client.delete(detail(entry.pk))

    response = auth_client.post(WATCHED, {"movie": movie.pk, "rating": 2})

    assert response.status_code == 201
    assert movie_stats_mismatches() == {}


# --- my ranking -------------------------------------------------------------------------------


def test_my_ranking_by_rating_ties_by_most_recent(auth_client, user, other_user):
    first_four = rate(user, MovieFactory(), 4)
    five = rate(user, MovieFactory(), 5)
    later_four = rate(user, MovieFactory(), 4)
    WatchedEntry.objects.filter(pk=first_four.pk).update(
        created_at=later_four.created_at - datetime.timedelta(hours=1)
    )
    rate(other_user, MovieFactory(), 5)

    body = auth_client.get(RANKING, {"page_size": 2}).json()
    second_page = auth_client.get(RANKING, {"page_size": 2, "page": 2}).json()

    assert body["count"] == 3
    assert [(item["position"], item["rating"], item["id"]) for item in body["results"]] == [
        (1, 5, five.pk),
        (2, 4, later_four.pk),
    ]
    assert [(item["position"], item["id"]) for item in second_page["results"]] == [
        (3, first_four.pk)
    ]
    assert body["results"][0]["movie"]["id"] == five.movie_id


# --- stats stay exact through a whole session --------------------------------------------------


def test_stats_match_the_ratings_after_adds_changes_and_deletes(client_for, user, other_user):
    movie = MovieFactory()
    me, them = client_for(user), client_for(other_user)
    mine = me.post(WATCHED, {"movie": movie.pk, "rating": 5}).json()
    theirs = them.post(WATCHED, {"movie": movie.pk, "rating": 2}).json()
    me.patch(detail(mine["id"]), {"rating": 1})
    them.patch(detail(theirs["id"]), {"rating": 4})
    me.delete(detail(mine["id"]))
    me.post(WATCHED, {"movie": movie.pk, "rating": 3})

    movie.refresh_from_db()
    assert (movie.ratings_count, movie.ratings_sum) == (2, 7)
    assert movie_stats_mismatches() == {}


def test_a_film_already_in_the_catalog_can_be_logged_without_its_genres(auth_client):
    known = MovieFactory(title="Arrival", year=2016, directors=["Denis Villeneuve"])

    response = auth_client.post(
        WATCHED, {"title": "arrival", "year": 2016, "director": "denis villeneuve", "rating": 4}
    )

    assert response.status_code == 201, response.json()
    assert response.json()["movie"]["id"] == known.pk


@pytest.mark.parametrize("movie_id", [1.9, 1.0, True])
def test_a_film_id_that_is_not_a_whole_number_is_a_400(auth_client, movie_id):
    MovieFactory()

    response = auth_client.post(WATCHED, {"movie": movie_id, "rating": 3})

    assert response.status_code == 400
    assert "whole number" in response.json()["movie"][0]
    assert not WatchedEntry.objects.exists()


def test_a_film_without_director_or_genre_reports_both(auth_client):
    response = auth_client.post(WATCHED, {"title": "Aftersun", "year": 2022, "rating": 5})

    assert response.status_code == 400
    assert set(response.json()) == {"director", "genre"}

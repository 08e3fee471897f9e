import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from filmrank_catalog.testing.factories import MovieFactory, movie_batch

pytestmark = pytest.mark.django_db

RANKING = reverse("catalog:movie-ranking")


def ranked_titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [entry["movie"]["title"] for entry in response.json()["results"]]


@pytest.fixture
def catalog():
    """One 5-star vote, twenty votes averaging 4.5, and a much-rated mediocre film."""
    MovieFactory(title="One Vote", genres=["Drama"], directors=["Pedro Almodóvar"], ratings=[5])
    MovieFactory(
        title="Many Good",
        genres=["Sci-Fi", "Action"],
        directors=["Lana Wachowski", "Lilly Wachowski"],
        ratings=[4, 5] * 10,
    )
    MovieFactory(title="Mediocre", genres=["Comedy"], directors=["Someone"], ratings=[3] * 20)
    MovieFactory(title="Unrated", genres=["Drama"])


@pytest.mark.usefixtures("catalog")
def test_weighted_ranking_entries(api_client):
    body = api_client.get(RANKING).json()

    assert body["count"] == 3
    first = body["results"][0]
    assert set(first) == {"position", "movie", "average", "ratings_count", "score"}
    assert first["position"] == 1
    assert first["movie"]["title"] == "Many Good"
    assert first["movie"]["directors"] == ["Lana Wachowski", "Lilly Wachowski"]
    assert first["average"] == 4.5
    assert first["ratings_count"] == 20
    c = (5 + 90 + 60) / 41
    assert first["score"] == pytest.approx((90 + 5 * c) / 25)
    assert [e["movie"]["title"] for e in body["results"]] == ["Many Good", "One Vote", "Mediocre"]
    assert [e["position"] for e in body["results"]] == [1, 2, 3]


@pytest.mark.usefixtures("catalog")
def test_mean_method_puts_the_single_five_first(api_client):
    response = api_client.get(RANKING, {"method": "mean"})
    assert ranked_titles(response) == ["One Vote", "Many Good", "Mediocre"]
    assert [e["score"] for e in response.json()["results"]] == [5.0, 4.5, 3.0]


@pytest.mark.usefixtures("catalog")
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"min_ratings": "2"}, ["Many Good", "Mediocre"]),
        ({"min_ratings": "21"}, []),
        ({"genre": " science  FICTION "}, ["Many Good"]),
        ({"genre": "drama"}, ["One Vote"]),
        ({"director": "almodovar"}, ["One Vote"]),
        ({"director": "LILLY"}, ["Many Good"]),
        ({"genre": "Comedy", "director": "wachowski"}, []),
        (
            {"genre": "", "director": "", "method": "weighted"},
            ["Many Good", "One Vote", "Mediocre"],
        ),
    ],
)
def test_ranking_filters(api_client, params, expected):
    assert ranked_titles(api_client.get(RANKING, params)) == expected


@pytest.mark.parametrize("method", ["weighted", "mean"])
def test_ties_go_to_more_ratings_then_title(api_client, method):
    MovieFactory(title="Beta", ratings=[4, 4])
    MovieFactory(title="Alpha", ratings=[4, 4])
    MovieFactory(title="Most", ratings=[4, 4, 4])
    assert ranked_titles(api_client.get(RANKING, {"method": method})) == ["Most", "Alpha", "Beta"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"min_ratings": "0"}, "min_ratings"),
        ({"min_ratings": "-1"}, "min_ratings"),
        ({"min_ratings": "many"}, "min_ratings"),
        ({"min_ratings": "99999999999999999999999"}, "min_ratings"),
        ({"method": "best"}, "method"),
        ({"genre": "Space Opera"}, "genre"),
    ],
)
def test_bad_ranking_parameters_are_a_400(api_client, params, field):
    MovieFactory(ratings=[4])
    response = api_client.get(RANKING, params)
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_bad_method_message_lists_the_methods(api_client):
    [message] = api_client.get(RANKING, {"method": "best"}).json()["method"]
    assert "weighted" in message
    assert "mean" in message


def test_unknown_genre_message_lists_the_genres(api_client):
    [message] = api_client.get(RANKING, {"genre": "Space Opera"}).json()["genre"]
    assert "Sci-Fi" in message
    assert "Western" in message


def test_positions_count_across_pages(api_client):
    for stars in range(1, 6):
        movie_batch(5, ratings=[stars] * 3)
    page1 = api_client.get(RANKING, {"page_size": 10}).json()
    page2 = api_client.get(page1["next"]).json()
    page3 = api_client.get(RANKING, {"page_size": 10, "page": 3})

    assert [e["position"] for e in page1["results"]] == list(range(1, 11))
    assert [e["position"] for e in page2["results"]] == list(range(11, 21))
    assert page3.status_code == 200
    assert [e["position"] for e in page3.json()["results"]] == list(range(21, 26))
    scores = [e["score"] for page in (page1, page2, page3.json()) for e in page["results"]]
    assert scores == sorted(scores, reverse=True)


def test_page_past_the_end_is_a_404(api_client):
    movie_batch(3, ratings=[4])
    assert api_client.get(RANKING, {"page": 2}).status_code == 404


def test_ranking_page_size_is_clamped(api_client):
    movie_batch(105, ratings=[4])
    assert len(api_client.get(RANKING, {"page_size": 500}).json()["results"]) == 100
    assert len(api_client.get(RANKING, {"page_size": "x"}).json()["results"]) == 20


def test_ranking_queries_do_not_grow_with_page_size(api_client, user):
    movie_batch(60, genres=["Drama", "War"], directors=["A", "B"], ratings=[4, 5], added_by=user)
    counts = []
    for size in (5, 50):
        with CaptureQueriesContext(connection) as queries:
            response = api_client.get(RANKING, {"page_size": size, "genre": "war", "director": "a"})
        assert len(response.json()["results"]) == size
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 6  # genre, catalog mean, count, page, genres, directors

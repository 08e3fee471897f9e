"""The search endpoint's input handling and cost, on the database backend."""

import pytest
from django.urls import reverse

from filmrank_catalog.testing.factories import MovieFactory

URL = reverse("search:movies")

pytestmark = pytest.mark.django_db


def test_unknown_genre_is_a_400_naming_the_valid_ones(api_client):
    response = api_client.get(URL, {"genre": "Space Opera"})

    assert response.status_code == 400
    message = response.json()["genre"][0]
    assert "Space Opera" in message
    assert "Sci-Fi" in message


def test_genre_aliases_and_spacing_are_accepted(api_client):
    MovieFactory(title="Alien", genres=["Sci-Fi"])
    MovieFactory(title="Heat", genres=["Crime"])

    response = api_client.get(URL, {"genre": "  science   FICTION "})

    assert [m["title"] for m in response.json()["results"]] == ["Alien"]


def test_unknown_facet_is_a_400(api_client):
    response = api_client.get(URL, {"facets": "genre,country"})

    assert response.status_code == 400
    assert "country" in response.json()["facets"][0]
    assert "decade" in response.json()["facets"][0]


def test_year_range_upside_down_is_a_400(api_client):
    response = api_client.get(URL, {"year_min": 2000, "year_max": 1990})

    assert response.status_code == 400
    assert "year_max" in response.json()


@pytest.mark.parametrize("params", [{"year_min": "soon"}, {"year_max": 1200}, {"q": "x" * 201}])
def test_malformed_parameters_are_400s(api_client, params):
    response = api_client.get(URL, params)

    assert response.status_code == 400
    assert set(response.json()) == set(params)


@pytest.mark.parametrize("page", ["0", "-1", "two", "3"])
def test_pages_that_do_not_exist_are_404(api_client, page):
    MovieFactory()

    response = api_client.get(URL, {"page": page})

    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid page."}


def test_page_size_is_clamped_not_an_error(api_client):
    MovieFactory.create_batch(3)

    response = api_client.get(URL, {"page_size": 1000})

    assert response.status_code == 200
    assert len(response.json()["results"]) == 3


def test_pages_beyond_the_result_window_are_a_400_when_they_exist(api_client, settings):
    settings.FILMRANK_SEARCH = {"BACKEND": "database", "MAX_RESULT_WINDOW": 4}
    MovieFactory.create_batch(6)

    deep = api_client.get(URL, {"page_size": 2, "page": 3})
    missing = api_client.get(URL, {"page_size": 2, "page": 9})

    assert deep.status_code == 400
    assert "narrow the search" in deep.json()["page"][0]
    assert missing.status_code == 404
    assert api_client.get(URL, {"page_size": 2, "page": 2}).status_code == 200


def test_search_is_public_and_read_only(api_client):
    assert api_client.get(URL).status_code == 200
    assert api_client.post(URL, {}).status_code == 405


@pytest.mark.parametrize("q", ["", "film"])
def test_queries_do_not_grow_with_the_page_size(
    api_client, django_assert_max_num_queries, django_assert_num_queries, q
):
    MovieFactory.create_batch(12, genres=["Drama", "Comedy"])
    params = {"q": q, "genre": "Drama", "director": "director"}
    with django_assert_max_num_queries(12) as small:
        api_client.get(URL, {**params, "page_size": 2})

    with django_assert_num_queries(len(small.captured_queries)):
        response = api_client.get(URL, {**params, "page_size": 12})

    assert len(response.json()["results"]) == 12

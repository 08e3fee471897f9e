"""The search contract, the same for every backend: results, filters, facets, pages, order."""

import pytest
from django.urls import reverse

URL = reverse("search:movies")

ALL_BY_SCORE = [
    ("Alien", 1979),
    ("The Matrix", 1999),
    ("Amélie", 2001),
    ("Blade Runner", 1982),
    ("Solaris", 1972),
    ("Toy Story", 1995),
    ("The Matrix Reloaded", 2003),
    ("Solaris", 2002),
    ("Metropolis", None),
]


def found(response) -> list[tuple[str, int | None]]:
    assert response.status_code == 200, response.content
    return [(movie["title"], movie["year"]) for movie in response.json()["results"]]


def test_without_q_every_film_best_weighted_score_first(api_client, films):
    response = api_client.get(URL, {"page_size": 20})

    assert found(response) == ALL_BY_SCORE
    body = response.json()
    assert body["count"] == 9
    alien = body["results"][0]
    assert alien["id"] == films[("Alien", 1979)]
    assert alien["genres"] == ["Horror", "Sci-Fi"]
    assert alien["director"] == "Ridley Scott"
    assert alien["ratings_count"] == 9
    assert alien["score"] == pytest.approx((41 + 5 * 216 / 52) / (9 + 5))
    assert alien["relevance"] is None
    assert body["results"][-1]["score"] is None  # nobody rated Metropolis


def test_q_matches_titles_ignoring_case_and_accents(api_client, films):
    response = api_client.get(URL, {"q": "  AMELIE "})

    assert found(response) == [("Amélie", 2001)]
    assert response.json()["results"][0]["relevance"] == 1.0


def test_q_matches_directors_names(api_client, films):
    assert found(api_client.get(URL, {"q": "ridley scott"})) == [
        ("Alien", 1979),
        ("Blade Runner", 1982),
    ]
    assert found(api_client.get(URL, {"q": "tarkovsky"})) == [("Solaris", 1972)]


def test_q_needs_every_word(api_client, films):
    assert found(api_client.get(URL, {"q": "matrix reloaded"})) == [("The Matrix Reloaded", 2003)]
    assert found(api_client.get(URL, {"q": "matrix solaris"})) == []


def test_q_tolerates_a_typo_with_a_lower_relevance(api_client, films):
    response = api_client.get(URL, {"q": "matrx"})

    assert found(response) == [("The Matrix", 1999), ("The Matrix Reloaded", 2003)]
    assert [m["relevance"] for m in response.json()["results"]] == [0.5, 0.5]


def test_equally_relevant_films_are_ordered_by_weighted_score(api_client, films):
    response = api_client.get(URL, {"q": "solaris"})

    assert found(response) == [("Solaris", 1972), ("Solaris", 2002)]
    assert [m["relevance"] for m in response.json()["results"]] == [1.0, 1.0]


def test_exact_matches_come_before_typo_matches(api_client, films):
    # "alien" is exact for Alien; "Amélie" is one letter away from "amelie", not "alien".
    response = api_client.get(URL, {"q": "alien"})

    results = response.json()["results"]
    assert results[0]["title"] == "Alien"
    assert results[0]["relevance"] == 1.0
    assert all(m["relevance"] < 1.0 for m in results[1:])


def test_filters_combine(api_client, films):
    response = api_client.get(URL, {"genre": "science fiction", "year_min": 1975, "year_max": 2000})

    assert found(response) == [("Alien", 1979), ("The Matrix", 1999), ("Blade Runner", 1982)]
    assert found(api_client.get(URL, {"genre": "horror", "director": "scott"})) == [("Alien", 1979)]
    assert found(api_client.get(URL, {"q": "solaris", "year_max": 1999})) == [("Solaris", 1972)]


def test_director_filter_matches_part_of_any_directors_name(api_client, films):
    assert found(api_client.get(URL, {"director": "ACHOWSK"})) == [
        ("The Matrix", 1999),
        ("The Matrix Reloaded", 2003),
    ]
    assert found(api_client.get(URL, {"director": "Lilly Wachowski"})) == [
        ("The Matrix", 1999),
        ("The Matrix Reloaded", 2003),
    ]


def test_year_filters_leave_out_films_without_a_year(api_client, films):
    titles = [title for title, _ in found(api_client.get(URL, {"year_min": 1870}))]

    assert "Metropolis" not in titles
    assert len(titles) == 8


def test_facets_count_every_matching_film(api_client, films):
    facets = api_client.get(URL, {"page_size": 1}).json()["facets"]

    assert facets["decade"] == [
        {"value": 1970, "count": 2},
        {"value": 1980, "count": 1},
        {"value": 1990, "count": 2},
        {"value": 2000, "count": 3},
        {"value": None, "count": 1},
    ]
    assert facets["genre"] == [
        {"value": "Sci-Fi", "count": 7},
        {"value": "Drama", "count": 3},
        {"value": "Action", "count": 2},
        {"value": "Comedy", "count": 2},
        {"value": "Animation", "count": 1},
        {"value": "Children", "count": 1},
        {"value": "Horror", "count": 1},
        {"value": "Romance", "count": 1},
        {"value": "Thriller", "count": 1},
    ]
    assert facets["director"] == [
        {"value": "Lana Wachowski", "count": 2},
        {"value": "Lilly Wachowski", "count": 2},
        {"value": "Ridley Scott", "count": 2},
        {"value": "Andrei Tarkovsky", "count": 1},
        {"value": "Fritz Lang", "count": 1},
        {"value": "Jean-Pierre Jeunet", "count": 1},
        {"value": "John Lasseter", "count": 1},
        {"value": "Steven Soderbergh", "count": 1},
    ]


@pytest.mark.parametrize(
    "params",
    [{}, {"q": "matrix"}, {"genre": "Drama"}, {"q": "solaris", "year_min": 2000}],
)
def test_decade_counts_add_up_to_the_count(api_client, films, params):
    body = api_client.get(URL, {**params, "facets": "decade"}).json()

    assert sum(bucket["count"] for bucket in body["facets"]["decade"]) == body["count"]
    assert body["count"] > 0


def test_facets_follow_the_filters(api_client, films):
    body = api_client.get(URL, {"director": "scott"}).json()

    assert body["facets"]["genre"] == [
        {"value": "Sci-Fi", "count": 2},
        {"value": "Horror", "count": 1},
        {"value": "Thriller", "count": 1},
    ]
    assert body["facets"]["director"] == [{"value": "Ridley Scott", "count": 2}]


def test_facets_parameter_chooses_which_facets(api_client, films):
    assert set(api_client.get(URL, {"facets": "decade, genre"}).json()["facets"]) == {
        "decade",
        "genre",
    }
    assert api_client.get(URL, {"facets": ""}).json()["facets"] == {}


def test_no_match_is_an_empty_page_with_empty_facets(api_client, films):
    body = api_client.get(URL, {"q": "zzzzzz qqqqqq"}).json()

    assert body == {
        "count": 0,
        "next": None,
        "previous": None,
        "results": [],
        "facets": {"genre": [], "director": [], "decade": []},
    }


def test_pages_split_the_same_ordering(api_client, films):
    first = api_client.get(URL, {"page_size": 4}).json()
    second = api_client.get(URL, {"page_size": 4, "page": 2}).json()
    third = api_client.get(URL, {"page_size": 4, "page": 3}).json()

    assert first["count"] == second["count"] == third["count"] == 9
    assert first["previous"] is None
    assert "page=2" in first["next"]
    assert "page_size=4" in first["next"]
    assert third["next"] is None
    assert third["previous"] is not None
    pages = [first, second, third]
    titles = [(m["title"], m["year"]) for page in pages for m in page["results"]]
    assert titles == ALL_BY_SCORE
    assert first["facets"] == third["facets"]  # facets cover every page
    assert api_client.get(URL, {"page_size": 4, "page": 4}).status_code == 404


def test_index_follows_catalog_changes_after_refresh(api_client, films, search_backend):
    from filmrank_catalog.services import movie_get_or_create

    movie_get_or_create(
        title="Stalker", year=1979, directors=["Andrei Tarkovsky"], genres=["Sci-Fi"]
    )
    search_backend.refresh()

    assert found(api_client.get(URL, {"q": "tarkovsky"})) == [
        ("Solaris", 1972),
        ("Stalker", 1979),
    ]


def test_similar_films_share_directors_and_genres(films, search_backend):
    similar = search_backend.backend.similar(films[("Alien", 1979)], limit=3)

    assert similar[0] == films[("Blade Runner", 1982)]
    assert films[("Alien", 1979)] not in similar
    assert films[("Amélie", 2001)] not in similar

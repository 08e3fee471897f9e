import pytest

from filmrank_catalog import selectors
from filmrank_catalog.models import Movie
from filmrank_catalog.testing.factories import DirectorFactory, MovieFactory, genre

pytestmark = pytest.mark.django_db

M = 5  # tests/conftest.py pins RANKING_MIN_VOTES


def bayes(ratings: list[int], catalog: list[list[int]], m: int = M) -> float:
    """The contract's formula, written out independently of the selector."""
    all_ratings = [r for film in catalog for r in film]
    c = sum(all_ratings) / len(all_ratings)
    v = len(ratings)
    r = sum(ratings) / v
    return v / (v + m) * r + m / (v + m) * c


def titles(queryset) -> list[str]:
    return [movie.title for movie in queryset]


def test_catalog_mean_is_the_mean_of_every_rating():
    MovieFactory(ratings=[5, 4])
    MovieFactory(ratings=[1])
    MovieFactory()
    assert selectors.catalog_mean() == pytest.approx(10 / 3)


def test_catalog_mean_of_an_unrated_catalog_is_zero():
    MovieFactory()
    assert selectors.catalog_mean() == 0.0


def test_weighted_score_follows_the_bayesian_formula():
    films = {"A": [5], "B": [4, 5, 4, 5, 4, 5, 4, 5], "C": [3, 2, 3], "D": [1, 2, 5, 5]}
    for title, ratings in films.items():
        MovieFactory(title=title, ratings=ratings)

    ranked = {m.title: m.score for m in selectors.movie_ranking()}

    for title, ratings in films.items():
        assert ranked[title] == pytest.approx(bayes(ratings, list(films.values())), rel=1e-12)


def test_weighted_score_with_m_zero_is_the_plain_mean(settings):
    settings.FILMRANK_CATALOG = {"RANKING_MIN_VOTES": 0}
    MovieFactory(title="A", ratings=[5, 4])
    MovieFactory(title="B", ratings=[2])
    assert {m.title: m.score for m in selectors.movie_ranking()} == {"A": 4.5, "B": 2.0}


@pytest.fixture
def one_vote_wonder():
    """A: a single 5. B: twenty ratings averaging 4.5. C: a mediocre, much-rated film."""
    MovieFactory(title="A single five", ratings=[5])
    MovieFactory(title="B many good", ratings=[4, 5] * 10)
    MovieFactory(title="C mediocre", ratings=[3] * 20)


@pytest.mark.usefixtures("one_vote_wonder")
def test_one_five_star_vote_does_not_top_many_good_ratings():
    assert titles(selectors.movie_ranking()) == ["B many good", "A single five", "C mediocre"]


@pytest.mark.usefixtures("one_vote_wonder")
def test_mean_method_orders_by_the_plain_mean():
    ranking = list(selectors.movie_ranking(method="mean"))
    assert titles(ranking) == ["A single five", "B many good", "C mediocre"]
    assert [m.score for m in ranking] == [5.0, 4.5, 3.0]


def test_unknown_method_is_refused():
    with pytest.raises(ValueError, match="unknown ranking method"):
        selectors.movie_ranking(method="best")


@pytest.mark.parametrize("method", ["weighted", "mean"])
def test_ties_go_to_more_ratings_then_title(method):
    MovieFactory(title="Zeta", ratings=[4, 4, 4, 4])
    MovieFactory(title="Beta", ratings=[4, 4])
    MovieFactory(title="Alpha", ratings=[4, 4])
    MovieFactory(title="Gamma", ratings=[4, 4, 4, 4])
    # every film's mean is the catalog mean, so weighted scores tie exactly too
    assert titles(selectors.movie_ranking(method=method)) == ["Gamma", "Zeta", "Alpha", "Beta"]


def test_unrated_films_are_not_ranked_and_min_ratings_filters():
    MovieFactory(title="Unrated")
    MovieFactory(title="One", ratings=[5])
    MovieFactory(title="Three", ratings=[3, 3, 3])
    assert set(titles(selectors.movie_ranking())) == {"One", "Three"}
    assert set(titles(selectors.movie_ranking(min_ratings=0))) == {"One", "Three"}
    assert titles(selectors.movie_ranking(min_ratings=2)) == ["Three"]
    assert titles(selectors.movie_ranking(min_ratings=4)) == []


def test_ranking_by_genre_and_director_matches_any_credit():
    MovieFactory(
        title="Talk to Her", genres=["Drama", "Romance"], directors=["Pedro Almodóvar"], ratings=[5]
    )
    MovieFactory(
        title="Alien", genres=["Horror", "Sci-Fi"], directors=["Ridley Scott"], ratings=[4]
    )
    MovieFactory(
        title="Co-directed",
        genres=["Comedy"],
        directors=["Someone", "Pedro Almodovar Jr."],
        ratings=[3],
    )
    assert titles(selectors.movie_ranking(genre=genre("Sci-Fi"))) == ["Alien"]
    assert titles(selectors.movie_ranking(genre=genre("Romance"))) == ["Talk to Her"]
    assert titles(selectors.movie_ranking(director="almodovar")) == ["Talk to Her", "Co-directed"]
    assert titles(selectors.movie_ranking(director="  RIDLEY   scott ")) == ["Alien"]
    assert titles(selectors.movie_ranking(genre=genre("Comedy"), director="almodóvar")) == [
        "Co-directed"
    ]


def test_movie_rank_is_the_position_in_the_general_ranking():
    MovieFactory(title="Zeta", ratings=[4, 4])
    MovieFactory(title="Alpha", ratings=[4, 4])  # ties with Zeta: title decides
    MovieFactory(title="Top", ratings=[5] * 10)
    MovieFactory(title="Low", ratings=[1, 2])
    unrated = MovieFactory(title="Unrated")

    ranking = list(selectors.movie_ranking())
    assert [selectors.movie_rank(movie) for movie in ranking] == [1, 2, 3, 4]
    assert titles(ranking) == ["Top", "Alpha", "Zeta", "Low"]
    assert selectors.movie_rank(unrated) is None


def test_movie_get_carries_score_and_rank():
    MovieFactory(title="Other", ratings=[1, 2, 3])
    rated = MovieFactory(title="Rated", ratings=[5, 4])
    unrated = MovieFactory(title="Unrated")

    got = selectors.movie_get(movie_id=rated.pk)
    assert got.score == pytest.approx(bayes([5, 4], [[1, 2, 3], [5, 4]]))
    assert got.rank == 1

    got_unrated = selectors.movie_get(movie_id=unrated.pk)
    assert (got_unrated.score, got_unrated.rank, got_unrated.average) == (None, None, None)


@pytest.mark.parametrize("movie_id", [0, -1, 10**6, 2**63, 10**30])
def test_movie_get_of_a_missing_id_is_none(movie_id):
    MovieFactory()
    assert selectors.movie_get(movie_id=movie_id) is None


def test_movies_search_folds_case_accents_spacing_and_articles():
    MovieFactory(title="The Matrix")
    MovieFactory(title="Amélie")
    MovieFactory(title="Matrimony")
    queryset = Movie.objects.order_by("title")
    assert titles(selectors.movies_search(queryset, query="MATRIX")) == ["The Matrix"]
    assert titles(selectors.movies_search(queryset, query="Matrix, The")) == ["The Matrix"]
    assert titles(selectors.movies_search(queryset, query="matrix, the")) == ["The Matrix"]
    assert titles(selectors.movies_search(queryset, query="  amelie ")) == ["Amélie"]
    assert titles(selectors.movies_search(queryset, query="matri")) == ["Matrimony", "The Matrix"]
    assert titles(selectors.movies_search(queryset, query="  ")) == titles(queryset)
    assert titles(selectors.movies_search(queryset, query="100%")) == []


def test_genre_list_counts_films_and_lists_aliases():
    MovieFactory(genres=["Sci-Fi", "Action"])
    MovieFactory(genres=["Sci-Fi"])
    listed = list(selectors.genre_list())
    assert [g.name for g in listed] == sorted(g.name for g in listed)
    genres = {g.name: g for g in listed}
    assert len(genres) == 19
    assert genres["Sci-Fi"].movie_count == 2
    assert genres["Action"].movie_count == 1
    assert genres["War"].movie_count == 0
    assert "science fiction" in {a.key for a in genres["Sci-Fi"].aliases.all()}


def test_director_list_searches_by_key_and_counts_films():
    MovieFactory(directors=["Pedro Almodóvar"])
    MovieFactory(directors=["Pedro Almodóvar", "Agustín Almodóvar"])
    DirectorFactory(name="Jane Campion")
    listed = {d.name: d.movie_count for d in selectors.director_list(search=" ALMODOVAR")}
    assert listed == {"Pedro Almodóvar": 2, "Agustín Almodóvar": 1}
    assert [d.name for d in selectors.director_list()] == [
        "Agustín Almodóvar",
        "Jane Campion",
        "Pedro Almodóvar",
    ]

"""Reading MovieLens files: titles, years, genres, directors, ratings, duplicates, bad rows."""

from pathlib import Path

import pytest

from filmrank_catalog.services import movie_identity
from filmrank_reviews.movielens import (
    MovieLensError,
    MovieLensFormatError,
    MovieRecord,
    RatingRecord,
    group_duplicates,
    map_rating,
    movielens_user_email,
    parse_directors,
    parse_genres,
    parse_title,
    ratings_keep_latest,
    read_dataset,
)

SLICE = Path(__file__).parent / "data" / "movielens-slice"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Toy Story (1995)", ("Toy Story", 1995)),
        ("Matrix, The (1999)", ("The Matrix", 1999)),
        (
            "City of Lost Children, The (Cité des enfants perdus, La) (1995)",
            ("The City of Lost Children (Cité des enfants perdus, La)", 1995),
        ),
        ("Misérables, Les (1995)", ("Les Misérables", 1995)),
        ("Death Note: Desu nôto (2006\u20132007)", ("Death Note: Desu nôto", 2006)),
        ("Some Series (2006-2007)", ("Some Series", 2006)),
        ("Blind Side, The  (2009)", ("The Blind Side", 2009)),
        (
            "From Dusk Till Dawn 2: Texas Blood Money (1999) ",
            ("From Dusk Till Dawn 2: Texas Blood Money", 1999),
        ),
        ("Babylon 5", ("Babylon 5", None)),
        ("Ready Player One", ("Ready Player One", None)),
        ("2001: A Space Odyssey (1968)", ("2001: A Space Odyssey", 1968)),
        ("(500) Days of Summer (2009)", ("(500) Days of Summer", 2009)),
    ],
)
def test_parse_title_gives_the_title_people_write_and_the_year(raw, expected):
    assert parse_title(raw) == expected


@pytest.mark.parametrize(
    ("stars", "expected"),
    [(0.5, 1), (1.0, 1), (1.5, 2), (2.0, 2), (2.5, 3), (3.5, 4), (4.0, 4), (4.5, 5), (5.0, 5)],
)
def test_half_stars_round_half_up_to_whole_stars(stars, expected):
    assert map_rating(stars) == expected


@pytest.mark.parametrize("stars", [0.0, -1.0, 5.5, 6.0, 0.3, 4.25])
def test_ratings_outside_half_stars_are_refused(stars):
    with pytest.raises(ValueError, match="half stars"):
        map_rating(stars)


def test_genres_split_on_bars_and_no_genres_listed_is_none():
    assert parse_genres("Adventure|Animation|Children") == ["Adventure", "Animation", "Children"]
    assert parse_genres("(no genres listed)") == []
    assert parse_genres("Drama|Drama") == ["Drama"]


def test_directors_keep_credit_order_without_repeats():
    assert parse_directors("Lana Wachowski; Lilly Wachowski") == [
        "Lana Wachowski",
        "Lilly Wachowski",
    ]
    assert parse_directors("  Wong  Kar-wai ;WONG KAR-WAI") == ["Wong Kar-wai"]


def test_user_email_is_on_a_reserved_domain():
    assert movielens_user_email(42) == "movielens-user-42@movielens.invalid"


def _record(movielens_id, title, year, directors, genres=("Drama",)):
    return MovieRecord(movielens_id, movie_identity(title=title, year=year), genres, directors)


def test_same_title_and_year_sharing_a_director_is_one_film_with_all_genres():
    groups = group_duplicates(
        [
            _record(26958, "Emma", 1996, ("Douglas McGrath",), ("Romance",)),
            _record(838, "Emma", 1996, ("douglas  mcgrath",), ("Comedy", "Romance")),
            _record(1, "Toy Story", 1995, ("John Lasseter",)),
        ]
    )

    assert [g.movielens_ids for g in groups] == [(1,), (838, 26958)]
    emma = groups[1]
    assert emma.primary_id == 838
    assert emma.genres == ("Comedy", "Romance")
    assert emma.directors == ("douglas  mcgrath",)


def test_same_title_and_year_with_other_directors_or_none_stay_apart():
    groups = group_duplicates(
        [
            _record(1, "Hamlet", 1990, ("Franco Zeffirelli",)),
            _record(2, "Hamlet", 1990, ("Kevin Kline",)),
            _record(3, "Untitled", 2000, ()),
            _record(4, "Untitled", 2000, ()),
        ]
    )

    assert [g.movielens_ids for g in groups] == [(1,), (2,), (3,), (4,)]


def test_a_user_who_rated_two_ids_of_one_film_keeps_the_most_recent_rating():
    ratings = [
        RatingRecord(68, 34048, 2, 1158532246),
        RatingRecord(68, 64997, 3, 1230497715),
        RatingRecord(28, 64997, 4, 1234850075),
        RatingRecord(28, 34048, 5, 1234516420),
    ]

    kept, merged = ratings_keep_latest(ratings, {34048: 7, 64997: 7})

    assert merged == 2
    assert kept == {
        (68, 7): RatingRecord(68, 64997, 3, 1230497715),
        (28, 7): RatingRecord(28, 64997, 4, 1234850075),
    }


def test_the_slice_reads_with_its_quirks():
    dataset = read_dataset(SLICE)

    by_id = {m.movielens_id: m for m in dataset.movies}
    assert len(by_id) == 23
    assert len(dataset.ratings) == 57
    assert by_id[2571].directors == ("Lana Wachowski", "Lilly Wachowski")
    assert by_id[919].directors == ()
    assert by_id[171749].genres == ()
    assert by_id[171749].identity.year == 2006
    assert by_id[40697].identity.year is None


def _dataset(tmp_path, *, movies=None, directors=None, ratings=None):
    files = {
        "movies.csv": movies or "movieId,title,genres\n1,Toy Story (1995),Animation\n",
        "directors.csv": directors or "movieId,directors\n1,John Lasseter\n",
        "ratings.csv": ratings or "userId,movieId,rating,timestamp\n1,1,4.0,964982703\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        (
            "ratings",
            "userId,movieId,rating,timestamp\n1,1,4.0,964982703\n1,1,six,964982703\n",
            "ratings.csv, line 3: rating must be 0.5 to 5 in half stars, not 'six'",
        ),
        (
            "ratings",
            "userId,movieId,rating,timestamp\n1,99,4.0,964982703\n",
            "ratings.csv, line 2: movieId 99 is not in movies.csv",
        ),
        (
            "ratings",
            "userId,movieId,rating,timestamp\n1,1,4.0\n",
            "ratings.csv, line 2: expected 4 columns (userId,movieId,rating,timestamp), found 3",
        ),
        (
            "ratings",
            "userId,movieId,rating,timestamp\nx,1,4.0,964982703\n",
            "ratings.csv, line 2: userId must be a positive integer, not 'x'",
        ),
        (
            "ratings",
            "userId,movieId,rating,timestamp\n1,1,4.0,yesterday\n",
            "ratings.csv, line 2: timestamp must be Unix seconds, not 'yesterday'",
        ),
        (
            "movies",
            "movieId,title,genres\n1,Toy Story (1995),Animation\n1,Toy Story (1995),Animation\n",
            "movies.csv, line 3: movieId 1 appears twice",
        ),
        (
            "movies",
            'movieId,title,genres\n1,"Toy Story (1995),Animation\n',
            "movies.csv, line 2: not valid CSV",
        ),
        (
            "movies",
            "id,name,genres\n1,Toy Story (1995),Animation\n",
            "movies.csv, line 1: the header must be movieId,title,genres",
        ),
        (
            "movies",
            "movieId,title,genres\n1,Old Film (1800),Drama\n",
            "movies.csv, line 2: A year is between 1870 and 2100.",
        ),
        (
            "directors",
            "movieId,directors\n1,John Lasseter\n2,Someone\n",
            "directors.csv, line 3: movieId 2 is not in movies.csv",
        ),
    ],
)
def test_a_malformed_row_is_named_by_file_and_line(tmp_path, kind, text, expected):
    directory = _dataset(tmp_path, **{kind: text})

    with pytest.raises(MovieLensFormatError) as excinfo:
        read_dataset(directory)

    assert str(excinfo.value).startswith(str(tmp_path / expected.split(",")[0]))
    assert expected in str(excinfo.value)


def test_a_missing_directory_or_file_is_named(tmp_path):
    with pytest.raises(MovieLensError, match="is not a directory"):
        read_dataset(tmp_path / "nowhere")

    _dataset(tmp_path)
    (tmp_path / "ratings.csv").unlink()
    with pytest.raises(MovieLensError, match=r"lacks ratings\.csv"):
        read_dataset(tmp_path)

"""``manage.py import_movielens`` on a slice of the real files."""

import shutil
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Count, Sum

from filmrank_catalog.models import Director, Movie, MovieDirector
from filmrank_catalog.selectors import movie_ranking
from filmrank_catalog.services import movie_get_or_create
from filmrank_catalog.signals import movies_changed
from filmrank_reviews.models import Notification, WatchedEntry

SLICE = Path(__file__).parent / "data" / "movielens-slice"

pytestmark = pytest.mark.django_db

User = get_user_model()


def run(*args) -> str:
    out = StringIO()
    call_command("import_movielens", *[str(a) for a in args], stdout=out)
    return out.getvalue()


def film(movielens_id: int) -> Movie:
    return Movie.objects.get(movielens_id=movielens_id)


def entry(user_id: int, movielens_id: int) -> WatchedEntry:
    return WatchedEntry.objects.get(
        user__email=f"movielens-user-{user_id}@movielens.invalid", movie=film(movielens_id)
    )


def stats() -> dict[int, tuple[int, int]]:
    return {m.pk: (m.ratings_count, m.ratings_sum) for m in Movie.objects.all()}


def aggregates() -> dict[int, tuple[int, int]]:
    rows = WatchedEntry.objects.values("movie").annotate(n=Count("pk"), s=Sum("rating"))
    return {row["movie"]: (row["n"], row["s"]) for row in rows}


def test_the_slice_imports_films_users_and_ratings():
    output = run(SLICE)

    # 23 MovieLens ids, five of them a second id of the same film
    assert Movie.objects.count() == 18
    assert User.objects.count() == 8
    # 57 rows; four users rated both ids of a merged film
    assert WatchedEntry.objects.count() == 53
    assert "films:     18 created" in output
    assert "5 duplicate ids merged" in output
    assert "ratings:   53 created, 0 already present, 4 merged" in output
    assert "users:     8 created" in output


def test_titles_years_genres_and_directors_read_as_people_write_them():
    run(SLICE)

    matrix = film(2571)
    assert (matrix.title, matrix.year) == ("The Matrix", 1999)
    assert [link.director.name for link in matrix.director_links.order_by("position")] == [
        "Lana Wachowski",
        "Lilly Wachowski",
    ]
    assert [link.genre.name for link in matrix.genre_links.order_by("position")] == [
        "Action",
        "Sci-Fi",
        "Thriller",
    ]
    assert film(29).title == "The City of Lost Children (Cité des enfants perdus, La)"
    assert film(73).title == "Les Misérables"
    assert film(72641).title == "The Blind Side"
    assert film(27008).title == "From Dusk Till Dawn 2: Texas Blood Money"
    death_note = film(171749)
    assert (death_note.year, death_note.genre_links.count()) == (2006, 0)
    assert film(40697).year is None
    assert film(140956).year is None
    assert film(919).director_links.count() == 0
    assert film(32600).director_links.count() == 3


def test_identity_rows_carry_the_films_keys():
    run(SLICE)

    for link in MovieDirector.objects.select_related("movie"):
        assert link.title_key == link.movie.title_key
        assert link.year_key == (link.movie.year or 0)
    assert MovieDirector.objects.filter(movie=film(32600)).count() == 3


def test_duplicate_ids_become_one_film_with_both_genre_lists():
    output = run(SLICE)

    emma = film(838)
    assert not Movie.objects.filter(movielens_id=26958).exists()
    assert Movie.objects.filter(title="Emma", year=1996).count() == 1
    assert [link.genre.name for link in emma.genre_links.order_by("position")] == [
        "Comedy",
        "Drama",
        "Romance",
    ]
    # five ratings of 838 and one of 26958, by the same user (509)
    assert emma.ratings_count == 5
    assert "merged Emma (1996): MovieLens ids 838 + 26958" in output


def test_a_user_who_rated_both_ids_keeps_the_most_recent_rating():
    run(SLICE)

    # user 68: 2.0 on 34048 in 2006, then 2.5 on 64997 in 2008 -> 3 stars, dated 2008
    war = entry(68, 34048)
    assert war.rating == 3
    assert war.created_at == datetime.fromtimestamp(1230497715, UTC)
    assert WatchedEntry.objects.filter(movie=film(34048)).count() == 4  # 4 + 2 rows, 2 merged


def test_ratings_map_to_whole_stars_and_keep_their_time():
    run(SLICE)

    assert entry(111, 2571).rating == 1  # 0.5
    assert entry(599, 3).rating == 2  # 1.5
    assert entry(68, 1).rating == 3  # 2.5
    assert entry(68, 3).rating == 2  # 2.0
    assert entry(111, 318).rating == 5  # 4.5
    toy_story = entry(1, 1)
    assert toy_story.rating == 4
    assert toy_story.created_at == datetime(2000, 7, 30, 18, 45, 3, tzinfo=UTC)
    assert toy_story.updated_at == toy_story.created_at
    assert toy_story.watched_on is None
    assert set(WatchedEntry.objects.values_list("rating", flat=True)) == {1, 2, 3, 4, 5}
    assert not WatchedEntry.objects.filter(rating__lt=1).exists()


def test_users_have_reserved_emails_and_cannot_log_in():
    run(SLICE)

    user = User.objects.get(email="movielens-user-68@movielens.invalid")
    assert user.name == "MovieLens user 68"
    assert not user.has_usable_password()
    assert not User.objects.exclude(email__endswith="@movielens.invalid").exists()


def test_film_statistics_equal_the_entries_and_rank_the_films():
    run(SLICE)

    assert {pk: value for pk, value in stats().items() if value != (0, 0)} == aggregates()
    assert film(1).ratings_count == 6
    assert film(40697).ratings_count == 0
    assert movie_ranking().first().movielens_id == 318  # The Shawshank Redemption


def test_a_second_run_changes_nothing_and_says_so():
    run(SLICE)
    before = stats()
    entries_before = set(WatchedEntry.objects.values_list("pk", "rating", "updated_at"))

    output = run(SLICE)

    assert stats() == before
    assert set(WatchedEntry.objects.values_list("pk", "rating", "updated_at")) == entries_before
    assert Movie.objects.count() == 18
    assert User.objects.count() == 8
    assert "films:     0 created, 18 already imported" in output
    assert "ratings:   0 created, 53 already present" in output
    assert "Nothing to change: this dataset was already imported." in output


def test_a_limited_run_then_a_full_run_completes_the_import():
    run(SLICE, "--limit-ratings", 4)  # user 1's four ratings
    assert WatchedEntry.objects.count() == 4
    assert User.objects.count() == 1

    output = run(SLICE)

    assert WatchedEntry.objects.count() == 53
    assert "ratings:   49 created, 4 already present" in output
    assert {pk: value for pk, value in stats().items() if value != (0, 0)} == aggregates()


def test_skip_if_loaded_does_nothing_once_imported():
    run(SLICE)

    output = run(SLICE, "--skip-if-loaded")

    assert output == "MovieLens already loaded (18 films with a MovieLens id): skipped.\n"


def test_skip_if_loaded_imports_into_an_empty_catalog():
    run(SLICE, "--skip-if-loaded")

    assert Movie.objects.count() == 18


def test_a_film_a_user_added_is_reused_without_notifying_its_owner(user):
    added, _ = movie_get_or_create(
        title="Matrix, The",
        year=1999,
        directors=["Lilly Wachowski"],
        genres=["Science Fiction"],
        added_by=user,
    )

    output = run(SLICE)

    added.refresh_from_db()
    assert Movie.objects.filter(title="The Matrix").count() == 1
    assert added.movielens_id == 2571
    assert added.added_by == user
    assert added.ratings_count == 8
    assert "1 reused from the catalog" in output
    assert not Notification.objects.exists()


def test_same_title_and_year_with_other_directors_stay_two_films(tmp_path):
    for name in ("movies.csv", "directors.csv", "ratings.csv"):
        shutil.copy(SLICE / name, tmp_path / name)
    with (tmp_path / "movies.csv").open("a", encoding="utf-8") as movies:
        movies.write("900001,Emma (1996),Drama\n")
    with (tmp_path / "directors.csv").open("a", encoding="utf-8") as directors:
        directors.write("900001,Diarmuid Lawrence\n")

    run(tmp_path)

    assert Movie.objects.filter(title="Emma", year=1996).count() == 2


def test_movies_changed_is_sent_once_with_the_touched_films():
    calls = []

    def receiver(sender, movie_ids, **kwargs):
        calls.append(sorted(movie_ids))

    movies_changed.connect(receiver)
    try:
        run(SLICE)
        run(SLICE)
    finally:
        movies_changed.disconnect(receiver)

    assert calls == [sorted(Movie.objects.values_list("pk", flat=True))]


def test_a_missing_directory_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match=r"nowhere is not a directory"):
        run(tmp_path / "nowhere")


def test_a_malformed_row_is_named_and_nothing_is_written(tmp_path):
    for name in ("movies.csv", "directors.csv", "ratings.csv"):
        shutil.copy(SLICE / name, tmp_path / name)
    with (tmp_path / "ratings.csv").open("a", encoding="utf-8") as ratings:
        ratings.write("1,1,4.0,964982703,extra\n")

    with pytest.raises(CommandError) as excinfo:
        run(tmp_path)

    assert f"{tmp_path / 'ratings.csv'}, line 59: expected 4 columns" in str(excinfo.value)
    assert not Movie.objects.exists()


def test_a_failure_while_writing_leaves_nothing_half_written(tmp_path):
    for name in ("movies.csv", "directors.csv", "ratings.csv"):
        shutil.copy(SLICE / name, tmp_path / name)
    with (tmp_path / "movies.csv").open("a", encoding="utf-8") as movies:
        movies.write("900001,Some Telenovela (2001),Telenovela\n")

    with pytest.raises(CommandError, match=r'"Telenovela" .* is not one of the curated genres'):
        run(tmp_path)

    # directors are written before genres are resolved: rolled back with the rest
    assert not Director.objects.exists()
    assert not Movie.objects.exists()

"""The MovieLens import: reading the files, then loading them in bulk.

The first half is pure functions over the CSV files (``movies.csv``, ``directors.csv``,
``ratings.csv``): titles put back the way people write them, years, genres, directors, half
stars mapped to whole ones, and MovieLens ids that are the same film grouped together. The
second half, :func:`movielens_import`, writes them with ``bulk_create`` in one transaction.
"""

from __future__ import annotations

import csv
import math
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import Count, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce, Lower

from filmrank_catalog.models import (
    NO_YEAR,
    Director,
    Genre,
    GenreAlias,
    Movie,
    MovieDirector,
    MovieGenre,
)
from filmrank_catalog.services import MovieIdentity, movie_identity
from filmrank_catalog.signals import movies_changed
from filmrank_catalog.text import display_title, fold, normalize_key
from filmrank_reviews.models import MAX_RATING, MIN_RATING, WatchedEntry

MOVIES_FILE = "movies.csv"
DIRECTORS_FILE = "directors.csv"
RATINGS_FILE = "ratings.csv"
REQUIRED_FILES = (MOVIES_FILE, DIRECTORS_FILE, RATINGS_FILE)

NO_GENRES = "(no genres listed)"
USER_EMAIL_DOMAIN = "movielens.invalid"  # reserved by RFC 2606: no mail can ever go there
DEFAULT_BATCH_SIZE = 2000
ANALYZE_AFTER_ROWS = 10_000  # a bulk load big enough to change the query plans
MAX_TIMESTAMP = 4_102_444_800  # 2100-01-01: MovieLens ratings are from 1996 on

# "Title (1995)", "Title (2006-2007)" with a hyphen or an en dash: a range counts as its first year.
_YEAR_SUFFIX = re.compile(r"^(?P<title>.*?)\s*\((?P<year>\d{4})(?:\s*[-\u2013]\s*(?:\d{4})?)?\)$")


# --------------------------------------------------------------------------------------------
# Reading the files (no database)
# --------------------------------------------------------------------------------------------


class MovieLensError(Exception):
    """The dataset cannot be imported: a file is missing or a row is malformed."""


class MovieLensFormatError(MovieLensError):
    """A malformed row, located by file and line so that it can be fixed."""

    def __init__(self, path: Path | str, line: int, message: str) -> None:
        self.path = Path(path)
        self.line = line
        self.message = message
        super().__init__(f"{self.path}, line {line}: {message}")


def split_year(raw: str) -> tuple[str, int | None]:
    """``"Matrix, The (1999)"`` -> ``("Matrix, The", 1999)``; no year in parentheses -> None.

    The year is the last parenthesised group; a range such as ``(2006-2007)`` (en dash too)
    gives its first year. Whitespace is folded (some titles have trailing or doubled spaces).
    """
    text = fold(raw)
    match = _YEAR_SUFFIX.match(text)
    if match and match["title"]:
        return match["title"], int(match["year"])
    return text, None


def parse_title(raw: str) -> tuple[str, int | None]:
    """``"Matrix, The (1999)"`` -> ``("The Matrix", 1999)``: the title as people write it.

    The article goes back in front the way the catalog does it for titles people type
    (``display_title``), so the imported film and the one a user adds are the same film.
    """
    title, year = split_year(raw)
    return display_title(title), year


def parse_genres(raw: str) -> list[str]:
    """``"Adventure|Sci-Fi"`` -> ``["Adventure", "Sci-Fi"]``; ``(no genres listed)`` -> []."""
    names: list[str] = []
    for part in raw.split("|"):
        name = fold(part)
        if name and name != NO_GENRES and name not in names:
            names.append(name)
    return names


def parse_directors(raw: str) -> list[str]:
    """``"Lana Wachowski; Lilly Wachowski"`` -> both names, in credit order, without repeats."""
    names: list[str] = []
    keys: set[str] = set()
    for part in raw.split(";"):
        name = fold(part)
        key = normalize_key(name)
        if key and key not in keys:
            keys.add(key)
            names.append(name)
    return names


def map_rating(stars: float) -> int:
    """MovieLens half stars (0.5-5) to FilmRank whole stars: half up, never below one.

    0.5 -> 1, 1.5 -> 2, 2.5 -> 3, 4.5 -> 5. ``floor(r + 0.5)`` rather than ``round`` because
    Python rounds halves to even (``round(2.5) == 2``).
    """
    if not 0.5 <= stars <= 5 or stars * 2 != int(stars * 2):
        raise ValueError(f"a rating is 0.5 to 5 in half stars, not {stars!r}")
    return min(MAX_RATING, max(MIN_RATING, math.floor(stars + 0.5)))


def movielens_user_email(user_id: int) -> str:
    return f"movielens-user-{user_id}@{USER_EMAIL_DOMAIN}"


def movielens_user_name(user_id: int) -> str:
    return f"MovieLens user {user_id}"


@dataclass(frozen=True)
class MovieRecord:
    """One row of movies.csv, with its directors from directors.csv."""

    movielens_id: int
    identity: MovieIdentity
    genres: tuple[str, ...]
    directors: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        year = self.identity.year
        return f"{self.identity.title} ({year})" if year else self.identity.title


class RatingRecord(NamedTuple):
    """One row of ratings.csv; ``rating`` already in whole stars."""

    user_id: int
    movie_id: int
    rating: int
    timestamp: int


@dataclass(frozen=True)
class FilmGroup:
    """The MovieLens ids that are one film: same title and year, sharing a director.

    Genres and directors are the union of the members' (first member's order first).
    """

    movielens_ids: tuple[int, ...]
    identity: MovieIdentity
    genres: tuple[str, ...]
    directors: tuple[str, ...]
    label: str

    @property
    def primary_id(self) -> int:
        """The id the catalog row keeps in ``movielens_id``: the oldest one."""
        return self.movielens_ids[0]


@dataclass(frozen=True)
class Dataset:
    directory: Path
    movies: tuple[MovieRecord, ...]
    ratings: tuple[RatingRecord, ...]


@contextmanager
def _csv_rows(path: Path, header: Sequence[str]) -> Iterator[Iterator[tuple[int, list[str]]]]:
    """Yield ``(line, row)`` for each data row, after checking the header and column count."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise MovieLensError(f"{path} is missing.") from None
    except OSError as exc:
        raise MovieLensError(f"{path} cannot be read: {exc.strerror}.") from None

    def rows() -> Iterator[tuple[int, list[str]]]:
        reader = csv.reader(handle, strict=True)
        try:
            first = next(reader, None)
            if first is None or [c.strip() for c in first] != list(header):
                raise MovieLensFormatError(
                    path, reader.line_num or 1, f"the header must be {','.join(header)}."
                )
            for row in reader:
                if not row:
                    continue
                if len(row) != len(header):
                    raise MovieLensFormatError(
                        path,
                        reader.line_num,
                        f"expected {len(header)} columns ({','.join(header)}), found {len(row)}.",
                    )
                yield reader.line_num, row
        except csv.Error as exc:
            raise MovieLensFormatError(path, reader.line_num, f"not valid CSV ({exc}).") from None
        except UnicodeDecodeError:
            raise MovieLensFormatError(path, reader.line_num + 1, "not valid UTF-8.") from None

    with handle:
        yield rows()


def _positive_int(value: str, column: str, path: Path, line: int) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number <= 0:
        raise MovieLensFormatError(
            path, line, f"{column} must be a positive integer, not {value!r}."
        )
    return number


def read_movies(path: Path) -> dict[int, MovieRecord]:
    """movies.csv (``movieId,title,genres``) by MovieLens id, in file order."""
    movies: dict[int, MovieRecord] = {}
    with _csv_rows(path, ("movieId", "title", "genres")) as rows:
        for line, (raw_id, raw_title, raw_genres) in rows:
            movie_id = _positive_int(raw_id, "movieId", path, line)
            if movie_id in movies:
                raise MovieLensFormatError(path, line, f"movieId {movie_id} appears twice.")
            title, year = split_year(raw_title)
            try:
                identity = movie_identity(title=title, year=year)
            except ValidationError as exc:
                raise MovieLensFormatError(path, line, " ".join(exc.messages)) from None
            movies[movie_id] = MovieRecord(movie_id, identity, tuple(parse_genres(raw_genres)))
    return movies


def read_directors(path: Path, movie_ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
    """directors.csv (``movieId,directors``): each film's directors in credit order."""
    known = set(movie_ids)
    directors: dict[int, tuple[str, ...]] = {}
    with _csv_rows(path, ("movieId", "directors")) as rows:
        for line, (raw_id, raw_directors) in rows:
            movie_id = _positive_int(raw_id, "movieId", path, line)
            if movie_id not in known:
                raise MovieLensFormatError(path, line, f"movieId {movie_id} is not in movies.csv.")
            if movie_id in directors:
                raise MovieLensFormatError(path, line, f"movieId {movie_id} appears twice.")
            names = parse_directors(raw_directors)
            too_long = [n for n in names if len(n) > Director._meta.get_field("name").max_length]
            if too_long:
                raise MovieLensFormatError(path, line, f"director name too long: {too_long[0]!r}.")
            directors[movie_id] = tuple(names)
    return directors


def read_ratings(
    path: Path, movie_ids: Iterable[int], *, limit: int | None = None
) -> list[RatingRecord]:
    """ratings.csv (``userId,movieId,rating,timestamp``): the first ``limit`` rows (or all)."""
    known = set(movie_ids)
    ratings: list[RatingRecord] = []
    with _csv_rows(path, ("userId", "movieId", "rating", "timestamp")) as rows:
        for line, (raw_user, raw_movie, raw_rating, raw_timestamp) in rows:
            if limit is not None and len(ratings) >= limit:
                break
            user_id = _positive_int(raw_user, "userId", path, line)
            movie_id = _positive_int(raw_movie, "movieId", path, line)
            if movie_id not in known:
                raise MovieLensFormatError(path, line, f"movieId {movie_id} is not in movies.csv.")
            try:
                rating = map_rating(float(raw_rating))
            except ValueError:
                raise MovieLensFormatError(
                    path, line, f"rating must be 0.5 to 5 in half stars, not {raw_rating!r}."
                ) from None
            try:
                timestamp = int(raw_timestamp)
            except ValueError:
                timestamp = -1
            if not 0 <= timestamp <= MAX_TIMESTAMP:
                raise MovieLensFormatError(
                    path, line, f"timestamp must be Unix seconds, not {raw_timestamp!r}."
                )
            ratings.append(RatingRecord(user_id, movie_id, rating, timestamp))
    return ratings


def read_dataset(directory: Path | str, *, limit_ratings: int | None = None) -> Dataset:
    """Read and check the three files of a MovieLens directory."""
    directory = Path(directory)
    if not directory.is_dir():
        raise MovieLensError(f"{directory} is not a directory (expected a MovieLens dataset).")
    missing = [name for name in REQUIRED_FILES if not (directory / name).is_file()]
    if missing:
        raise MovieLensError(
            f"{directory} lacks {', '.join(missing)} (a MovieLens directory has "
            f"{', '.join(REQUIRED_FILES)})."
        )
    movies = read_movies(directory / MOVIES_FILE)
    directors = read_directors(directory / DIRECTORS_FILE, movies)
    ratings = read_ratings(directory / RATINGS_FILE, movies, limit=limit_ratings)
    records = tuple(
        MovieRecord(m.movielens_id, m.identity, m.genres, directors.get(m.movielens_id, ()))
        for m in movies.values()
    )
    return Dataset(directory=directory, movies=records, ratings=tuple(ratings))


def group_duplicates(movies: Iterable[MovieRecord]) -> list[FilmGroup]:
    """Group MovieLens ids that the catalog's identity rule makes one film.

    Same title and year (compared by key) sharing at least one director (by key) are one
    film, as ``MovieDirector``'s identity constraint demands. Films without directors carry
    no identity and are never merged; same title and year with different directors stay apart.
    """
    records = list(movies)
    parent = list(range(len(records)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_with: dict[tuple[str, int, str], int] = {}
    for index, record in enumerate(records):
        identity = record.identity
        for name in record.directors:
            key = (identity.title_key, identity.year_key, normalize_key(name))
            other = first_with.setdefault(key, index)
            if other != index:
                a, b = find(other), find(index)
                parent[max(a, b)] = min(a, b)

    members: dict[int, list[MovieRecord]] = {}
    for index, record in enumerate(records):
        members.setdefault(find(index), []).append(record)

    groups: list[FilmGroup] = []
    for group in members.values():
        group.sort(key=lambda r: r.movielens_id)
        genres: list[str] = []
        directors: list[str] = []
        director_keys: set[str] = set()
        for record in group:
            genres.extend(g for g in record.genres if g not in genres)
            for name in record.directors:
                if normalize_key(name) not in director_keys:
                    director_keys.add(normalize_key(name))
                    directors.append(name)
        groups.append(
            FilmGroup(
                movielens_ids=tuple(r.movielens_id for r in group),
                identity=group[0].identity,
                genres=tuple(genres),
                directors=tuple(directors),
                label=group[0].label,
            )
        )
    groups.sort(key=lambda g: g.primary_id)
    return groups


def ratings_keep_latest(
    ratings: Iterable[RatingRecord], target_of: Mapping[int, int]
) -> tuple[dict[tuple[int, int], RatingRecord], int]:
    """One rating per (user, target film): the most recent one (later in the file on a tie).

    ``target_of`` maps each MovieLens movie id to the film it is imported into, so a user who
    rated two ids of one merged film keeps one rating. Returns the kept ratings by
    ``(user_id, target)`` and how many were dropped.
    """
    kept: dict[tuple[int, int], RatingRecord] = {}
    dropped = 0
    for rating in ratings:
        key = (rating.user_id, target_of[rating.movie_id])
        previous = kept.get(key)
        if previous is not None:
            dropped += 1
            if previous.timestamp > rating.timestamp:
                continue
        kept[key] = rating
    return kept, dropped


# --------------------------------------------------------------------------------------------
# Loading into the database
# --------------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    """What an import did; a second run over the same files reports nothing created."""

    films_in_file: int = 0
    films_created: int = 0
    films_present: int = 0  # imported by an earlier run (found by movielens_id)
    films_matched: int = 0  # already in the catalog (a user added it): reused
    films_without_year: int = 0
    films_without_genres: int = 0
    films_without_directors: int = 0
    merged_groups: list[FilmGroup] = field(default_factory=list)
    directors_created: int = 0
    directors_present: int = 0
    users_created: int = 0
    users_present: int = 0
    ratings_in_file: int = 0
    ratings_created: int = 0
    ratings_present: int = 0
    ratings_merged: int = 0
    films_recomputed: int = 0
    elapsed: float = 0.0

    @property
    def films_merged(self) -> int:
        """MovieLens ids imported into another id's film."""
        return sum(len(g.movielens_ids) - 1 for g in self.merged_groups)

    @property
    def changed(self) -> bool:
        return bool(
            self.films_created
            or self.directors_created
            or self.users_created
            or self.ratings_created
            or self.films_recomputed
        )


Progress = Callable[[str], None]


def movielens_loaded_count() -> int:
    """How many catalog films came from MovieLens (0: never imported)."""
    return Movie.objects.filter(movielens_id__isnull=False).count()


@contextmanager
def _explicit_timestamps(model: type[models.Model], *names: str) -> Iterator[None]:
    """Let bulk_create write these ``auto_now``/``auto_now_add`` fields as given.

    Imported ratings keep the time they were made, which Django would otherwise overwrite
    with now. The flags are restored on exit; the command runs in its own process.
    """
    fields = [model._meta.get_field(name) for name in names]
    saved = [(f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, (auto_now, auto_now_add) in zip(fields, saved, strict=True):
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _chunks(items: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _genre_ids(groups: Sequence[FilmGroup]) -> dict[str, int]:
    """Each genre name in the data -> the curated Genre's id (by name, then by alias)."""
    by_key = dict(Genre.objects.values_list("name_key", "pk"))
    by_key.update(
        (key, genre_id)
        for key, genre_id in GenreAlias.objects.values_list("key", "genre_id")
        if key not in by_key
    )
    ids: dict[str, int] = {}
    for group in groups:
        for name in group.genres:
            if name in ids:
                continue
            genre_id = by_key.get(normalize_key(name))
            if genre_id is None:
                raise MovieLensError(
                    f'{MOVIES_FILE}: "{name}" (MovieLens {group.primary_id}) is not one of the '
                    "curated genres; add it by migration first."
                )
            ids[name] = genre_id
    return ids


def _directors_load(
    groups: Sequence[FilmGroup], report: ImportReport, batch_size: int
) -> dict[str, int]:
    """Director ids by name key, creating the new ones; existing ones are reused."""
    names: dict[str, str] = {}
    for group in groups:
        for name in group.directors:
            names.setdefault(normalize_key(name), name)
    existing = dict(Director.objects.values_list("name_key", "pk"))
    new = [Director(name=name, name_key=key) for key, name in names.items() if key not in existing]
    # ignore_conflicts: a director someone adds meanwhile is simply reused below.
    Director.objects.bulk_create(new, batch_size=batch_size, ignore_conflicts=True)
    report.directors_created = len(new)
    report.directors_present = len(names) - len(new)
    if new:
        existing = dict(Director.objects.values_list("name_key", "pk"))
    return existing


def _identity_match(
    group: FilmGroup,
    director_ids: Mapping[str, int],
    by_identity: Mapping[tuple[str, int, int], int],
) -> int | None:
    """The catalog film with this title and year and one of these directors, if any."""
    identity = group.identity
    for name in group.directors:
        key = (identity.title_key, identity.year_key, director_ids[normalize_key(name)])
        if key in by_identity:
            return by_identity[key]
    return None


def _films_load(
    groups: Sequence[FilmGroup],
    director_ids: Mapping[str, int],
    report: ImportReport,
    batch_size: int,
) -> tuple[dict[int, int], set[int]]:
    """Map every MovieLens movie id to a catalog film, creating the films not there yet.

    A group is found by any of its ids (an earlier import), else by the catalog's identity
    (title + year + a director: a film a user added is reused), else created. New films are
    written exactly like ``filmrank_catalog.services.movie_create`` writes one, in bulk: the
    identity keys are copied onto each ``MovieDirector`` row.
    """
    by_movielens_id = dict(
        Movie.objects.filter(movielens_id__isnull=False).values_list("movielens_id", "pk")
    )
    by_identity = {
        (title_key, year_key, director_id): movie_id
        for title_key, year_key, director_id, movie_id in MovieDirector.objects.values_list(
            "title_key", "year_key", "director_id", "movie_id"
        )
    }
    genre_ids = _genre_ids(groups)
    target_of: dict[int, int] = {}
    to_create: list[FilmGroup] = []
    claim: dict[int, int] = {}  # matched catalog film -> the MovieLens id it will carry
    for group in groups:
        movie_id = next(
            (by_movielens_id[i] for i in group.movielens_ids if i in by_movielens_id), None
        )
        if movie_id is not None:
            report.films_present += 1
        else:
            movie_id = _identity_match(group, director_ids, by_identity)
            if movie_id is None:
                to_create.append(group)
                continue
            report.films_matched += 1
            claim.setdefault(movie_id, group.primary_id)
        for movielens_id in group.movielens_ids:
            target_of[movielens_id] = movie_id

    # Films users added keep their owner and credits; they gain the MovieLens id.
    unclaimed = Movie.objects.filter(pk__in=list(claim), movielens_id__isnull=True)
    for movie in unclaimed.only("pk"):
        Movie.objects.filter(pk=movie.pk).update(movielens_id=claim[movie.pk])

    movies = [
        Movie(
            title=g.identity.title,
            title_key=g.identity.title_key,
            year=g.identity.year,
            movielens_id=g.primary_id,
        )
        for g in to_create
    ]
    # No ignore_conflicts: the ids are needed back, and existing films were filtered above,
    # so a conflict here means the catalog changed under us and the transaction rolls back.
    Movie.objects.bulk_create(movies, batch_size=batch_size)
    genre_links: list[MovieGenre] = []
    director_links: list[MovieDirector] = []
    for group, movie in zip(to_create, movies, strict=True):
        for movielens_id in group.movielens_ids:
            target_of[movielens_id] = movie.pk
        genre_links.extend(
            MovieGenre(movie_id=movie.pk, genre_id=genre_ids[name], position=i)
            for i, name in enumerate(group.genres)
        )
        director_links.extend(
            MovieDirector(
                movie_id=movie.pk,
                director_id=director_ids[normalize_key(name)],
                position=i,
                title_key=group.identity.title_key,
                year_key=group.identity.year_key,
            )
            for i, name in enumerate(group.directors)
        )
    MovieGenre.objects.bulk_create(genre_links, batch_size=batch_size)
    MovieDirector.objects.bulk_create(director_links, batch_size=batch_size)
    report.films_created = len(movies)
    return target_of, {m.pk for m in movies}


def _users_load(
    ratings: Sequence[RatingRecord], report: ImportReport, batch_size: int
) -> dict[int, int]:
    """MovieLens user id -> account id; accounts are created with unusable passwords."""
    User = get_user_model()
    joined: dict[int, int] = {}
    for rating in ratings:
        if rating.user_id not in joined or rating.timestamp < joined[rating.user_id]:
            joined[rating.user_id] = rating.timestamp
    emails = {movielens_user_email(user_id): user_id for user_id in joined}

    def existing() -> dict[int, int]:
        found: dict[int, int] = {}
        for chunk in _chunks(list(emails), 500):
            rows = (
                User.objects.annotate(email_lower=Lower("email"))
                .filter(email_lower__in=chunk)
                .values_list("email_lower", "pk")
            )
            found.update((emails[email], pk) for email, pk in rows)
        return found

    user_ids = existing()
    new = [
        User(
            email=movielens_user_email(user_id),
            name=movielens_user_name(user_id),
            password=make_password(None),
            date_joined=datetime.fromtimestamp(timestamp, UTC),
        )
        for user_id, timestamp in sorted(joined.items())
        if user_id not in user_ids
    ]
    User.objects.bulk_create(new, batch_size=batch_size, ignore_conflicts=True)
    report.users_created = len(new)
    report.users_present = len(joined) - len(new)
    return existing() if new else user_ids


def _ratings_load(
    ratings: Sequence[RatingRecord],
    target_of: Mapping[int, int],
    user_ids: Mapping[int, int],
    report: ImportReport,
    batch_size: int,
) -> set[int]:
    """Write one entry per (user, film) not there yet; returns the films that got entries."""
    kept, report.ratings_merged = ratings_keep_latest(ratings, target_of)
    accounts = sorted(set(user_ids.values()))
    present: set[tuple[int, int]] = set()
    for chunk in _chunks(accounts, 500):
        present.update(
            WatchedEntry.objects.filter(user_id__in=chunk).values_list("user_id", "movie_id")
        )
    entries: list[WatchedEntry] = []
    for (user_id, movie_id), rating in kept.items():
        account = user_ids[user_id]
        if (account, movie_id) in present:
            report.ratings_present += 1
            continue
        moment = datetime.fromtimestamp(rating.timestamp, UTC)
        entries.append(
            WatchedEntry(
                user_id=account,
                movie_id=movie_id,
                rating=rating.rating,
                watched_on=None,
                created_at=moment,
                updated_at=moment,
            )
        )
    with _explicit_timestamps(WatchedEntry, "created_at", "updated_at"):
        # ignore_conflicts: an entry the user made meanwhile wins over the imported one.
        WatchedEntry.objects.bulk_create(entries, batch_size=batch_size, ignore_conflicts=True)
    report.ratings_created = len(entries)
    return {entry.movie_id for entry in entries}


def movie_stats_recompute(movie_ids: Iterable[int], *, chunk_size: int = 500) -> int:
    """Set these films' ratings_count/ratings_sum to the exact aggregate of their entries.

    One UPDATE with correlated subqueries per chunk of films (the ``(movie, rating)`` index
    answers them), instead of one statistics update per rating.
    """
    entries = WatchedEntry.objects.filter(movie=OuterRef("pk")).order_by().values("movie")
    count = entries.annotate(n=Count("pk")).values("n")
    total = entries.annotate(s=Sum("rating")).values("s")
    ids = sorted(set(movie_ids))
    for chunk in _chunks(ids, chunk_size):
        Movie.objects.filter(pk__in=chunk).update(
            ratings_count=Coalesce(Subquery(count), 0, output_field=models.BigIntegerField()),
            ratings_sum=Coalesce(Subquery(total), 0, output_field=models.BigIntegerField()),
        )
    return len(ids)


def _analyze(*tables: type[models.Model]) -> None:
    """Refresh the planner's statistics after a bulk load (what PostgreSQL's manual advises).

    Without them the freshly filled tables look empty or huge to the planner: on PostgreSQL
    the statistics UPDATE that follows was planned as costly enough to be JIT-compiled, chunk
    after chunk. ``ANALYZE table`` is the same statement on SQLite and PostgreSQL.
    """
    with connection.cursor() as cursor:
        for model in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _phase(progress: Progress, started: float, message: str) -> None:
    progress(f"[{time.perf_counter() - started:6.1f}s] {message}")


def movielens_import(
    *,
    directory: Path | str,
    limit_ratings: int | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Progress | None = None,
) -> ImportReport:
    """Import a MovieLens directory: films, directors, users, ratings, then film statistics.

    Everything is written in one transaction, so a failure leaves nothing behind, and runs
    again safely: what is already there (by MovieLens id, identity, email, (user, film)) is
    reused, and a second run over the same files creates nothing. No notifications are made
    (imported films have no owner), and ``movies_changed`` is sent once, for the films whose
    rows or statistics changed.
    """
    say = progress or (lambda message: None)
    started = time.perf_counter()
    dataset = read_dataset(directory, limit_ratings=limit_ratings)
    report = ImportReport(films_in_file=len(dataset.movies), ratings_in_file=len(dataset.ratings))
    groups = group_duplicates(dataset.movies)
    report.merged_groups = [g for g in groups if len(g.movielens_ids) > 1]
    report.films_without_year = sum(1 for g in groups if g.identity.year_key == NO_YEAR)
    report.films_without_genres = sum(1 for g in groups if not g.genres)
    report.films_without_directors = sum(1 for g in groups if not g.directors)
    _phase(
        say,
        started,
        f"Read {dataset.directory}: {len(dataset.movies):,} films "
        f"({report.films_merged} duplicate ids), "
        f"{sum(1 for m in dataset.movies if m.directors):,} with directors, "
        f"{len(dataset.ratings):,} ratings.",
    )

    with transaction.atomic():
        director_ids = _directors_load(groups, report, batch_size)
        _phase(
            say,
            started,
            f"Directors: {report.directors_created:,} created, "
            f"{report.directors_present:,} already present.",
        )
        target_of, created = _films_load(groups, director_ids, report, batch_size)
        _phase(
            say,
            started,
            f"Films: {report.films_created:,} created, {report.films_present:,} already "
            f"imported, {report.films_matched:,} already in the catalog (reused), "
            f"{report.films_merged} duplicate MovieLens ids merged.",
        )
        for group in report.merged_groups:
            ids = " + ".join(str(i) for i in group.movielens_ids)
            say(f"         merged {group.label}: MovieLens ids {ids}")
        user_ids = _users_load(dataset.ratings, report, batch_size)
        _phase(
            say,
            started,
            f"Users: {report.users_created:,} created, {report.users_present:,} already present.",
        )
        rated = _ratings_load(dataset.ratings, target_of, user_ids, report, batch_size)
        _phase(
            say,
            started,
            f"Ratings: {report.ratings_created:,} created, {report.ratings_present:,} already "
            f"present, {report.ratings_merged:,} merged (one user, two ids of one film: "
            "the most recent kept).",
        )
        touched = created | rated
        if report.ratings_created >= ANALYZE_AFTER_ROWS:
            _analyze(WatchedEntry, Movie)
        report.films_recomputed = movie_stats_recompute(touched)
        _phase(say, started, f"Statistics: recomputed for {report.films_recomputed:,} films.")
        if touched:
            movies_changed.send(sender=Movie, movie_ids=sorted(touched))
    report.elapsed = time.perf_counter() - started
    return report

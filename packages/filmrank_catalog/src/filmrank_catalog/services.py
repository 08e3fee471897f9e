"""Writes to the catalog. Keyword-only, typed, transactional; callers pass plain values."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from filmrank_catalog.models import (
    MAX_YEAR,
    MIN_YEAR,
    NO_YEAR,
    Director,
    Genre,
    GenreAlias,
    Movie,
    MovieDirector,
    MovieGenre,
)
from filmrank_catalog.signals import movies_changed
from filmrank_catalog.text import display_title, fold, normalize_key, title_key

MAX_TITLE_LENGTH = Movie._meta.get_field("title").max_length
MAX_DIRECTOR_LENGTH = Director._meta.get_field("name").max_length


def genre_resolve(name: str) -> Genre:
    """The curated genre called ``name`` (or one of its aliases), compared by key.

    Raises ValidationError naming the valid genres when there is none.
    """
    key = normalize_key(name or "")
    genre = Genre.objects.filter(name_key=key).first()
    if genre is None:
        alias = GenreAlias.objects.select_related("genre").filter(key=key).first()
        genre = alias.genre if alias else None
    if genre is None:
        valid = ", ".join(Genre.objects.order_by("name").values_list("name", flat=True))
        # User text in params, not in the message: messages are %-formatted with them.
        raise ValidationError(
            '"%(value)s" is not a known genre. Use one of: %(valid)s.',
            code="unknown_genre",
            params={"value": fold(name or ""), "valid": valid},
        )
    return genre


def genres_resolve(names: Iterable[str]) -> list[Genre]:
    """Resolve several genre names, in order, without repeats."""
    genres: list[Genre] = []
    for name in names:
        genre = genre_resolve(name)
        if genre not in genres:
            genres.append(genre)
    return genres


def director_get_or_create(*, name: str) -> Director:
    """The director with this name (compared by key); created if new. Safe under races."""
    display = fold(name)
    key = normalize_key(display)
    if not key:
        raise ValidationError("A director's name cannot be blank.", code="blank")
    if len(display) > MAX_DIRECTOR_LENGTH:
        raise ValidationError(
            f"A director's name has at most {MAX_DIRECTOR_LENGTH} characters.", code="max_length"
        )
    director = Director.objects.filter(name_key=key).first()
    if director is not None:
        return director
    try:
        with transaction.atomic():
            return Director.objects.create(name=display, name_key=key)
    except IntegrityError:
        return Director.objects.get(name_key=key)


@dataclass(frozen=True)
class MovieIdentity:
    """What makes a film the same film: title + year + any one of its directors."""

    title: str
    title_key: str
    year: int | None

    @property
    def year_key(self) -> int:
        return self.year if self.year is not None else NO_YEAR


def movie_identity(*, title: str, year: int | None) -> MovieIdentity:
    display = display_title(title or "")
    if not display:
        raise ValidationError({"title": ["A title cannot be blank."]}, code="blank")
    if len(display) > MAX_TITLE_LENGTH:
        raise ValidationError({"title": [f"A title has at most {MAX_TITLE_LENGTH} characters."]})
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError({"year": [f"A year is between {MIN_YEAR} and {MAX_YEAR}."]})
    return MovieIdentity(title=display, title_key=title_key(display), year=year)


def movie_find(*, identity: MovieIdentity, directors: Sequence[Director]) -> Movie | None:
    """The catalog row for this film, if any: same title and year, sharing a director."""
    link = (
        MovieDirector.objects.select_related("movie")
        .filter(
            title_key=identity.title_key,
            year_key=identity.year_key,
            director__in=[d.pk for d in directors],
        )
        .order_by("movie_id")
        .first()
    )
    return link.movie if link else None


def movie_get_or_create(
    *,
    title: str,
    year: int | None,
    directors: Sequence[str],
    genres: Sequence[str],
    added_by=None,
) -> tuple[Movie, bool]:
    """Find the film in the catalog, or add it. Returns ``(movie, created)``.

    A film is matched by title, year and any one director, so directors are always needed;
    a film new to the catalog also needs at least one genre. Two concurrent adds
    of the same film produce one row: the identity constraint rejects the second insert, and
    the loser reads the winner's row.
    """
    identity = movie_identity(title=title, year=year)
    errors: dict[str, list[str]] = {}
    director_names = [fold(n) for n in directors if fold(n or "")]
    if not director_names:
        errors["directors"] = ["Give at least one director."]
    genre_objs: list[Genre] = []
    try:
        genre_objs = genres_resolve(genres)
    except ValidationError as exc:
        errors["genres"] = exc.messages
    if errors and not genres:
        errors["genres"] = ["Give at least one genre."]
    if errors:
        raise ValidationError(errors)

    # Created in one global order (by key), whatever the credit order, so that two requests
    # adding the same new directors in different orders cannot deadlock on their unique keys.
    by_key = {
        normalize_key(name): director_get_or_create(name=name)
        for name in sorted(director_names, key=normalize_key)
    }
    director_objs: list[Director] = []
    for name in director_names:
        director = by_key[normalize_key(name)]
        if director not in director_objs:
            director_objs.append(director)

    movie = movie_find(identity=identity, directors=director_objs)
    if movie is not None:
        return movie, False
    movie = movie_credit_uncredited(identity=identity, directors=director_objs, genres=genre_objs)
    if movie is not None:
        return movie, False
    if not genre_objs:
        # Only a film new to the catalog needs its genres; a known one is matched without.
        raise ValidationError(
            {"genres": ["Give at least one genre for a film new to the catalog."]}
        )
    try:
        with transaction.atomic():
            movie = movie_create(
                identity=identity, directors=director_objs, genres=genre_objs, added_by=added_by
            )
    except IntegrityError:
        movie = movie_find(identity=identity, directors=director_objs)
        if movie is None:
            raise
        return movie, False
    return movie, True


def movie_credit_uncredited(
    *, identity: MovieIdentity, directors: Sequence[Director], genres: Sequence[Genre]
) -> Movie | None:
    """An imported film with this title and year but no credited director, now credited.

    Catalogues such as MovieLens lack directors for some films; the first user who logs one
    with its director completes the row (and its genres, if it had none) instead of adding
    a second row for the same film. None when there is no such film or a concurrent add
    credited it first.
    """
    candidates = Movie.objects.filter(title_key=identity.title_key, director_links__isnull=True)
    if identity.year is None:
        candidates = candidates.filter(year__isnull=True)
    else:
        candidates = candidates.filter(year=identity.year)
    movie = candidates.order_by("id").first()
    if movie is None:
        return None
    try:
        with transaction.atomic():
            director_credits_create(movie=movie, identity=identity, directors=directors)
            if genres and not movie.genre_links.exists():
                MovieGenre.objects.bulk_create(
                    MovieGenre(movie=movie, genre=genre, position=i)
                    for i, genre in enumerate(genres)
                )
    except IntegrityError:
        return movie_find(identity=identity, directors=directors)
    movies_changed.send(sender=Movie, movie_ids=[movie.pk])
    return movie


@transaction.atomic
def movie_create(
    *,
    identity: MovieIdentity,
    directors: Sequence[Director],
    genres: Sequence[Genre],
    added_by=None,
    movielens_id: int | None = None,
) -> Movie:
    """Insert a film with its credits. Raises IntegrityError if the film already exists."""
    movie = Movie.objects.create(
        title=identity.title,
        title_key=identity.title_key,
        year=identity.year,
        added_by=added_by,
        movielens_id=movielens_id,
    )
    MovieGenre.objects.bulk_create(
        MovieGenre(movie=movie, genre=genre, position=i) for i, genre in enumerate(genres)
    )
    director_credits_create(movie=movie, identity=identity, directors=directors)
    movies_changed.send(sender=Movie, movie_ids=[movie.pk])
    return movie


def director_credits_create(
    *, movie: Movie, identity: MovieIdentity, directors: Sequence[Director]
) -> None:
    """Credit ``directors`` on ``movie`` in this order.

    The rows are inserted in director-id order (positions keep the credit order): two
    concurrent adds of one film with its directors in different orders then take the
    identity constraint's locks in the same order and one of them fails cleanly with an
    IntegrityError instead of both deadlocking.
    """
    credits = [
        MovieDirector(
            movie=movie,
            director=director,
            position=i,
            title_key=identity.title_key,
            year_key=identity.year_key,
        )
        for i, director in enumerate(directors)
    ]
    MovieDirector.objects.bulk_create(sorted(credits, key=lambda credit: credit.director_id))


def movie_stats_apply(*, movie_id: int, count_delta: int, sum_delta: int) -> None:
    """Move a film's rating statistics inside the caller's transaction.

    F() expressions make the database add the deltas to the current row, so concurrent
    ratings of one film never lose an update.
    """
    if count_delta == 0 and sum_delta == 0:
        return
    Movie.objects.filter(pk=movie_id).update(
        ratings_count=F("ratings_count") + count_delta,
        ratings_sum=F("ratings_sum") + sum_delta,
    )
    movies_changed.send(sender=Movie, movie_ids=[movie_id])

"""Factories for other apps' tests too. Genres come from the seeded curated list."""

import itertools
from collections.abc import Sequence

import factory
from factory.django import DjangoModelFactory

from filmrank_catalog.models import Director, Genre, Movie, MovieDirector, MovieGenre
from filmrank_catalog.services import movie_stats_apply
from filmrank_catalog.text import display_title, normalize_key, title_key


def genre(name: str) -> Genre:
    """A seeded genre by its exact name ("Sci-Fi")."""
    return Genre.objects.get(name=name)


class DirectorFactory(DjangoModelFactory):
    class Meta:
        model = Director
        django_get_or_create = ("name_key",)

    name = factory.Sequence(lambda n: f"Director {n}")
    name_key = factory.LazyAttribute(lambda o: normalize_key(o.name))


class MovieFactory(DjangoModelFactory):
    """A film with credits: ``MovieFactory(genres=["Drama"], directors=["Jane Campion"])``.

    Rating statistics start at zero; rate films through the reviews services so that they
    stay exact. Catalog tests, which cannot import the reviews app, may pass
    ``ratings=[5, 4, 4]``: that moves the statistics only (no rating rows exist).
    """

    class Meta:
        model = Movie
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Film {n}")
    title_key = factory.LazyAttribute(lambda o: title_key(o.title))
    year = 2000

    @factory.post_generation
    def genres(self, create, extracted, **kwargs):
        if not create:
            return
        names = ["Drama"] if extracted is None else extracted
        MovieGenre.objects.bulk_create(
            MovieGenre(movie=self, genre=genre(name), position=i) for i, name in enumerate(names)
        )

    @factory.post_generation
    def directors(self, create, extracted, **kwargs):
        if not create:
            return
        names = [f"Director of {self.title}"] if extracted is None else extracted
        MovieDirector.objects.bulk_create(
            MovieDirector(
                movie=self,
                director=DirectorFactory(name=name),
                position=i,
                title_key=title_key(display_title(self.title)),
                year_key=self.year or 0,
            )
            for i, name in enumerate(names)
        )

    @factory.post_generation
    def ratings(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        movie_stats_apply(movie_id=self.pk, count_delta=len(extracted), sum_delta=sum(extracted))
        self.refresh_from_db(fields=["ratings_count", "ratings_sum", "average"])


_batch_numbers = itertools.count()


def movie_batch(
    count: int,
    *,
    genres: Sequence[str] = ("Drama",),
    directors: Sequence[str] = ("Batch Director",),
    ratings: Sequence[int] = (),
    added_by=None,
) -> list[Movie]:
    """``count`` films with the same credits in a handful of queries (for pagination and
    query-count tests). ``ratings`` set each film's statistics only, as ``MovieFactory`` does.
    """
    numbers = [next(_batch_numbers) for _ in range(count)]
    movies = Movie.objects.bulk_create(
        Movie(
            title=f"Batch film {n:05d}",
            title_key=title_key(f"Batch film {n:05d}"),
            year=2000,
            added_by=added_by,
            ratings_count=len(ratings),
            ratings_sum=sum(ratings),
        )
        for n in numbers
    )
    genre_objs = [genre(name) for name in genres]
    director_objs = [DirectorFactory(name=name) for name in directors]
    MovieGenre.objects.bulk_create(
        MovieGenre(movie=movie, genre=g, position=i)
        for movie in movies
        for i, g in enumerate(genre_objs)
    )
    MovieDirector.objects.bulk_create(
        MovieDirector(
            movie=movie, director=d, position=i, title_key=movie.title_key, year_key=movie.year
        )
        for movie in movies
        for i, d in enumerate(director_objs)
    )
    return list(Movie.objects.filter(pk__in=[m.pk for m in movies]))

"""Factories for other apps' tests too. Genres come from the seeded curated list."""

import factory
from factory.django import DjangoModelFactory

from filmrank_catalog.models import Director, Genre, Movie, MovieDirector, MovieGenre
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
    stay exact.
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

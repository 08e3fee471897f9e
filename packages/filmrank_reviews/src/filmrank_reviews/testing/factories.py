"""Factories for any app's tests. Ratings go through the services, so film stats stay exact."""

import datetime

import factory
from factory.django import DjangoModelFactory

from filmrank_accounts.testing.factories import UserFactory
from filmrank_catalog.models import Movie
from filmrank_catalog.testing.factories import MovieFactory
from filmrank_reviews.models import WatchedEntry
from filmrank_reviews.services import watched_entry_create


def rate(user, movie: Movie, rating: int, *, watched_on: datetime.date | None = None):
    """``user`` rates ``movie``: a watched entry made by the service (stats and notifications)."""
    return watched_entry_create(user=user, movie=movie, rating=rating, watched_on=watched_on)


class WatchedEntryFactory(DjangoModelFactory):
    """``WatchedEntryFactory(user=..., movie=..., rating=4)``, created through the service."""

    class Meta:
        model = WatchedEntry

    user = factory.SubFactory(UserFactory)
    movie = factory.SubFactory(MovieFactory)
    rating = 4
    watched_on = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs) -> WatchedEntry:
        return watched_entry_create(**kwargs)

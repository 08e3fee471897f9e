from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, When
from django.db.models.functions import Cast

MIN_YEAR = 1870  # the oldest surviving motion pictures
MAX_YEAR = 2100
NO_YEAR = 0  # identity key for films whose year is unknown (NULL would never collide)


class Genre(models.Model):
    """One entry of the curated genre list. New genres come by migration, not by users."""

    name = models.CharField(max_length=50, unique=True)
    slug = models.SlugField(max_length=50, unique=True)
    name_key = models.CharField(max_length=50, unique=True, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class GenreAlias(models.Model):
    """Another way people write a genre ("Science Fiction" for Sci-Fi), stored as its key."""

    genre = models.ForeignKey(Genre, on_delete=models.CASCADE, related_name="aliases")
    key = models.CharField(max_length=50, unique=True)

    class Meta:
        verbose_name_plural = "genre aliases"
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.key} → {self.genre}"


class Director(models.Model):
    name = models.CharField(max_length=200)
    name_key = models.CharField(max_length=200, unique=True, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Movie(models.Model):
    title = models.CharField(max_length=300)
    title_key = models.CharField(max_length=300, db_index=True, editable=False)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    genres = models.ManyToManyField(Genre, through="MovieGenre", related_name="movies")
    directors = models.ManyToManyField(Director, through="MovieDirector", related_name="movies")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="added_movies",
    )
    movielens_id = models.PositiveIntegerField(null=True, blank=True, unique=True)
    # Rating statistics, moved by the same transaction that writes a rating (F() updates), so
    # rankings read one row per film instead of aggregating the ratings table.
    ratings_count = models.PositiveIntegerField(default=0, editable=False)
    ratings_sum = models.PositiveBigIntegerField(default=0, editable=False)
    average = models.GeneratedField(
        expression=Case(
            When(
                ratings_count__gt=0,
                then=Cast("ratings_sum", models.FloatField()) / F("ratings_count"),
            ),
            default=None,
        ),
        output_field=models.FloatField(null=True),
        db_persist=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "year", "id"]
        indexes = [
            models.Index(fields=["year"], name="catalog_movie_year_idx"),
            models.Index(fields=["-ratings_count"], name="catalog_movie_count_idx"),
            models.Index(fields=["-average"], name="catalog_movie_average_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=MIN_YEAR, year__lte=MAX_YEAR),
                name="catalog_movie_year_range",
            ),
            models.CheckConstraint(
                condition=Q(ratings_sum__gte=F("ratings_count"))
                & Q(ratings_sum__lte=F("ratings_count") * 5),
                name="catalog_movie_stats_consistent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title


class MovieGenre(models.Model):
    movie = models.ForeignKey(Movie, on_delete=models.CASCADE, related_name="genre_links")
    genre = models.ForeignKey(Genre, on_delete=models.PROTECT, related_name="movie_links")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["movie", "genre"], name="catalog_moviegenre_unique"),
        ]
        indexes = [models.Index(fields=["genre", "movie"], name="catalog_moviegenre_genre_idx")]

    def __str__(self) -> str:
        return f"{self.movie_id}: {self.genre_id}"


class MovieDirector(models.Model):
    """A director's credit on a film, in credit order.

    It also carries the film's identity: (title_key, year_key, director) is unique, so the
    same film (title + year + any one of its directors, compared case- and
    accent-insensitively) can only be one catalog row, whoever adds it and however
    concurrently. ``title_key`` and ``year_key`` mirror the movie's and are written with it.
    """

    movie = models.ForeignKey(Movie, on_delete=models.CASCADE, related_name="director_links")
    director = models.ForeignKey(Director, on_delete=models.PROTECT, related_name="movie_links")
    position = models.PositiveSmallIntegerField(default=0)
    title_key = models.CharField(max_length=300, editable=False)
    year_key = models.PositiveSmallIntegerField(default=NO_YEAR, editable=False)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["movie", "director"], name="catalog_moviedirector_unique"
            ),
            models.UniqueConstraint(
                fields=["title_key", "year_key", "director"], name="catalog_movie_identity"
            ),
        ]
        indexes = [models.Index(fields=["director", "movie"], name="catalog_moviedir_dir_idx")]

    def __str__(self) -> str:
        return f"{self.movie_id}: {self.director_id}"

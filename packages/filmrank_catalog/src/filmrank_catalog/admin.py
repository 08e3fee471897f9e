"""Catalog admin. Comparison keys are derived here exactly as the services derive them, and
clashes they would cause are form errors, not IntegrityErrors."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet

from filmrank_catalog.models import (
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


class GenreAdminForm(forms.ModelForm):
    class Meta:
        model = Genre
        fields = ["name", "slug"]

    def clean_name(self) -> str:
        name = fold(self.cleaned_data["name"])
        key = normalize_key(name)
        if not key:
            raise ValidationError("A genre needs a name.")
        others = Genre.objects.exclude(pk=self.instance.pk)
        if others.filter(name_key=key).exists():
            raise ValidationError("Another genre already has this name (ignoring case/accents).")
        if GenreAlias.objects.filter(key=key).exclude(genre=self.instance.pk).exists():
            raise ValidationError("This name is already an alias of another genre.")
        self.instance.name_key = key
        return name


class GenreAliasForm(forms.ModelForm):
    class Meta:
        model = GenreAlias
        fields = ["key"]
        labels = {"key": "Alias"}
        help_texts = {"key": "Stored lower-case without accents; matched the same way."}

    def clean_key(self) -> str:
        key = normalize_key(self.cleaned_data["key"])
        if not key:
            raise ValidationError("An alias cannot be blank.")
        if Genre.objects.filter(name_key=key).exists():
            raise ValidationError("This is already a genre's own name.")
        return key


class GenreAliasInline(admin.TabularInline):
    model = GenreAlias
    form = GenreAliasForm
    extra = 1


@admin.register(Genre)
class GenreAdmin(admin.ModelAdmin):
    form = GenreAdminForm
    inlines = [GenreAliasInline]
    list_display = ["name", "slug", "movie_count"]
    search_fields = ["name", "name_key", "aliases__key"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request) -> QuerySet[Genre]:
        return super().get_queryset(request).annotate(movie_count=Count("movie_links"))

    @admin.display(description="films", ordering="movie_count")
    def movie_count(self, genre: Genre) -> int:
        return genre.movie_count


class DirectorAdminForm(forms.ModelForm):
    class Meta:
        model = Director
        fields = ["name"]

    def clean_name(self) -> str:
        name = fold(self.cleaned_data["name"])
        key = normalize_key(name)
        if not key:
            raise ValidationError("A director needs a name.")
        if Director.objects.exclude(pk=self.instance.pk).filter(name_key=key).exists():
            raise ValidationError(
                "This director is already in the catalog (names ignore case and accents)."
            )
        self.instance.name_key = key
        return name


@admin.register(Director)
class DirectorAdmin(admin.ModelAdmin):
    form = DirectorAdminForm
    list_display = ["name", "movie_count"]
    search_fields = ["name", "name_key"]

    def get_queryset(self, request) -> QuerySet[Director]:
        return super().get_queryset(request).annotate(movie_count=Count("movie_links"))

    @admin.display(description="films", ordering="movie_count")
    def movie_count(self, director: Director) -> int:
        return director.movie_count


class MovieGenreInline(admin.TabularInline):
    model = MovieGenre
    extra = 1
    fields = ["genre", "position"]


class MovieDirectorFormSet(forms.BaseInlineFormSet):
    """Director credits carry the film's identity: refuse one that would duplicate a film."""

    def clean(self) -> None:
        super().clean()
        movie = self.instance
        key, year_key = title_key(movie.title or ""), movie.year or NO_YEAR
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            director = data.get("director")
            if director is None or data.get("DELETE"):
                continue
            clash = (
                MovieDirector.objects.filter(title_key=key, year_key=year_key, director=director)
                .exclude(movie_id=movie.pk)
                .select_related("movie")
                .first()
            )
            if clash is not None:
                form.add_error(
                    "director",
                    f"{clash.movie} (id {clash.movie_id}) by {director} is already in the "
                    "catalog; edit that film instead.",
                )

    def save_new(self, form, commit=True):
        form.instance.title_key = self.instance.title_key
        form.instance.year_key = self.instance.year or NO_YEAR
        return super().save_new(form, commit=commit)


class MovieDirectorInline(admin.TabularInline):
    model = MovieDirector
    formset = MovieDirectorFormSet
    extra = 1
    fields = ["director", "position"]
    autocomplete_fields = ["director"]


@admin.register(Movie)
class MovieAdmin(admin.ModelAdmin):
    inlines = [MovieDirectorInline, MovieGenreInline]
    list_display = ["title", "year", "ratings_count", "average", "added_by", "created_at"]
    list_filter = ["genres"]
    list_select_related = ["added_by"]
    search_fields = ["title", "title_key", "movielens_id"]
    raw_id_fields = ["added_by"]
    statistics = ["ratings_count", "ratings_sum", "average", "created_at"]

    def get_readonly_fields(self, request, obj: Movie | None = None) -> list[str]:
        # Title and year are part of the film's identity, copied into its director credits;
        # changing them here would let two rows describe the same film.
        identity = ["title", "year"] if obj is not None else []
        return [*identity, *self.statistics]

    def save_model(self, request, obj: Movie, form, change: bool) -> None:
        if not change:
            obj.title = display_title(obj.title)
            obj.title_key = title_key(obj.title)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        movies_changed.send(sender=Movie, movie_ids=[form.instance.pk])

import pytest
from django.urls import reverse

from filmrank_catalog.models import Director, Genre, GenreAlias, Movie, MovieDirector
from filmrank_catalog.testing.factories import DirectorFactory, MovieFactory, genre

pytestmark = pytest.mark.django_db


def inline_management(prefix: str, total: int = 1, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def movie_add_data(title: str, year: str, director: Director, genre_obj: Genre) -> dict:
    return {
        "title": title,
        "year": year,
        "added_by": "",
        "movielens_id": "",
        **inline_management("director_links"),
        "director_links-0-director": str(director.pk),
        "director_links-0-position": "0",
        **inline_management("genre_links"),
        "genre_links-0-genre": str(genre_obj.pk),
        "genre_links-0-position": "0",
    }


@pytest.mark.parametrize("model", ["genre", "director", "movie"])
def test_changelists_and_change_pages_render(admin_client, model):
    movie = MovieFactory(ratings=[4, 5])
    objects = {"genre": genre("Drama"), "director": movie.directors.get(), "movie": movie}
    changelist = reverse(f"admin:filmrank_catalog_{model}_changelist")
    change = reverse(f"admin:filmrank_catalog_{model}_change", args=[objects[model].pk])
    assert admin_client.get(changelist).status_code == 200
    assert admin_client.get(change).status_code == 200


def test_movie_title_year_and_statistics_are_read_only_once_it_exists(admin_client):
    movie = MovieFactory(title="Alien", year=1979, ratings=[4, 5])
    page = admin_client.get(reverse("admin:filmrank_catalog_movie_change", args=[movie.pk]))
    fields = page.context["adminform"].form.fields
    assert "title" not in fields
    assert "year" not in fields
    assert "ratings_count" not in fields
    assert "movielens_id" in fields

    add_page = admin_client.get(reverse("admin:filmrank_catalog_movie_add"))
    assert {"title", "year"} <= set(add_page.context["adminform"].form.fields)


def test_movie_added_in_admin_gets_identity_keys(admin_client):
    director = DirectorFactory(name="Ridley Scott")
    response = admin_client.post(
        reverse("admin:filmrank_catalog_movie_add"),
        movie_add_data("Alien, The", "1979", director, genre("Horror")),
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    movie = Movie.objects.get()
    assert movie.title == "The Alien"
    assert movie.title_key == "the alien"
    link = MovieDirector.objects.get()
    assert (link.title_key, link.year_key, link.director) == ("the alien", 1979, director)


def test_admin_refuses_a_duplicate_film(admin_client):
    existing = MovieFactory(title="The Matrix", year=1999, directors=["Lana Wachowski"])
    director = existing.directors.get()
    response = admin_client.post(
        reverse("admin:filmrank_catalog_movie_add"),
        movie_add_data("matrix, the", "1999", director, genre("Action")),
    )
    assert response.status_code == 200  # the form again, with the error
    assert "already in the catalog" in response.content.decode()
    assert Movie.objects.count() == 1


def test_admin_director_names_are_keyed_and_unique(admin_client):
    DirectorFactory(name="Pedro Almodóvar")
    url = reverse("admin:filmrank_catalog_director_add")

    duplicate = admin_client.post(url, {"name": "pedro  ALMODOVAR"})
    assert duplicate.status_code == 200
    assert "already in the catalog" in duplicate.content.decode()

    created = admin_client.post(url, {"name": "  Agnès   Varda "})
    assert created.status_code == 302
    assert Director.objects.get(name_key="agnes varda").name == "Agnès Varda"


def test_admin_genre_alias_is_stored_as_a_key(admin_client):
    war = genre("War")
    url = reverse("admin:filmrank_catalog_genre_change", args=[war.pk])
    data = {
        "name": "War",
        "slug": "war",
        **inline_management("aliases"),
        "aliases-0-key": "  Guerre  Films ",
        "aliases-0-genre": str(war.pk),
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert GenreAlias.objects.get(genre=war).key == "guerre films"


def test_admin_refuses_an_alias_that_is_a_genre_name(admin_client):
    war = genre("War")
    url = reverse("admin:filmrank_catalog_genre_change", args=[war.pk])
    data = {
        "name": "War",
        "slug": "war",
        **inline_management("aliases"),
        "aliases-0-key": "drama",
        "aliases-0-genre": str(war.pk),
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert not GenreAlias.objects.filter(genre=war).exists()


def test_admin_refuses_a_genre_name_differing_only_in_case(admin_client):
    response = admin_client.post(
        reverse("admin:filmrank_catalog_genre_add"),
        {"name": "DRAMA", "slug": "drama-2", **inline_management("aliases", total=0)},
    )
    assert response.status_code == 200
    assert Genre.objects.filter(name_key="drama").count() == 1


def test_director_credit_added_to_an_existing_film_carries_its_identity(admin_client):
    movie = MovieFactory(title="The Matrix", year=1999, directors=["Lana Wachowski"])
    lana = movie.director_links.get()
    lilly = DirectorFactory(name="Lilly Wachowski")
    drama = movie.genre_links.get()
    data = {
        "added_by": "",
        "movielens_id": "",
        **inline_management("director_links", total=2, initial=1),
        "director_links-0-id": str(lana.pk),
        "director_links-0-movie": str(movie.pk),
        "director_links-0-director": str(lana.director_id),
        "director_links-0-position": "0",
        "director_links-1-movie": str(movie.pk),
        "director_links-1-director": str(lilly.pk),
        "director_links-1-position": "1",
        **inline_management("genre_links", total=1, initial=1),
        "genre_links-0-id": str(drama.pk),
        "genre_links-0-movie": str(movie.pk),
        "genre_links-0-genre": str(drama.genre_id),
        "genre_links-0-position": "0",
    }
    response = admin_client.post(
        reverse("admin:filmrank_catalog_movie_change", args=[movie.pk]), data
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    credit = MovieDirector.objects.get(movie=movie, director=lilly)
    assert (credit.title_key, credit.year_key) == ("the matrix", 1999)

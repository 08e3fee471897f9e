from django.urls import path

from filmrank_search.api.views import MovieSearchView

app_name = "search"

urlpatterns = [
    path("search/movies/", MovieSearchView.as_view(), name="movies"),
]

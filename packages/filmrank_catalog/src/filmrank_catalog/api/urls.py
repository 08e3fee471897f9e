from django.urls import path

from filmrank_catalog.api import views

app_name = "catalog"

urlpatterns = [
    path("genres/", views.GenreListView.as_view(), name="genre-list"),
    path("movies/", views.MovieListView.as_view(), name="movie-list"),
    path("movies/<int:pk>/", views.MovieDetailView.as_view(), name="movie-detail"),
    path("rankings/movies/", views.MovieRankingView.as_view(), name="movie-ranking"),
    path("directors/", views.DirectorListView.as_view(), name="director-list"),
]

from filmrank_reviews.api import social_views, views

app_name = "reviews"

urlpatterns = [*views.urlpatterns, *social_views.urlpatterns]

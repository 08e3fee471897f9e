"""Recommendations, similar films, comments and notifications."""

urlpatterns: list = []

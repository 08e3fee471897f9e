"""Watched lists, personal rankings and the users directory."""

urlpatterns: list = []

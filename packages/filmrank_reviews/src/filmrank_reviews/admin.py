from django.contrib import admin

from filmrank_reviews.models import Comment, Notification, WatchedEntry


@admin.register(WatchedEntry)
class WatchedEntryAdmin(admin.ModelAdmin):
    """Read-only: ratings move the films' statistics, so they change through the API only."""

    list_display = ["id", "user", "movie", "rating", "watched_on", "created_at"]
    list_filter = ["rating"]
    search_fields = ["user__email", "user__name", "movie__title"]
    list_select_related = ["user", "movie"]
    raw_id_fields = ["user", "movie"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["id", "movie", "author", "spoiler", "created_at"]
    list_filter = ["spoiler"]
    search_fields = ["body", "author__email", "author__name", "movie__title"]
    list_select_related = ["movie", "author"]
    raw_id_fields = ["movie", "author"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["id", "recipient", "kind", "actor", "movie", "rating", "read", "created_at"]
    list_filter = ["kind", "read"]
    search_fields = ["recipient__email", "actor__email", "movie__title"]
    list_select_related = ["recipient", "actor", "movie"]
    raw_id_fields = ["recipient", "actor", "movie"]
    readonly_fields = ["created_at", "updated_at"]

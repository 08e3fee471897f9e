from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from filmrank_accounts.models import User
from filmrank_accounts.services import EMAIL_TAKEN_MESSAGE


def _clean_unique_email(form: forms.ModelForm) -> str:
    email = User.objects.normalize_email(form.cleaned_data.get("email") or "")
    others = User.objects.exclude(pk=form.instance.pk) if form.instance.pk else User.objects
    if email and others.filter(email__iexact=email).exists():
        raise forms.ValidationError(EMAIL_TAKEN_MESSAGE, code="unique")
    return email


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)

    def clean_email(self) -> str:
        return _clean_unique_email(self)


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    def clean_email(self) -> str:
        return _clean_unique_email(self)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Accounts log in by email; there is no username."""

    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("name", "location", "favorite_genre")}),
        (
            "Permissions",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "usable_password", "password1", "password2"),
            },
        ),
    )
    list_display = ["email", "name", "location", "favorite_genre", "is_staff", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "favorite_genre", "groups"]
    list_select_related = ["favorite_genre"]
    search_fields = ["email", "name", "location"]
    ordering = ["email"]
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = ["groups", "user_permissions"]

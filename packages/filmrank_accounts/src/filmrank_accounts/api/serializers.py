from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from rest_framework import serializers
from rest_framework_simplejwt.exceptions import AuthenticationFailed, TokenError
from rest_framework_simplejwt.serializers import (
    PasswordField,
    TokenObtainPairSerializer,
    TokenRefreshSerializer,
)
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.tokens import RefreshToken

from filmrank_accounts.models import User
from filmrank_accounts.services import (
    MAX_EMAIL_LENGTH,
    MAX_LOCATION_LENGTH,
    MAX_NAME_LENGTH,
    MAX_PASSWORD_LENGTH,
)
from filmrank_catalog.models import Genre

MAX_GENRE_LENGTH = Genre._meta.get_field("name").max_length


class AccountSerializer(serializers.ModelSerializer):
    """Your own account, as only you see it (others never see the email)."""

    favorite_genre = serializers.CharField(
        source="favorite_genre.name",
        read_only=True,
        allow_null=True,
        help_text="Name of the favorite genre, or null.",
    )
    profile_complete = serializers.BooleanField(
        read_only=True, help_text="True once name, location and favorite genre are all set."
    )

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "name",
            "location",
            "favorite_genre",
            "profile_complete",
            "date_joined",
        ]
        read_only_fields = fields


class AccountRegisterSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=MAX_EMAIL_LENGTH)
    password = serializers.CharField(
        write_only=True,
        trim_whitespace=False,
        max_length=MAX_PASSWORD_LENGTH,
        style={"input_type": "password"},
        help_text="At least 8 characters, not common, not all digits, not like your email.",
    )
    name = serializers.CharField(
        required=False, allow_blank=True, max_length=MAX_NAME_LENGTH, default=""
    )
    location = serializers.CharField(
        required=False, allow_blank=True, max_length=MAX_LOCATION_LENGTH, default=""
    )
    favorite_genre = serializers.CharField(
        required=False,
        allow_null=True,
        allow_blank=True,
        max_length=MAX_GENRE_LENGTH,
        default=None,
        help_text='A genre from /api/genres/ or an alias ("Science Fiction" is Sci-Fi).',
    )


class AccountUpdateSerializer(serializers.Serializer):
    """PATCH /api/me/: any of these; fields not sent are left as they are."""

    name = serializers.CharField(required=False, allow_blank=True, max_length=MAX_NAME_LENGTH)
    location = serializers.CharField(
        required=False, allow_blank=True, max_length=MAX_LOCATION_LENGTH
    )
    favorite_genre = serializers.CharField(
        required=False,
        allow_null=True,
        allow_blank=True,
        max_length=MAX_GENRE_LENGTH,
        help_text='A genre from /api/genres/ or an alias; null or "" clears it.',
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # Read-only fields are normally ignored; sending back the same email (a client that
        # PATCHes what it GOT) is fine, but a different one must not look like it worked.
        email = self.initial_data.get("email")
        current = self.instance.email if self.instance is not None else None
        if email is not None and (
            not isinstance(email, str) or email.strip().casefold() != (current or "").casefold()
        ):
            raise serializers.ValidationError(
                {"email": ["Your email address cannot be changed here."]}, code="read_only"
            )
        return attrs


class AuthTokenObtainSerializer(TokenObtainPairSerializer):
    """Email and password in; an access and a refresh token out."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields[self.username_field] = serializers.CharField(
            write_only=True, help_text="Case does not matter."
        )
        # simplejwt's field trims whitespace, which would refuse passwords that have it.
        self.fields["password"] = PasswordField(trim_whitespace=False)


class AuthTokenRefreshSerializer(TokenRefreshSerializer):
    """A refresh token in; a new access token and a new refresh token out.

    Refresh tokens always rotate and the one sent is revoked, so a stolen refresh token
    stops working as soon as its owner refreshes. Blacklisting is the atomic step: of two
    concurrent refreshes with the same token only one gets new tokens.
    """

    refresh = serializers.CharField(write_only=True, help_text="The refresh token to use up.")
    access = None  # the response is AuthTokenPairSerializer

    default_error_messages = {
        "no_active_account": "No active account found for the given token.",
        "revoked": "Token is blacklisted",
    }

    def validate(self, attrs: dict[str, Any]) -> dict[str, str]:
        refresh = RefreshToken(attrs["refresh"])  # TokenError if bad, expired or revoked
        self._check_user(refresh)
        _, created = refresh.blacklist()
        if not created:
            raise TokenError(self.error_messages["revoked"])
        refresh.set_jti()
        refresh.set_exp()
        refresh.set_iat()
        refresh.outstand()
        return {"access": str(refresh.access_token), "refresh": str(refresh)}

    def _check_user(self, refresh: RefreshToken) -> None:
        user_id = refresh.payload.get(jwt_settings.USER_ID_CLAIM)
        user_model = get_user_model()
        try:
            user: AbstractBaseUser | None = user_model.objects.get(
                **{jwt_settings.USER_ID_FIELD: user_id}
            )
        except (user_model.DoesNotExist, ValueError, TypeError):
            user = None  # a deleted account: simplejwt itself would answer 500 here
        if not jwt_settings.USER_AUTHENTICATION_RULE(user):
            raise AuthenticationFailed(
                self.error_messages["no_active_account"], "no_active_account"
            )


class AuthTokenPairSerializer(serializers.Serializer):
    access = serializers.CharField(help_text="Send as `Authorization: Bearer`.")
    refresh = serializers.CharField(help_text="Use once; a new one comes with each refresh.")


class AuthLogoutSerializer(serializers.Serializer):
    refresh = serializers.CharField(help_text="The refresh token to revoke (yours).")

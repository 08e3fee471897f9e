from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework_simplejwt import authentication
from rest_framework_simplejwt.exceptions import InvalidToken
from rest_framework_simplejwt.settings import api_settings


class JWTAuthentication(authentication.JWTAuthentication):
    """simplejwt's bearer authentication, telling clients how to send a token it ignores.

    simplejwt treats ``Authorization: Token …``, ``JWT …`` or a bare token as no credentials
    at all ("Authentication credentials were not provided."), which sends client developers
    looking in the wrong place.
    """

    def authenticate(self, request: Request):
        header = self.get_header(request)
        if header is not None and header.strip() and self.get_raw_token(header) is None:
            raise exceptions.AuthenticationFailed(
                "Send the access token as 'Authorization: Bearer <access token>'.",
                code="bad_authorization_header",
            )
        return super().authenticate(request)

    def get_validated_token(self, raw_token: bytes):
        try:
            return super().get_validated_token(raw_token)
        except (ValueError, TypeError, OverflowError) as exc:  # signed, but nonsense claims
            raise InvalidToken("The token's claims are malformed.") from exc

    def get_user(self, validated_token):
        user_id = validated_token.get(api_settings.USER_ID_CLAIM)
        # The ORM would read True as 1 and 612.5 as 612: only a whole number names a user.
        if isinstance(user_id, bool | float) or (
            isinstance(user_id, str) and not user_id.isdigit()
        ):
            raise InvalidToken("The token's user id is malformed.")
        try:
            return super().get_user(validated_token)
        except (ValueError, TypeError, OverflowError) as exc:
            raise InvalidToken("The token's user id is malformed.") from exc


class JWTAuthenticationScheme(SimpleJWTScheme):
    """Documents our subclass in the OpenAPI schema exactly as simplejwt's (``jwtAuth``)."""

    target_class = "filmrank_accounts.authentication.JWTAuthentication"

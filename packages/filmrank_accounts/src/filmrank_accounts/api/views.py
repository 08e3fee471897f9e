"""Sign-up, JWT log-in/refresh/log-out and your own profile (/api/me/)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.views import TokenViewBase

from filmrank_accounts import services
from filmrank_accounts.api.serializers import (
    AccountRegisterSerializer,
    AccountSerializer,
    AccountUpdateSerializer,
    AuthLogoutSerializer,
    AuthTokenObtainSerializer,
    AuthTokenPairSerializer,
    AuthTokenRefreshSerializer,
)
from filmrank_accounts.api.throttling import AuthRateThrottle
from filmrank_accounts.authentication import JWTAuthentication
from filmrank_catalog.api.errors import ErrorDetailSerializer, validation_errors_as_400

TAG = "accounts"


def _validation_error(description: str) -> OpenApiResponse:
    return OpenApiResponse(
        response=OpenApiTypes.OBJECT,
        description=f'{description} Shape: `{{"field": ["message", ...]}}`.',
    )


NOT_AUTHENTICATED = OpenApiResponse(
    ErrorDetailSerializer, description="No access token, or it is invalid or expired."
)
THROTTLED = OpenApiResponse(ErrorDetailSerializer, description="Too many attempts; retry later.")


class RegisterView(APIView):
    # No authentication: a stale token in the header must not stop anyone signing up.
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [AuthRateThrottle]
    throttle_scope = "auth"

    @extend_schema(
        tags=[TAG],
        operation_id="auth_register",
        summary="Create an account",
        request=AccountRegisterSerializer,
        responses={
            201: AccountSerializer,
            400: _validation_error(
                "Missing or invalid field: email already registered (in any case), "
                "weak password (short, common, all digits or like your email), unknown genre."
            ),
            429: THROTTLED,
        },
        examples=[
            OpenApiExample(
                "Sign up",
                value={
                    "email": "ada@example.com",
                    "password": "a long passphrase",
                    "name": "Ada",
                    "location": "London",
                    "favorite_genre": "Science Fiction",
                },
                request_only=True,
            )
        ],
    )
    def post(self, request: Request) -> Response:
        serializer = AccountRegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with validation_errors_as_400():
            user = services.user_create(**serializer.validated_data)
        return Response(AccountSerializer(user).data, status=status.HTTP_201_CREATED)


class TokenObtainView(TokenViewBase):
    serializer_class = AuthTokenObtainSerializer
    throttle_classes = [AuthRateThrottle]
    throttle_scope = "auth"

    @extend_schema(
        tags=[TAG],
        operation_id="auth_token_obtain",
        summary="Log in: get an access and a refresh token",
        request=AuthTokenObtainSerializer,
        responses={
            200: AuthTokenPairSerializer,
            400: _validation_error("Email or password missing."),
            401: OpenApiResponse(
                ErrorDetailSerializer, description="Wrong email or password, or inactive account."
            ),
            429: THROTTLED,
        },
    )
    def post(self, request: Request, *args, **kwargs) -> Response:
        return super().post(request, *args, **kwargs)


class TokenRefreshView(TokenViewBase):
    serializer_class = AuthTokenRefreshSerializer

    @extend_schema(
        tags=[TAG],
        operation_id="auth_token_refresh",
        summary="Exchange a refresh token for a new access token and a new refresh token",
        description="The refresh token sent is used up: it is revoked and a new one returned.",
        request=AuthTokenRefreshSerializer,
        responses={
            200: AuthTokenPairSerializer,
            400: _validation_error("`refresh` missing."),
            401: OpenApiResponse(
                description="Refresh token invalid, expired, already used or revoked, or "
                "its account is gone or inactive.",
            ),
        },
    )
    def post(self, request: Request, *args, **kwargs) -> Response:
        return super().post(request, *args, **kwargs)


class LogoutView(APIView):
    authentication_classes = [JWTAuthentication]
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=[TAG],
        operation_id="auth_logout",
        summary="Log out: revoke one of your refresh tokens",
        description=(
            "Needs your access token. The refresh token can no longer be used; access tokens "
            "already issued stay valid until they expire (minutes)."
        ),
        request=AuthLogoutSerializer,
        responses={
            204: OpenApiResponse(description="Revoked."),
            400: _validation_error(
                "`refresh` missing, not a refresh token, expired, or already revoked."
            ),
            401: NOT_AUTHENTICATED,
            403: OpenApiResponse(
                ErrorDetailSerializer, description="The refresh token belongs to another account."
            ),
        },
    )
    def post(self, request: Request) -> Response:
        serializer = AuthLogoutSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with validation_errors_as_400():
            services.refresh_token_revoke(
                user=request.user, refresh=serializer.validated_data["refresh"]
            )
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    authentication_classes = [JWTAuthentication]
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=[TAG],
        operation_id="me_retrieve",
        summary="Your account",
        responses={200: AccountSerializer, 401: NOT_AUTHENTICATED},
    )
    def get(self, request: Request) -> Response:
        return Response(AccountSerializer(request.user).data)

    @extend_schema(
        tags=[TAG],
        operation_id="me_partial_update",
        summary="Change your name, location or favorite genre",
        request=AccountUpdateSerializer,
        responses={
            200: AccountSerializer,
            400: _validation_error(
                "Too long, unknown genre (the message lists the valid ones), or an attempt "
                "to change the email."
            ),
            401: NOT_AUTHENTICATED,
        },
    )
    def patch(self, request: Request) -> Response:
        serializer = AccountUpdateSerializer(request.user, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        with validation_errors_as_400():
            user = services.user_update_profile(user=request.user, **serializer.validated_data)
        return Response(AccountSerializer(user).data)

"""Watched lists, personal rankings and the users directory."""

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework import generics, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.utils.urls import replace_query_param

from filmrank_catalog.api.errors import ErrorDetailSerializer, validation_errors_as_400
from filmrank_catalog.pagination import PageNumberPagination
from filmrank_reviews import selectors, services
from filmrank_reviews.api.serializers import (
    MyRankingEntrySerializer,
    UserListQuerySerializer,
    UserPublicDetailSerializer,
    UserPublicSerializer,
    UserRankingEntrySerializer,
    WatchedEntryConflictSerializer,
    WatchedEntryCreateByFieldsSerializer,
    WatchedEntryCreateByIdSerializer,
    WatchedEntryCreateSerializer,
    WatchedEntrySerializer,
    WatchedEntryUpdateSerializer,
    WatchedListQuerySerializer,
)
from filmrank_reviews.models import WatchedEntry

TAGS = ["watched lists and rankings"]

NOT_AUTHENTICATED = OpenApiResponse(
    response=ErrorDetailSerializer, description="No access token, or it expired."
)
PAGE_NOT_FOUND = OpenApiResponse(
    response=ErrorDetailSerializer, description="`page` is past the last page (or not a number)."
)
ENTRY_NOT_FOUND = OpenApiResponse(
    response=ErrorDetailSerializer,
    description="No such entry in your watched list (another user's entry is not found either).",
)
USER_NOT_FOUND = OpenApiResponse(
    response=ErrorDetailSerializer, description="No active user with this id."
)
BAD_INPUT = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description="Invalid input: `{field: [message]}`, each message saying what to send.",
)


def _entry_or_404(request: Request, entry_id: int) -> WatchedEntry:
    entry = selectors.watched_entry_get(user=request.user, entry_id=entry_id)
    if entry is None:
        raise NotFound("No such entry in your watched list.")
    return entry


def _user_or_404(user_id: int):
    user = selectors.user_get(user_id=user_id)
    if user is None:
        raise NotFound("No such user.")
    return user


class WatchedListView(generics.ListCreateAPIView):
    permission_classes = [IsAuthenticated]
    pagination_class = PageNumberPagination
    filter_backends: list = []
    serializer_class = WatchedEntrySerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return WatchedEntry.objects.none()
        query = WatchedListQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return selectors.watched_list(user=self.request.user, **query.validated_data)

    @extend_schema(
        operation_id="me_watched_list",
        summary="Your watched list",
        description=(
            "The films you watched with your ratings, latest added first unless `ordering` "
            "says otherwise (ties: latest added first). Films without a watched date sort last."
        ),
        tags=TAGS,
        parameters=[WatchedListQuerySerializer],
        responses={
            200: WatchedEntrySerializer(many=True),
            400: BAD_INPUT,
            401: NOT_AUTHENTICATED,
            404: PAGE_NOT_FOUND,
        },
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="me_watched_create",
        summary="Add a film you watched, with your rating",
        description=(
            "Two body shapes. Either `movie` (the id of a film in the catalog) + `rating`; or "
            "the film's `title`, `year`, `director` (or `directors`, a list) and `genre` (or "
            "`genres`, a list) + `rating`: the film is found in the catalog, ignoring case, "
            "accents and spacing, or added to it (credited to you). Giving both `movie` and "
            "the film's fields is a 400. `watched_on` is optional in both. The response's "
            "`Location` header is the new entry's URL."
        ),
        tags=TAGS,
        request=PolymorphicProxySerializer(
            component_name="WatchedEntryCreate",
            serializers=[WatchedEntryCreateByIdSerializer, WatchedEntryCreateByFieldsSerializer],
            resource_type_field_name=None,
        ),
        examples=[
            OpenApiExample(
                "A film in the catalog", value={"movie": 42, "rating": 5}, request_only=True
            ),
            OpenApiExample(
                "A film by its fields",
                value={
                    "title": "Arrival",
                    "year": 2016,
                    "director": "Denis Villeneuve",
                    "genre": "Sci-Fi",
                    "rating": 4,
                    "watched_on": "2024-03-01",
                },
                request_only=True,
            ),
        ],
        responses={
            201: WatchedEntrySerializer,
            400: BAD_INPUT,
            401: NOT_AUTHENTICATED,
            409: OpenApiResponse(
                response=WatchedEntryConflictSerializer,
                description="The film is already in your watched list; `entry_id` is its entry.",
            ),
        },
    )
    def post(self, request: Request, *args, **kwargs) -> Response:
        serializer = WatchedEntryCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            with validation_errors_as_400():
                if "movie" in data:
                    entry = services.watched_entry_create(user=request.user, **data)
                else:
                    entry = services.watched_entry_create_from_fields(user=request.user, **data)
        except services.WatchedEntryAlreadyExists as exc:
            url = reverse("reviews:watched-detail", kwargs={"pk": exc.entry_id}, request=request)
            return Response(
                {
                    "detail": (
                        f'"{exc.movie}" is already in your watched list (entry {exc.entry_id}). '
                        f"Change its rating with PATCH {url}"
                    ),
                    "entry_id": exc.entry_id,
                },
                status=status.HTTP_409_CONFLICT,
            )
        entry = _entry_or_404(request, entry.pk)
        location = reverse("reviews:watched-detail", kwargs={"pk": entry.pk}, request=request)
        return Response(
            WatchedEntrySerializer(entry).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": location},
        )


class WatchedEntryDetailView(generics.GenericAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = WatchedEntrySerializer
    queryset = WatchedEntry.objects.none()  # for the schema; entries are looked up per user

    @extend_schema(
        operation_id="me_watched_retrieve",
        summary="One entry of your watched list",
        tags=TAGS,
        responses={200: WatchedEntrySerializer, 401: NOT_AUTHENTICATED, 404: ENTRY_NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(WatchedEntrySerializer(_entry_or_404(request, pk)).data)

    @extend_schema(
        operation_id="me_watched_partial_update",
        summary="Change your rating or the date you watched the film",
        description="Only `rating` and `watched_on` change; to rate another film, add it.",
        tags=TAGS,
        request=WatchedEntryUpdateSerializer,
        responses={
            200: WatchedEntrySerializer,
            400: BAD_INPUT,
            401: NOT_AUTHENTICATED,
            404: ENTRY_NOT_FOUND,
        },
    )
    def patch(self, request: Request, pk: int) -> Response:
        entry = _entry_or_404(request, pk)
        serializer = WatchedEntryUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            with validation_errors_as_400():
                services.watched_entry_update(entry=entry, **serializer.validated_data)
        except WatchedEntry.DoesNotExist as exc:
            raise NotFound("No such entry in your watched list.") from exc
        return Response(WatchedEntrySerializer(_entry_or_404(request, pk)).data)

    @extend_schema(
        operation_id="me_watched_destroy",
        summary="Remove a film from your watched list (and its rating)",
        tags=TAGS,
        responses={204: None, 401: NOT_AUTHENTICATED, 404: ENTRY_NOT_FOUND},
    )
    def delete(self, request: Request, pk: int) -> Response:
        entry = _entry_or_404(request, pk)
        try:
            services.watched_entry_delete(entry=entry)
        except WatchedEntry.DoesNotExist as exc:
            raise NotFound("No such entry in your watched list.") from exc
        return Response(status=status.HTTP_204_NO_CONTENT)


class MyRankingView(generics.ListAPIView):
    permission_classes = [IsAuthenticated]
    pagination_class = PageNumberPagination
    filter_backends: list = []
    serializer_class = MyRankingEntrySerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return WatchedEntry.objects.none()
        return selectors.user_ranking(user=self.request.user)

    @extend_schema(
        operation_id="me_ranking_list",
        summary="Your personal ranking",
        description="Your films by your rating, best first; ties by the most recently rated.",
        tags=TAGS,
        responses={
            200: MyRankingEntrySerializer(many=True),
            401: NOT_AUTHENTICATED,
            404: PAGE_NOT_FOUND,
        },
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


class UserListView(generics.ListAPIView):
    permission_classes = [AllowAny]
    pagination_class = PageNumberPagination
    filter_backends: list = []
    serializer_class = UserPublicSerializer

    def get_queryset(self):
        query = UserListQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return selectors.user_list(search=query.validated_data.get("search"))

    @extend_schema(
        operation_id="users_list",
        summary="Users and their top 10",
        description=(
            "Active users ordered by name, each with how many films they rated and their "
            "personal top 10. Emails are never shown."
        ),
        tags=TAGS,
        parameters=[UserListQuerySerializer],
        responses={200: UserPublicSerializer(many=True), 404: PAGE_NOT_FOUND},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    def list(self, request: Request, *args, **kwargs) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        rankings = selectors.users_top_rankings(user.pk for user in page)
        for user in page:
            user.top_ranking = rankings.get(user.pk, [])
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class UserDetailView(generics.GenericAPIView):
    permission_classes = [AllowAny]
    pagination_class = PageNumberPagination
    serializer_class = UserPublicDetailSerializer

    def get_queryset(self):
        return selectors.user_list()

    @extend_schema(
        operation_id="users_retrieve",
        summary="A user, their top 10 and the first page of their ranking",
        description=(
            "`rated_movies` is the first page of the user's personal ranking (`page_size` "
            "sets its length); `rated_movies_next` is the URL of the next page, and "
            "`rated_movies_url` the whole ranking."
        ),
        tags=TAGS,
        parameters=[
            OpenApiParameter(
                "page_size",
                int,
                description="How many entries `rated_movies` shows (default 20, at most 100).",
            )
        ],
        responses={200: UserPublicDetailSerializer, 404: USER_NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        user = _user_or_404(pk)
        page_size = self.paginator.get_page_size(request)
        rated = list(selectors.user_ranking(user=user)[:page_size])
        if page_size >= selectors.TOP_RANKING_SIZE:
            user.top_ranking = rated[: selectors.TOP_RANKING_SIZE]
        else:
            user.top_ranking = selectors.users_top_rankings([user.pk]).get(user.pk, [])
        user.rated_movies = rated
        user.rated_movies_next = None
        if user.ratings_count > len(rated):
            url = reverse("reviews:user-ranking", kwargs={"pk": user.pk}, request=request)
            url = replace_query_param(url, self.paginator.page_query_param, 2)
            user.rated_movies_next = replace_query_param(
                url, self.paginator.page_size_query_param, page_size
            )
        return Response(self.get_serializer(user).data)


class UserRankingView(generics.ListAPIView):
    permission_classes = [AllowAny]
    pagination_class = PageNumberPagination
    filter_backends: list = []
    serializer_class = UserRankingEntrySerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return WatchedEntry.objects.none()
        return selectors.user_ranking(user=_user_or_404(self.kwargs["pk"]))

    @extend_schema(
        operation_id="users_ranking_list",
        summary="A user's full personal ranking",
        description="Their films by their rating, best first; ties by the most recently rated.",
        tags=TAGS,
        responses={
            200: UserRankingEntrySerializer(many=True),
            404: OpenApiResponse(
                response=ErrorDetailSerializer,
                description="No active user with this id, or `page` is past the last page.",
            ),
        },
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


urlpatterns = [
    path("me/watched/", WatchedListView.as_view(), name="watched-list"),
    path("me/watched/<int:pk>/", WatchedEntryDetailView.as_view(), name="watched-detail"),
    path("me/ranking/", MyRankingView.as_view(), name="my-ranking"),
    path("users/", UserListView.as_view(), name="user-list"),
    path("users/<int:pk>/", UserDetailView.as_view(), name="user-detail"),
    path("users/<int:pk>/ranking/", UserRankingView.as_view(), name="user-ranking"),
]

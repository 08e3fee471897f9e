"""Recommendations, similar films, comments and notifications."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.permissions import AllowAny, IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response

from filmrank_catalog.api.errors import ErrorDetailSerializer, validation_errors_as_400
from filmrank_catalog.models import Movie
from filmrank_catalog.pagination import PageNumberPagination
from filmrank_catalog.selectors import MAX_ID, movie_queryset
from filmrank_reviews import comments, notifications
from filmrank_reviews.api.social_serializers import (
    CommentCreateSerializer,
    CommentSerializer,
    CommentUpdateSerializer,
    NotificationQuerySerializer,
    NotificationSerializer,
    RecommendationQuerySerializer,
    RecommendationSerializer,
    SimilarMovieSerializer,
)
from filmrank_reviews.models import Comment, Notification
from filmrank_reviews.recommendations import NO_GENRE_MESSAGE, movie_recommendations
from filmrank_reviews.similarity import similar_movies

UNREAD_COUNT_HEADER = "X-Unread-Count"

UNAUTHENTICATED = OpenApiResponse(
    response=ErrorDetailSerializer, description="No access token, or it expired."
)
PAGE_NOT_FOUND = OpenApiResponse(
    response=ErrorDetailSerializer, description="`page` is past the last page (or not a number)."
)
MOVIE_NOT_FOUND = OpenApiResponse(response=ErrorDetailSerializer, description="No such film.")
BAD_BODY = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description="`{field: [message]}` saying what to fix.",
    examples=[
        OpenApiExample(
            "Blank body", value={"body": ["A comment cannot be blank: write 1 to 2000 characters."]}
        )
    ],
)


def _id_or_404(value: int) -> int:
    if not 0 < value <= MAX_ID:
        raise Http404
    return value


def _movie_or_404(movie_id: int) -> Movie:
    movie = Movie.objects.filter(pk=_id_or_404(movie_id)).first()
    if movie is None:
        raise Http404("No such film.")
    return movie


class MeRecommendationsView(generics.GenericAPIView):
    permission_classes = [IsAuthenticated]
    pagination_class = PageNumberPagination
    serializer_class = RecommendationSerializer
    queryset = Movie.objects.none()  # for the schema only; get() asks the selector

    @extend_schema(
        operation_id="me_recommendations_list",
        summary="Films to watch next",
        description=(
            "Rated films of your favourite genre (or of `genre`) that you have not logged, best "
            "weighted `score` first. Those also liked by the people who like the films you "
            "rated 4 or 5 say so in `reason` (`genre_and_similar_raters`); with "
            "`beyond_genre=true` such films from other genres join the list too "
            "(`similar_raters`). "
            "With no ratings yet you get the genre's best films. Without a favourite genre "
            "and without `genre` the answer is a 400 saying how to set one."
        ),
        tags=["recommendations"],
        parameters=[RecommendationQuerySerializer],
        responses={
            200: RecommendationSerializer(many=True),
            400: OpenApiResponse(
                response=OpenApiTypes.OBJECT,
                description=(
                    "Unknown genre (the message lists the valid ones), or no genre to go on."
                ),
                examples=[
                    OpenApiExample("No favourite genre", value={"genre": [NO_GENRE_MESSAGE]}),
                    OpenApiExample(
                        "Unknown genre",
                        value={"genre": ['"Space Opera" is not a known genre. Use one of: ...']},
                    ),
                ],
            ),
            401: UNAUTHENTICATED,
            404: PAGE_NOT_FOUND,
        },
    )
    def get(self, request: Request) -> Response:
        query = RecommendationQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        with validation_errors_as_400():
            movies = movie_recommendations(
                user=request.user,
                genre=query.validated_data.get("genre"),
                beyond_genre=query.validated_data["beyond_genre"],
            )
        page = self.paginate_queryset(movies)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class MovieSimilarView(generics.GenericAPIView):
    permission_classes = [AllowAny]
    pagination_class = PageNumberPagination
    serializer_class = SimilarMovieSerializer
    queryset = Movie.objects.none()  # for the schema only

    @extend_schema(
        operation_id="movies_similar_list",
        summary="Films like this one",
        description=(
            "Films sharing this film's genres, its directors and its fans (people who rated "
            "both 4+), most similar first; never the film itself. `shared` says what they "
            "share. Worked out once per film and cached; a film's list is rebuilt as its "
            "ratings grow, and at least every few hours."
        ),
        tags=["catalog"],
        responses={200: SimilarMovieSerializer(many=True), 404: MOVIE_NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        movie = movie_queryset().filter(pk=_id_or_404(pk)).first()
        if movie is None:
            raise Http404("No such film.")
        page = self.paginate_queryset(similar_movies(movie=movie))
        context = {**self.get_serializer_context(), "source": movie}
        serializer = self.get_serializer(page, many=True, context=context)
        return self.get_paginated_response(serializer.data)


class MovieCommentsView(generics.GenericAPIView):
    permission_classes = [IsAuthenticatedOrReadOnly]
    pagination_class = PageNumberPagination
    serializer_class = CommentSerializer
    queryset = Comment.objects.none()  # for the schema only

    @extend_schema(
        operation_id="movies_comments_list",
        summary="A film's comments",
        description="Oldest first. Authors appear by public name, never by email.",
        tags=["comments"],
        responses={200: CommentSerializer(many=True), 404: MOVIE_NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        movie = _movie_or_404(pk)
        page = self.paginate_queryset(comments.comment_list(movie=movie))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        operation_id="movies_comments_create",
        summary="Comment on a film",
        description=(
            "`body`: 1 to 2000 characters once surrounding whitespace is trimmed (stored "
            "trimmed); `spoiler` (default false) marks a comment that gives the plot away."
        ),
        tags=["comments"],
        request=CommentCreateSerializer,
        responses={
            201: CommentSerializer,
            400: BAD_BODY,
            401: UNAUTHENTICATED,
            404: MOVIE_NOT_FOUND,
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        movie = _movie_or_404(pk)
        data = CommentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with validation_errors_as_400():
            comment = comments.comment_create(
                author=request.user, movie=movie, **data.validated_data
            )
        return Response(self.get_serializer(comment).data, status=status.HTTP_201_CREATED)


class CommentDetailView(generics.GenericAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = CommentSerializer
    queryset = Comment.objects.none()  # for the schema only

    def _comment(self, comment_id: int) -> Comment:
        comment = comments.comment_get(comment_id=_id_or_404(comment_id))
        if comment is None:
            raise Http404("No such comment.")
        return comment

    @extend_schema(
        operation_id="comments_partial_update",
        summary="Edit your comment",
        description=(
            "Only its author may edit a comment (staff included: moderators delete, they do "
            "not rewrite). The comment then shows `edited: true`."
        ),
        tags=["comments"],
        request=CommentUpdateSerializer,
        responses={
            200: CommentSerializer,
            400: BAD_BODY,
            401: UNAUTHENTICATED,
            403: OpenApiResponse(response=ErrorDetailSerializer, description="Not your comment."),
            404: OpenApiResponse(response=ErrorDetailSerializer, description="No such comment."),
        },
    )
    def patch(self, request: Request, pk: int) -> Response:
        comment = self._comment(pk)
        data = CommentUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            with validation_errors_as_400():
                comment = comments.comment_update(
                    comment=comment, user=request.user, **data.validated_data
                )
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc)) from exc
        return Response(self.get_serializer(comment).data)

    @extend_schema(
        operation_id="comments_destroy",
        summary="Delete a comment",
        description="Its author may delete a comment, and so may staff.",
        tags=["comments"],
        responses={
            204: None,
            401: UNAUTHENTICATED,
            403: OpenApiResponse(
                response=ErrorDetailSerializer, description="Not your comment, and not staff."
            ),
            404: OpenApiResponse(response=ErrorDetailSerializer, description="No such comment."),
        },
    )
    def delete(self, request: Request, pk: int) -> Response:
        comment = self._comment(pk)
        try:
            comments.comment_delete(comment=comment, user=request.user)
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc)) from exc
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeNotificationsView(generics.GenericAPIView):
    permission_classes = [IsAuthenticated]
    pagination_class = PageNumberPagination
    serializer_class = NotificationSerializer
    queryset = Notification.objects.none()  # for the schema only

    @extend_schema(
        operation_id="me_notifications_list",
        summary="Your notifications",
        description=(
            "Newest first: someone rated a film you added (`rating`) or changed that rating "
            "(`rating_changed`); never your own ratings. Repeated changes by one person to one "
            "film update their single unread notification (latest rating, back on top) "
            "instead of adding more; once you have read it, the next change makes a new one. "
            f"The `{UNREAD_COUNT_HEADER}` header counts all your unread notifications."
        ),
        tags=["notifications"],
        parameters=[
            NotificationQuerySerializer,
            OpenApiParameter(
                UNREAD_COUNT_HEADER,
                type=int,
                location=OpenApiParameter.HEADER,
                response=[200],
                description="How many of your notifications are unread (all pages).",
            ),
        ],
        responses={
            200: NotificationSerializer(many=True),
            400: OpenApiResponse(
                response=OpenApiTypes.OBJECT,
                description="`unread` is not a boolean.",
                examples=[
                    OpenApiExample("Bad unread", value={"unread": ["Must be a valid boolean."]})
                ],
            ),
            401: UNAUTHENTICATED,
            404: PAGE_NOT_FOUND,
        },
    )
    def get(self, request: Request) -> Response:
        # A plain dict: a QueryDict would read a missing boolean as false.
        query = NotificationQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        items = notifications.notification_list(
            user=request.user, unread=query.validated_data.get("unread")
        )
        page = self.paginate_queryset(items)
        response = self.get_paginated_response(self.get_serializer(page, many=True).data)
        response[UNREAD_COUNT_HEADER] = str(
            notifications.notification_unread_count(user=request.user)
        )
        return response


NOTIFICATION_NOT_FOUND = OpenApiResponse(
    response=ErrorDetailSerializer, description="No such notification of yours."
)


class NotificationReadView(generics.GenericAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = None
    queryset = Notification.objects.none()  # for the schema only

    @extend_schema(
        operation_id="me_notifications_read",
        summary="Mark a notification read",
        description="Idempotent. Another user's notification is a 404.",
        tags=["notifications"],
        request=None,
        responses={204: None, 401: UNAUTHENTICATED, 404: NOTIFICATION_NOT_FOUND},
    )
    def post(self, request: Request, pk: int) -> Response:
        notification = notifications.notification_get(
            user=request.user, notification_id=_id_or_404(pk)
        )
        if notification is None:
            raise Http404("No such notification.")
        notifications.notification_mark_read(notification=notification)
        return Response(status=status.HTTP_204_NO_CONTENT)


class NotificationReadAllView(generics.GenericAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = None
    queryset = Notification.objects.none()  # for the schema only

    @extend_schema(
        operation_id="me_notifications_read_all",
        summary="Mark all your notifications read",
        tags=["notifications"],
        request=None,
        responses={204: None, 401: UNAUTHENTICATED},
    )
    def post(self, request: Request) -> Response:
        notifications.notification_mark_all_read(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


urlpatterns = [
    path("me/recommendations/", MeRecommendationsView.as_view(), name="me-recommendations"),
    path("movies/<int:pk>/similar/", MovieSimilarView.as_view(), name="movie-similar"),
    path("movies/<int:pk>/comments/", MovieCommentsView.as_view(), name="movie-comments"),
    path("comments/<int:pk>/", CommentDetailView.as_view(), name="comment-detail"),
    path("me/notifications/", MeNotificationsView.as_view(), name="me-notifications"),
    path(
        "me/notifications/read-all/",
        NotificationReadAllView.as_view(),
        name="me-notifications-read-all",
    ),
    path(
        "me/notifications/<int:pk>/read/",
        NotificationReadView.as_view(),
        name="me-notification-read",
    ),
]

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers


@contextmanager
def validation_errors_as_400() -> Iterator[None]:
    """Let a view call services that raise Django's ValidationError and answer DRF's 400."""
    try:
        yield
    except DjangoValidationError as exc:
        raise serializers.ValidationError(serializers.as_serializer_error(exc)) from exc


class ErrorDetailSerializer(serializers.Serializer):
    """Documents DRF's request-level error body, ``{"detail": "..."}`` (404, 401, 403...)."""

    detail = serializers.CharField()

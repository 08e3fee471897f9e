"""Writes to accounts: sign-up, profile edits, revoking refresh tokens.

Keyword-only and typed; callers pass plain values (a genre is given by name). Bad input raises
Django's ValidationError keyed by field, so the API answers 400 naming the field to fix.
"""

import enum

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from rest_framework_simplejwt.exceptions import ExpiredTokenError, TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.tokens import RefreshToken

from filmrank_accounts.models import User
from filmrank_accounts.selectors import user_email_taken
from filmrank_catalog.models import Genre
from filmrank_catalog.services import genre_resolve
from filmrank_catalog.text import fold

MAX_EMAIL_LENGTH = User._meta.get_field("email").max_length
MAX_NAME_LENGTH = User._meta.get_field("name").max_length
MAX_LOCATION_LENGTH = User._meta.get_field("location").max_length
# Hashing cost does not grow with length, but the similarity validator's does; no password
# manager needs more than this.
MAX_PASSWORD_LENGTH = 128

EMAIL_TAKEN_MESSAGE = "An account with this email address already exists."


class Unset(enum.Enum):
    """A field the caller did not send (as opposed to sending it empty or null)."""

    UNSET = enum.auto()


UNSET = Unset.UNSET


def _profile_text(value: str, *, field: str, max_length: int) -> str:
    """A name or location as shown: trimmed, inner whitespace folded, bounded."""
    if "\x00" in value:
        raise ValidationError({field: ["Null characters are not allowed."]}, code="null_characters")
    text = fold(value)
    if len(text) > max_length:
        raise ValidationError(
            {field: [f"Ensure this field has no more than {max_length} characters."]},
            code="max_length",
        )
    return text


def _favorite_genre(name: str | None) -> Genre | None:
    """The genre called ``name`` (aliases, case and accents allowed); None/blank clears it."""
    if name is None or not fold(name):
        return None
    try:
        return genre_resolve(name)
    except ValidationError as exc:
        raise ValidationError({"favorite_genre": exc.messages}, code="unknown_genre") from exc


def _email(value: str) -> str:
    email = (value or "").strip()
    if not email:
        raise ValidationError({"email": ["An email address is required."]}, code="required")
    if len(email) > MAX_EMAIL_LENGTH:
        raise ValidationError(
            {"email": [f"Ensure this field has no more than {MAX_EMAIL_LENGTH} characters."]},
            code="max_length",
        )
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError({"email": exc.messages}, code="invalid") from exc
    return User.objects.normalize_email(email)


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str,
    name: str = "",
    location: str = "",
    favorite_genre: str | None = None,
) -> User:
    """Sign a user up. The email is unique whatever its case; the password must pass the
    site's password validators (length, common, numeric, similar to the email...)."""
    errors: dict[str, list[str]] = {}
    fields: dict[str, object] = {}
    for field, value, clean in (
        ("email", email, _email),
        ("name", name, lambda v: _profile_text(v, field="name", max_length=MAX_NAME_LENGTH)),
        (
            "location",
            location,
            lambda v: _profile_text(v, field="location", max_length=MAX_LOCATION_LENGTH),
        ),
        ("favorite_genre", favorite_genre, _favorite_genre),
    ):
        try:
            fields[field] = clean(value)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if "email" in fields and user_email_taken(email=fields["email"]):
        errors["email"] = [EMAIL_TAKEN_MESSAGE]

    user = User(**fields)
    if not password:
        errors["password"] = ["A password is required."]
    elif len(password) > MAX_PASSWORD_LENGTH:
        errors["password"] = [f"A password has at most {MAX_PASSWORD_LENGTH} characters."]
    else:
        try:
            # With the instance, so "too similar to your email/name" can be checked.
            validate_password(password, user=user)
        except ValidationError as exc:
            errors["password"] = exc.messages
    if errors:
        raise ValidationError(errors)

    user.set_password(password)
    try:
        with transaction.atomic():
            user.save(force_insert=True)
    except IntegrityError:
        # Someone signed up with the same email (in any case) between our check and insert.
        if user_email_taken(email=user.email):
            raise ValidationError({"email": [EMAIL_TAKEN_MESSAGE]}, code="unique") from None
        raise
    return user


@transaction.atomic
def user_update_profile(
    *,
    user: User,
    name: str | Unset = UNSET,
    location: str | Unset = UNSET,
    favorite_genre: str | Unset | None = UNSET,
) -> User:
    """Change what the user sent, leave the rest. ``favorite_genre`` None or "" clears it.

    Only the given columns are written, so two edits of different fields never undo
    each other.
    """
    errors: dict[str, list[str]] = {}
    changes: dict[str, object] = {}
    if name is not UNSET:
        try:
            changes["name"] = _profile_text(name, field="name", max_length=MAX_NAME_LENGTH)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if location is not UNSET:
        try:
            changes["location"] = _profile_text(
                location, field="location", max_length=MAX_LOCATION_LENGTH
            )
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if favorite_genre is not UNSET:
        try:
            changes["favorite_genre"] = _favorite_genre(favorite_genre)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    if not changes:
        return user
    for field, value in changes.items():
        setattr(user, field, value)
    user.save(update_fields=list(changes))
    return user


class _UncheckedRefreshToken(RefreshToken):
    """A refresh token verified (signature, expiry, type) but not yet checked against the
    blacklist: blacklisting it tells us atomically whether it was revoked already."""

    def check_blacklist(self) -> None:
        pass


@transaction.atomic
def refresh_token_revoke(*, user: User, refresh: str) -> None:
    """Log out: blacklist this refresh token of ``user`` so it can never be used again.

    A token that is malformed, expired or already revoked raises ValidationError; one that
    belongs to another account raises PermissionDenied. Access tokens already issued stay
    valid until they expire (they are short-lived and never checked against the database).
    """
    try:
        token = _UncheckedRefreshToken(refresh)
    except ExpiredTokenError as exc:
        raise ValidationError(
            {"refresh": ["This refresh token has expired; log in again."]}, code="token_expired"
        ) from exc
    except TokenError as exc:
        raise ValidationError(
            {"refresh": ["This is not a valid refresh token."]}, code="token_not_valid"
        ) from exc
    owner = token.payload.get(jwt_settings.USER_ID_CLAIM)
    if owner is None or str(owner) != str(getattr(user, jwt_settings.USER_ID_FIELD)):
        raise PermissionDenied("This refresh token belongs to another account.")
    _, created = token.blacklist()
    if not created:
        raise ValidationError(
            {"refresh": ["This refresh token was already revoked (logged out or rotated)."]},
            code="token_revoked",
        )

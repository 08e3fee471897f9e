"""Reads of accounts."""

from filmrank_accounts.models import User


def user_email_taken(*, email: str) -> bool:
    """Whether an account already uses this email, compared case-insensitively."""
    return User.objects.filter(email__iexact=email.strip()).exists()

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

pytestmark = pytest.mark.django_db


def test_two_emails_differing_only_by_case_cannot_both_exist():
    User = get_user_model()
    User.objects.create(email="same@example.com")

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="SAME@example.com")

    assert User.objects.filter(email__iexact="same@example.com").count() == 1


def test_model_validation_reports_the_case_insensitive_duplicate():
    User = get_user_model()
    User.objects.create(email="valid@example.com")
    duplicate = User(email="Valid@Example.com")
    duplicate.set_unusable_password()

    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()

    assert "__all__" in excinfo.value.message_dict


def test_public_name_never_shows_the_email():
    User = get_user_model()
    nameless = User.objects.create(email="secret@example.com")

    assert "secret" not in str(nameless)
    assert nameless.public_name == f"User {nameless.pk}"

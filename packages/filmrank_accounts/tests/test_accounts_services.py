import pytest
from django.core.exceptions import ValidationError

from filmrank_accounts import services
from filmrank_accounts.models import User
from filmrank_accounts.services import user_create, user_update_profile
from filmrank_accounts.testing.factories import UserFactory
from filmrank_catalog.testing.factories import genre

STRONG = "velvet-orbit-lantern-42"

pytestmark = pytest.mark.django_db


def test_user_create_stores_a_hashed_password_and_resolves_the_genre():
    user = user_create(email="new@EXAMPLE.com", password=STRONG, favorite_genre="SciFi")

    assert user.pk is not None
    assert user.email == "new@example.com"
    assert user.password != STRONG
    assert user.check_password(STRONG)
    assert user.favorite_genre == genre("Sci-Fi")


def test_a_sign_up_racing_past_the_email_check_gets_a_400_not_a_500(monkeypatch):
    """Another request inserted the same email between our check and our insert."""
    UserFactory(email="race@example.com")
    real_check = services.user_email_taken
    calls = []

    def check_misses_the_first_time(*, email):
        calls.append(email)
        return False if len(calls) == 1 else real_check(email=email)

    monkeypatch.setattr(services, "user_email_taken", check_misses_the_first_time)

    with pytest.raises(ValidationError) as excinfo:
        user_create(email="Race@example.com", password=STRONG)

    assert excinfo.value.message_dict == {"email": [services.EMAIL_TAKEN_MESSAGE]}
    assert User.objects.filter(email__iexact="race@example.com").count() == 1


def test_update_writes_only_the_fields_given():
    """Two edits of different fields from stale copies do not undo each other."""
    user = UserFactory(name="Before", location="Before")
    copy_a = User.objects.get(pk=user.pk)
    copy_b = User.objects.get(pk=user.pk)

    user_update_profile(user=copy_a, name="Name from A")
    user_update_profile(user=copy_b, location="Location from B")

    user.refresh_from_db()
    assert (user.name, user.location) == ("Name from A", "Location from B")


def test_update_reports_every_bad_field_and_changes_nothing():
    user = UserFactory(name="Kept", location="Kept")

    with pytest.raises(ValidationError) as excinfo:
        user_update_profile(user=user, name="n" * 151, favorite_genre="Opera")

    assert set(excinfo.value.message_dict) == {"name", "favorite_genre"}
    user.refresh_from_db()
    assert user.name == "Kept"

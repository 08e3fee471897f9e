import pytest
from django.contrib.auth import get_user_model

from filmrank_accounts.testing.factories import UserFactory

ADD = "/admin/filmrank_accounts/user/add/"
CHANGELIST = "/admin/filmrank_accounts/user/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_browser(client):
    admin = get_user_model().objects.create_superuser(email="root@example.com", password="x")
    client.force_login(admin)
    return client


def test_changelist_searches_and_filters(admin_browser):
    UserFactory(email="findme@example.com", name="Findable Person")
    UserFactory(email="other@example.com", name="Someone Else")

    response = admin_browser.get(CHANGELIST, {"q": "findable", "is_staff__exact": "0"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "findme@example.com" in content
    assert "other@example.com" not in content


def test_admin_adds_a_user_by_email(admin_browser):
    response = admin_browser.post(
        ADD,
        {
            "email": "staffmade@example.com",
            "usable_password": "true",
            "password1": "velvet-orbit-lantern-42",
            "password2": "velvet-orbit-lantern-42",
        },
    )

    assert response.status_code == 302
    user = get_user_model().objects.get(email="staffmade@example.com")
    assert user.check_password("velvet-orbit-lantern-42")


def test_admin_refuses_an_email_taken_in_another_case(admin_browser):
    UserFactory(email="taken@example.com")

    response = admin_browser.post(
        ADD,
        {
            "email": "TAKEN@example.com",
            "usable_password": "true",
            "password1": "velvet-orbit-lantern-42",
            "password2": "velvet-orbit-lantern-42",
        },
    )

    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert get_user_model().objects.filter(email__iexact="taken@example.com").count() == 1


def test_admin_change_form_opens(admin_browser):
    someone = UserFactory()

    response = admin_browser.get(f"{CHANGELIST}{someone.pk}/change/")

    assert response.status_code == 200
    assert someone.email in response.content.decode()

"""Logins are throttled: five wrong passwords lock that login, and the right one no longer opens it."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

pytestmark = pytest.mark.django_db

# the app's login page and the admin's: both throttled
LOGIN_PAGES = [("web:login", "web:home"), ("admin:login", "admin:index")]


@pytest.fixture(params=LOGIN_PAGES, ids=["aplikasi", "admin"])
def attempt(request):
    login, landing = request.param

    def post(client, password):
        return client.post(reverse(login), {"username": "operator", "password": password, "next": reverse(landing)})

    return post


def test_five_wrong_passwords_lock_the_login(client, attempt):
    User.objects.create_user("operator", password="benar-sekali", is_staff=True)
    assert attempt(client, "benar-sekali").status_code == 302  # the right password works
    client.logout()
    for _ in range(5):
        response = attempt(client, "salah")
    assert response.status_code == 429
    response = attempt(client, "benar-sekali")
    assert response.status_code == 429 and "Terlalu banyak percobaan masuk" in response.content.decode()


def test_a_success_before_the_limit_resets_the_count(client, attempt):
    User.objects.create_user("operator", password="benar-sekali", is_staff=True)
    for _ in range(4):
        assert attempt(client, "salah").status_code == 200
    assert attempt(client, "benar-sekali").status_code == 302
    client.logout()
    for _ in range(4):
        assert attempt(client, "salah").status_code == 200


@pytest.mark.parametrize("login", ["web:login", "admin:login"])
def test_a_username_longer_than_any_account_is_refused_not_a_server_error(client, login):
    """Found by the fuzz drivers: on PostgreSQL a 300-character username overflowed axes' column (a 500)."""
    from axes.models import AccessAttempt

    response = client.post(reverse(login), {"username": "x" * 300, "password": "salah"})
    assert response.status_code == 200  # the form again, with its error
    recorded = AccessAttempt.objects.values_list("username", flat=True)
    assert all(len(name or "") <= 150 for name in recorded)

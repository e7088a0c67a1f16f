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

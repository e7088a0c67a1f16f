"""`renja demo` opens on a login page, and each demo account lands on its own home page with the Jambi 2022
plan, signing in through the login form as a person does."""

import pytest
from django.test import Client
from django.urls import reverse

from renja.demo.setup import PASSWORD, USERS, create_demo_users, load_demo_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    renja, _ = load_demo_data()
    create_demo_users(renja)
    return renja


def test_the_app_opens_on_the_login_page(demo):
    response = Client().get("/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("web:login"))
    page = response.content.decode()
    assert "Masuk ke Renja" in page and 'lang="id"' in page and "csrfmiddlewaretoken" in page


@pytest.mark.parametrize("username", list(USERS))
def test_each_demo_account_lands_on_its_home_with_the_jambi_plan(demo, username):
    client = Client(enforce_csrf_checks=True)
    login = client.get(reverse("web:login"))
    token = login.cookies["csrftoken"].value
    response = client.post(reverse("web:login"), {"username": username, "password": PASSWORD,
                                                  "csrfmiddlewaretoken": token}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("web:home")
    page = response.content.decode()
    role = USERS[username][0]
    assert role in page  # the top bar names the role
    assert reverse("web:renja", args=[demo.id]) in page  # the Jambi 2022 plan is listed
    assert "2022" in page


def test_a_wrong_password_is_refused_in_indonesian(demo):
    response = Client().post(reverse("web:login"), {"username": "operator", "password": "salah"})
    assert response.status_code == 200
    assert "kata sandi salah" in response.content.decode()

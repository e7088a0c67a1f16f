"""Passwords are stored with Argon2id at OWASP's parameters; hashes stored before (PBKDF2) still open the
login and are rewritten at it. The test settings use a fast hasher, so these tests bring back the real list."""

import pytest
from django.conf import settings
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.contrib.auth.models import User
from django.test import override_settings
from django.urls import reverse

from renja.settings import base

pytestmark = pytest.mark.django_db

REAL_HASHERS = override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS)


def test_the_production_settings_store_argon2id_with_owasp_parameters():
    assert settings.PASSWORD_HASHERS != base.PASSWORD_HASHERS  # the tests' own hasher is a fast one
    with REAL_HASHERS:
        encoded = make_password("benar-sekali-123")
        assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
        assert identify_hasher(encoded).algorithm == "argon2"
        assert check_password("benar-sekali-123", encoded)
        assert not check_password("salah-sekali-123", encoded)


def test_a_pbkdf2_hash_still_logs_in_and_is_rewritten_with_argon2id(client):
    with REAL_HASHERS:
        user = User.objects.create(username="operator")
        user.password = make_password("benar-sekali-123", hasher="pbkdf2_sha256")
        user.save()
        response = client.post(reverse("web:login"), {"username": "operator", "password": "benar-sekali-123"})
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
        assert user.check_password("benar-sekali-123")


def test_a_wrong_password_leaves_the_old_hash_as_it_was(client):
    with REAL_HASHERS:
        user = User.objects.create(username="operator")
        user.password = old = make_password("benar-sekali-123", hasher="pbkdf2_sha256")
        user.save()
        response = client.post(reverse("web:login"), {"username": "operator", "password": "salah"})
        assert response.status_code == 200
        user.refresh_from_db()
        assert user.password == old

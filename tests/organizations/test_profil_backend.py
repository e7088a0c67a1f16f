"""A session's user is read with their Profil in one query (organizations/backends.py `ProfilBackend`), the same
user and Profil as the plain reads; the sessions ModelBackend opened before it still hold; logout ends both."""

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from renja.organizations.backends import ProfilBackend
from renja.organizations.models import Pemda, PerangkatDaerah, Profil
from renja.organizations.scoping import profil_of

pytestmark = pytest.mark.django_db

PASSWORD = "benar-sekali-123"


@pytest.fixture
def people():
    pemda = Pemda.objects.create(kode="99.99", nama="Kota Uji", jenis="kota")
    pd = PerangkatDaerah.objects.create(pemda=pemda, kode="1.01", nama="Dinas Uji", singkatan="DU")
    operator = User.objects.create_user("operator", password=PASSWORD)
    Profil.objects.create(user=operator, pemda=pemda, perangkat_daerah=pd, peran=Profil.Peran.OPERATOR_PD)
    verifier = User.objects.create_user("verifikator", password=PASSWORD)
    Profil.objects.create(user=verifier, pemda=pemda, peran=Profil.Peran.VERIFIKATOR_BAPPEDA)
    root = User.objects.create_superuser("root", password=PASSWORD)
    return operator, verifier, root


def test_the_user_and_profil_read_together_are_the_plain_reads(people):
    for user in people:
        read = ProfilBackend().get_user(user.pk)
        plain = Profil.objects.filter(user=user).select_related("pemda", "perangkat_daerah").first()
        assert read == user and read.password == user.password
        with CaptureQueriesContext(connection) as queries:
            profil = profil_of(read)
        assert len(queries) == 0
        assert profil == plain
        if plain is not None:
            assert (profil.peran, profil.pemda, profil.perangkat_daerah) == (
                plain.peran, plain.pemda, plain.perangkat_daerah)


def test_an_inactive_or_missing_user_has_no_session(people):
    operator = people[0]
    operator.is_active = False
    operator.save()
    assert ProfilBackend().get_user(operator.pk) is None
    assert ProfilBackend().get_user(10_000) is None


def test_a_login_reads_user_and_profil_in_one_query_per_request(client, people):
    assert client.post(reverse("web:login"), {"username": "operator", "password": PASSWORD}).status_code == 302
    assert client.session["_auth_user_backend"] == "renja.organizations.backends.ProfilBackend"
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("web:home")).status_code == 200
    reads = [q["sql"] for q in queries if '"organizations_profil"' in q["sql"] or 'FROM "auth_user"' in q["sql"]]
    assert len([sql for sql in reads if 'FROM "auth_user"' in sql and "WHERE" in sql]) == 1
    assert not [sql for sql in reads if 'FROM "organizations_profil"' in sql]
    client.post(reverse("web:logout"))
    assert client.get(reverse("web:home")).status_code == 302  # logged out


def test_a_session_opened_by_model_backend_still_holds(client, people):
    client.force_login(people[0], backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse("web:home"))
    assert response.status_code == 200 and response.context["user"] == people[0]
    assert response.context["profil"].peran == Profil.Peran.OPERATOR_PD
    client.post(reverse("web:logout"))
    assert client.get(reverse("web:home")).status_code == 302

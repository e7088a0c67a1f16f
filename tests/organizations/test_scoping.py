"""Isolation: each role sees exactly its own PD or its own Pemda, never another Pemda."""

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.db import IntegrityError, transaction

from renja.demo.setup import create_demo_users, load_demo_data
from renja.exchange.loader import load_file
from renja.organizations.models import PerangkatDaerah, Profil
from renja.organizations.scoping import can_edit_plans_of, scope, visible_perangkat_daerah
from renja.plans.models import Renja, SubKegiatan

from ..conftest import CLEAN_PLAN

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_pemda():
    """The demo (Kota Jambi) with its demo users, a second PD in Jambi, and another Pemda's plan."""
    demo, _ = load_demo_data()
    create_demo_users(demo)
    jambi = demo.perangkat_daerah.pemda
    PerangkatDaerah.objects.create(pemda=jambi, kode="1.02.0.00.0.00.01.0000", nama="Dinas Kesehatan")
    other = load_file(CLEAN_PLAN).renja
    return demo, other


def user(name):
    return User.objects.get(username=name)


def test_pd_roles_see_their_own_pd_only(two_pemda):
    demo, other = two_pemda
    for name in ("operator", "pimpinan"):
        assert list(visible_perangkat_daerah(user(name))) == [demo.perangkat_daerah]
        assert list(scope(Renja.objects.all(), user(name))) == [demo]


def test_bappeda_and_admin_see_every_pd_of_their_pemda_and_no_other(two_pemda):
    demo, other = two_pemda
    for name in ("verifikator", "admin"):
        visible = set(visible_perangkat_daerah(user(name)))
        assert demo.perangkat_daerah in visible and len(visible) == 2
        assert other.perangkat_daerah not in visible
        assert list(scope(Renja.objects.all(), user(name))) == [demo]


def test_scope_follows_a_path_to_the_pd(two_pemda):
    demo, other = two_pemda
    subs = scope(SubKegiatan.objects.all(), user("operator"), "kegiatan__program__renja__perangkat_daerah")
    assert subs.count() == SubKegiatan.objects.filter(kegiatan__program__renja=demo).count() > 0
    assert not subs.filter(kegiatan__program__renja=other).exists()


def test_nobody_without_a_profile_sees_anything(two_pemda):
    stranger = User.objects.create_user("tamu", password="x", is_staff=True)
    assert not visible_perangkat_daerah(stranger).exists()
    assert not visible_perangkat_daerah(AnonymousUser()).exists()
    root = User.objects.create_superuser("root", password="x")
    assert visible_perangkat_daerah(root).count() == PerangkatDaerah.objects.count()


def test_only_the_pds_operator_may_edit_its_plans(two_pemda):
    demo, other = two_pemda
    assert can_edit_plans_of(user("operator"), demo.perangkat_daerah)
    assert not can_edit_plans_of(user("operator"), other.perangkat_daerah)
    for name in ("pimpinan", "verifikator", "admin"):
        assert not can_edit_plans_of(user(name), demo.perangkat_daerah)


def test_a_pd_role_needs_a_pd_and_a_bappeda_role_has_none(two_pemda):
    demo, _ = two_pemda
    pemda = demo.perangkat_daerah.pemda
    someone = User.objects.create_user("baru")
    with pytest.raises(IntegrityError), transaction.atomic():
        Profil.objects.create(user=someone, pemda=pemda, peran=Profil.Peran.OPERATOR_PD)
    with pytest.raises(IntegrityError), transaction.atomic():
        Profil.objects.create(user=someone, pemda=pemda, peran=Profil.Peran.VERIFIKATOR_BAPPEDA,
                              perangkat_daerah=demo.perangkat_daerah)

"""The Pemantau Provinsi: a profile at a Pemda of jenis provinsi that reads the plans of its province's Pemdas
(the province and each kabupaten/kota whose kode starts with its kode and a dot) and writes nothing: not in the
app, not through the API, not in the admin even with staff access and write permissions."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from renja.organizations import accounts
from renja.organizations.models import Pemda, PerangkatDaerah, Profil
from renja.organizations.scoping import (
    can_edit_plans_of,
    province_pemdas,
    reads_only,
    rollup_pemdas,
    scope,
    visible_perangkat_daerah,
)
from renja.plans.models import Renja, SubKegiatan
from renja.web import access
from renja.workflow import transitions
from tests.api.urls import api_urls_of_plan
from tests.authorization.test_matrix import database
from tests.web.people import load_plan, make_user
from tests.web.test_isolation import urls_of_plan

pytestmark = pytest.mark.django_db

ROLE = Profil.Peran.PEMANTAU_PROVINSI


def pemda(kode, jenis="kabupaten"):
    return Pemda.objects.create(kode=kode, nama=f"Pemda {kode}", jenis=jenis)


@pytest.fixture
def provinces():
    """Province 15 with 15.01 and 15.71 (a plan each) and a PD of its own; province 150 (a code that starts with
    "15" but not "15."), province 16 with 16.71: their plans are not province 15's."""
    p15, p150, p16 = pemda("15", "provinsi"), pemda("150", "provinsi"), pemda("16", "provinsi")
    plans = {}
    for name, code in (("kab", "15.01"), ("kota", "15.71"), ("luar", "16.71"), ("mirip", "150.01")):
        plans[name] = load_plan(len(plans), subs=4, pemda={"kode": code, "nama": f"Pemda {code}", "jenis": "kota"})
    own_pd = PerangkatDaerah.objects.create(pemda=p15, kode="X.01", nama="Bappeda Provinsi")
    return {"p15": p15, "p150": p150, "p16": p16, "own_pd": own_pd, **plans}


def test_the_pemantau_sees_the_pds_of_its_province_and_no_other(provinces):
    user = make_user("pemantau", ROLE, provinces["p15"])
    expected = {provinces["kab"].perangkat_daerah, provinces["kota"].perangkat_daerah, provinces["own_pd"]}
    assert set(visible_perangkat_daerah(user)) == expected
    assert set(scope(Renja.objects.all(), user)) == {provinces["kab"], provinces["kota"]}
    subs = scope(SubKegiatan.objects.all(), user, "kegiatan__program__renja__perangkat_daerah")
    assert set(subs.values_list("kegiatan__program__renja", flat=True)) == {provinces["kab"].pk, provinces["kota"].pk}
    assert {p.kode for p in province_pemdas(provinces["p15"])} == {"15", "15.01", "15.71"}
    assert {p.kode for p in rollup_pemdas(user)} == {"15", "15.01", "15.71"}
    assert reads_only(user)
    other = make_user("pemantau16", ROLE, provinces["p16"])
    assert set(scope(Renja.objects.all(), other)) == {provinces["luar"]}


def test_a_prefix_is_a_code_and_a_dot_and_a_kota_has_no_province_below(provinces):
    assert {p.kode for p in province_pemdas(provinces["p150"])} == {"150", "150.01"}
    assert {p.kode for p in province_pemdas(provinces["p16"])} == {"16", "16.71"}
    kota = Pemda.objects.get(kode="15.71")
    assert list(province_pemdas(kota)) == []


def test_the_pemantau_edits_imports_enters_and_acts_on_nothing(provinces):
    user = make_user("pemantau", ROLE, provinces["p15"])
    own = make_user("pemantau_own", ROLE, provinces["p15"])  # also on the province's own PD
    for plan in (provinces["kab"], provinces["kota"]):
        pd = plan.perangkat_daerah
        assert not can_edit_plans_of(user, pd) and not access.can_import_plans_of(user, pd)
        assert not access.can_edit(user, plan) and not access.can_enter_realisation(user, plan)
        for action in ("ajukan", "kembalikan", "verifikasi", "tetapkan", "perubahan"):
            assert transitions.refusals(plan, user, action), action
    assert not access.can_import_plans_of(own, provinces["own_pd"])


def test_the_role_has_no_pd_by_constraint_and_sits_at_a_province(provinces):
    user = make_user("pemantau", ROLE, provinces["p15"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Profil.objects.filter(user=user).update(perangkat_daerah=provinces["own_pd"])
    kota = Pemda.objects.get(kode="15.71")
    superuser = make_user("sistem", ROLE, provinces["p15"])
    superuser.is_superuser = True
    superuser.save()
    errors = accounts.profil_errors(superuser, kota, None, ROLE)
    assert "provinsi" in errors["pemda"]
    assert accounts.profil_errors(superuser, provinces["p15"], None, ROLE) == {}


def test_no_post_of_the_pemantau_changes_a_plan_it_reads(provinces):
    """Every page, form, action and API call of the plans it reads, POSTed (and PUT for the API) with a form
    that would pass for an operator's: answered without a change (downloads it asks for are produced files,
    not plans, and are left out of the comparison)."""
    user = make_user("pemantau", ROLE, provinces["p15"])
    client = Client()
    client.force_login(user)
    from renja.api.tokens import create_token

    api = Client(HTTP_AUTHORIZATION=f"Token {create_token(user)[1]}")
    from tests.web.people import World

    world = World(plans={"a1": provinces["kota"], "a1_final": provinces["kota"], "a2": provinces["kab"],
                         "b": provinces["luar"]})
    form = {"alasan": "uji", "pagu_n": "1", "nomenklatur_id": "1", "nama": "diubah", "keuangan": "5"}

    def rows():  # what it reads may be kept (produced files, stored checks); plans and their rows may not change
        state = database()
        for kept in ("renja_tasks.produceddocument", "rules.storedcheck"):
            state.pop(kept, None)
        return state

    urls = {name: (urls_of_plan(world, name), api_urls_of_plan(world, name)) for name in ("a1", "a2")}
    before = rows()
    answered = 0
    for name, (web_urls, api_urls) in urls.items():
        for _, url in web_urls:
            response = client.post(url, form)
            assert response.status_code in (200, 302, 403, 405, 409), (url, response.status_code)
            answered += 1
        for _, url in api_urls:
            for method in (api.post, api.put, api.patch, api.delete):
                response = method(url, form, content_type="application/json")
                assert response.status_code in (200, 403, 405, 400), (url, method.__name__, response.status_code)
                answered += 1
    assert rows() == before, "a POST of the Pemantau Provinsi changed the database"
    assert answered > 50


def test_the_pemantau_with_staff_access_and_write_permissions_writes_nothing_in_the_admin(provinces):
    user = make_user("pemantau", ROLE, provinces["p15"])
    user.is_staff = True
    user.save()
    group = Group.objects.create(name="Semua izin")
    group.permissions.add(*Permission.objects.all())
    user.groups.add(group)
    user = type(user).objects.get(pk=user.pk)
    assert user.has_perm("plans.view_renja") and not user.has_perm("plans.change_renja")
    assert not user.has_perm("auth.add_user") and not user.has_perm("organizations.delete_pemda")
    client = Client()
    client.force_login(user)
    plan = provinces["kota"]
    sub = SubKegiatan.objects.filter(kegiatan__program__renja=plan).first()
    assert client.get(reverse("admin:plans_renja_change", args=[plan.pk])).status_code == 200  # read
    before = database()
    cells = [reverse("admin:plans_renja_change", args=[plan.pk]), reverse("admin:plans_renja_delete", args=[plan.pk]),
             reverse("admin:plans_subkegiatan_change", args=[sub.pk]), reverse("admin:plans_renja_add"),
             reverse("admin:auth_user_add"), reverse("admin:organizations_pemda_add"),
             reverse("admin:organizations_profil_change", args=[user.profil.pk])]
    for url in cells:
        response = client.post(url, {"post": "yes", "nama": "diubah", "username": "baru", "password1": "x-Panjang-123",
                                     "password2": "x-Panjang-123", "kode": "15.99", "jenis": "kota"})
        assert response.status_code == 403, (url, response.status_code)
    assert database() == before
    # a plan of another province does not exist for it in the admin either
    outside = client.get(reverse("admin:plans_renja_change", args=[provinces["luar"].pk]))
    assert outside.status_code == 302

"""Accounts in the Django admin: an admin of a Pemda manages the users of their own Pemda, never another
Pemda's, and never hands out more than they hold."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse

from renja.demo.setup import PASSWORD, create_demo_users, load_demo_data
from renja.organizations import accounts
from renja.organizations.admin import ProfilForm
from renja.organizations.models import Pemda, PerangkatDaerah, Profil

pytestmark = pytest.mark.django_db

JAMBI_USERS = {"operator", "verifikator", "pimpinan", "admin"}
PROVINCE_USERS = {"pemantau"}  # the demo's Pemantau Provinsi, at Provinsi Jambi (15): not Kota Jambi's account
SEBERANG_USERS = {"sbr_admin", "sbr_operator"}


@pytest.fixture
def pemdas():
    """Kota Jambi with the demo users, and Kabupaten Seberang with a PD, its admin and an operator."""
    demo, _ = load_demo_data()
    create_demo_users(demo)
    jambi_pd = demo.perangkat_daerah
    seberang = Pemda.objects.create(kode="99.01", nama="Kabupaten Seberang", jenis=Pemda.Jenis.KABUPATEN)
    seberang_pd = PerangkatDaerah.objects.create(pemda=seberang, kode="1.01.0.00.0.00.01.0000",
                                                 nama="Dinas Pendidikan Seberang", singkatan="DISDIK SBR")
    sbr_admin = User.objects.create_user("sbr_admin", password=PASSWORD, is_staff=True)
    sbr_admin.groups.add(Group.objects.get(name="Admin Pemda"))
    Profil.objects.create(user=sbr_admin, pemda=seberang, peran=Profil.Peran.ADMIN_PEMDA)
    sbr_operator = User.objects.create_user("sbr_operator", password=PASSWORD, is_staff=True,
                                            first_name="Operator Seberang")
    sbr_operator.groups.add(Group.objects.get(name="Operator PD"))
    Profil.objects.create(user=sbr_operator, pemda=seberang, perangkat_daerah=seberang_pd,
                          peran=Profil.Peran.OPERATOR_PD)
    return SimpleNamespace(jambi=jambi_pd.pemda, jambi_pd=jambi_pd, seberang=seberang, seberang_pd=seberang_pd)


def login(client, username):
    client.force_login(User.objects.get(username=username))
    return client


def listed_users(client):
    response = client.get(reverse("admin:auth_user_changelist"))
    assert response.status_code == 200
    return {user.username for user in response.context["cl"].result_list}, response.content.decode()


def add_user_data(username, pemda=None, perangkat_daerah=None, peran=None, profil_forms=1):
    data = {
        "username": username, "usable_password": "true",
        "password1": "Sandi-Renja-2024!", "password2": "Sandi-Renja-2024!",
        "profil-TOTAL_FORMS": str(profil_forms), "profil-INITIAL_FORMS": "0",
        "profil-MIN_NUM_FORMS": "1", "profil-MAX_NUM_FORMS": "1", "_save": "Simpan",
    }
    if profil_forms:
        data.update({
            "profil-0-pemda": pemda.pk if pemda else "",
            "profil-0-perangkat_daerah": perangkat_daerah.pk if perangkat_daerah else "",
            "profil-0-peran": peran or "",
        })
    return data


def change_user_data(user, **overrides):
    """What the change page of `user` posts back when nothing is touched."""
    profil = user.profil
    data = {
        "username": user.username, "first_name": user.first_name, "last_name": user.last_name,
        "email": user.email, "is_active": "on", "is_staff": "on",
        "groups": [group.pk for group in user.groups.all()],
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "profil-TOTAL_FORMS": "1", "profil-INITIAL_FORMS": "1",
        "profil-MIN_NUM_FORMS": "1", "profil-MAX_NUM_FORMS": "1",
        "profil-0-id": profil.pk, "profil-0-user": user.pk, "profil-0-pemda": profil.pemda_id,
        "profil-0-perangkat_daerah": profil.perangkat_daerah_id or "", "profil-0-peran": profil.peran,
        "_save": "Simpan",
    }
    data.update(overrides)
    return data


def test_each_admin_lists_the_users_of_their_own_pemda_only(client, pemdas):
    usernames, page = listed_users(login(client, "admin"))
    assert usernames == JAMBI_USERS
    assert "sbr_operator" not in page and "Kabupaten Seberang" not in page
    usernames, page = listed_users(login(client, "sbr_admin"))
    assert usernames == SEBERANG_USERS
    assert "Kepala DPMPPA" not in page and "Kota Jambi" not in page


def test_a_superuser_sees_everyone_and_only_a_superuser_sees_accounts_without_a_profile(client, pemdas):
    User.objects.create_user("tamu", is_staff=True)
    User.objects.create_superuser("root", password=PASSWORD)
    usernames, _ = listed_users(login(client, "root"))
    assert usernames == JAMBI_USERS | PROVINCE_USERS | SEBERANG_USERS | {"tamu", "root"}
    usernames, _ = listed_users(login(client, "admin"))
    assert usernames == JAMBI_USERS


@pytest.mark.parametrize("admin, stranger", [("admin", "sbr_operator"), ("sbr_admin", "pimpinan")])
def test_another_pemdas_user_can_be_neither_opened_nor_changed_nor_deleted(client, pemdas, admin, stranger):
    client = login(client, admin)
    target = User.objects.get(username=stranger)
    first_name, password = target.first_name, target.password
    change = reverse("admin:auth_user_change", args=[target.pk])

    # Django's admin answers a row outside get_queryset as a missing one: back to the index, "tidak ada".
    response = client.get(change, follow=True)
    assert response.redirect_chain[0] == (reverse("admin:index"), 302)
    page = response.content.decode()
    assert "tidak ada" in page and stranger not in page
    assert client.get(reverse("admin:auth_user_history", args=[target.pk])).status_code == 302

    response = client.post(change, change_user_data(target, first_name="Diambil alih"))
    assert response.status_code == 302 and response.url == reverse("admin:index")
    response = client.post(reverse("admin:auth_user_delete", args=[target.pk]), {"post": "yes"})
    assert response.status_code == 302 and response.url == reverse("admin:index")
    response = client.post(reverse("admin:auth_user_password_change", args=[target.pk]),
                           {"password1": "Sandi-Baru-2024!", "password2": "Sandi-Baru-2024!",
                            "usable_password": "true"})
    assert response.status_code == 404

    target.refresh_from_db()
    assert target.first_name == first_name and target.password == password
    # Not by a bulk action either: the changelist's queryset is scoped, so the stranger's id is ignored.
    client.post(reverse("admin:auth_user_changelist"),
                {"action": "delete_selected", "_selected_action": [target.pk], "post": "yes"})
    assert User.objects.filter(pk=target.pk).exists()


def test_an_admin_creates_a_user_and_their_role_in_one_go(client, pemdas):
    client = login(client, "admin")
    page = client.get(reverse("admin:auth_user_add")).content.decode()
    assert 'name="profil-0-pemda"' in page and "Kabupaten Seberang" not in page and "DISDIK SBR" not in page
    response = client.post(reverse("admin:auth_user_add"), add_user_data(
        "operator_baru", pemdas.jambi, pemdas.jambi_pd, Profil.Peran.OPERATOR_PD))
    assert response.status_code == 302, response.context and response.context["errors"]
    created = User.objects.get(username="operator_baru")
    assert created.profil.pemda == pemdas.jambi and created.profil.perangkat_daerah == pemdas.jambi_pd
    assert not created.is_superuser
    assert "operator_baru" in listed_users(client)[0]
    assert "operator_baru" not in listed_users(login(client, "sbr_admin"))[0]


@pytest.mark.parametrize("case", ["other pemda", "other pemda's pd", "no profile", "pd role without pd"])
def test_a_user_with_a_profile_outside_the_admins_pemda_is_refused(client, pemdas, case):
    data = {
        "other pemda": add_user_data("penyusup", pemdas.seberang, None, Profil.Peran.VERIFIKATOR_BAPPEDA),
        "other pemda's pd": add_user_data("penyusup", pemdas.jambi, pemdas.seberang_pd, Profil.Peran.OPERATOR_PD),
        "no profile": add_user_data("penyusup", profil_forms=0),
        "pd role without pd": add_user_data("penyusup", pemdas.jambi, None, Profil.Peran.OPERATOR_PD),
    }[case]
    response = login(client, "admin").post(reverse("admin:auth_user_add"), data)
    assert response.status_code == 200  # the form again, with its errors
    (formset,) = response.context["inline_admin_formsets"]
    assert not formset.formset.is_valid()
    assert not User.objects.filter(username="penyusup").exists()
    assert Profil.objects.count() == len(JAMBI_USERS | PROVINCE_USERS | SEBERANG_USERS)


def test_a_pd_role_needs_its_pd_in_indonesian(client, pemdas):
    response = login(client, "admin").post(reverse("admin:auth_user_add"), add_user_data(
        "penyusup", pemdas.jambi, None, Profil.Peran.OPERATOR_PD))
    assert "Peran Operator PD wajib memilih perangkat daerahnya." in response.content.decode()


def test_the_profile_form_checks_the_pemda_itself_not_only_its_choices(pemdas):
    """Outside the admin the form's choices are every Pemda and PD: the rule still holds."""
    form_class = type("F", (ProfilForm,), {"manager": User.objects.get(username="admin")})
    someone = User.objects.create_user("baru")
    form = form_class(data={"user": someone.pk, "pemda": pemdas.seberang.pk, "peran": "verifikator_bappeda"})
    assert not form.is_valid()
    assert form.errors["pemda"] == ["Anda hanya dapat mengelola pengguna pada Pemda Anda sendiri, bukan "
                                    "Kabupaten Seberang."]
    form = form_class(data={"user": someone.pk, "pemda": pemdas.jambi.pk, "perangkat_daerah": pemdas.seberang_pd.pk,
                            "peran": "operator_pd"})
    assert not form.is_valid()
    assert form.errors["perangkat_daerah"] == ["Perangkat daerah DISDIK SBR bukan bagian dari Kota Jambi."]
    form = form_class(data={"user": someone.pk, "pemda": pemdas.jambi.pk, "perangkat_daerah": pemdas.jambi_pd.pk,
                            "peran": "operator_pd"})
    assert form.is_valid(), form.errors


def test_even_a_superuser_cannot_give_a_pd_of_another_pemda(client, pemdas):
    User.objects.create_superuser("root", password=PASSWORD)
    tamu = User.objects.create_user("tamu")
    response = login(client, "root").post(reverse("admin:organizations_profil_add"), {
        "user": tamu.pk, "pemda": pemdas.jambi.pk, "perangkat_daerah": pemdas.seberang_pd.pk,
        "peran": Profil.Peran.OPERATOR_PD, "_save": "Simpan"})
    assert response.status_code == 200
    assert "Perangkat daerah DISDIK SBR bukan bagian dari Kota Jambi." in response.content.decode()
    assert not Profil.objects.filter(user=tamu).exists()


def test_profile_admin_offers_and_accepts_only_the_admins_pemda(client, pemdas):
    client = login(client, "admin")
    operator = Profil.objects.get(user__username="operator")
    change = reverse("admin:organizations_profil_change", args=[operator.pk])
    page = client.get(change).content.decode()
    assert "Kabupaten Seberang" not in page and "DISDIK SBR" not in page and "sbr_operator" not in page
    response = client.post(change, {"user": operator.user_id, "pemda": pemdas.jambi.pk,
                                    "perangkat_daerah": pemdas.seberang_pd.pk, "peran": "operator_pd"})
    assert response.status_code == 200
    operator.refresh_from_db()
    assert operator.perangkat_daerah == pemdas.jambi_pd
    other = Profil.objects.get(user__username="sbr_operator")
    assert client.get(reverse("admin:organizations_profil_change", args=[other.pk])).status_code == 302


def test_who_sees_which_profiles(client, pemdas):
    def listed(username):
        response = login(client, username).get(reverse("admin:organizations_profil_changelist"))
        return {profil.user.username for profil in response.context["cl"].result_list}

    assert listed("verifikator") == listed("admin") == JAMBI_USERS
    assert listed("sbr_admin") == SEBERANG_USERS
    assert listed("operator") == {"operator", "pimpinan"}  # the PD's own accounts, not Bappeda's


def test_superuser_status_and_single_permissions_are_not_for_an_admin_pemda(client, pemdas):
    client = login(client, "admin")
    target = User.objects.get(username="operator")
    change = reverse("admin:auth_user_change", args=[target.pk])
    page = client.get(change).content.decode()
    assert 'name="is_superuser"' not in page and 'name="user_permissions"' not in page
    assert 'name="groups"' in page
    permission = Permission.objects.get(codename="change_renja")
    response = client.post(change, change_user_data(target, first_name="Operator Baru", is_superuser="on",
                                                    user_permissions=[permission.pk]))
    assert response.status_code == 302, response.context and response.context["errors"]
    target.refresh_from_db()
    assert target.first_name == "Operator Baru"  # the form was saved, without what it does not carry
    assert not target.is_superuser and not target.user_permissions.exists()
    assert not target.has_perm("plans.change_renja")


def test_an_admin_gives_only_roles_whose_rights_they_hold(client, pemdas):
    client = login(client, "admin")
    pengelola = Group.objects.create(name="Pengelola Sistem")
    pengelola.permissions.add(Permission.objects.get(codename="change_renja"))
    verifikator = Group.objects.get(name="Verifikator Bappeda")
    target = User.objects.get(username="operator")
    change = reverse("admin:auth_user_change", args=[target.pk])
    assert "Pengelola Sistem" not in client.get(change).content.decode()

    response = client.post(change, change_user_data(target, groups=[pengelola.pk]))
    assert response.status_code == 200
    assert not target.groups.filter(pk=pengelola.pk).exists()
    response = client.post(change, change_user_data(target, groups=[verifikator.pk]))
    assert response.status_code == 302
    assert list(target.groups.all()) == [verifikator]


def test_an_account_holding_more_than_the_admin_is_read_only_to_them(client, pemdas):
    pengelola = Group.objects.create(name="Pengelola Sistem")
    pengelola.permissions.add(Permission.objects.get(codename="change_renja"))
    target = User.objects.get(username="pimpinan")
    target.groups.add(pengelola)
    password = target.password
    client = login(client, "admin")
    assert not accounts.may_manage(User.objects.get(username="admin"), target)
    response = client.get(reverse("admin:auth_user_change", args=[target.pk]))
    assert response.status_code == 200 and 'name="first_name"' not in response.content.decode()
    response = client.post(reverse("admin:auth_user_change", args=[target.pk]),
                           change_user_data(target, first_name="Diambil alih"))
    assert response.status_code == 403
    response = client.post(reverse("admin:auth_user_password_change", args=[target.pk]),
                           {"password1": "Sandi-Baru-2024!", "password2": "Sandi-Baru-2024!",
                            "usable_password": "true"})
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.password == password and target.first_name == "Kepala DPMPPA"


def test_groups_are_seen_but_changed_only_by_a_superuser(client, pemdas):
    client = login(client, "admin")
    group = Group.objects.get(name="Admin Pemda")
    before = set(group.permissions.values_list("pk", flat=True))
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 200
    assert client.get(reverse("admin:auth_group_change", args=[group.pk])).status_code == 200
    everything = list(Permission.objects.values_list("pk", flat=True))
    response = client.post(reverse("admin:auth_group_change", args=[group.pk]),
                           {"name": "Admin Pemda", "permissions": everything})
    assert response.status_code == 403
    assert client.post(reverse("admin:auth_group_add"), {"name": "Semua"}).status_code == 403
    assert set(group.permissions.values_list("pk", flat=True)) == before
    assert not Group.objects.filter(name="Semua").exists()

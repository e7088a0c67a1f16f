"""People and plans for the web tests: two Pemda, two PDs in the first, one user per role.

Plans are synthetic clean plans (renja.demo.synth) loaded through the exchange loader, as a user's file is.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import User

from renja.demo.synth import pd_document
from renja.exchange.loader import load_document
from renja.organizations.models import Pemda, Profil

PASSWORD = "rahasia-uji-123"
OTHER_PEMDA = {"kode": "88.88", "nama": "Kabupaten Seberang", "jenis": "kabupaten"}
# the province of Pemda A (Kota Sintetis, 99.99), not of Pemda B (88.88): its Pemantau reads A's plans only
PROVINCE = {"kode": "99", "nama": "Provinsi Sintetis", "jenis": "provinsi"}


def make_user(username, peran, pemda, pd=None):
    user = User.objects.create_user(username, password=PASSWORD, first_name=username.replace("_", " ").title())
    Profil.objects.create(user=user, pemda=pemda, perangkat_daerah=pd, peran=peran)
    return user


def load_plan(index, subs=10, pemda=None, tahap=None):
    document = pd_document(index, sub_per_pd=subs)
    if pemda:
        document["pemda"] = dict(pemda)
    if tahap:
        document["renja"]["tahap"] = tahap
    return load_document(document).renja


@dataclass
class World:
    plans: dict = field(default_factory=dict)  # name → Renja
    users: dict = field(default_factory=dict)  # name → User
    # the installation's administrator and the Admin Pemda's admin access, kept apart from `users` so the web
    # isolation tests (written per role above) stay as they are; tests/authorization walks them too
    admins: dict = field(default_factory=dict)  # name → User

    def visible(self, user_name, plan_name):
        """Who may see what, written out by hand (not computed with the code under test)."""
        plan_pd = {"a1": "a1", "a1_final": "a1", "a2": "a2", "b": "b"}[plan_name]
        sees = {
            "operator_a1": {"a1"}, "pimpinan_a1": {"a1"}, "operator_a2": {"a2"},
            "verifikator_a": {"a1", "a2"}, "admin_a": {"a1", "a2"},
            "operator_b": {"b"}, "verifikator_b": {"b"}, "pemantau_p": {"a1", "a2"}, "tanpa_peran": set(),
        }[user_name]
        return plan_pd in sees


def make_world(subs=10):
    """Pemda A (Kota Sintetis, 99.99) with PDs a1 (two stages) and a2; Pemda B (88.88) with PD b; Provinsi
    Sintetis (99), A's province, without plans; users of every role (the Pemantau Provinsi at the province)."""
    world = World()
    world.plans["a1"] = load_plan(0, subs)
    world.plans["a1_final"] = load_plan(0, subs, tahap="final")
    world.plans["a2"] = load_plan(1, subs)
    world.plans["b"] = load_plan(2, subs, pemda=OTHER_PEMDA)
    pd_a1 = world.plans["a1"].perangkat_daerah
    pd_a2 = world.plans["a2"].perangkat_daerah
    pd_b = world.plans["b"].perangkat_daerah
    pemda_a, pemda_b = pd_a1.pemda, pd_b.pemda
    assert pd_a2.pemda == pemda_a and pemda_b != pemda_a
    role = Profil.Peran
    world.users = {
        "operator_a1": make_user("operator_a1", role.OPERATOR_PD, pemda_a, pd_a1),
        "pimpinan_a1": make_user("pimpinan_a1", role.PIMPINAN_PD, pemda_a, pd_a1),
        "operator_a2": make_user("operator_a2", role.OPERATOR_PD, pemda_a, pd_a2),
        "verifikator_a": make_user("verifikator_a", role.VERIFIKATOR_BAPPEDA, pemda_a),
        "admin_a": make_user("admin_a", role.ADMIN_PEMDA, pemda_a),
        "operator_b": make_user("operator_b", role.OPERATOR_PD, pemda_b, pd_b),
        "verifikator_b": make_user("verifikator_b", role.VERIFIKATOR_BAPPEDA, pemda_b),
        "pemantau_p": make_user("pemantau_p", role.PEMANTAU_PROVINSI, Pemda.objects.create(**PROVINCE)),
        "tanpa_peran": User.objects.create_user("tanpa_peran", password=PASSWORD),
    }
    return world


def add_admins(world):
    """A superuser, and the Admin Pemda of A with staff access and the demo's Admin Pemda permissions."""
    from django.contrib.auth.models import Group, Permission

    world.admins["superuser"] = User.objects.create_superuser("sistem", password=PASSWORD)
    staff = world.users["admin_a"]
    staff.is_staff = True
    staff.save()
    group = Group.objects.create(name="Admin Pemda")
    group.permissions.add(*Permission.objects.filter(codename__startswith="view_"))
    group.permissions.add(*Permission.objects.filter(content_type__app_label__in=("organizations", "reference", "auth")))
    staff.groups.add(group)
    world.admins["admin_a"] = staff
    return world

"""The demo: the Renja 2022 of DPMPPA Kota Jambi, loaded as its document has it, and one user per role."""

from pathlib import Path

from django.contrib.auth.models import Group, Permission, User
from django.db import transaction

from renja.exchange.loader import load_file
from renja.exchange.merge import read_document
from renja.organizations.models import Pemda, Profil
from renja.plans.models import Renja

from .renstra import add_demo_matrix

DATA = Path(__file__).with_name("jambi_2022")
PASSWORD = "renja-demo"

# username → (role, full name, peran); the role is also a Django group, the peran scopes what the user sees.
USERS = {
    "operator": ("Operator PD", "Operator DPMPPA", Profil.Peran.OPERATOR_PD),
    "verifikator": ("Verifikator Bappeda", "Verifikator Bappeda Kota Jambi", Profil.Peran.VERIFIKATOR_BAPPEDA),
    "pimpinan": ("Pimpinan PD", "Kepala DPMPPA", Profil.Peran.PIMPINAN_PD),
    "admin": ("Admin Pemda", "Admin Pemerintah Kota Jambi", Profil.Peran.ADMIN_PEMDA),
    # at the Provinsi Jambi (15), whose Pemdas include Kota Jambi (15.71): reads its plans, writes nothing
    "pemantau": ("Pemantau Provinsi", "Pemantau Provinsi Jambi", Profil.Peran.PEMANTAU_PROVINSI),
}
PROVINCE = {"kode": "15", "nama": "Provinsi Jambi", "jenis": Pemda.Jenis.PROVINSI}
RENJA_APPS = ("organizations", "reference", "plans", "renstra", "monitoring", "workflow", "renja_tasks", "audit", "api")


def demo_renja():
    document = read_document(DATA)
    return Renja.objects.filter(
        perangkat_daerah__pemda__kode=document["pemda"]["kode"],
        perangkat_daerah__kode=document["perangkat_daerah"]["kode"],
        tahun=document["renja"]["tahun"], tahap=document["renja"]["tahap"],
    ).first()


def load_demo_data():
    """Load the demo plan unless it is there already. Returns (renja, report or None)."""
    existing = demo_renja()
    if existing is not None:
        return existing, None
    report = load_file(DATA)
    add_demo_matrix(report.renja)  # synthetic (renja/demo/renstra.py): the seed prints no Renstra matrix
    return report.renja, report


@transaction.atomic
def create_demo_users(renja=None):
    """One user per role, on the demo plan's Pemda and PD."""
    renja = renja or demo_renja()
    # The admin is for inspection: plans change only through the app's screens, where the workflow, the
    # optimistic locks and the history apply. Admin Pemda manages accounts, PDs and reference data there.
    view = Permission.objects.filter(content_type__app_label__in=RENJA_APPS, codename__startswith="view_")
    pd = renja.perangkat_daerah
    for username, (role, full_name, peran) in USERS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(*view)
        if role == "Admin Pemda":
            group.permissions.add(*Permission.objects.filter(
                content_type__app_label__in=("organizations", "reference", "auth")))
            # the Pemda's monitoring settings: planned progress per quarter, tolerance, category scale
            group.permissions.add(*Permission.objects.filter(
                content_type__app_label="monitoring", content_type__model__in=("pengaturanmonitoring", "skalapemda")))
        user, created = User.objects.get_or_create(username=username, defaults={"first_name": full_name})
        if created:
            user.set_password(PASSWORD)
        user.is_staff = True
        user.is_superuser = False  # an admin of a Pemda is not an admin of the installation
        user.save()
        user.groups.add(group)
        pemda = pd.pemda
        if peran == Profil.Peran.PEMANTAU_PROVINSI:  # the province of the demo's Pemda
            pemda, _ = Pemda.objects.get_or_create(kode=PROVINCE["kode"], defaults=PROVINCE)
        Profil.objects.update_or_create(user=user, defaults={
            "pemda": pemda, "peran": peran,
            "perangkat_daerah": pd if peran in Profil.PD_ROLES else None,
        })
    return USERS

"""The demo: the Renja 2022 of DPMPPA Kota Jambi, loaded as its document has it, and one user per role."""

from pathlib import Path

from django.contrib.auth.models import Group, Permission, User
from django.db import transaction

from renja.exchange.loader import load_file
from renja.exchange.merge import read_document
from renja.plans.models import Renja

DATA = Path(__file__).with_name("jambi_2022")
PASSWORD = "renja-demo"

# username → (role, full name); the roles are the Django groups the web app will scope by.
USERS = {
    "operator": ("Operator PD", "Operator DPMPPA"),
    "verifikator": ("Verifikator Bappeda", "Verifikator Bappeda Kota Jambi"),
    "pimpinan": ("Pimpinan PD", "Kepala DPMPPA"),
    "admin": ("Admin Pemda", "Admin Pemerintah Kota Jambi"),
}
RENJA_APPS = ("organizations", "reference", "plans", "monitoring")


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
    return report.renja, report


@transaction.atomic
def create_demo_users():
    view = Permission.objects.filter(content_type__app_label__in=RENJA_APPS, codename__startswith="view_")
    change = Permission.objects.filter(content_type__app_label="plans").exclude(codename__startswith="delete_")
    for username, (role, full_name) in USERS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(*view)
        if role == "Operator PD":
            group.permissions.add(*change)
        user, created = User.objects.get_or_create(username=username, defaults={"first_name": full_name})
        if created:
            user.set_password(PASSWORD)
        user.is_staff = True
        user.is_superuser = role == "Admin Pemda"
        user.save()
        user.groups.add(group)
    return USERS

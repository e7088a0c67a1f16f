"""Plans and people for the workflow tests: the clean plan (0 checker errors) of Kota Contoh, one user per
role there, an operator of another PD of the same Pemda, a verifier of another Pemda and a user without a
role. Written out by hand, not with the code under test."""

import copy
from pathlib import Path

import yaml
from django.contrib.auth.models import User

from renja.exchange.loader import load_document
from renja.organizations.models import Pemda, PerangkatDaerah, Profil

CLEAN_PLAN = Path(__file__).resolve().parents[1] / "fixtures" / "exchange" / "clean_plan.yaml"
PASSWORD = "rahasia-uji-123"
Peran = Profil.Peran


def clean_document(**renja):
    document = copy.deepcopy(yaml.safe_load(CLEAN_PLAN.read_text(encoding="utf-8")))
    document["renja"].update(renja)
    return document


def load_clean(**renja):
    """The clean plan (status Draf), or a variant of it (e.g. tahap="final")."""
    return load_document(clean_document(**renja), replace=True).renja


def make_user(username, peran=None, pemda=None, pd=None):
    user = User.objects.create_user(username, password=PASSWORD, first_name=username.replace("_", " ").title())
    if peran:
        Profil.objects.create(user=user, pemda=pemda, perangkat_daerah=pd, peran=peran)
    return user


def people_for(renja):
    """name → User, for the plan's PD and Pemda, plus strangers."""
    pd = renja.perangkat_daerah
    pemda = pd.pemda
    other_pd = PerangkatDaerah.objects.create(pemda=pemda, kode="9.99.0.00.0.00.01.0000", nama="Dinas Lain",
                                              singkatan="DISLAIN")
    other_pemda = Pemda.objects.create(kode="77.77", nama="Kabupaten Jauh", jenis="kabupaten")
    return {
        "operator": make_user("operator_uji", Peran.OPERATOR_PD, pemda, pd),
        "pimpinan": make_user("pimpinan_uji", Peran.PIMPINAN_PD, pemda, pd),
        "verifikator": make_user("verifikator_uji", Peran.VERIFIKATOR_BAPPEDA, pemda),
        "admin": make_user("admin_uji", Peran.ADMIN_PEMDA, pemda),
        "operator_lain": make_user("operator_lain", Peran.OPERATOR_PD, pemda, other_pd),
        "pimpinan_lain": make_user("pimpinan_lain", Peran.PIMPINAN_PD, pemda, other_pd),
        "verifikator_lain": make_user("verifikator_lain", Peran.VERIFIKATOR_BAPPEDA, other_pemda),
        "tanpa_peran": make_user("tanpa_peran"),
    }


def set_status(renja, status):
    type(renja).objects.filter(pk=renja.pk).update(status=status)
    renja.refresh_from_db()
    return renja

"""Reference data belongs to the nation or to one Pemda: what Renja learns from a Pemda's loaded plans (nomenclature
names, sumber dana, accounts) stays within that Pemda; an Admin Pemda reads the nation's reference data and changes
only their own Pemda's."""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.test import Client
from django.urls import reverse

from renja.organizations.models import Profil
from renja.plans import editing
from renja.plans.models import SubKegiatan
from renja.reference.models import NomenklaturVersi, SumberDana
from renja.web import forms

from ..web.people import OTHER_PEMDA, load_plan, make_user

pytestmark = pytest.mark.django_db

LOCAL_SOURCE = "Dana Hibah Khusus Kota"


def with_local_source(plan):
    """The plan's first sub kegiatan funded by a sumber dana that only its document names."""
    return SubKegiatan.objects.filter(kegiatan__program__renja=plan).order_by("id").first()


@pytest.fixture
def two_pemdas(monkeypatch):
    from renja.demo import synth

    real = synth.pd_document

    def document(index, **kwargs):
        doc = real(index, **kwargs)
        doc["renja"]["program"][0]["kegiatan"][0]["sub_kegiatan"][0]["sumber_dana"] = LOCAL_SOURCE
        return doc

    monkeypatch.setattr("tests.web.people.pd_document", document)
    SumberDana.objects.create(kode="1", nama="APBD")  # the nation's
    plan_a = load_plan(0, subs=5)
    plan_b = load_plan(1, subs=5, pemda=OTHER_PEMDA)
    return plan_a, plan_b


def test_names_learnt_from_a_pemdas_plans_stay_within_that_pemda(two_pemdas):
    plan_a, plan_b = two_pemdas
    pemda_a, pemda_b = plan_a.perangkat_daerah.pemda, plan_b.perangkat_daerah.pemda
    # the same (unofficial) nomenclature name: each Pemda its own version, with the names of its own plan
    assert plan_a.nomenklatur.nama == plan_b.nomenklatur.nama
    assert (plan_a.nomenklatur.pemda, plan_b.nomenklatur.pemda) == (pemda_a, pemda_b)
    name_a = with_local_source(plan_a).nama
    hits_b = editing.search_nomenclature(plan_b, name_a.split()[0], limit=500)
    assert all(hit.entry.versi.pemda == pemda_b for hit in hits_b)
    # a sumber dana only the documents name: one per Pemda, never the other's
    local = SumberDana.objects.filter(nama=LOCAL_SOURCE)
    assert sorted(s.pemda.nama for s in local) == sorted([pemda_a.nama, pemda_b.nama])
    assert [s.nama for s in with_local_source(plan_a).sumber_dana.all()] == [LOCAL_SOURCE]
    assert with_local_source(plan_a).sumber_dana.get().pemda == pemda_a
    form, _ = forms.forms_for(with_local_source(plan_b), [], pemda=pemda_b)
    offered = list(form.fields["sumber_dana"].queryset)
    assert {s.pemda for s in offered} <= {None, pemda_b} and any(s.nama == "APBD" for s in offered)


def test_an_official_version_is_the_nations_and_shared(two_pemdas):
    plan_a, _ = two_pemdas
    official = NomenklaturVersi.objects.create(nama="Kepmendagri resmi uji", resmi=True)
    from renja.demo.synth import pd_document
    from renja.exchange.loader import load_document

    for index, pemda in ((2, None), (3, OTHER_PEMDA)):
        document = pd_document(index, sub_per_pd=3)
        document["renja"]["nomenklatur"] = official.nama
        if pemda:
            document["pemda"] = dict(pemda)
        assert load_document(document).renja.nomenklatur == official


def test_a_sumber_dana_of_another_pemda_cannot_be_chosen_by_its_id(two_pemdas):
    plan_a, plan_b = two_pemdas
    theirs = SumberDana.objects.get(nama=LOCAL_SOURCE, pemda=plan_b.perangkat_daerah.pemda)
    sub = with_local_source(plan_a)
    with pytest.raises(editing.InvalidEdit) as refused:
        editing.save_row(sub, sub.versi, {"sumber_dana": [theirs.pk]})
    assert "tidak dikenal" in str(refused.value.errors)


def admin_of(pemda, username):
    user = make_user(username, Profil.Peran.ADMIN_PEMDA, pemda)
    user.is_staff = True
    user.save()
    group, _ = Group.objects.get_or_create(name="Admin Pemda uji")
    group.permissions.add(*Permission.objects.filter(content_type__app_label="reference"))
    user.groups.add(group)
    client = Client()
    client.force_login(user)
    return client


def test_an_admin_pemda_reads_national_data_and_changes_only_their_own(two_pemdas):
    plan_a, plan_b = two_pemdas
    pemda_a = plan_a.perangkat_daerah.pemda
    national = SumberDana.objects.get(nama="APBD")
    client = admin_of(pemda_a, "admin_a")
    change = reverse("admin:reference_sumberdana_change", args=[national.pk])
    page = client.get(change)
    assert page.status_code == 200 and 'name="nama"' not in page.content.decode()  # shown read-only
    assert client.post(change, {"kode": "1", "nama": "APBD diubah"}).status_code == 403
    assert client.post(reverse("admin:reference_sumberdana_delete", args=[national.pk]),
                       {"post": "yes"}).status_code == 403
    national.refresh_from_db()
    assert national.nama == "APBD"
    response = client.post(reverse("admin:reference_sumberdana_add"), {"kode": "", "nama": "Dana Kota Sendiri"})
    assert response.status_code == 302
    assert SumberDana.objects.get(nama="Dana Kota Sendiri").pemda == pemda_a
    listing = client.get(reverse("admin:reference_sumberdana_changelist") + "?q=Hibah").content.decode()
    assert LOCAL_SOURCE in listing and pemda_a.nama in listing  # their own …
    assert plan_b.perangkat_daerah.pemda.nama not in listing  # … not the other Pemda's
    theirs = SumberDana.objects.get(nama=LOCAL_SOURCE, pemda=plan_b.perangkat_daerah.pemda)
    assert client.get(reverse("admin:reference_sumberdana_change", args=[theirs.pk])).status_code == 302
    version_b = plan_b.nomenklatur
    assert client.get(reverse("admin:reference_nomenklaturversi_change", args=[version_b.pk])).status_code == 302


def test_a_superuser_changes_national_reference_data():
    national = SumberDana.objects.create(kode="9", nama="DAK Fisik")
    root = User.objects.create_superuser("akar", password="rahasia-akar-123")
    client = Client()
    client.force_login(root)
    response = client.post(reverse("admin:reference_sumberdana_change", args=[national.pk]),
                           {"kode": "9", "nama": "DAK Fisik Reguler", "pemda": ""})
    assert response.status_code == 302
    national.refresh_from_db()
    assert national.nama == "DAK Fisik Reguler" and national.pemda is None

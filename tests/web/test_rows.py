"""Editing rows through the app: the edit form round trip, refused saves (stale, unreadable) that change
nothing, indicators, adding a sub kegiatan from the nomenclature, deleting, and who may do what."""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from renja.core.numbers import format_rupiah
from renja.organizations.models import Profil
from renja.plans.models import Indikator, Kegiatan, Renja, SubKegiatan
from renja.reference.models import Nomenklatur

from .people import load_plan, make_user

pytestmark = pytest.mark.django_db

NEW_NAME = "Pendampingan Keluarga Rentan Berbasis Kelurahan"


class _Forms(HTMLParser):
    """The fields of every <form> of a page, as a browser would submit them."""

    def __init__(self):
        super().__init__()
        self.forms, self.current, self.textarea, self.select = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.current = {"action": attrs.get("action"), "method": attrs.get("method", "get"), "fields": []}
            self.forms.append(self.current)
        elif self.current is None:
            return
        elif tag == "input" and attrs.get("name"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.current["fields"].append((attrs["name"], attrs.get("value") or ""))
        elif tag == "textarea":
            self.textarea = [attrs["name"], ""]
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "option" and self.select and "selected" in attrs:
            self.current["fields"].append((self.select, attrs.get("value")))

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea is not None:
            self.current["fields"].append((self.textarea[0], self.textarea[1].removeprefix("\n")))
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "form":
            self.current = None


def page_form(response, action):
    """The form posting to `action` on the page, as a dict of lists (what Client.post takes)."""
    parser = _Forms()
    parser.feed(response.content.decode())
    form = next(f for f in parser.forms if f["action"] == action)
    data = {}
    for name, value in form["fields"]:
        data.setdefault(name, []).append(value)
    data.pop("csrfmiddlewaretoken", None)
    return data


def total_row(response):
    return re.search(r'<tr class="total">(.*?)</tr>', response.content.decode(), re.S).group(1)


@pytest.fixture
def plan():
    return load_plan(0, subs=10)


@pytest.fixture
def people(plan):
    pd = plan.perangkat_daerah
    other = load_plan(1, subs=10)
    role = Profil.Peran
    return {
        "operator": make_user("operator_satu", role.OPERATOR_PD, pd.pemda, pd),
        "operator2": make_user("operator_dua", role.OPERATOR_PD, pd.pemda, pd),
        "verifier": make_user("verifikator", role.VERIFIKATOR_BAPPEDA, pd.pemda),
        "stranger": make_user("operator_lain", role.OPERATOR_PD, pd.pemda, other.perangkat_daerah),
    }


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def first_sub(plan):
    return SubKegiatan.objects.filter(kegiatan__program__renja=plan).order_by("id").first()


def plan_total(plan):
    return sum(s.pagu_n or 0 for s in SubKegiatan.objects.filter(kegiatan__program__renja=plan))


def edit_url(plan, row, level="sub-kegiatan"):
    return reverse("web:baris", args=[plan.id, level, row.id])


def test_an_operator_edits_a_row_and_sees_the_new_total_at_once(plan, people):
    client = client_for(people["operator"])
    sub = first_sub(plan)
    total_before = plan_total(plan)
    url = edit_url(plan, sub)
    page = client.get(url)
    assert page.status_code == 200 and format_rupiah(sub.pagu_n) in page.content.decode()
    data = page_form(page, url)
    data.update(pagu_n=["1.250.000.000"], pagu_n1=["1.375.000.000"], lokasi=["Kecamatan Sukamaju"])
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == f"/renja/{plan.id}/#baris-sub-kegiatan-{sub.id}"

    tree = client.get(response["Location"])
    body = tree.content.decode()
    assert "Perubahan disimpan. Total dan temuan diperbarui." in body
    assert format_rupiah(total_before - sub.pagu_n + 1_250_000_000) in total_row(tree)
    saved = SubKegiatan.objects.get(pk=sub.pk)
    assert (saved.pagu_n, saved.pagu_n1, saved.lokasi, saved.versi) == (
        1_250_000_000, 1_375_000_000, "Kecamatan Sukamaju", sub.versi + 1)
    assert saved.history.first().history_user == people["operator"]
    # the sumber dana the row had are still ticked and kept
    assert set(saved.sumber_dana.all()) == set(sub.sumber_dana.all())


def test_the_second_of_two_saves_from_the_same_version_is_refused_with_409(plan, people):
    first, second = client_for(people["operator"]), client_for(people["operator2"])
    sub = first_sub(plan)
    url = edit_url(plan, sub)
    form_one = page_form(first.get(url), url)
    form_two = page_form(second.get(url), url)

    form_one["pagu_n"] = ["200.000.000"]
    assert first.post(url, form_one).status_code == 302
    form_two["pagu_n"] = ["300.000.000"]
    form_two["lokasi"] = ["Kecamatan Lain"]
    response = second.post(url, form_two)
    assert response.status_code == 409
    body = response.content.decode()
    assert f"Baris {sub.kode} telah diubah oleh Operator Satu pada" in body
    assert "Perubahan Anda tidak disimpan" in body and "Muat ulang isi terbaru" in body
    assert 'value="300.000.000"' in body  # what the second operator wrote is still on the page
    saved = SubKegiatan.objects.get(pk=sub.pk)
    assert (saved.pagu_n, saved.lokasi) == (200_000_000, sub.lokasi)


def test_an_unreadable_amount_is_refused_with_400_and_nothing_is_saved(plan, people):
    client = client_for(people["operator"])
    sub = first_sub(plan)
    url = edit_url(plan, sub)
    data = page_form(client.get(url), url)
    data.update(pagu_n=["12.5OO"], pagu_n1=["1.000.000"], lokasi=["Kecamatan Baru"])
    data["indikator-0-target_n_teks"] = ["999 Orang"]
    response = client.post(url, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "pagu tahun n: «12.5OO» tidak dapat dibaca sebagai rupiah" in body
    assert 'value="12.5OO"' in body
    saved = SubKegiatan.objects.get(pk=sub.pk)
    assert (saved.pagu_n, saved.pagu_n1, saved.lokasi, saved.versi) == (sub.pagu_n, sub.pagu_n1, sub.lokasi, sub.versi)
    assert not Indikator.objects.filter(sub_kegiatan=sub, target_n_teks="999 Orang").exists()


def test_a_post_without_the_indicator_forms_is_refused(plan, people):
    client = client_for(people["operator"])
    sub = first_sub(plan)
    response = client.post(edit_url(plan, sub), {"versi": sub.versi, "pagu_n": "1"})
    assert response.status_code == 400
    assert SubKegiatan.objects.get(pk=sub.pk).pagu_n == sub.pagu_n


def test_indicators_are_changed_added_and_removed_through_the_form(plan, people):
    client = client_for(people["operator"])
    kegiatan = Kegiatan.objects.filter(program__renja=plan).order_by("id").first()
    url = edit_url(plan, kegiatan, "kegiatan")
    page = client.get(url)
    assert 'name="pagu_n"' not in page.content.decode()  # money is planned on sub kegiatan only
    data = page_form(page, url)
    existing = list(kegiatan.indikator.order_by("urutan"))
    assert data["indikator-TOTAL_FORMS"] == [str(len(existing) + 2)]
    data["indikator-0-target_n_teks"] = ["75 %"]
    blank = len(existing)  # the first extra form
    data[f"indikator-{blank}-uraian"] = ["Persentase laporan tepat waktu"]
    data[f"indikator-{blank}-target_n_teks"] = ["90 %"]
    if len(existing) > 1:
        data["indikator-1-uraian"] = [""]
    data["lokasi"] = ["Seluruh kecamatan"]
    assert client.post(url, data).status_code == 302
    assert Kegiatan.objects.get(pk=kegiatan.pk).lokasi == "Seluruh kecamatan"

    now = list(kegiatan.indikator.order_by("urutan"))
    assert now[0].target_n_teks == "75 %" and now[0].target_n == 75 and now[0].target_n_satuan == "%"
    assert now[-1].uraian == "Persentase laporan tepat waktu" and now[-1].target_n == 90
    assert len(now) == (len(existing) + 1 if len(existing) == 1 else len(existing))


def test_the_edit_page_shows_the_findings_of_its_row(plan, people):
    client = client_for(people["operator"])
    sub = first_sub(plan)
    Indikator.objects.filter(sub_kegiatan=sub).update(target_n_teks="", target_n=None)
    body = client.get(edit_url(plan, sub)).content.decode()
    findings = body.split("Temuan pada baris ini")[1].split("</section>")[0]
    assert 'class="badge error"' in findings and "target" in findings.lower()
    other = SubKegiatan.objects.filter(kegiatan__program__renja=plan).order_by("id")[1]
    assert "Pemeriksa tidak menemukan masalah pada baris ini" in client.get(edit_url(plan, other)).content.decode()


# --- adding a sub kegiatan -----------------------------------------------------------------------------------


@pytest.fixture
def new_entry(plan):
    """A sub kegiatan of the nomenclature that the plan does not have yet, under one of its kegiatan."""
    kegiatan = SubKegiatan.objects.filter(kegiatan__program__renja=plan).order_by("id").last().kegiatan
    parent = Nomenklatur.objects.get(versi=plan.nomenklatur, kode=kegiatan.kode)
    return Nomenklatur.objects.create(
        versi=plan.nomenklatur, jenis_pemda=parent.jenis_pemda, tingkat="sub_kegiatan", induk=parent,
        kode=f"{kegiatan.kode}.0099", nama=NEW_NAME, indikator="Jumlah Keluarga yang Didampingi",
        satuan="Keluarga")


def test_search_and_add_a_sub_kegiatan(plan, people, new_entry):
    client = client_for(people["operator"])
    url = reverse("web:tambah_sub", args=[plan.id])
    total_before = plan_total(plan)
    page = client.get(url, {"q": "keluarga RENTAN"})
    body = page.content.decode()
    assert page.status_code == 200 and NEW_NAME in body and "Jumlah Keluarga yang Didampingi" in body
    assert body.count(">Tambahkan</button>") == 1
    known = first_sub(plan)
    body = client.get(url, {"q": known.kode}).content.decode()
    assert known.nama in body and "sudah ada" in body

    response = client.post(url, {"nomenklatur_id": new_entry.pk, "q": "keluarga rentan"})
    added = SubKegiatan.objects.get(kegiatan__program__renja=plan, kode=new_entry.kode)
    assert response.status_code == 302 and response["Location"] == edit_url(plan, added)
    assert (added.nama, added.kegiatan.kode, added.pagu_n) == (NEW_NAME, new_entry.induk.kode, None)
    page = client.get(response["Location"])
    body = page.content.decode()
    assert f"Sub kegiatan {new_entry.kode} {NEW_NAME} ditambahkan" in body
    assert "Jumlah Keluarga yang Didampingi" in body and "satuan: Keluarga" in body

    # fill it in: the tree's total grows by its pagu
    data = page_form(page, response["Location"])
    data.update(pagu_n=["75.000.000"], pagu_n1=["82.500.000"])
    data["indikator-0-target_n_teks"] = ["120"]
    assert client.post(response["Location"], data).status_code == 302
    tree = client.get(reverse("web:renja", args=[plan.id]))
    assert format_rupiah(total_before + 75_000_000) in total_row(tree)
    indicator = added.indikator.get()
    assert (indicator.target_n, indicator.target_n_satuan) == (120, "Keluarga")

    again = client.post(url, {"nomenklatur_id": new_entry.pk})
    assert again.status_code == 400 and "sudah ada dalam Renja ini" in again.content.decode()
    assert SubKegiatan.objects.filter(kegiatan__program__renja=plan, kode=new_entry.kode).count() == 1


def test_a_search_without_results_says_how_to_load_the_nomenclature(plan, people):
    body = client_for(people["operator"]).get(reverse("web:tambah_sub", args=[plan.id]), {"q": "zzzq"}).content
    assert "renja nomenclature load BERKAS.xlsx" in body.decode()


def test_an_unknown_nomenclature_entry_is_refused(plan, people):
    response = client_for(people["operator"]).post(reverse("web:tambah_sub", args=[plan.id]),
                                                   {"nomenklatur_id": "99999999"})
    assert response.status_code == 400 and "tidak ditemukan" in response.content.decode()


# --- deleting ----------------------------------------------------------------------------------------------


def test_delete_a_sub_kegiatan_but_not_a_kegiatan_that_has_rows(plan, people):
    client = client_for(people["operator"])
    sub = first_sub(plan)
    url = reverse("web:hapus_baris", args=[plan.id, "sub-kegiatan", sub.id])
    page = client.get(url)
    assert page.status_code == 200 and ">Hapus</button>" in page.content.decode()
    total_before = plan_total(plan)
    response = client.post(url, page_form(page, url))
    assert response.status_code == 302 and response["Location"] == f"/renja/{plan.id}/"
    assert not SubKegiatan.objects.filter(pk=sub.pk).exists()
    tree = client.get(response["Location"])
    assert "dihapus" in tree.content.decode()
    assert format_rupiah(total_before - sub.pagu_n) in total_row(tree)

    kegiatan = Kegiatan.objects.filter(program__renja=plan, sub_kegiatan__isnull=False).first()
    url = reverse("web:hapus_baris", args=[plan.id, "kegiatan", kegiatan.id])
    assert "masih memiliki" in client.get(url).content.decode()
    response = client.post(url, {"versi": kegiatan.versi})
    assert response.status_code == 302
    assert "masih memiliki" in client.get(response["Location"]).content.decode()
    assert Kegiatan.objects.filter(pk=kegiatan.pk).exists()


# --- who may do what ---------------------------------------------------------------------------------------------


def snapshot(plan):
    return (list(SubKegiatan.objects.filter(kegiatan__program__renja=plan).order_by("id")
                 .values_list("id", "pagu_n", "lokasi", "versi")),
            Indikator.objects.count(), Renja.objects.get(pk=plan.pk).status)


def test_a_verifier_reads_the_row_but_cannot_change_it(plan, people, new_entry):
    client = client_for(people["verifier"])
    sub = first_sub(plan)
    before = snapshot(plan)
    page = client.get(edit_url(plan, sub))
    body = page.content.decode()
    assert page.status_code == 200 and "Simpan" not in body and "Hanya operator PD ini" in body
    assert format_rupiah(sub.pagu_n) in body
    for url, data in [
        (edit_url(plan, sub), {"versi": sub.versi, "pagu_n": "1"}),
        (reverse("web:tambah_sub", args=[plan.id]), {"nomenklatur_id": new_entry.pk}),
        (reverse("web:hapus_baris", args=[plan.id, "sub-kegiatan", sub.id]), {"versi": sub.versi}),
    ]:
        response = client.post(url, data)
        assert response.status_code == 403, url
        assert "Hanya operator PD ini yang dapat mengubah rencananya." in response.content.decode()
    assert ">Tambahkan</button>" not in client.get(reverse("web:tambah_sub", args=[plan.id]),
                                                   {"q": "keluarga"}).content.decode()
    assert snapshot(plan) == before


def test_an_operator_of_another_pd_finds_nothing(plan, people, new_entry):
    client = client_for(people["stranger"])
    sub = first_sub(plan)
    before = snapshot(plan)
    urls = [edit_url(plan, sub), reverse("web:tambah_sub", args=[plan.id]),
            reverse("web:hapus_baris", args=[plan.id, "sub-kegiatan", sub.id])]
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"versi": sub.versi, "pagu_n": "1", "nomenklatur_id": new_entry.pk}).status_code == 404
    assert snapshot(plan) == before


def test_a_row_of_another_plan_is_not_found_through_this_plan(plan, people):
    other_plan = load_plan(0, subs=10, tahap="final")
    other_sub = first_sub(other_plan)
    client = client_for(people["operator"])
    assert client.get(edit_url(plan, other_sub)).status_code == 404
    assert client.get(reverse("web:baris", args=[plan.id, "baris-lain", other_sub.id])).status_code == 404

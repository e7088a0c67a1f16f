"""Realisation entry in the app: the operator of the PD enters four quarters on a plan in force and the
quarter's table shows the cumulative figures computed by hand below; verifier and pimpinan read only; a plan
not in force is refused; another PD's operator finds nothing (404)."""

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from renja.monitoring.models import BelanjaSubKegiatan, RealisasiIndikator, RealisasiSubKegiatan
from renja.plans.models import Indikator, Kegiatan, Program, Renja, SubKegiatan

from .people import make_world

pytestmark = pytest.mark.django_db

M = 1_000_000


@pytest.fixture
def world():
    return make_world(subs=3)


@pytest.fixture
def plan(world):
    """A plan in force of PD a1: one program, one kegiatan, sub kegiatan A (pagu 100.000.000) and B (pagu
    300.000.000); an indicator on A and one on the program."""
    pd = world.plans["a1"].perangkat_daerah
    renja = Renja.objects.create(perangkat_daerah=pd, tahun=2031, status=Renja.Status.DITETAPKAN)
    program = Program.objects.create(renja=renja, kode="1.01.02", nama="Program Uji", urutan=1)
    kegiatan = Kegiatan.objects.create(program=program, kode="1.01.02.1.01", nama="Kegiatan Uji", urutan=1)
    a = SubKegiatan.objects.create(kegiatan=kegiatan, kode="1.01.02.1.01.0001", nama="Sub A", pagu_n=100 * M,
                                   urutan=1)
    b = SubKegiatan.objects.create(kegiatan=kegiatan, kode="1.01.02.1.01.0002", nama="Sub B", pagu_n=300 * M,
                                   urutan=2)
    dokumen = Indikator.objects.create(sub_kegiatan=a, uraian="Jumlah dokumen yang disusun", target_n=Decimal(12),
                                       target_n_teks="12 Dokumen", target_n_satuan="Dokumen")
    persen = Indikator.objects.create(program=program, uraian="Persentase layanan tuntas", target_n=Decimal(80),
                                      target_n_teks="80 %", target_n_satuan="%")
    return {"renja": renja, "program": program, "kegiatan": kegiatan, "a": a, "b": b, "dokumen": dokumen,
            "persen": persen}


def client_for(world, name):
    client = Client()
    client.force_login(world.users[name])
    return client


def table_url(renja, triwulan):
    return reverse("web:realisasi", kwargs={"renja_id": renja.pk, "triwulan": triwulan})


def row_url(renja, triwulan, level, row):
    return reverse("web:realisasi_baris", kwargs={"renja_id": renja.pk, "triwulan": triwulan, "level": level,
                                                  "row_id": row.pk})


def spending_url(renja, level, row):
    return reverse("web:belanja", kwargs={"renja_id": renja.pk, "level": level, "row_id": row.pk})


def cells(body, anchor):
    """The text of each cell of the table row with id `anchor`."""
    row = re.search(rf'<tr id="{anchor}"[^>]*>(.*?)</tr>', body, re.S)
    assert row, anchor
    texts = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", t).split()) for t in texts]


def enter(client, renja, triwulan, sub, keuangan, fisik, versi=0, **extra):
    return client.post(row_url(renja, triwulan, "sub-kegiatan", sub),
                       {"versi": versi, "keuangan": keuangan, "fisik": fisik, "rencana_keuangan": "",
                        "faktor_pendorong": "", "faktor_penghambat": "", "tindak_lanjut": "", **extra})


# A: 10, 20, 30, 30 juta in the quarters → cumulative 10, 30, 60, 90 juta (of 100): 10, 30, 60, 90 %; fisik 20, 40,
#    70, 100 %
# B: 30, 70, 90, 80 juta → cumulative 30, 100, 190, 270 juta (of 300): 10, 33,33, 63,33, 90 %; fisik 10, 80, 90,
#    100 %
QUARTERS = {1: ("10.000.000", "20", "30.000.000", "10"), 2: ("20.000.000", "40", "70.000.000", "80"),
            3: ("30.000.000", "70", "90.000.000", "90"), 4: ("30.000.000", "100", "80.000.000", "100")}


def test_operator_enters_four_quarters_and_the_table_shows_the_cumulative_figures(world, plan):
    client = client_for(world, "operator_a1")
    renja, a, b = plan["renja"], plan["a"], plan["b"]
    for q, (ka, fa, kb, fb) in QUARTERS.items():
        response = enter(client, renja, q, a, ka, fa, faktor_penghambat=f"Hujan TW{q}" if q == 2 else "")
        assert response.status_code == 302
        assert response["Location"] == table_url(renja, q) + f"#baris-sub-kegiatan-{a.pk}"
        assert enter(client, renja, q, b, kb, fb).status_code == 302
    indicator = client.post(row_url(renja, 2, "sub-kegiatan", a), {
        f"indikator-{plan['dokumen'].pk}-teks": "3 Dokumen", f"indikator-{plan['dokumen'].pk}-versi": "0"})
    assert indicator.status_code == 302
    program = client.post(row_url(renja, 2, "program", plan["program"]), {
        f"indikator-{plan['persen'].pk}-teks": "45,5 %", f"indikator-{plan['persen'].pk}-versi": "0"})
    assert program.status_code == 302
    assert RealisasiSubKegiatan.objects.filter(sub_kegiatan__in=[a, b]).count() == 8
    assert RealisasiSubKegiatan.objects.get(sub_kegiatan=a, triwulan=2).history.first().history_user == \
        world.users["operator_a1"]

    body = client.get(table_url(renja, 2)).content.decode()
    assert "Realisasi Triwulan II sub kegiatan 1.01.02.1.01.0001 disimpan." in body  # messages of the saves
    # columns: code, name, pagu, rencana TW ini (default profile: 25 % of pagu a quarter), realisasi TW ini,
    # kumulatif, % pagu, fisik
    assert cells(body, f"baris-sub-kegiatan-{a.pk}")[2:8] == [
        "100.000.000", "25.000.000", "20.000.000", "30.000.000", "30,00 %", "40,00 %"]
    assert cells(body, f"baris-sub-kegiatan-{b.pk}")[2:8] == [
        "300.000.000", "75.000.000", "70.000.000", "100.000.000", "33,33 %", "80,00 %"]
    # kegiatan: 20 + 70 = 90 juta this quarter, 30 + 100 = 130 juta of 400 = 32,50 %; fisik (40×100 + 80×300)/400
    assert cells(body, f"baris-kegiatan-{plan['kegiatan'].pk}")[2:8] == [
        "400.000.000", "100.000.000", "90.000.000", "130.000.000", "32,50 %", "70,00 %"]
    assert cells(body, "baris-total")[2:8] == [
        "400.000.000", "100.000.000", "90.000.000", "130.000.000", "32,50 %", "70,00 %"]
    a_row = cells(body, f"baris-sub-kegiatan-{a.pk}")
    assert "Hujan TW2" in a_row[1]
    assert "target: 12 Dokumen · realisasi: 3 Dokumen" in a_row[8]
    assert "target: 80 % · realisasi: 45,5 %" in cells(body, f"baris-program-{plan['program'].pk}")[8]
    assert "Isi realisasi" in body and 'id="total-persen">32,50 %' in body

    body = client.get(table_url(renja, 3)).content.decode()
    # TW III: A 60 of 100 = 60 %, B 190 of 300 = 63,33 %; kegiatan 250 of 400 = 62,50 %, fisik (70×100 + 90×300)/400
    assert cells(body, f"baris-sub-kegiatan-{b.pk}")[4:8] == ["90.000.000", "190.000.000", "63,33 %", "90,00 %"]
    assert cells(body, f"baris-kegiatan-{plan['kegiatan'].pk}")[4:8] == [
        "120.000.000", "250.000.000", "62,50 %", "85,00 %"]
    assert "realisasi: 3 Dokumen" not in body  # the indicator was entered for TW II only

    body = client.get(table_url(renja, 4)).content.decode()
    assert cells(body, "baris-total")[4:8] == ["110.000.000", "360.000.000", "90,00 %", "100,00 %"]


def test_a_stale_form_is_a_conflict_and_bad_input_is_shown_next_to_its_field(world, plan):
    client = client_for(world, "operator_a1")
    renja, a = plan["renja"], plan["a"]
    assert enter(client, renja, 1, a, "10.000.000", "20").status_code == 302
    # the same form again (versi 0): someone else's save is in between
    response = enter(client, renja, 1, a, "12.000.000", "25")
    assert response.status_code == 409
    body = response.content.decode()
    assert "telah dicatat oleh Operator A1" in body and "Muat ulang isi terbaru" in body
    assert RealisasiSubKegiatan.objects.get(sub_kegiatan=a).keuangan == 10 * M

    response = enter(client, renja, 2, a, "95.000.000", "15", versi=0)
    assert response.status_code == 400
    body = response.content.decode()
    # 10 + 95 = 105 juta > 100 juta; fisik 15 below TW I's 20
    assert ("jumlah realisasi keuangan setahun menjadi Rp 105.000.000 (TW I 10.000.000 + TW II 95.000.000), "
            "melebihi pagu sub kegiatan Rp 100.000.000 sebesar Rp 5.000.000.") in body
    assert "lebih rendah dari realisasi fisik kumulatif Triwulan I (20 %)" in body
    assert re.search(r'<div class="field field-error">\s*<label for="id_fisik">', body)
    assert 'value="95.000.000"' in body  # what was typed is shown again
    assert not RealisasiSubKegiatan.objects.filter(sub_kegiatan=a, triwulan=2).exists()

    response = client.post(row_url(renja, 1, "sub-kegiatan", a), {
        "versi": 1, f"indikator-{plan['dokumen'].pk}-teks": "dua", f"indikator-{plan['dokumen'].pk}-versi": 0})
    assert response.status_code == 400
    assert "realisasi «dua» tidak dapat dibaca (tidak berisi angka)" in response.content.decode()
    assert not RealisasiIndikator.objects.exists()


@pytest.mark.parametrize("reader", ["verifikator_a", "pimpinan_a1", "admin_a"])
def test_verifier_and_pimpinan_read_only(world, plan, reader):
    operator = client_for(world, "operator_a1")
    renja, a = plan["renja"], plan["a"]
    enter(operator, renja, 1, a, "10.000.000", "20")
    client = client_for(world, reader)
    body = client.get(table_url(renja, 1)).content.decode()
    assert "Isi realisasi" not in body and "Rincian" in body
    assert cells(body, f"baris-sub-kegiatan-{a.pk}")[4:8] == ["10.000.000", "10.000.000", "10,00 %", "20,00 %"]
    page = client.get(row_url(renja, 1, "sub-kegiatan", a))
    assert page.status_code == 200
    assert 'method="post" action="/renja' not in page.content.decode()
    assert "Hanya operator PD ini yang dapat mencatat realisasinya." in page.content.decode()
    for url, data in ((row_url(renja, 1, "sub-kegiatan", a), {"versi": 1, "keuangan": "1"}),
                      (spending_url(renja, "sub-kegiatan", a), {"belanja-TOTAL": 1, "belanja-0-kode_rekening": "5.1",
                                                                "belanja-0-anggaran": "1"})):
        response = client.post(url, data)
        assert response.status_code == 403
        assert "Hanya operator PD ini yang dapat mencatat realisasinya." in response.content.decode()
    assert RealisasiSubKegiatan.objects.get().keuangan == 10 * M and not BelanjaSubKegiatan.objects.exists()


def test_a_plan_not_in_force_takes_no_realisation(world, plan):
    draft = world.plans["a1"]  # a draft plan
    sub = SubKegiatan.objects.filter(kegiatan__program__renja=draft).first()
    client = client_for(world, "operator_a1")
    body = client.get(table_url(draft, 1)).content.decode()
    assert "Renja ini berstatus Draf. Realisasi dicatat setelah Renja ditetapkan" in body
    assert "Isi realisasi" not in body
    response = enter(client, draft, 1, sub, "1.000", "10")
    assert response.status_code == 403
    assert "realisasi hanya dicatat pada Renja yang telah Ditetapkan" in response.content.decode()
    assert not RealisasiSubKegiatan.objects.exists()
    # the plan's tree offers the realisation link only on a plan in force
    assert "Realisasi</a>" not in client.get(reverse("web:renja", args=[draft.pk])).content.decode()
    assert table_url(plan["renja"], 1) in client.get(reverse("web:renja", args=[plan["renja"].pk])).content.decode()


def test_another_pds_operator_finds_nothing(world, plan):
    client = client_for(world, "operator_a2")
    renja, a = plan["renja"], plan["a"]
    for url in (table_url(renja, 1), row_url(renja, 1, "sub-kegiatan", a),
                row_url(renja, 4, "program", plan["program"]), spending_url(renja, "sub-kegiatan", a)):
        assert client.get(url).status_code == 404
        assert client.post(url, {"versi": 0, "keuangan": "1.000"}).status_code == 404
    assert not RealisasiSubKegiatan.objects.exists()


def test_unknown_quarter_and_foreign_row_are_404(world, plan):
    client = client_for(world, "operator_a1")
    renja = plan["renja"]
    assert client.get(reverse("web:realisasi", kwargs={"renja_id": renja.pk, "triwulan": 5})).status_code == 404
    other_sub = SubKegiatan.objects.filter(kegiatan__program__renja=world.plans["a1"]).first()
    assert client.get(row_url(renja, 1, "sub-kegiatan", other_sub)).status_code == 404


def test_spending_per_account(world, plan):
    client = client_for(world, "operator_a1")
    renja, a = plan["renja"], plan["a"]
    page = client.get(spending_url(renja, "sub-kegiatan", a))
    assert page.status_code == 200 and 'name="belanja-TOTAL" value="3"' in page.content.decode()
    response = client.post(spending_url(renja, "sub-kegiatan", a), {
        "belanja-TOTAL": 3,
        "belanja-0-kode_rekening": "5.1.02.01.01.0024", "belanja-0-uraian": "Belanja ATK",
        "belanja-0-anggaran": "40.000.000", "belanja-0-realisasi_tw1": "5.000.000",
        "belanja-0-realisasi_tw2": "10.000.000",
        "belanja-1-kode_rekening": "5.1.02.02.01.0026", "belanja-1-anggaran": "20.000.000",
        "belanja-1-realisasi_tw2": "3.000.000",
    })
    assert response.status_code == 302
    body = client.get(spending_url(renja, "sub-kegiatan", a)).content.decode()
    # anggaran 60 juta; realisasi 5 + 10 + 3 = 18 juta = 30,00 %; ATK 15 of 40 = 37,50 %
    assert 'id="belanja-anggaran">60.000.000' in body and 'id="belanja-realisasi">18.000.000' in body
    assert 'id="belanja-persen">30,00 %' in body and "37,50 %" in body
    assert "Pagu yang belum dirinci ke rekening: Rp 40.000.000." in body

    atk = BelanjaSubKegiatan.objects.get(kode_rekening="5.1.02.01.01.0024")
    response = client.post(spending_url(renja, "sub-kegiatan", a), {
        "belanja-TOTAL": 1, "belanja-0-id": atk.pk, "belanja-0-versi": atk.versi,
        "belanja-0-kode_rekening": "5.1.02.01.01.0024", "belanja-0-anggaran": "90.000.000"})
    assert response.status_code == 400
    # 90 + 20 = 110 juta > 100 juta
    assert ("jumlah anggaran per rekening menjadi Rp 110.000.000, melebihi pagu sub kegiatan Rp 100.000.000 "
            "sebesar Rp 10.000.000.") in response.content.decode()
    assert BelanjaSubKegiatan.objects.get(pk=atk.pk).anggaran == 40 * M

    # a program has no accounts: its spending page leads to its row in the quarter's table
    response = client.get(spending_url(renja, "program", plan["program"]))
    assert response.status_code == 302
    assert response["Location"] == table_url(renja, 1) + f"#baris-program-{plan['program'].pk}"


def test_the_realisation_pages_do_not_grow_their_queries_with_the_plan(world):
    """Over a plan in force of 60 sub kegiatan with realisation, the pages issue as many queries as over one of
    5 (within 2: e.g. a cache of the session)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .people import load_plan

    counts = []
    client = client_for(world, "verifikator_a")
    for index, subs in ((3, 5), (4, 60)):
        renja = load_plan(index, subs=subs)
        Renja.objects.filter(pk=renja.pk).update(status=Renja.Status.DITETAPKAN)
        all_subs = list(SubKegiatan.objects.filter(kegiatan__program__renja=renja).order_by("id"))
        assert len(all_subs) >= subs
        RealisasiSubKegiatan.objects.bulk_create(
            RealisasiSubKegiatan(sub_kegiatan=s, triwulan=1, keuangan=1000, fisik=Decimal(5)) for s in all_subs)
        indicators = Indikator.objects.filter(sub_kegiatan__in=all_subs)
        RealisasiIndikator.objects.bulk_create(
            RealisasiIndikator(indikator=i, triwulan=1, teks="1", nilai=Decimal(1)) for i in indicators)
        BelanjaSubKegiatan.objects.create(sub_kegiatan=all_subs[0], kode_rekening="5.1.02", anggaran=1000)
        urls = [table_url(renja, 1), row_url(renja, 1, "sub-kegiatan", all_subs[0]),
                row_url(renja, 1, "program", renja.program.first()), spending_url(renja, "sub-kegiatan", all_subs[0])]
        page_counts = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            page_counts.append(len(queries))
        counts.append(page_counts)
    small, large = counts
    assert all(big <= little + 2 for little, big in zip(small, large)), counts

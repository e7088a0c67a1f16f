"""Editing a plan row by row (renja.plans.editing): saves are all or nothing, stale saves are refused with who
and when, history records every change, and sub kegiatan come from the nomenclature."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from renja.core.errors import InputRefused
from renja.organizations.models import Pemda, PerangkatDaerah
from renja.plans.editing import (
    EditConflict,
    InvalidEdit,
    add_sub_kegiatan,
    delete_row,
    save_row,
    search_nomenclature,
)
from renja.plans.models import Indikator, Kegiatan, Program, Renja, SubKegiatan
from renja.plans.view import build_view
from renja.reference.models import Nomenklatur, NomenklaturVersi, SumberDana

pytestmark = pytest.mark.django_db


@pytest.fixture
def users():
    return (User.objects.create_user("ani", first_name="Ani", last_name="Operator"),
            User.objects.create_user("budi", first_name="Budi", last_name="Operator"))


@pytest.fixture
def plan():
    pemda = Pemda.objects.create(kode="99.03", nama="Kota Uji", jenis="kota")
    pd = PerangkatDaerah.objects.create(pemda=pemda, kode="2.08.0.00.0.00.01.0000", nama="Dinas Uji")
    versi = NomenklaturVersi.objects.create(nama="Versi rencana uji")
    renja = Renja.objects.create(perangkat_daerah=pd, tahun=2026, tahap="rancangan", nomenklatur=versi)
    program = Program.objects.create(renja=renja, urutan=1, kode="2.08.02", nama="Program Pengarusutamaan Gender")
    kegiatan = Kegiatan.objects.create(program=program, urutan=2, kode="2.08.02.2.01", nama="Pelembagaan PUG")
    sub1 = SubKegiatan.objects.create(kegiatan=kegiatan, urutan=3, kode="2.08.02.2.01.0001", nama="Koordinasi PUG",
                                      pagu_n=100_000_000, pagu_n_teks="100.000.000",
                                      pagu_n1=110_000_000, pagu_n1_teks="110.000.000", lokasi="Kota Uji")
    sub2 = SubKegiatan.objects.create(kegiatan=kegiatan, urutan=4, kode="2.08.02.2.01.0002", nama="Sosialisasi PUG",
                                      pagu_n=50_000_000, pagu_n_teks="50.000.000",
                                      pagu_n1=55_000_000, pagu_n1_teks="55.000.000")
    Indikator.objects.create(sub_kegiatan=sub1, urutan=0, uraian="Jumlah dokumen", target_n_teks="2 Dokumen",
                             target_n=2, target_n_satuan="Dokumen", target_n1_teks="2 Dokumen", target_n1=2,
                             target_n1_satuan="Dokumen")
    Indikator.objects.create(sub_kegiatan=sub1, urutan=1, uraian="Jumlah rapat", target_n_teks="4 Kali",
                             target_n=4, target_n_satuan="Kali")
    return renja, program, kegiatan, sub1, sub2


def fresh(row):
    return type(row).objects.get(pk=row.pk)


def indicator_items(row):
    return [{"id": i.pk, "versi": i.versi, "uraian": i.uraian, "polaritas": i.polaritas,
             "target_n_teks": i.target_n_teks, "target_n1_teks": i.target_n1_teks}
            for i in row.indikator.order_by("urutan")]


def test_a_saved_pagu_changes_the_totals_and_the_row_version(plan, users):
    renja, program, kegiatan, sub1, sub2 = plan
    assert build_view(renja).total_n == 150_000_000
    saved = save_row(sub1, sub1.versi, {"pagu_n": "1.250.000.000", "pagu_n1": "Rp 1.300.000.000"}, user=users[0])
    sub1 = fresh(sub1)
    assert (sub1.pagu_n, sub1.pagu_n_teks) == (1_250_000_000, "1.250.000.000")
    assert (sub1.pagu_n1, sub1.pagu_n1_teks) == (1_300_000_000, "Rp 1.300.000.000")
    assert sub1.versi == saved.versi == 2
    view = build_view(renja)
    assert view.total_n == 1_300_000_000 and view.total_n1 == 1_355_000_000
    assert view.programs[0].total_n == 1_300_000_000
    assert fresh(renja).versi == renja.versi  # the plan itself is left alone


def test_the_history_records_who_changed_what_from_what_to_what(plan, users):
    sub1 = plan[3]
    save_row(sub1, sub1.versi, {"pagu_n": "125.000.000", "lokasi": "Kecamatan Telanaipura"}, user=users[0])
    record = sub1.history.first()
    assert record.history_user == users[0]
    changes = {c.field: (c.old, c.new) for c in record.diff_against(record.prev_record).changes}
    assert changes["pagu_n"] == (100_000_000, 125_000_000)
    assert changes["lokasi"] == ("Kota Uji", "Kecamatan Telanaipura")


def test_an_unchanged_amount_keeps_its_text_and_makes_no_history(plan, users):
    sub1 = plan[3]
    SubKegiatan.objects.filter(pk=sub1.pk).update(pagu_n_teks="Rp 100.000.000,00")
    records = sub1.history.count()
    save_row(sub1, sub1.versi, {"pagu_n": "100.000.000", "lokasi": "Kota Uji"}, user=users[0])
    sub1 = fresh(sub1)
    assert sub1.pagu_n_teks == "Rp 100.000.000,00" and sub1.versi == 1
    assert sub1.history.count() == records


def test_a_stale_save_is_refused_naming_who_saved_first_and_nothing_is_written(plan, users):
    sub1 = plan[3]
    opened = sub1.versi  # both operators open the row at this version
    save_row(sub1, opened, {"pagu_n": "200.000.000"}, user=users[0])
    history = sub1.history.count()
    with pytest.raises(EditConflict) as refused:
        save_row(sub1, opened, {"pagu_n": "300.000.000", "lokasi": "Di tempat lain"}, user=users[1])
    message = str(refused.value)
    assert "Baris 2.08.02.2.01.0001 telah diubah oleh Ani Operator pada " in message
    assert "Perubahan Anda tidak disimpan" in message
    assert refused.value.changed_by == users[0]
    sub1 = fresh(sub1)
    assert (sub1.pagu_n, sub1.lokasi, sub1.versi) == (200_000_000, "Kota Uji", 2)
    assert sub1.history.count() == history


def test_a_stale_indicator_is_refused_even_when_the_row_is_current(plan, users):
    sub1 = plan[3]
    items = indicator_items(sub1)
    changed = [dict(items[0], target_n_teks="3 Dokumen")]
    save_row(sub1, sub1.versi, {}, changed, user=users[0])
    with pytest.raises(EditConflict, match="Indikator «Jumlah dokumen» pada baris 2.08.02.2.01.0001 telah diubah "
                                           "oleh Ani Operator"):
        save_row(sub1, sub1.versi, {"lokasi": "Baru"}, [dict(items[0], target_n_teks="9 Dokumen")], user=users[1])
    assert fresh(sub1).lokasi == "Kota Uji"
    assert sub1.indikator.get(pk=items[0]["id"]).target_n == 3


def test_a_row_deleted_meanwhile_is_a_conflict(plan, users):
    sub2 = plan[4]
    delete_row(sub2, user=users[0])
    with pytest.raises(EditConflict, match="telah dihapus oleh Ani Operator"):
        save_row(sub2, 1, {"pagu_n": "1"}, user=users[1])


@pytest.mark.parametrize("text, why", [("12.5OO", "bukan angka"), ("-5.000", "tidak boleh negatif"),
                                       ("1,5", "koma")])
def test_an_unreadable_amount_refuses_the_whole_save(plan, users, text, why):
    sub1 = plan[3]
    before = (sub1.pagu_n, sub1.pagu_n1, sub1.lokasi, sub1.versi, sub1.history.count())
    items = indicator_items(sub1)
    items[0]["target_n_teks"] = "5 Dokumen"
    with pytest.raises(InvalidEdit) as refused:
        save_row(sub1, sub1.versi, {"pagu_n": text, "pagu_n1": "120.000.000", "lokasi": "Di tempat lain"}, items,
                 user=users[0])
    message = str(refused.value)
    assert "pagu tahun n:" in message and f"«{text}»" in message and why in message
    assert list(refused.value.fields) == ["pagu_n"]
    sub1 = fresh(sub1)
    assert (sub1.pagu_n, sub1.pagu_n1, sub1.lokasi, sub1.versi, sub1.history.count()) == before
    assert sub1.indikator.get(pk=items[0]["id"]).target_n == 2


def test_a_blank_amount_is_no_amount(plan, users):
    sub2 = plan[4]
    save_row(sub2, sub2.versi, {"pagu_n1": ""}, user=users[0])
    sub2 = fresh(sub2)
    assert (sub2.pagu_n1, sub2.pagu_n1_teks) == (None, "")


def test_money_is_refused_on_a_program(plan, users):
    program = plan[1]
    with pytest.raises(InvalidEdit, match="hanya diisi pada sub kegiatan"):
        save_row(program, program.versi, {"pagu_n": "5"}, user=users[0])


def test_indicators_are_added_updated_and_deleted(plan, users):
    renja, sub1 = plan[0], plan[3]
    first, second = indicator_items(sub1)
    first.update(target_n_teks="46 %", target_n1_teks="50", polaritas="negatif")
    second.update(uraian="  ")  # blank: delete
    new = {"id": "", "versi": "", "uraian": "Jumlah peserta", "polaritas": "positif",
           "target_n_teks": "120 Orang", "target_n1_teks": "130 Orang"}
    skipped = {"id": "", "versi": "", "uraian": "", "polaritas": "positif", "target_n_teks": "1",
               "target_n1_teks": ""}
    save_row(sub1, sub1.versi, {}, [first, second, new, skipped], user=users[0])

    kept = list(sub1.indikator.order_by("urutan"))
    assert [i.uraian for i in kept] == ["Jumlah dokumen", "Jumlah peserta"]
    updated, added = kept
    assert (updated.target_n, updated.target_n_satuan, updated.polaritas) == (Decimal(46), "%", "negatif")
    # a target written without a unit keeps the indicator's unit
    assert (updated.target_n1, updated.target_n1_satuan) == (Decimal(50), "Dokumen")
    assert updated.versi == 2
    assert (added.target_n, added.target_n_satuan, added.target_n1, added.urutan) == (120, "Orang", 130, 2)
    assert fresh(sub1).versi == 1  # the row's own fields did not change
    deleted = Indikator.history.filter(id=second["id"]).first()
    assert deleted.history_type == "-" and deleted.history_user == users[0]
    assert updated.history.first().history_user == users[0]
    view_indicators = build_view(renja).subs()[0].indicators
    assert [i.target_n.nilai for i in view_indicators] == [Decimal(46), Decimal(120)]


def test_an_invalid_indicator_refuses_everything(plan, users):
    sub1 = plan[3]
    first, second = indicator_items(sub1)
    first.update(target_n_teks="10 Dokumen")
    second.update(polaritas="sedang")
    with pytest.raises(InvalidEdit, match="polaritas «sedang» tidak dikenal"):
        save_row(sub1, sub1.versi, {"pagu_n": "1.000"}, [first, second], user=users[0])
    assert fresh(sub1).pagu_n == 100_000_000
    assert sub1.indikator.get(pk=first["id"]).target_n == 2


def test_sumber_dana_are_linked_and_written_out(plan, users):
    sub1 = plan[3]
    dau = SumberDana.objects.create(kode="1.2.01", nama="DAU")
    pad = SumberDana.objects.create(kode="1.1.01", nama="PAD")
    save_row(sub1, sub1.versi, {"sumber_dana": [str(pad.pk), dau.pk]}, user=users[0])
    sub1 = fresh(sub1)
    assert set(sub1.sumber_dana.all()) == {dau, pad}
    assert sub1.sumber_dana_teks == "PAD, DAU"
    record = sub1.history.first()
    assert record.history_user == users[0] and {s.sumberdana_id for s in record.sumber_dana.all()} == {dau.pk, pad.pk}
    assert sub1.history.count() == 2  # created, then this one save (not one record per link)
    with pytest.raises(InvalidEdit, match="sumber dana: pilihan 999999 tidak dikenal"):
        save_row(sub1, sub1.versi, {"sumber_dana": [999999], "lokasi": "X"}, user=users[0])
    assert fresh(sub1).lokasi == "Kota Uji"


def test_a_plan_that_is_not_editable_refuses_saves_adds_and_deletes(plan, users):
    renja, sub1 = plan[0], plan[3]
    Renja.objects.filter(pk=renja.pk).update(status=Renja.Status.DITETAPKAN)
    with pytest.raises(InputRefused, match="berstatus Ditetapkan"):
        save_row(sub1, sub1.versi, {"pagu_n": "1"}, user=users[0])
    with pytest.raises(InputRefused, match="berstatus Ditetapkan"):
        delete_row(sub1, user=users[0])
    assert fresh(sub1).pagu_n == 100_000_000


def test_delete_a_sub_kegiatan_but_not_a_kegiatan_with_rows(plan, users):
    renja, program, kegiatan, sub1, sub2 = plan
    with pytest.raises(InputRefused, match="masih memiliki 2 sub kegiatan"):
        delete_row(kegiatan, user=users[0])
    with pytest.raises(EditConflict):
        delete_row(sub2, expected_versi=sub2.versi + 1, user=users[0])
    delete_row(sub2, expected_versi=sub2.versi, user=users[0])
    assert not SubKegiatan.objects.filter(pk=sub2.pk).exists()
    assert build_view(renja).total_n == 100_000_000
    delete_row(sub1, user=users[0])
    assert not Indikator.objects.filter(sub_kegiatan_id=sub1.pk).exists()
    delete_row(kegiatan, user=users[0])
    delete_row(program, user=users[0])
    assert not renja.program.exists()


# --- the nomenclature ------------------------------------------------------------------------------------------


def nomenclature(versi_name="Kepmendagri uji", resmi=True, jenis="kabkot"):
    """A tiny official nomenclature: one program with one kegiatan and two sub kegiatan, and another
    program's sub kegiatan."""
    versi = NomenklaturVersi.objects.create(nama=versi_name, resmi=resmi)

    def entry(tingkat, kode, nama, induk=None, **extra):
        return Nomenklatur.objects.create(versi=versi, jenis_pemda=jenis, tingkat=tingkat, kode=kode, nama=nama,
                                          induk=induk, **extra)

    bidang = entry("bidang_urusan", "2.08", "Pemberdayaan Perempuan dan Perlindungan Anak")
    program = entry("program", "2.08.05", "Program Perlindungan Khusus Anak", bidang)
    kegiatan = entry("kegiatan", "2.08.05.2.01", "Pencegahan Kekerasan terhadap Anak", program)
    subs = [
        entry("sub_kegiatan", "2.08.05.2.01.0001", "Advokasi Kebijakan Pencegahan Kekerasan terhadap Anak",
              kegiatan, indikator="Jumlah Dokumen Hasil Advokasi", satuan="Dokumen"),
        entry("sub_kegiatan", "2.08.05.2.01.0002", "Sosialisasi Pencegahan Kekerasan terhadap Anak", kegiatan),
    ]
    gender = entry("program", "2.08.02", "Program Pengarusutamaan Gender", bidang)
    pug = entry("kegiatan", "2.08.02.2.01", "Pelembagaan PUG", gender)
    subs.append(entry("sub_kegiatan", "2.08.02.2.01.0001", "Koordinasi PUG", pug))
    subs.append(entry("sub_kegiatan", "2.08.02.2.01.0005", "Penyusunan Profil Gender", pug))
    return versi, subs


def test_add_sub_kegiatan_creates_its_kegiatan_and_program_from_the_nomenclature(plan, users):
    renja = plan[0]
    versi, subs = nomenclature()
    added = add_sub_kegiatan(renja, subs[0], user=users[0])
    assert (added.kode, added.kode_asli, added.nama, added.nomenklatur) == (
        "2.08.05.2.01.0001", "2.08.05.2.01.0001", subs[0].nama, subs[0])
    kegiatan, program = added.kegiatan, added.kegiatan.program
    assert (kegiatan.kode, kegiatan.nama, kegiatan.nomenklatur) == ("2.08.05.2.01",
                                                                     "Pencegahan Kekerasan terhadap Anak",
                                                                     subs[0].induk)
    assert (program.kode, program.nama, program.renja) == ("2.08.05", "Program Perlindungan Khusus Anak", renja)
    assert program.urutan > plan[1].urutan  # after the last program
    (indicator,) = added.indikator.all()
    assert (indicator.uraian, indicator.target_n_teks, indicator.target_n_satuan, indicator.target_n1_satuan) == (
        "Jumlah Dokumen Hasil Advokasi", "", "Dokumen", "Dokumen")
    assert added.history.first().history_user == users[0]

    second = add_sub_kegiatan(renja, subs[1], user=users[0])
    assert second.kegiatan == kegiatan and not second.indikator.exists()
    assert second.urutan > added.urutan
    assert renja.program.count() == 2 and Kegiatan.objects.filter(program__renja=renja).count() == 2

    # an existing kegiatan of the plan is found by its code
    third = add_sub_kegiatan(renja, subs[3], user=users[0])
    assert third.kegiatan == plan[2] and third.urutan == plan[4].urutan + 1
    view = build_view(renja)
    assert [n.code for n in view.nodes("sub_kegiatan")] == [
        "2.08.02.2.01.0001", "2.08.02.2.01.0002", "2.08.02.2.01.0005", "2.08.05.2.01.0001", "2.08.05.2.01.0002"]


def test_add_sub_kegiatan_refuses_a_code_already_in_the_plan(plan, users):
    renja = plan[0]
    _, subs = nomenclature()
    with pytest.raises(InputRefused, match="2.08.02.2.01.0001 Koordinasi PUG sudah ada dalam Renja ini"):
        add_sub_kegiatan(renja, subs[2], user=users[0])
    with pytest.raises(InputRefused, match="bukan sub kegiatan"):
        add_sub_kegiatan(renja, subs[0].induk, user=users[0])
    Renja.objects.filter(pk=renja.pk).update(status=Renja.Status.DIAJUKAN)
    with pytest.raises(InputRefused, match="berstatus Diajukan"):
        add_sub_kegiatan(renja, subs[0], user=users[0])
    assert SubKegiatan.objects.filter(kegiatan__program__renja=renja).count() == 2


def test_search_by_code_prefix_and_by_every_word(plan):
    renja = plan[0]
    nomenclature()
    assert [h.entry.kode for h in search_nomenclature(renja, "2.08.05")] == ["2.08.05.2.01.0001",
                                                                            "2.08.05.2.01.0002"]
    hits = search_nomenclature(renja, "kekerasan ANAK sosialisasi")
    assert [h.entry.kode for h in hits] == ["2.08.05.2.01.0002"]
    hits = search_nomenclature(renja, "2.08.02.2.01")
    assert [(h.entry.kode, h.in_plan) for h in hits] == [("2.08.02.2.01.0001", True), ("2.08.02.2.01.0005", False)]
    assert search_nomenclature(renja, "kekerasan", limit=1)[0].entry.kode == "2.08.05.2.01.0001"
    assert search_nomenclature(renja, "   ") == []
    assert search_nomenclature(renja, "tidak ada kata ini") == []


def test_search_prefers_the_newest_official_version_of_the_plans_kind_of_pemda(plan):
    renja = plan[0]
    # the plan's own version (entries known from loaded plans) is used while no official one is loaded
    Nomenklatur.objects.create(versi=renja.nomenklatur, jenis_pemda="kabkot", tingkat="sub_kegiatan",
                               kode="2.08.02.2.01.0003", nama="Kampanye Gender", dari_rencana=True)
    assert [h.entry.kode for h in search_nomenclature(renja, "gender")] == ["2.08.02.2.01.0003"]
    nomenclature("Versi provinsi", jenis="prov")  # not for a kota
    assert [h.entry.kode for h in search_nomenclature(renja, "gender")] == ["2.08.02.2.01.0003"]
    _, subs = nomenclature("Versi resmi kab/kota")
    assert [h.entry.pk for h in search_nomenclature(renja, "gender")] == [subs[3].pk]

"""Entering realisation: per sub kegiatan and quarter, per indicator and quarter, spending per account.
Every refusal changes nothing; every save is recorded in the history with who made it."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from renja.core.errors import InputRefused
from renja.monitoring import entry
from renja.monitoring.models import BelanjaSubKegiatan, RealisasiIndikator, RealisasiSubKegiatan
from renja.organizations.models import Pemda, PerangkatDaerah
from renja.plans.editing import EditConflict, InvalidEdit
from renja.plans.models import Indikator, Kegiatan, Program, Renja, SubKegiatan
from renja.reference.models import AkunBelanja

pytestmark = pytest.mark.django_db

D = Decimal
M = 1_000_000


@pytest.fixture
def plan():
    """A plan in force: one program, one kegiatan, sub kegiatan A (pagu 100.000.000) and B (pagu unreadable);
    an indicator on A and one on the program."""
    pemda = Pemda.objects.create(kode="99.01", nama="Kota Uji", jenis="kota")
    pd = PerangkatDaerah.objects.create(pemda=pemda, kode="1.01", nama="Dinas Uji")
    renja = Renja.objects.create(perangkat_daerah=pd, tahun=2026, status=Renja.Status.DITETAPKAN)
    program = Program.objects.create(renja=renja, kode="1.01.02", nama="Program Uji", urutan=1)
    kegiatan = Kegiatan.objects.create(program=program, kode="1.01.02.1.01", nama="Kegiatan Uji", urutan=1)
    a = SubKegiatan.objects.create(kegiatan=kegiatan, kode="1.01.02.1.01.0001", nama="Sub A", pagu_n=100 * M,
                                   urutan=1)
    b = SubKegiatan.objects.create(kegiatan=kegiatan, kode="1.01.02.1.01.0002", nama="Sub B", pagu_n=None,
                                   pagu_n_teks="seratus juta", urutan=2)
    dokumen = Indikator.objects.create(sub_kegiatan=a, uraian="Jumlah dokumen yang disusun", target_n=D(12),
                                       target_n_teks="12 Dokumen", target_n_satuan="Dokumen")
    persen = Indikator.objects.create(program=program, uraian="Persentase capaian program", target_n=D(80),
                                      target_n_teks="80 %", target_n_satuan="%")
    ani = User.objects.create_user("ani", first_name="Ani", last_name="Operator")
    budi = User.objects.create_user("budi", first_name="Budi", last_name="Santoso")
    return {"renja": renja, "program": program, "kegiatan": kegiatan, "a": a, "b": b, "dokumen": dokumen,
            "persen": persen, "ani": ani, "budi": budi}


def snapshot():
    return (list(RealisasiSubKegiatan.objects.order_by("id").values()),
            list(RealisasiIndikator.objects.order_by("id").values()),
            list(BelanjaSubKegiatan.objects.order_by("id").values()),
            RealisasiSubKegiatan.history.count(), RealisasiIndikator.history.count(),
            BelanjaSubKegiatan.history.count())


# --- a sub kegiatan's quarter ------------------------------------------------------------------------------------


def test_first_save_creates_the_quarter_keeping_the_text_and_records_history(plan):
    saved = entry.save_realisation(plan["a"], 2, {
        "rencana_keuangan": "30.000.000", "keuangan": "Rp 12.500.000", "fisik": "45,5",
        "faktor_pendorong": "  Koordinasi baik ", "faktor_penghambat": "Hujan", "tindak_lanjut": "Lembur"},
        versi=0, user=plan["ani"])
    saved.refresh_from_db()
    assert (saved.triwulan, saved.rencana_keuangan, saved.keuangan, saved.keuangan_teks) == (
        2, 30 * M, 12_500_000, "Rp 12.500.000")
    assert (saved.fisik, saved.fisik_teks) == (D("45.50"), "45,5")
    assert (saved.faktor_pendorong, saved.faktor_penghambat, saved.tindak_lanjut) == (
        "Koordinasi baik", "Hujan", "Lembur")
    assert saved.versi == 1
    record = saved.history.get()
    assert record.history_type == "+" and record.history_user == plan["ani"]
    assert record.history_change_reason == "Realisasi Triwulan II dicatat"


def test_update_increments_versi_and_keeps_unlisted_fields(plan):
    entry.save_realisation(plan["a"], 1, {"keuangan": "10.000.000", "fisik": "20"}, None, user=plan["ani"])
    saved = entry.save_realisation(plan["a"], 1, {"fisik": "25"}, 1, user=plan["budi"])
    saved.refresh_from_db()
    assert (saved.keuangan, saved.fisik, saved.versi) == (10 * M, D(25), 2)
    records = list(saved.history.order_by("history_id"))
    assert [r.history_type for r in records] == ["+", "~"]
    assert records[-1].history_user == plan["budi"] and records[-1].fisik == D(25) and records[0].fisik == D(20)


def test_nothing_entered_creates_nothing_and_unchanged_values_do_not_bump_versi(plan):
    assert entry.save_realisation(plan["a"], 3, {"keuangan": "", "fisik": " ", "tindak_lanjut": ""}, 0) is None
    assert not RealisasiSubKegiatan.objects.exists()
    entry.save_realisation(plan["a"], 3, {"keuangan": "5.000.000"}, 0)
    again = entry.save_realisation(plan["a"], 3, {"keuangan": "5.000.000"}, 1)
    assert again.versi == 1 and again.history.count() == 1


def test_blank_amount_or_fisik_means_not_reported(plan):
    entry.save_realisation(plan["a"], 1, {"keuangan": "10.000.000", "fisik": "20"}, 0)
    saved = entry.save_realisation(plan["a"], 1, {"keuangan": "", "fisik": "-"}, 1)
    saved.refresh_from_db()
    assert (saved.keuangan, saved.keuangan_teks, saved.fisik, saved.fisik_teks) == (None, "", None, "")


def test_a_stale_version_is_a_conflict_naming_who_saved_first(plan):
    entry.save_realisation(plan["a"], 1, {"keuangan": "10.000.000"}, 0, user=plan["ani"])
    entry.save_realisation(plan["a"], 1, {"keuangan": "11.000.000"}, 1, user=plan["ani"])
    before = snapshot()
    with pytest.raises(EditConflict) as caught:
        entry.save_realisation(plan["a"], 1, {"keuangan": "12.000.000"}, 1, user=plan["budi"])
    message = caught.value.errors[0]
    assert message.startswith(
        "Realisasi Triwulan I sub kegiatan 1.01.02.1.01.0001 telah diubah oleh Ani Operator pada ")
    assert "Perubahan Anda tidak disimpan" in message
    assert caught.value.changed_by == plan["ani"]
    assert snapshot() == before


def test_creating_a_quarter_someone_else_created_meanwhile_is_a_conflict(plan):
    entry.save_realisation(plan["a"], 4, {"fisik": "10"}, 0, user=plan["ani"])
    with pytest.raises(EditConflict) as caught:
        entry.save_realisation(plan["a"], 4, {"fisik": "20"}, None, user=plan["budi"])  # opened when there was none
    assert "telah dicatat oleh Ani Operator" in caught.value.errors[0]
    assert RealisasiSubKegiatan.objects.get().fisik == D(10)


def test_unreadable_values_are_refused_each_naming_its_field(plan):
    with pytest.raises(InvalidEdit) as caught:
        entry.save_realisation(plan["a"], 2, {"rencana_keuangan": "12,5 juta", "keuangan": "1.2345",
                                              "fisik": "120"}, 0)
    fields = caught.value.fields
    assert set(fields) == {"rencana_keuangan", "keuangan", "fisik"}
    assert fields["rencana_keuangan"][0].startswith(
        "Sub kegiatan 1.01.02.1.01.0001, Triwulan II, rencana keuangan: «12,5 juta» tidak dapat dibaca sebagai rupiah")
    assert "realisasi keuangan: «1.2345»" in fields["keuangan"][0]
    assert fields["fisik"] == ["Sub kegiatan 1.01.02.1.01.0001, Triwulan II, realisasi fisik: «120» di luar 0 "
                               "sampai 100 %."]
    assert not RealisasiSubKegiatan.objects.exists()


@pytest.mark.parametrize("text, expected", [("-5", "«-5» di luar 0 sampai 100 %"),
                                             ("33,333", "lebih dari dua angka di belakang koma"),
                                             ("sebagian", "tidak dapat dibaca sebagai persen")])
def test_fisik_refusals(plan, text, expected):
    with pytest.raises(InvalidEdit) as caught:
        entry.save_realisation(plan["a"], 1, {"fisik": text}, 0)
    assert expected in caught.value.fields["fisik"][0]


def test_fisik_is_cumulative_and_cannot_go_down(plan):
    entry.save_realisation(plan["a"], 1, {"fisik": "40"}, 0)
    entry.save_realisation(plan["a"], 3, {"fisik": "70,5"}, 0)
    with pytest.raises(InvalidEdit) as caught:
        entry.save_realisation(plan["a"], 2, {"fisik": "30"}, 0)
    assert caught.value.fields["fisik"] == [
        "Sub kegiatan 1.01.02.1.01.0001, Triwulan II: realisasi fisik 30 % lebih rendah dari realisasi fisik "
        "kumulatif Triwulan I (40 %). Realisasi fisik dicatat kumulatif sampai akhir triwulan dan tidak dapat "
        "turun; tulis paling sedikit 40 %."]
    with pytest.raises(InvalidEdit) as caught:
        entry.save_realisation(plan["a"], 2, {"fisik": "75"}, 0)
    assert caught.value.fields["fisik"] == [
        "Sub kegiatan 1.01.02.1.01.0001, Triwulan II: realisasi fisik 75 % lebih tinggi dari realisasi fisik "
        "kumulatif Triwulan III (70,5 %) yang sudah dicatat. Realisasi fisik dicatat kumulatif; ubah dulu "
        "realisasi Triwulan III, atau tulis paling banyak 70,5 %."]
    # equal to the neighbours is no decrease; between them is fine
    assert entry.save_realisation(plan["a"], 2, {"fisik": "40"}, 0).fisik == D(40)
    assert entry.save_realisation(plan["a"], 2, {"fisik": "70,5"}, 1).fisik == D("70.5")
    # lowering Triwulan I below nothing is fine; raising it above Triwulan II is not
    with pytest.raises(InvalidEdit):
        entry.save_realisation(plan["a"], 1, {"fisik": "71"}, 1)
    # a quarter without fisik does not block: TW IV with 0 fisik missing in TW II would be compared with TW III
    with pytest.raises(InvalidEdit) as caught:
        entry.save_realisation(plan["a"], 4, {"fisik": "50"}, 0)
    assert "Triwulan III (70,5 %)" in caught.value.fields["fisik"][0]


def test_the_years_spending_may_not_exceed_the_pagu(plan):
    entry.save_realisation(plan["a"], 1, {"keuangan": "60.000.000"}, 0)
    entry.save_realisation(plan["a"], 3, {"keuangan": "15.000.000"}, 0)
    before = snapshot()
    with pytest.raises(InvalidEdit) as caught:
        entry.save_realisation(plan["a"], 2, {"keuangan": "30.000.000"}, 0)
    # 60 + 30 + 15 = 105 juta > 100 juta by 5 juta
    assert caught.value.fields["keuangan"] == [
        "Sub kegiatan 1.01.02.1.01.0001, Triwulan II: jumlah realisasi keuangan setahun menjadi Rp 105.000.000 "
        "(TW I 60.000.000 + TW II 30.000.000 + TW III 15.000.000), melebihi pagu sub kegiatan Rp 100.000.000 "
        "sebesar Rp 5.000.000."]
    assert snapshot() == before
    # exactly the pagu is allowed
    assert entry.save_realisation(plan["a"], 2, {"keuangan": "25.000.000"}, 0).keuangan == 25 * M
    # the planned spending (anggaran kas) is held to the pagu as well
    with pytest.raises(InvalidEdit) as caught:
        entry.save_realisation(plan["a"], 4, {"rencana_keuangan": "100.000.001"}, 0)
    assert "jumlah rencana keuangan setahun menjadi Rp 100.000.001" in caught.value.fields["rencana_keuangan"][0]


def test_spending_on_a_sub_kegiatan_with_an_unreadable_pagu_is_refused(plan):
    with pytest.raises(InvalidEdit) as caught:
        entry.save_realisation(plan["b"], 1, {"keuangan": "1.000"}, 0)
    assert "pagu sub kegiatan ini belum terbaca («seratus juta»)" in caught.value.fields["keuangan"][0]
    assert entry.save_realisation(plan["b"], 1, {"fisik": "10"}, 0).fisik == D(10)


def test_realisation_is_entered_only_on_a_plan_in_force(plan):
    Renja.objects.filter(pk=plan["renja"].pk).update(status=Renja.Status.DIVERIFIKASI)
    for call in (lambda: entry.save_realisation(plan["a"], 1, {"fisik": "10"}, 0),
                 lambda: entry.save_indicator_realisation(plan["dokumen"], 1, "3", 0),
                 lambda: entry.save_spending(plan["a"], [{"kode_rekening": "5.1.02", "anggaran": "1"}])):
        with pytest.raises(InputRefused) as caught:
            call()
        assert caught.value.errors == ["Renja ini berstatus Diverifikasi: realisasi hanya dicatat pada Renja yang "
                                       "telah Ditetapkan."]
    assert snapshot() == ([], [], [], 0, 0, 0)


def test_an_unknown_quarter_is_refused(plan):
    with pytest.raises(InvalidEdit, match="Triwulan «5» tidak dikenal"):
        entry.save_realisation(plan["a"], 5, {"fisik": "10"}, 0)


# --- indicators --------------------------------------------------------------------------------------------------


def test_indicator_realisation_keeps_the_text_and_reads_the_number(plan):
    saved = entry.save_indicator_realisation(plan["persen"], 2, " 45,5 % ", 0, user=plan["ani"])
    saved.refresh_from_db()
    assert (saved.teks, saved.nilai, saved.versi) == ("45,5 %", D("45.5"), 1)
    assert saved.history.get().history_user == plan["ani"]
    updated = entry.save_indicator_realisation(plan["persen"], 2, "50 %", 1)
    assert (updated.nilai, updated.versi) == (D(50), 2)
    same = entry.save_indicator_realisation(plan["persen"], 2, "50 %", 2)
    assert same.versi == 2 and same.history.count() == 2


@pytest.mark.parametrize("text, reason", [("banyak", "tidak berisi angka"),
                                          ("11 Kecamatan 62 Kelurahan", "majemuk (lebih dari satu angka)"),
                                          ("-3", "angka negatif tidak dapat dicatat")])
def test_unreadable_indicator_realisation_is_refused(plan, text, reason):
    with pytest.raises(InvalidEdit) as caught:
        entry.save_indicator_realisation(plan["dokumen"], 1, text, 0)
    assert caught.value.errors == [
        f"Indikator «Jumlah dokumen yang disusun», Triwulan I: realisasi «{text}» tidak dapat dibaca ({reason}). "
        "Tulis satu angka, boleh dengan satuannya, misalnya «45 %» atau «12 Dokumen»."]
    assert "teks" in caught.value.fields
    assert not RealisasiIndikator.objects.exists()


def test_blank_indicator_realisation_clears_the_quarter_with_history(plan):
    entry.save_indicator_realisation(plan["dokumen"], 3, "4 Dokumen", 0, user=plan["ani"])
    assert entry.save_indicator_realisation(plan["dokumen"], 3, "", 1, user=plan["budi"]) is None
    assert not RealisasiIndikator.objects.exists()
    deleted = RealisasiIndikator.history.order_by("-history_id").first()
    assert deleted.history_type == "-" and deleted.history_user == plan["budi"]
    # clearing what is not there does nothing
    assert entry.save_indicator_realisation(plan["dokumen"], 3, " ", 0) is None


def test_indicator_conflicts(plan):
    entry.save_indicator_realisation(plan["dokumen"], 1, "2", 0, user=plan["ani"])
    with pytest.raises(EditConflict) as caught:
        entry.save_indicator_realisation(plan["dokumen"], 1, "3", 0, user=plan["budi"])
    assert caught.value.errors[0].startswith(
        "Realisasi Triwulan I indikator «Jumlah dokumen yang disusun» telah dicatat oleh Ani Operator pada ")
    entry.save_indicator_realisation(plan["dokumen"], 1, "", 1, user=plan["ani"])
    with pytest.raises(EditConflict) as caught:
        entry.save_indicator_realisation(plan["dokumen"], 1, "3", 1, user=plan["budi"])
    assert "telah dihapus oleh Ani Operator" in caught.value.errors[0]


def test_a_row_with_one_bad_indicator_saves_nothing(plan):
    before = snapshot()
    with pytest.raises(InvalidEdit) as caught:
        entry.save_row_realisation(plan["a"], 1, {"keuangan": "10.000.000", "fisik": "101"}, 0, indicators=[
            {"id": plan["dokumen"].pk, "teks": "dua", "versi": 0}], user=plan["ani"])
    assert set(caught.value.fields) == {"fisik", ("indikator", plan["dokumen"].pk, "teks")}
    assert len(caught.value.errors) == 2
    # valid sub kegiatan values but a bad indicator: the values saved first are undone
    with pytest.raises(InvalidEdit):
        entry.save_row_realisation(plan["a"], 1, {"keuangan": "10.000.000", "fisik": "10"}, 0, indicators=[
            {"id": plan["dokumen"].pk, "teks": "dua", "versi": 0}], user=plan["ani"])
    assert snapshot() == before
    # an indicator of another row is refused
    with pytest.raises(InvalidEdit, match="bukan indikator baris 1.01.02.1.01.0001"):
        entry.save_row_realisation(plan["a"], 1, indicators=[{"id": plan["persen"].pk, "teks": "1", "versi": 0}])
    entry.save_row_realisation(plan["a"], 1, {"keuangan": "10.000.000", "fisik": "10"}, 0, indicators=[
        {"id": plan["dokumen"].pk, "teks": "2 Dokumen", "versi": 0}], user=plan["ani"])
    assert RealisasiSubKegiatan.objects.get().keuangan == 10 * M
    assert RealisasiIndikator.objects.get().nilai == D(2)


# --- spending per account ------------------------------------------------------------------------------------


def account(kode, anggaran, *tw, uraian="", **extra):
    row = {"kode_rekening": kode, "uraian": uraian, "anggaran": anggaran}
    row.update({f"realisasi_tw{q}": v for q, v in enumerate(tw, start=1)})
    row.update(extra)
    return row


def test_spending_accounts_are_added_linked_updated_and_deleted(plan):
    akun = AkunBelanja.objects.create(kode="5.1.02.01.01.0024", nama="Belanja Alat Tulis Kantor")
    saved = entry.save_spending(plan["a"], [
        account("5.1.02.01.01.0024", "40.000.000", "5.000.000", "10.000.000", uraian="ATK"),
        account("5.1.02.02.01.0026", "20.000.000"),
        account("", "", ""),  # a blank new line
    ], user=plan["ani"])
    assert [(b.kode_rekening, b.anggaran, b.realisasi, b.akun_id, b.versi) for b in saved] == [
        ("5.1.02.01.01.0024", 40 * M, 15 * M, akun.pk, 1), ("5.1.02.02.01.0026", 20 * M, 0, None, 1)]
    assert saved[0].history.get().history_user == plan["ani"]
    atk, honor = saved
    saved = entry.save_spending(plan["a"], [
        {**account("5.1.02.01.01.0024", "40.000.000", "5.000.000", "10.000.000", "7.500.000", uraian="ATK"),
         "id": atk.pk, "versi": 1},
        {**account("5.1.02.02.01.0026", "20.000.000"), "id": honor.pk, "versi": 1, "hapus": True},
    ])
    assert [(b.kode_rekening, b.realisasi_tw3, b.realisasi, b.versi) for b in saved] == [
        ("5.1.02.01.01.0024", 7_500_000, 22_500_000, 2)]
    assert BelanjaSubKegiatan.history.filter(id=honor.pk, history_type="-").exists()


def test_spending_refusals_change_nothing(plan):
    entry.save_spending(plan["a"], [account("5.1.02.01.01.0024", "60.000.000")])
    before = snapshot()
    with pytest.raises(InvalidEdit) as caught:
        entry.save_spending(plan["a"], [
            account("5.1.2.x", "1.000"),
            account("4.1.01", "1.000"),
            account("5.1.02.02.01.0026", "10.000.000", "6.000.000", "5.000.000"),
            account("", "5.000", uraian="tanpa kode"),
            account("5.2.02", ""),
        ])
    fields = caught.value.fields
    assert fields[("belanja", 0, "kode_rekening")] == [
        "Sub kegiatan 1.01.02.1.01.0001, rekening 5.1.2.x: kode rekening «5.1.2.x» tidak sesuai format: angka "
        "yang dipisah titik dan diawali 5 (belanja), misalnya 5.1.02.01.01.0024."]
    assert ("belanja", 1, "kode_rekening") in fields
    assert fields[("belanja", 2, "realisasi_tw1")] == [
        "Sub kegiatan 1.01.02.1.01.0001, rekening 5.1.02.02.01.0026: realisasi setahun Rp 11.000.000 "
        "(TW I 6.000.000 + TW II 5.000.000) melebihi anggaran rekening ini Rp 10.000.000 sebesar Rp 1.000.000."]
    assert fields[("belanja", 3, "kode_rekening")] == [
        "Sub kegiatan 1.01.02.1.01.0001, baris rekening ke-4: kode rekening wajib diisi."]
    assert fields[("belanja", 4, "anggaran")] == [
        "Sub kegiatan 1.01.02.1.01.0001, rekening 5.2.02: anggaran wajib diisi (tulis 0 bila tidak ada)."]
    assert snapshot() == before


def test_accounts_may_not_exceed_the_pagu_nor_repeat_a_code(plan):
    entry.save_spending(plan["a"], [account("5.1.02.01.01.0024", "60.000.000")])
    before = snapshot()
    with pytest.raises(InvalidEdit) as caught:
        entry.save_spending(plan["a"], [account("5.1.02.02.01.0026", "45.000.000")])
    # 60 + 45 = 105 juta > 100 juta
    assert caught.value.fields["total"] == [
        "Sub kegiatan 1.01.02.1.01.0001: jumlah anggaran per rekening menjadi Rp 105.000.000, melebihi pagu sub "
        "kegiatan Rp 100.000.000 sebesar Rp 5.000.000."]
    with pytest.raises(InvalidEdit) as caught:
        entry.save_spending(plan["a"], [account("5.1.02.01.01.0024", "1.000")])
    assert caught.value.fields["total"] == [
        "Sub kegiatan 1.01.02.1.01.0001: kode rekening 5.1.02.01.01.0024 tercantum 2 kali; satu rekening dicatat "
        "sekali."]
    assert snapshot() == before
    assert len(entry.save_spending(plan["a"], [account("5.1.02.02.01.0026", "40.000.000")])) == 2


def test_spending_conflicts(plan):
    [atk] = entry.save_spending(plan["a"], [account("5.1.02.01.01.0024", "60.000.000")], user=plan["ani"])
    entry.save_spending(plan["a"], [{**account("5.1.02.01.01.0024", "50.000.000"), "id": atk.pk, "versi": 1}],
                        user=plan["ani"])
    with pytest.raises(EditConflict) as caught:
        entry.save_spending(plan["a"], [{**account("5.1.02.01.01.0024", "55.000.000"), "id": atk.pk, "versi": 1}],
                            user=plan["budi"])
    assert caught.value.errors[0].startswith(
        "Rekening 5.1.02.01.01.0024 sub kegiatan 1.01.02.1.01.0001 telah diubah oleh Ani Operator pada ")
    assert BelanjaSubKegiatan.objects.get().anggaran == 50 * M

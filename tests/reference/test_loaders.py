"""The reference-data loaders (renja/reference/loaders.py) on small workbooks built here, and on the official
nomenclature export when it is at hand (it lives outside the repository and is never committed)."""

import os
import time
from pathlib import Path

import openpyxl
import pytest

from renja.reference import loaders
from renja.reference.loaders import ReferenceLoadError
from renja.reference.models import (
    AkunBelanja,
    Nomenklatur,
    NomenklaturVersi,
    SumberDana,
)

NOMENKLATUR_HEADER = [
    "JENIS PEMDA", "BIDANG", "PROGRAM", "KEGIATAN", "SUBKEGIATAN", "KINERJA", "INDIKATOR", "SATUAN", "TAG",
    "DEFINISI OPERASIONAL", "PELAKSANA", "SPM", "JENIS", "SUBKEGIATAN SEBELUMNYA",
]
BIDANG = "2.08 URUSAN PEMERINTAHAN BIDANG PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK"
PROGRAM = "2.08.02 PROGRAM PENGARUSUTAMAAN GENDER DAN PEMBERDAYAAN PEREMPUAN"
KEGIATAN_PROV = "2.08.02.1.01 Pelembagaan Pengarusutamaan Gender (PUG) pada Lembaga Pemerintah Kewenangan Provinsi"
KEGIATAN_KAB = "2.08.02.2.01 Pelembagaan Pengarusutamaan Gender (PUG) pada Lembaga Pemerintah Kewenangan Kabupaten/Kota"


def row(jenis, bidang, program, kegiatan, sub, kinerja="", indikator="", satuan="", spm="NON-SPM",
        sebelumnya=None):
    return [jenis, bidang, program, kegiatan, sub, kinerja, indikator, satuan, "[null]", "definisi", "bidang",
            spm, "Layanan", sebelumnya]


GOOD_ROWS = [
    row("PROV", BIDANG, PROGRAM, KEGIATAN_PROV,
        "2.08.02.1.01.0009 Monitoring,  Evaluasi, dan Pelaporan   PUG Kewenangan Provinsi ",
        "Terlaksananya monitoring PUG", "Jumlah laporan\nmonitoring PUG ", "Laporan ", spm="SPM"),
    row("KABKOT", BIDANG, PROGRAM, KEGIATAN_KAB,
        "2.08.02.2.01.0015 Advokasi dan sosialisasi terkait penyelenggaraan PUG kewenangan Kab/Kota",
        "Terlaksananya advokasi PUG", "Jumlah pemangku kepentingan yang mendapatkan advokasi", "Lembaga",
        sebelumnya="2.08.02.2.01.0013 Advokasi dan sosialisasi penyelenggaraan PUG kewenangan Kabupaten/Kota"),
    row("KABKOT", BIDANG, PROGRAM, KEGIATAN_KAB,
        "2.08.02.2.01.0016 Bimbingan Teknis dan Pendampingan Penyelenggaraan PUG",
        "Terlaksananya bimbingan teknis", "Jumlah SDM yang mendapatkan bimbingan teknis", "Orang"),
    row("KABKOT", "X.XX URUSAN PEMERINTAHAN BIDANG XX", "X.XX.01 PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH",
        "X.XX.01.2.01 Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
        "X.XX.01.2.01.0001 Penyusunan Dokumen Perencanaan Perangkat Daerah",
        "Tersusunnya Dokumen Perencanaan", "Jumlah Dokumen Perencanaan Perangkat Daerah ", "Dokumen"),
]


def write_xlsx(path, header, rows, sheet="Worksheet"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def drop_column(header, rows, name):
    index = header.index(name)
    return ([h for i, h in enumerate(header) if i != index],
            [[v for i, v in enumerate(r) if i != index] for r in rows])


def counts():
    return (NomenklaturVersi.objects.count(), Nomenklatur.objects.count(), SumberDana.objects.count(),
            AkunBelanja.objects.count())


# -- nomenclature -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_load_nomenclature_creates_the_tree(tmp_path):
    path = write_xlsx(tmp_path / "nomenklatur-uji.xlsx", NOMENKLATUR_HEADER, GOOD_ROWS)
    calls = []
    result = loaders.load_nomenclature(path, progress=lambda done, total: calls.append((done, total)))

    versi = result.versi
    assert versi.nama == "nomenklatur-uji"
    assert versi.resmi is True
    assert versi.berkas == "nomenklatur-uji.xlsx"
    assert result.baris == 4
    assert result.jumlah["prov"] == {"urusan": 1, "bidang_urusan": 1, "program": 1, "kegiatan": 1, "sub_kegiatan": 1}
    assert result.jumlah["kabkot"] == {"urusan": 2, "bidang_urusan": 2, "program": 2, "kegiatan": 2,
                                       "sub_kegiatan": 3}
    assert result.total == Nomenklatur.objects.filter(versi=versi).count() == 16
    assert calls[-1] == (4, 4)
    assert "nomenklatur-uji" in str(result)

    sub = Nomenklatur.objects.get(versi=versi, jenis_pemda="kabkot", kode="2.08.02.2.01.0015")
    assert sub.tingkat == "sub_kegiatan"
    assert sub.spm is False
    assert sub.satuan == "Lembaga"
    assert sub.kode_sebelumnya == "2.08.02.2.01.0013"
    assert sub.nama_sebelumnya == "Advokasi dan sosialisasi penyelenggaraan PUG kewenangan Kabupaten/Kota"
    kegiatan = sub.induk
    assert (kegiatan.tingkat, kegiatan.kode, kegiatan.jenis_pemda) == ("kegiatan", "2.08.02.2.01", "kabkot")
    assert kegiatan.nama == KEGIATAN_KAB.split(" ", 1)[1]
    program = kegiatan.induk
    assert (program.tingkat, program.kode, program.nama) == (
        "program", "2.08.02", "PROGRAM PENGARUSUTAMAAN GENDER DAN PEMBERDAYAAN PEREMPUAN")
    bidang = program.induk
    assert (bidang.tingkat, bidang.kode) == ("bidang_urusan", "2.08")
    urusan = bidang.induk
    assert (urusan.tingkat, urusan.kode, urusan.induk) == ("urusan", "2", None)
    assert urusan.nama == "URUSAN PEMERINTAHAN WAJIB YANG TIDAK BERKAITAN DENGAN PELAYANAN DASAR"
    assert urusan.jenis_pemda == "kabkot"

    prov = Nomenklatur.objects.get(versi=versi, jenis_pemda="prov", kode="2.08.02.1.01.0009")
    assert prov.nama == "Monitoring, Evaluasi, dan Pelaporan PUG Kewenangan Provinsi"
    assert prov.indikator == "Jumlah laporan monitoring PUG"
    assert prov.satuan == "Laporan"
    assert prov.spm is True
    assert prov.kode_sebelumnya == prov.nama_sebelumnya == ""
    assert prov.induk.induk.induk.jenis_pemda == "prov"
    # The same bidang exists once per jenis pemda.
    assert Nomenklatur.objects.filter(versi=versi, kode="2.08").count() == 2

    x = Nomenklatur.objects.get(versi=versi, jenis_pemda="kabkot", kode="X")
    assert (x.tingkat, x.nama) == ("urusan", "Urusan X")
    penunjang = Nomenklatur.objects.get(versi=versi, kode="X.XX.01.2.01.0001")
    assert penunjang.induk.induk.induk.induk == x
    assert penunjang.indikator == "Jumlah Dokumen Perencanaan Perangkat Daerah"
    assert not Nomenklatur.objects.filter(dari_rencana=True).exists()


@pytest.mark.django_db
def test_columns_are_found_by_name_not_position(tmp_path):
    order = [13, 4, 0, 11, 3, 2, 1, 7, 6, 5]  # a subset of the columns, shuffled
    header = [NOMENKLATUR_HEADER[i].lower().replace("subkegiatan", "Sub Kegiatan") for i in order]
    header[header.index("jenis pemda")] = "  Jenis   Pemda "
    rows = [[r[i] for i in order] for r in GOOD_ROWS]
    path = write_xlsx(tmp_path / "acak.xlsx", header, rows, sheet="Lembar1")

    result = loaders.load_nomenclature(path, nama_versi="Versi uji acak")

    assert result.versi.nama == "Versi uji acak"
    sub = Nomenklatur.objects.get(versi=result.versi, jenis_pemda="kabkot", kode="2.08.02.2.01.0015")
    assert (sub.satuan, sub.spm, sub.kode_sebelumnya) == ("Lembaga", False, "2.08.02.2.01.0013")


@pytest.mark.django_db
def test_bad_code_is_reported_with_row_and_column_and_changes_nothing(tmp_path):
    loaders.load_nomenclature(write_xlsx(tmp_path / "baik.xlsx", NOMENKLATUR_HEADER, GOOD_ROWS))
    before = counts()
    rows = [list(r) for r in GOOD_ROWS]
    rows[1][4] = "2.08.02.2.01.7 Sub kegiatan berkode rusak"  # the second data row is sheet row 3
    path = write_xlsx(tmp_path / "rusak.xlsx", NOMENKLATUR_HEADER, rows)

    with pytest.raises(ReferenceLoadError) as info:
        loaders.load_nomenclature(path)

    assert info.value.errors == [
        "Worksheet baris 3, kolom SUBKEGIATAN: kode '2.08.02.2.01.7' tidak sesuai format U.BB.PP.K.KK.SSSS "
        "(kode sub kegiatan '7' harus 2 atau 4 angka)"
    ]
    assert "Worksheet baris 3, kolom SUBKEGIATAN" in str(info.value)
    assert counts() == before
    assert not NomenklaturVersi.objects.filter(nama="rusak").exists()


@pytest.mark.django_db
def test_hierarchy_breaks_and_bad_values_are_collected(tmp_path):
    rows = [list(r) for r in GOOD_ROWS]
    rows[0][4] = "2.08.02.1.02.0001 Sub kegiatan di bawah kegiatan lain"
    rows[2][2] = "2.09.02 PROGRAM DI BIDANG LAIN"
    rows[2][0] = "DESA"
    rows[3][11] = "MUNGKIN"
    rows[3][13] = "lama tanpa kode"
    path = write_xlsx(tmp_path / "rusak.xlsx", NOMENKLATUR_HEADER, rows)

    with pytest.raises(ReferenceLoadError) as info:
        loaders.load_nomenclature(path)

    errors = info.value.errors
    assert len(errors) == 5
    assert errors[0] == ("Worksheet baris 2, kolom SUBKEGIATAN: kode '2.08.02.1.02.0001' tidak diawali kode "
                         "kegiatan '2.08.02.1.01' (kolom KEGIATAN)")
    assert errors[1].startswith("Worksheet baris 4, kolom JENIS PEMDA: 'DESA'")
    assert errors[2].startswith("Worksheet baris 4, kolom PROGRAM: kode '2.09.02' tidak diawali kode bidang urusan")
    assert errors[3].startswith("Worksheet baris 5, kolom SPM: 'MUNGKIN'")
    assert errors[4].startswith("Worksheet baris 5, kolom SUBKEGIATAN SEBELUMNYA: kode 'lama' tidak sesuai format")
    assert counts() == (0, 0, 0, 0)


@pytest.mark.django_db
def test_errors_stop_at_fifty(tmp_path):
    rows = [row("KABKOT", BIDANG, PROGRAM, KEGIATAN_KAB, f"2.08.02.2.01.{i} Rusak") for i in range(100, 180)]
    path = write_xlsx(tmp_path / "banyak.xlsx", NOMENKLATUR_HEADER, rows)

    with pytest.raises(ReferenceLoadError) as info:
        loaders.load_nomenclature(path)

    assert len(info.value.errors) == loaders.MAX_ERRORS + 1
    assert info.value.errors[0].startswith("Worksheet baris 2, kolom SUBKEGIATAN: kode '2.08.02.2.01.100'")
    assert "dihentikan setelah 50 kesalahan" in info.value.errors[-1]


@pytest.mark.django_db
def test_duplicate_sub_kegiatan_is_refused(tmp_path):
    rows = GOOD_ROWS + [GOOD_ROWS[2]]
    path = write_xlsx(tmp_path / "ganda.xlsx", NOMENKLATUR_HEADER, rows)

    with pytest.raises(ReferenceLoadError, match=r"Worksheet baris 6, kolom SUBKEGIATAN: kode '2\.08\.02\.2\.01"
                                                 r"\.0016' untuk KABKOT sudah ada di baris 4"):
        loaders.load_nomenclature(path)
    assert counts() == (0, 0, 0, 0)


@pytest.mark.django_db
def test_missing_column_is_reported_and_changes_nothing(tmp_path):
    loaders.load_nomenclature(write_xlsx(tmp_path / "baik.xlsx", NOMENKLATUR_HEADER, GOOD_ROWS))
    before = counts()
    header, rows = drop_column(NOMENKLATUR_HEADER, GOOD_ROWS, "SUBKEGIATAN")
    path = write_xlsx(tmp_path / "tanpa-sub.xlsx", header, rows)

    assert loaders.detect_kind(path) == "nomenklatur"
    with pytest.raises(ReferenceLoadError) as info:
        loaders.load_nomenclature(path)

    assert info.value.errors == ["Worksheet baris 1, kolom SUBKEGIATAN: kolom wajib tidak ditemukan di baris judul"]
    assert counts() == before


@pytest.mark.django_db
def test_failure_while_writing_rolls_everything_back(tmp_path, monkeypatch):
    original = loaders._write_nomenclature

    def write_then_fail(versi, nodes):
        original(versi, nodes)
        raise RuntimeError("disk penuh")

    monkeypatch.setattr(loaders, "_write_nomenclature", write_then_fail)
    with pytest.raises(RuntimeError):
        loaders.load_nomenclature(write_xlsx(tmp_path / "baik.xlsx", NOMENKLATUR_HEADER, GOOD_ROWS))
    assert counts() == (0, 0, 0, 0)


@pytest.mark.django_db
def test_loading_the_same_version_twice_is_refused(tmp_path):
    path = write_xlsx(tmp_path / "nomenklatur-2027.xlsx", NOMENKLATUR_HEADER, GOOD_ROWS)
    loaders.load_nomenclature(path)
    before = counts()

    with pytest.raises(ReferenceLoadError, match="versi nomenklatur 'nomenklatur-2027' sudah dimuat"):
        loaders.load_nomenclature(path)
    assert counts() == before

    # Under another name it is another version.
    loaders.load_nomenclature(path, nama_versi="salinan")
    assert NomenklaturVersi.objects.count() == 2


@pytest.mark.django_db
def test_a_version_made_from_a_plan_is_not_overwritten(tmp_path):
    NomenklaturVersi.objects.create(nama="Kepmendagri 050-5889", resmi=False)
    path = write_xlsx(tmp_path / "x.xlsx", NOMENKLATUR_HEADER, GOOD_ROWS)

    with pytest.raises(ReferenceLoadError, match="dibuat dari rencana"):
        loaders.load_nomenclature(path, nama_versi="Kepmendagri 050-5889")
    assert Nomenklatur.objects.count() == 0


@pytest.mark.django_db
def test_unreadable_file_is_a_load_error(tmp_path):
    path = tmp_path / "bukan.xlsx"
    path.write_text("bukan excel", encoding="utf-8")
    with pytest.raises(ReferenceLoadError, match="tidak dapat dibaca"):
        loaders.load_nomenclature(path)
    with pytest.raises(ReferenceLoadError, match="tidak ditemukan"):
        loaders.detect_kind(tmp_path / "tidak-ada.xlsx")


# -- sumber dana and akun belanja -------------------------------------------------------------------------

LEVEL_TAIL = ["Kelompok", "Jenis", "Objek", "Rincian Objek", "Sub Rincian Objek", "Uraian Akun", "Keterangan"]
SUMBER_DANA_HEADER = ["Sumber Dana"] + LEVEL_TAIL
AKUN_HEADER = ["Akun"] + LEVEL_TAIL

SUMBER_DANA_ROWS = [
    [1, 1, None, None, None, None, "PENDAPATAN ASLI DAERAH (PAD)", None],
    [1, 1, 1, None, None, None, "Pajak Daerah", None],
    [1, 1, 1, 5, None, None, "Pajak Rokok", "Digunakan  untuk mencatat\nbelanja dari pajak rokok."],
    [1, 2, 1, 1, 2, None, "Dana Transfer Umum-Dana Alokasi Umum", None],
    [2, 1, 1, None, None, None, "Pajak Daerah", None],  # the same name under another group
    [2, 2, 1, 1, 2, 1, "Dana Alokasi Umum", "Untuk belanja dari DAU."],
    [2, 2, 1, 1, 2, 1, "Dana Alokasi Umum", "Untuk belanja dari DAU."],  # an exact repeat
]

AKUN_ROWS = [
    [5, None, None, None, None, None, "BELANJA DAERAH", "Semua belanja."],
    [5, 1, None, None, None, None, "BELANJA OPERASI", None],
    [5, 1, 1, None, None, None, "Belanja Pegawai", None],
    [5, 1, 1, 1, None, None, "Belanja Gaji dan Tunjangan ASN", None],
    [5, 1, 1, 1, 1, None, "Belanja Gaji Pokok ASN", None],
    [5, 1, 1, 1, 1, 1, "Belanja Gaji Pokok PNS", "Digunakan untuk mencatat  belanja gaji pokok PNS."],
    [5, 2, 2, None, None, None, "Belanja Modal Peralatan dan Mesin", None],
    [4, 1, None, None, None, None, "PENDAPATAN ASLI DAERAH", None],
]


@pytest.mark.django_db
def test_detect_kind(tmp_path):
    assert loaders.detect_kind(write_xlsx(tmp_path / "n.xlsx", NOMENKLATUR_HEADER, GOOD_ROWS)) == "nomenklatur"
    assert loaders.detect_kind(write_xlsx(tmp_path / "s.xlsx", SUMBER_DANA_HEADER, SUMBER_DANA_ROWS,
                                          sheet="sumber dana")) == "sumber_dana"
    assert loaders.detect_kind(write_xlsx(tmp_path / "a.xlsx", AKUN_HEADER, AKUN_ROWS,
                                          sheet="Akun Belanja")) == "akun_belanja"
    with pytest.raises(ReferenceLoadError, match="jenis berkas tidak dikenali"):
        loaders.detect_kind(write_xlsx(tmp_path / "lain.xlsx", ["Nama", "Alamat"], [["a", "b"]]))


@pytest.mark.django_db
def test_load_sumber_dana(tmp_path):
    adopted = SumberDana.objects.create(nama="Pajak Rokok", dari_rencana=True)
    path = write_xlsx(tmp_path / "sumber dana.xlsx", SUMBER_DANA_HEADER, SUMBER_DANA_ROWS, sheet="sumber dana")

    result = loaders.load_sumber_dana(path)

    assert (result.baris, result.dibuat, result.diperbarui, result.tetap, result.dilewati) == (7, 5, 1, 0, 1)
    assert dict(SumberDana.objects.values_list("kode", "nama")) == {
        "1.1": "PENDAPATAN ASLI DAERAH (PAD)",
        "1.1.1": "Pajak Daerah",
        "1.1.1.05": "Pajak Rokok",
        "1.2.1.01.02": "Dana Transfer Umum-Dana Alokasi Umum",
        "2.1.1": "Pajak Daerah",  # names repeat in the official list; codes tell them apart
        "2.2.1.01.02.01": "Dana Alokasi Umum",
    }
    adopted.refresh_from_db()
    assert (adopted.kode, adopted.dari_rencana) == ("1.1.1.05", False)
    assert adopted.keterangan == "Digunakan untuk mencatat belanja dari pajak rokok."
    assert any("baris 8: kode '2.2.1.01.02.01' sudah ada di baris 7" in w for w in result.peringatan)

    again = loaders.load_sumber_dana(path)
    assert (again.dibuat, again.diperbarui, again.tetap) == (0, 0, 6)
    assert SumberDana.objects.count() == 6


@pytest.mark.django_db
def test_load_akun_belanja_and_update_idempotently(tmp_path):
    AkunBelanja.objects.create(kode="5.2.02", nama="modal peralatan", dari_rencana=True)
    path = write_xlsx(tmp_path / "6a. Kode Belanja.xlsx", AKUN_HEADER, AKUN_ROWS, sheet="akun permendagri 50")

    result = loaders.load_akun_belanja(path)

    assert (result.dibuat, result.diperbarui, result.tetap, result.dilewati) == (6, 1, 0, 1)
    assert list(AkunBelanja.objects.values_list("kode", flat=True)) == [
        "5", "5.1", "5.1.01", "5.1.01.01", "5.1.01.01.01", "5.1.01.01.01.0001", "5.2.02",
    ]
    leaf = AkunBelanja.objects.get(kode="5.1.01.01.01.0001")
    assert leaf.nama == "Belanja Gaji Pokok PNS"
    assert leaf.keterangan == "Digunakan untuk mencatat belanja gaji pokok PNS."
    modal = AkunBelanja.objects.get(kode="5.2.02")
    assert (modal.nama, modal.dari_rencana) == ("Belanja Modal Peralatan dan Mesin", False)

    assert loaders.load_akun_belanja(path).tetap == 7

    # A later file (like "6. akun.xlsx") adds codes and renames one; an empty keterangan keeps the stored one.
    update = [
        [5, 1, 1, 1, 1, 1, "Belanja Gaji Pokok PNS (diubah)", None],
        [5, 1, 1, 3, None, None, "Tambahan Penghasilan ASN", None],
        [5, 1, 1, 3, 9, None, "Belanja Tunjangan Profesi Guru (TPG) PPPK", None],
        [5, 1, 1, 3, 9, 1, "Belanja TPG PPPK", "Untuk TPG PPPK."],
    ]
    second = loaders.load_akun_belanja(write_xlsx(tmp_path / "6. akun.xlsx", AKUN_HEADER, update,
                                                  sheet="Akun Belanja"))
    assert (second.dibuat, second.diperbarui, second.tetap) == (3, 1, 0)
    leaf.refresh_from_db()
    assert leaf.nama == "Belanja Gaji Pokok PNS (diubah)"
    assert leaf.keterangan == "Digunakan untuk mencatat belanja gaji pokok PNS."
    assert AkunBelanja.objects.get(kode="5.1.01.03.09.0001").nama == "Belanja TPG PPPK"


@pytest.mark.django_db
def test_bad_account_file_changes_nothing(tmp_path):
    loaders.load_akun_belanja(write_xlsx(tmp_path / "baik.xlsx", AKUN_HEADER, AKUN_ROWS, sheet="Akun Belanja"))
    before = counts()
    rows = [list(r) for r in AKUN_ROWS]
    rows[1][6] = "BELANJA OPERASI (diubah)"
    rows[2][3] = 123  # row 4: Objek has 2 digits
    rows[4][4] = None  # row 6: a gap, Sub Rincian Objek is filled below an empty Rincian Objek
    rows[4][5] = 1
    rows[5][2] = "satu"  # row 7
    path = write_xlsx(tmp_path / "rusak.xlsx", AKUN_HEADER, rows, sheet="Akun Belanja")

    with pytest.raises(ReferenceLoadError) as info:
        loaders.load_akun_belanja(path)

    assert info.value.errors == [
        "Akun Belanja baris 4, kolom Objek: nilai 123 lebih dari 2 angka",
        "Akun Belanja baris 6, kolom Rincian Objek: kosong, padahal kolom Sub Rincian Objek terisi",
        "Akun Belanja baris 7, kolom Jenis: 'satu' bukan bilangan bulat",
    ]
    assert counts() == before
    assert AkunBelanja.objects.get(kode="5.1").nama == "BELANJA OPERASI"


@pytest.mark.django_db
def test_missing_level_column_is_reported(tmp_path):
    header, rows = drop_column(AKUN_HEADER, AKUN_ROWS, "Rincian Objek")
    path = write_xlsx(tmp_path / "akun.xlsx", header, rows, sheet="Akun Belanja")
    with pytest.raises(ReferenceLoadError) as info:
        loaders.load_akun_belanja(path)
    assert info.value.errors == [
        "Akun Belanja baris 1, kolom RINCIAN OBJEK: kolom wajib tidak ditemukan di baris judul"
    ]
    assert AkunBelanja.objects.count() == 0


# -- the official export, when it is at hand -----------------------------------------------------------------

# The official files live beside the repository (shared/data/nomenklatur), never inside it.
OFFICIAL_DIR = Path(os.environ.get(
    "RENJA_REFERENCE_DATA", Path(__file__).resolve().parents[3] / "shared" / "data" / "nomenklatur"))
OFFICIAL_FILES = sorted(OFFICIAL_DIR.glob("nomenklatur-subkegiatan-*.xlsx")) if OFFICIAL_DIR.is_dir() else []


@pytest.mark.skipif(not OFFICIAL_FILES, reason="berkas nomenklatur resmi tidak tersedia (di luar repositori)")
@pytest.mark.django_db
def test_official_nomenclature_export():
    path = OFFICIAL_FILES[0]
    if "pemutakhiran_2027" not in path.name:
        pytest.skip("pemeriksaan isi ini ditulis untuk versi pemutakhiran 2027")
    started = time.monotonic()
    result = loaders.load_nomenclature(path)
    elapsed = time.monotonic() - started

    assert elapsed < 60  # about 3 s on SQLite
    assert result.baris == 7581
    assert result.jumlah["prov"] == {"urusan": 10, "bidang_urusan": 50, "program": 217, "kegiatan": 912,
                                     "sub_kegiatan": 4031}
    assert result.jumlah["kabkot"] == {"urusan": 10, "bidang_urusan": 45, "program": 189, "kegiatan": 713,
                                       "sub_kegiatan": 3550}
    entries = Nomenklatur.objects.filter(versi=result.versi)
    assert entries.filter(tingkat="sub_kegiatan").count() == 7581
    assert entries.exclude(kode_sebelumnya="").count() == 346

    # Row 5339: kab/kota, renumbered from 0013.
    pug = entries.get(jenis_pemda="kabkot", kode="2.08.02.2.01.0015")
    assert pug.nama == "Advokasi dan sosialisasi terkait penyelenggaraan PUG kewenangan Kab/Kota"
    assert (pug.satuan, pug.spm) == ("Lembaga", False)
    assert pug.kode_sebelumnya == "2.08.02.2.01.0013"
    assert pug.nama_sebelumnya == "Advokasi dan sosialisasi penyelenggaraan PUG kewenangan Kabupaten/Kota"
    assert pug.induk.nama == KEGIATAN_KAB.split(" ", 1)[1]
    # In this version kegiatan 2.08.02.2.01 starts at 0007: the old 0001-0006 are gone.
    assert not entries.filter(jenis_pemda="kabkot", kode="2.08.02.2.01.0001").exists()

    # Row 2: provinsi, SPM.
    usb = entries.get(jenis_pemda="prov", kode="1.01.02.1.01.0001")
    assert usb.nama == "Pembangunan USB (Unit Sekolah Baru)"
    assert (usb.satuan, usb.spm, usb.indikator) == ("Unit", True, "Jumlah Sekolah Baru yang Telah Dibangun")
    program = usb.induk.induk
    assert (program.kode, program.nama) == ("1.01.02", "PROGRAM PENGELOLAAN PENDIDIKAN")
    assert program.induk.nama == "URUSAN PEMERINTAHAN BIDANG PENDIDIKAN"
    assert program.induk.induk.nama == "URUSAN PEMERINTAHAN WAJIB YANG BERKAITAN DENGAN PELAYANAN DASAR"

    # Row 7472: the support programme every PD has; the indicator had a trailing space.
    doc = entries.get(jenis_pemda="kabkot", kode="X.XX.01.2.01.0001")
    assert doc.nama == "Penyusunan Dokumen Perencanaan Perangkat Daerah"
    assert (doc.indikator, doc.satuan) == ("Jumlah Dokumen Perencanaan Perangkat Daerah", "Dokumen")
    assert doc.induk.induk.induk.induk.kode == "X"

"""A synthetic city: many Perangkat Daerah, each with a large, clean Renja, for load and checker benchmarks.

Every plan is written as an exchange document (docs/exchange-format.md) and loaded with the one loader
(`renja.exchange.loader.load_document`), exactly as a user's file would be. The plans are *clean*: codes
follow `U.BB.PP.2.KK.SSSS` with the right parents and no duplicates, every indicator has a target for n
and n+1 (n+1 ≥ n for higher-is-better indicators), pagu n+1 = pagu n × 1,10, the pagu written on every
program and kegiatan row equals the sum of its sub kegiatan, the totals and counts stated in BAB IV and
Tabel 4.1 are right, and the ceiling is not exceeded. The checker should find no error in them.

Each PD's Renstra (five years from n-1) carries a matrix consistent with its plan, so that the Renstra rules
find nothing and a Renja of n+1 can be started from it: every program, kegiatan and sub kegiatan of the plan
with its indicators, the plan's targets and pagu as the Renstra's for n and n+1 (targets of n as those of n-1,
those of n+1 for the years after; pagu growing by 10 % a year), every program serving the Renstra's sasaran.

The data is invented (names follow the pattern of the official nomenclature, the numbers are random) and
deterministic: the same seed gives the same city. PD number i gets the same plan whatever `pd_count` is.
"""

import random
from decimal import ROUND_HALF_UP, Decimal
from queue import Empty

from renja.core.numbers import format_rupiah as rupiah

PEMDA = {"kode": "99.99", "nama": "Kota Sintetis", "jenis": "kota"}
TEMPAT = "Sintetis"
NOMENKLATUR = "Kepmendagri 900.1.15.5-1317/2023 (data sintetis)"
KECAMATAN = ["Sukamaju", "Mekarsari", "Tanjung Harapan", "Bukit Indah", "Sungai Jernih", "Pasar Lama",
             "Kota Baru", "Talang Bakung", "Bukit Barisan", "Danau Teduh"]
PN_GROWTH = Decimal("1.10")
# The priorities of a synthetic province's Pemda (Tabel 3.1 of their plans), one per PD in turn.
PRIORITIES = ["Peningkatan Kualitas Sumber Daya Manusia", "Pembangunan Infrastruktur Wilayah",
              "Penguatan Ekonomi Kerakyatan", "Tata Kelola Pemerintahan yang Baik"]  # pagu n+1 = pagu n × 1,10

# (bidang U.BB, PD name, abbreviation, urusan programs (number, name, topic)). Program names follow the
# official nomenclature for kabupaten/kota; the topic names the kegiatan and sub kegiatan built under it.
PERANGKAT_DAERAH = [
    ("1.01", "Dinas Pendidikan", "Disdik", [
        ("02", "PROGRAM PENGELOLAAN PENDIDIKAN", "Pendidikan Dasar"),
        ("03", "PROGRAM PENGEMBANGAN KURIKULUM", "Kurikulum Muatan Lokal"),
        ("04", "PROGRAM PENDIDIK DAN TENAGA KEPENDIDIKAN", "Pendidik dan Tenaga Kependidikan"),
        ("05", "PROGRAM PENGENDALIAN PERIZINAN PENDIDIKAN", "Perizinan Pendidikan")]),
    ("1.02", "Dinas Kesehatan", "Dinkes", [
        ("02", "PROGRAM PEMENUHAN UPAYA KESEHATAN PERORANGAN DAN UPAYA KESEHATAN MASYARAKAT",
         "Upaya Kesehatan Masyarakat"),
        ("03", "PROGRAM PENINGKATAN KAPASITAS SUMBER DAYA MANUSIA KESEHATAN", "Sumber Daya Manusia Kesehatan"),
        ("04", "PROGRAM SEDIAAN FARMASI, ALAT KESEHATAN DAN MAKANAN MINUMAN", "Sediaan Farmasi dan Alat Kesehatan"),
        ("05", "PROGRAM PEMBERDAYAAN MASYARAKAT BIDANG KESEHATAN", "Promosi Kesehatan")]),
    ("1.03", "Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas PUPR", [
        ("02", "PROGRAM PENGELOLAAN SUMBER DAYA AIR (SDA)", "Sumber Daya Air"),
        ("06", "PROGRAM PENGELOLAAN DAN PENGEMBANGAN SISTEM DRAINASE", "Sistem Drainase"),
        ("10", "PROGRAM PENYELENGGARAAN JALAN", "Jalan Kota"),
        ("12", "PROGRAM PENYELENGGARAAN PENATAAN RUANG", "Penataan Ruang")]),
    ("1.04", "Dinas Perumahan dan Kawasan Permukiman", "Disperkim", [
        ("02", "PROGRAM PENGEMBANGAN PERUMAHAN", "Perumahan Rakyat"),
        ("03", "PROGRAM KAWASAN PERMUKIMAN", "Kawasan Permukiman"),
        ("05", "PROGRAM PENINGKATAN PRASARANA, SARANA DAN UTILITAS UMUM (PSU)", "Prasarana dan Utilitas Umum")]),
    ("1.05", "Satuan Polisi Pamong Praja", "Satpol PP", [
        ("02", "PROGRAM PENINGKATAN KETENTERAMAN DAN KETERTIBAN UMUM", "Ketenteraman dan Ketertiban Umum")]),
    ("1.05", "Badan Penanggulangan Bencana Daerah", "BPBD", [
        ("03", "PROGRAM PENANGGULANGAN BENCANA", "Penanggulangan Bencana")]),
    ("1.05", "Dinas Pemadam Kebakaran dan Penyelamatan", "Damkar", [
        ("04", "PROGRAM PENCEGAHAN, PENANGGULANGAN, PENYELAMATAN KEBAKARAN DAN PENYELAMATAN NON KEBAKARAN",
         "Penanggulangan Kebakaran")]),
    ("1.06", "Dinas Sosial", "Dinsos", [
        ("02", "PROGRAM PEMBERDAYAAN SOSIAL", "Pemberdayaan Sosial"),
        ("04", "PROGRAM REHABILITASI SOSIAL", "Rehabilitasi Sosial"),
        ("05", "PROGRAM PERLINDUNGAN DAN JAMINAN SOSIAL", "Perlindungan dan Jaminan Sosial")]),
    ("2.07", "Dinas Tenaga Kerja", "Disnaker", [
        ("03", "PROGRAM PELATIHAN KERJA DAN PRODUKTIVITAS TENAGA KERJA", "Pelatihan Kerja"),
        ("04", "PROGRAM PENEMPATAN TENAGA KERJA", "Penempatan Tenaga Kerja"),
        ("05", "PROGRAM HUBUNGAN INDUSTRIAL", "Hubungan Industrial")]),
    ("2.08", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "DP3A", [
        ("02", "PROGRAM PENGARUSUTAMAAN GENDER DAN PEMBERDAYAAN PEREMPUAN", "Pengarusutamaan Gender"),
        ("03", "PROGRAM PERLINDUNGAN PEREMPUAN", "Perlindungan Perempuan"),
        ("06", "PROGRAM PEMENUHAN HAK ANAK (PHA)", "Pemenuhan Hak Anak"),
        ("07", "PROGRAM PERLINDUNGAN KHUSUS ANAK", "Perlindungan Khusus Anak")]),
    ("2.09", "Dinas Ketahanan Pangan", "DKP", [
        ("03", "PROGRAM PENINGKATAN DIVERSIFIKASI DAN KETAHANAN PANGAN MASYARAKAT", "Diversifikasi Pangan"),
        ("04", "PROGRAM PENANGANAN KERAWANAN PANGAN", "Penanganan Kerawanan Pangan"),
        ("05", "PROGRAM PENGAWASAN KEAMANAN PANGAN", "Keamanan Pangan Segar")]),
    ("2.11", "Dinas Lingkungan Hidup", "DLH", [
        ("02", "PROGRAM PERENCANAAN LINGKUNGAN HIDUP", "Perencanaan Lingkungan Hidup"),
        ("03", "PROGRAM PENGENDALIAN PENCEMARAN DAN/ATAU KERUSAKAN LINGKUNGAN HIDUP", "Pengendalian Pencemaran"),
        ("11", "PROGRAM PENGELOLAAN PERSAMPAHAN", "Pengelolaan Persampahan")]),
    ("2.12", "Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil", [
        ("02", "PROGRAM PENDAFTARAN PENDUDUK", "Pendaftaran Penduduk"),
        ("03", "PROGRAM PENCATATAN SIPIL", "Pencatatan Sipil"),
        ("04", "PROGRAM PENGELOLAAN INFORMASI ADMINISTRASI KEPENDUDUKAN", "Informasi Administrasi Kependudukan")]),
    ("2.14", "Dinas Pengendalian Penduduk dan Keluarga Berencana", "DPPKB", [
        ("02", "PROGRAM PENGENDALIAN PENDUDUK", "Pengendalian Penduduk"),
        ("03", "PROGRAM PEMBINAAN KELUARGA BERENCANA (KB)", "Keluarga Berencana"),
        ("04", "PROGRAM PEMBERDAYAAN DAN PENINGKATAN KELUARGA SEJAHTERA (KS)", "Ketahanan Keluarga")]),
    ("2.15", "Dinas Perhubungan", "Dishub", [
        ("02", "PROGRAM PENYELENGGARAAN LALU LINTAS DAN ANGKUTAN JALAN (LLAJ)", "Lalu Lintas dan Angkutan Jalan")]),
    ("2.16", "Dinas Komunikasi dan Informatika", "Diskominfo", [
        ("02", "PROGRAM PENGELOLAAN INFORMASI DAN KOMUNIKASI PUBLIK", "Informasi dan Komunikasi Publik"),
        ("03", "PROGRAM PENGELOLAAN APLIKASI INFORMATIKA", "Aplikasi Informatika")]),
    ("2.17", "Dinas Koperasi dan Usaha Mikro", "Diskop UM", [
        ("03", "PROGRAM PENGAWASAN DAN PEMERIKSAAN KOPERASI", "Pengawasan Koperasi"),
        ("05", "PROGRAM PENDIDIKAN DAN LATIHAN PERKOPERASIAN", "Perkoperasian"),
        ("07", "PROGRAM PEMBERDAYAAN USAHA MENENGAH, USAHA KECIL, DAN USAHA MIKRO (UMKM)", "Usaha Mikro")]),
    ("2.18", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP", [
        ("02", "PROGRAM PENGEMBANGAN IKLIM PENANAMAN MODAL", "Iklim Penanaman Modal"),
        ("03", "PROGRAM PROMOSI PENANAMAN MODAL", "Promosi Penanaman Modal"),
        ("04", "PROGRAM PELAYANAN PENANAMAN MODAL", "Pelayanan Perizinan Berusaha")]),
    ("2.19", "Dinas Pemuda dan Olahraga", "Dispora", [
        ("02", "PROGRAM PENGEMBANGAN KAPASITAS DAYA SAING KEPEMUDAAN", "Kepemudaan"),
        ("03", "PROGRAM PENGEMBANGAN KAPASITAS DAYA SAING KEOLAHRAGAAN", "Keolahragaan")]),
    ("2.22", "Dinas Kebudayaan", "Disbud", [
        ("02", "PROGRAM PENGEMBANGAN KEBUDAYAAN", "Kebudayaan Daerah"),
        ("05", "PROGRAM PELESTARIAN DAN PENGELOLAAN CAGAR BUDAYA", "Cagar Budaya")]),
    ("2.23", "Dinas Perpustakaan", "Dispus", [
        ("02", "PROGRAM PEMBINAAN PERPUSTAKAAN", "Perpustakaan"),
        ("03", "PROGRAM PELESTARIAN KOLEKSI NASIONAL DAN NASKAH KUNO", "Koleksi Naskah Kuno")]),
    ("3.25", "Dinas Perikanan", "Diskan", [
        ("04", "PROGRAM PENGELOLAAN PERIKANAN BUDIDAYA", "Perikanan Budidaya"),
        ("06", "PROGRAM PENGOLAHAN DAN PEMASARAN HASIL PERIKANAN", "Pengolahan Hasil Perikanan")]),
    ("3.26", "Dinas Pariwisata dan Ekonomi Kreatif", "Disparekraf", [
        ("02", "PROGRAM PENINGKATAN DAYA TARIK DESTINASI PARIWISATA", "Destinasi Pariwisata"),
        ("03", "PROGRAM PEMASARAN PARIWISATA", "Pemasaran Pariwisata"),
        ("05", "PROGRAM PENGEMBANGAN SUMBER DAYA PARIWISATA DAN EKONOMI KREATIF", "Ekonomi Kreatif")]),
    ("3.27", "Dinas Pertanian", "Distan", [
        ("02", "PROGRAM PENYEDIAAN DAN PENGEMBANGAN SARANA PERTANIAN", "Sarana Pertanian"),
        ("04", "PROGRAM PENGENDALIAN KESEHATAN HEWAN DAN KESEHATAN MASYARAKAT VETERINER", "Kesehatan Hewan"),
        ("07", "PROGRAM PENYULUHAN PERTANIAN", "Penyuluhan Pertanian")]),
    ("3.30", "Dinas Perdagangan", "Disdag", [
        ("03", "PROGRAM PENINGKATAN SARANA DISTRIBUSI PERDAGANGAN", "Sarana Distribusi Perdagangan"),
        ("04", "PROGRAM STABILISASI HARGA BARANG KEBUTUHAN POKOK DAN BARANG PENTING", "Stabilisasi Harga Bahan Pokok"),
        ("06", "PROGRAM STANDARDISASI DAN PERLINDUNGAN KONSUMEN", "Perlindungan Konsumen")]),
    ("3.31", "Dinas Perindustrian", "Disperin", [
        ("02", "PROGRAM PERENCANAAN DAN PEMBANGUNAN INDUSTRI", "Industri Kecil dan Menengah"),
        ("03", "PROGRAM PENGENDALIAN IZIN USAHA INDUSTRI", "Izin Usaha Industri")]),
    ("4.01", "Sekretariat Daerah", "Setda", [
        ("02", "PROGRAM PEMERINTAHAN DAN KESEJAHTERAAN RAKYAT", "Pemerintahan dan Kesejahteraan Rakyat"),
        ("03", "PROGRAM PEREKONOMIAN DAN PEMBANGUNAN", "Perekonomian dan Pembangunan")]),
    ("4.02", "Sekretariat DPRD", "Setwan", [
        ("02", "PROGRAM DUKUNGAN PELAKSANAAN TUGAS DAN FUNGSI DPRD", "Tugas dan Fungsi DPRD")]),
    ("5.01", "Badan Perencanaan Pembangunan Daerah", "Bappeda", [
        ("02", "PROGRAM PERENCANAAN, PENGENDALIAN DAN EVALUASI PEMBANGUNAN DAERAH", "Perencanaan Pembangunan Daerah"),
        ("03", "PROGRAM KOORDINASI DAN SINKRONISASI PERENCANAAN PEMBANGUNAN DAERAH",
         "Sinkronisasi Perencanaan Pembangunan")]),
    ("5.02", "Badan Pengelola Keuangan dan Aset Daerah", "BPKAD", [
        ("02", "PROGRAM PENGELOLAAN KEUANGAN DAERAH", "Keuangan Daerah"),
        ("03", "PROGRAM PENGELOLAAN BARANG MILIK DAERAH", "Barang Milik Daerah")]),
    ("5.02", "Badan Pendapatan Daerah", "Bapenda", [
        ("04", "PROGRAM PENGELOLAAN PENDAPATAN DAERAH", "Pendapatan Daerah")]),
    ("5.03", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKPSDM", [
        ("02", "PROGRAM KEPEGAWAIAN DAERAH", "Manajemen Kepegawaian")]),
    ("5.05", "Badan Riset dan Inovasi Daerah", "Brida", [
        ("02", "PROGRAM PENELITIAN DAN PENGEMBANGAN DAERAH", "Penelitian dan Pengembangan"),
        ("03", "PROGRAM RISET DAN INOVASI DAERAH", "Inovasi Daerah")]),
    ("6.01", "Inspektorat Daerah", "Inspektorat", [
        ("02", "PROGRAM PENYELENGGARAAN PENGAWASAN", "Pengawasan Internal"),
        ("03", "PROGRAM PERUMUSAN KEBIJAKAN, PENDAMPINGAN DAN ASISTENSI", "Pendampingan dan Asistensi")]),
    ("8.01", "Badan Kesatuan Bangsa dan Politik", "Kesbangpol", [
        ("02", "PROGRAM PENGUATAN IDEOLOGI PANCASILA DAN KARAKTER KEBANGSAAN", "Wawasan Kebangsaan"),
        ("04", "PROGRAM PEMBERDAYAAN DAN PENGAWASAN ORGANISASI KEMASYARAKATAN", "Organisasi Kemasyarakatan")]),
]
KECAMATAN_PROGRAMS = [
    ("02", "PROGRAM PENYELENGGARAAN PEMERINTAHAN DAN PELAYANAN PUBLIK", "Pelayanan Publik Kecamatan"),
    ("03", "PROGRAM PEMBERDAYAAN MASYARAKAT DESA DAN KELURAHAN", "Pemberdayaan Masyarakat Kelurahan"),
    ("04", "PROGRAM KOORDINASI KETENTRAMAN DAN KETERTIBAN UMUM", "Ketenteraman dan Ketertiban Kecamatan"),
]
# Bidang whose sub kegiatan are partly funded by DAK (Dana Alokasi Khusus).
DAK_BIDANG = {"1.01", "1.02", "1.03", "1.04", "2.08", "2.14", "3.27"}

PENUNJANG_NAME = "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA"
PENUNJANG_INDICATORS = [("Persentase Pemenuhan Layanan Administrasi Perkantoran", "positif"),
                        ("Persentase Dokumen Perencanaan dan Pelaporan Kinerja yang Tepat Waktu", "positif")]
# Program Penunjang: kegiatan (number, name, indicator) and sub kegiatan (number, name, indicator, unit).
# Sub kegiatan are taken in the order of PENUNJANG_PRIORITY when a PD has room for only a few of them.
PENUNJANG = [
    ("01", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
     "Persentase Dokumen Perencanaan dan Evaluasi Kinerja yang Tersusun Tepat Waktu", [
         ("0001", "Penyusunan Dokumen Perencanaan Perangkat Daerah", "Jumlah Dokumen Perencanaan Perangkat Daerah", "Dokumen"),
         ("0002", "Koordinasi dan Penyusunan Dokumen RKA-SKPD", "Jumlah Dokumen RKA-SKPD", "Dokumen"),
         ("0003", "Koordinasi dan Penyusunan Dokumen Perubahan RKA-SKPD", "Jumlah Dokumen Perubahan RKA-SKPD", "Dokumen"),
         ("0004", "Koordinasi dan Penyusunan DPA-SKPD", "Jumlah Dokumen DPA-SKPD", "Dokumen"),
         ("0005", "Koordinasi dan Penyusunan Perubahan DPA-SKPD", "Jumlah Dokumen Perubahan DPA-SKPD", "Dokumen"),
         ("0006", "Koordinasi dan Penyusunan Laporan Capaian Kinerja dan Ikhtisar Realisasi Kinerja SKPD",
          "Jumlah Laporan Capaian Kinerja dan Ikhtisar Realisasi Kinerja SKPD", "Dokumen"),
         ("0007", "Evaluasi Kinerja Perangkat Daerah", "Jumlah Laporan Evaluasi Kinerja Perangkat Daerah", "Dokumen")]),
    ("02", "Administrasi Keuangan Perangkat Daerah", "Persentase Laporan Keuangan yang Disusun Tepat Waktu", [
        ("0001", "Penyediaan Gaji dan Tunjangan ASN", "Jumlah Orang yang Menerima Gaji dan Tunjangan ASN", "Orang"),
        ("0002", "Penyediaan Administrasi Pelaksanaan Tugas ASN",
         "Jumlah Dokumen Hasil Penyediaan Administrasi Pelaksanaan Tugas ASN", "Dokumen"),
        ("0003", "Pelaksanaan Penatausahaan dan Pengujian/Verifikasi Keuangan SKPD",
         "Jumlah Dokumen Penatausahaan dan Pengujian/Verifikasi Keuangan SKPD", "Dokumen"),
        ("0005", "Koordinasi dan Penyusunan Laporan Keuangan Akhir Tahun SKPD",
         "Jumlah Laporan Keuangan Akhir Tahun SKPD", "Dokumen"),
        ("0007", "Koordinasi dan Penyusunan Laporan Keuangan Bulanan/Triwulanan/Semesteran SKPD",
         "Jumlah Laporan Keuangan Bulanan/Triwulanan/Semesteran SKPD", "Dokumen")]),
    ("05", "Administrasi Kepegawaian Perangkat Daerah", "Persentase Pegawai yang Administrasi Kepegawaiannya Tertib", [
        ("0002", "Pengadaan Pakaian Dinas beserta Atribut Kelengkapannya",
         "Jumlah Orang yang Menerima Pakaian Dinas beserta Atribut Kelengkapannya", "Orang"),
        ("0003", "Pendataan dan Pengolahan Administrasi Kepegawaian",
         "Jumlah Dokumen Pendataan dan Pengolahan Administrasi Kepegawaian", "Dokumen"),
        ("0005", "Monitoring, Evaluasi, dan Penilaian Kinerja Pegawai",
         "Jumlah Dokumen Monitoring, Evaluasi, dan Penilaian Kinerja Pegawai", "Dokumen"),
        ("0009", "Pendidikan dan Pelatihan Pegawai Berdasarkan Tugas dan Fungsi",
         "Jumlah Pegawai yang Mengikuti Pendidikan dan Pelatihan", "Orang"),
        ("0010", "Sosialisasi Peraturan Perundang-Undangan",
         "Jumlah Orang yang Mengikuti Sosialisasi Peraturan Perundang-Undangan", "Orang"),
        ("0011", "Bimbingan Teknis Implementasi Peraturan Perundang-Undangan",
         "Jumlah Orang yang Mengikuti Bimbingan Teknis Implementasi Peraturan Perundang-Undangan", "Orang")]),
    ("06", "Administrasi Umum Perangkat Daerah", "Persentase Kebutuhan Administrasi Umum Kantor yang Terpenuhi", [
        ("0001", "Penyediaan Komponen Instalasi Listrik/Penerangan Bangunan Kantor",
         "Jumlah Paket Komponen Instalasi Listrik/Penerangan Bangunan Kantor yang Disediakan", "Paket"),
        ("0002", "Penyediaan Peralatan dan Perlengkapan Kantor",
         "Jumlah Paket Peralatan dan Perlengkapan Kantor yang Disediakan", "Paket"),
        ("0004", "Penyediaan Bahan Logistik Kantor", "Jumlah Paket Bahan Logistik Kantor yang Disediakan", "Paket"),
        ("0005", "Penyediaan Barang Cetakan dan Penggandaan",
         "Jumlah Paket Barang Cetakan dan Penggandaan yang Disediakan", "Paket"),
        ("0008", "Fasilitasi Kunjungan Tamu", "Jumlah Laporan Fasilitasi Kunjungan Tamu", "Laporan"),
        ("0009", "Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD",
         "Jumlah Laporan Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD", "Laporan"),
        ("0010", "Penatausahaan Arsip Dinamis pada SKPD", "Jumlah Dokumen Penatausahaan Arsip Dinamis pada SKPD",
         "Dokumen"),
        ("0011", "Dukungan Pelaksanaan Sistem Pemerintahan Berbasis Elektronik pada SKPD",
         "Jumlah Dokumen Dukungan Pelaksanaan Sistem Pemerintahan Berbasis Elektronik pada SKPD", "Dokumen")]),
    ("07", "Pengadaan Barang Milik Daerah Penunjang Urusan Pemerintah Daerah",
     "Persentase Kebutuhan Barang Milik Daerah yang Terpenuhi", [
         ("0002", "Pengadaan Kendaraan Dinas Operasional atau Lapangan",
          "Jumlah Unit Kendaraan Dinas Operasional atau Lapangan yang Disediakan", "Unit"),
         ("0005", "Pengadaan Mebel", "Jumlah Paket Mebel yang Disediakan", "Paket"),
         ("0006", "Pengadaan Peralatan dan Mesin Lainnya",
          "Jumlah Unit Peralatan dan Mesin Lainnya yang Disediakan", "Unit")]),
    ("08", "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah",
     "Persentase Jasa Penunjang Kantor yang Tersedia Tepat Waktu", [
         ("0001", "Penyediaan Jasa Surat Menyurat", "Jumlah Laporan Penyediaan Jasa Surat Menyurat", "Laporan"),
         ("0002", "Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik",
          "Jumlah Laporan Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik yang Disediakan", "Laporan"),
         ("0004", "Penyediaan Jasa Pelayanan Umum Kantor",
          "Jumlah Laporan Penyediaan Jasa Pelayanan Umum Kantor yang Disediakan", "Laporan")]),
    ("09", "Pemeliharaan Barang Milik Daerah Penunjang Urusan Pemerintahan Daerah",
     "Persentase Barang Milik Daerah dalam Kondisi Baik", [
         ("0002", ("Penyediaan Jasa Pemeliharaan, Biaya Pemeliharaan, Pajak dan Perizinan Kendaraan Dinas "
                   "Operasional atau Lapangan"),
          "Jumlah Kendaraan Dinas Operasional atau Lapangan yang Dipelihara dan Dibayarkan Pajak dan Perizinannya",
          "Unit"),
         ("0006", "Pemeliharaan Peralatan dan Mesin Lainnya", "Jumlah Peralatan dan Mesin Lainnya yang Dipelihara",
          "Unit"),
         ("0009", "Pemeliharaan/Rehabilitasi Gedung Kantor dan Bangunan Lainnya",
          "Jumlah Gedung Kantor dan Bangunan Lainnya yang Dipelihara/Direhabilitasi", "Unit")]),
]
PENUNJANG_PRIORITY = [("02", "0001"), ("01", "0001"), ("02", "0007"), ("06", "0002"), ("08", "0002"),
                      ("09", "0002"), ("05", "0003"), ("01", "0006"), ("06", "0004"), ("02", "0005")]

# Kegiatan of an urusan program: (name of the kegiatan, object its sub kegiatan work on); {t} = the topic.
KEGIATAN_PATTERNS = [
    ("Perencanaan dan Penganggaran {t}", "Perencanaan {t}"),
    ("Penguatan Kelembagaan {t}", "Kelembagaan {t}"),
    ("Peningkatan Kapasitas Sumber Daya Manusia {t}", "Kapasitas Aparatur {t}"),
    ("Penyediaan Sarana dan Prasarana {t}", "Sarana dan Prasarana {t}"),
    ("Pengelolaan Sistem Informasi {t}", "Sistem Informasi {t}"),
    ("Pembinaan dan Pengawasan {t}", "Pengawasan {t}"),
    ("Pengembangan Kemitraan {t}", "Kemitraan {t}"),
    ("Peningkatan Kualitas Layanan {t}", "Layanan {t}"),
    ("Pemberdayaan Masyarakat dalam {t}", "Partisipasi Masyarakat dalam {t}"),
    ("Penerapan Standar Pelayanan {t}", "Standar Pelayanan {t}"),
    ("Penyusunan Kebijakan {t}", "Kebijakan {t}"),
    ("Pengembangan Inovasi {t}", "Inovasi {t}"),
    ("Pengendalian dan Evaluasi {t}", "Evaluasi {t}"),
    ("Penyelenggaraan Koordinasi {t}", "Koordinasi {t}"),
]
# Sub kegiatan of a kegiatan: (name, indicator, unit); {o} = the kegiatan's object.
SUB_PATTERNS = [
    ("Penyusunan Dokumen {o}", "Jumlah Dokumen {o} yang Disusun", "Dokumen"),
    ("Koordinasi dan Sinkronisasi {o}", "Jumlah Rapat Koordinasi dan Sinkronisasi {o}", "Kali"),
    ("Pelatihan dan Bimbingan Teknis {o}", "Jumlah Orang yang Mengikuti Pelatihan {o}", "Orang"),
    ("Sosialisasi {o}", "Jumlah Kegiatan Sosialisasi {o}", "Kali"),
    ("Monitoring dan Evaluasi {o}", "Jumlah Dokumen Hasil Monitoring dan Evaluasi {o}", "Dokumen"),
    ("Fasilitasi {o}", "Jumlah Fasilitasi {o} yang Dilaksanakan", "Kali"),
    ("Pendampingan {o}", "Jumlah Orang yang Didampingi dalam {o}", "Orang"),
    ("Pelaksanaan {o}", "Jumlah Orang yang Menerima Manfaat {o}", "Orang"),
    ("Pendataan {o}", "Jumlah Dokumen Data {o}", "Dokumen"),
    ("Penguatan Jejaring {o}", "Jumlah Orang yang Tergabung dalam Jejaring {o}", "Orang"),
]
QUALIFIERS = ["", " Tingkat Kecamatan", " Tingkat Kelurahan", " Berbasis Masyarakat", " Lintas Sektor",
              " bagi Kelompok Rentan", " Berbasis Digital", " Terpadu"]
UNIT_RANGES = {"Dokumen": (1, 24), "Orang": (20, 600), "Kali": (2, 24), "Paket": (1, 12), "Laporan": (1, 12),
               "Unit": (1, 20)}
FIRST_NAMES = ["Ahmad", "Siti", "Budi", "Dewi", "Rudi", "Nurhayati", "Agus", "Sri", "Hendra", "Rina", "Yusuf",
               "Maya", "Joko", "Fitri", "Irwan", "Lestari"]
LAST_NAMES = ["Saputra", "Wulandari", "Hidayat", "Kusuma", "Siregar", "Nasution", "Pratama", "Rahmawati",
              "Harahap", "Setiawan", "Lubis", "Permana"]


def next_year_pagu(amount):
    """Pagu n+1 = pagu n × 1,10, rounded to the Rupiah."""
    return int((Decimal(amount) * PN_GROWTH).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percent(value):
    """Decimal → "82,5 %" (Indonesian decimal comma, no trailing zeros)."""
    return f"{Decimal(value).normalize():f}".replace(".", ",") + " %"


def _targets(rng, unit, polaritas="positif"):
    """(target n, target n+1) as text; n+1 ≥ n for higher-is-better, ≤ n for lower-is-better."""
    if unit == "%":
        if polaritas == "negatif":
            n = Decimal(rng.randint(10, 60)) / 2
            return percent(n), percent(n - Decimal(rng.randint(0, 4)) / 2)
        n = Decimal(rng.randint(120, 190)) / 2  # 60 – 95 %
        return percent(n), percent(min(Decimal(100), n + Decimal(rng.randint(0, 6)) / 2))
    low, high = UNIT_RANGES[unit]
    n = rng.randint(low, high)
    return f"{n} {unit}", f"{n + rng.randint(0, max(1, n // 10))} {unit}"


def _indicator(rng, uraian, unit, polaritas="positif"):
    target_n, target_n1 = _targets(rng, unit, polaritas)
    item = {"uraian": uraian, "target_n": target_n, "target_n1": target_n1}
    if polaritas != "positif":
        item["polaritas"] = polaritas
    return item


def pd_profile(index):
    """(bidang, name, abbreviation, urusan programs) of PD number `index` (0-based)."""
    if index < len(PERANGKAT_DAERAH):
        return PERANGKAT_DAERAH[index]
    k = index - len(PERANGKAT_DAERAH)
    name = KECAMATAN[k] if k < len(KECAMATAN) else f"Wilayah {k + 1}"
    return "7.01", f"Kecamatan {name}", f"Kec. {name}", KECAMATAN_PROGRAMS


def _split(total, parts, rng):
    """`total` split into `parts` positive integers, roughly even, in a random arrangement."""
    base, extra = divmod(total, parts)
    sizes = [base + (1 if i < extra else 0) for i in range(parts)]
    for _ in range(parts):  # move a little from one part to another so that sizes differ
        i, j = rng.randrange(parts), rng.randrange(parts)
        move = rng.randint(0, max(0, sizes[i] // 4))
        if i != j and sizes[i] - move >= 1:
            sizes[i] -= move
            sizes[j] += move
    return sizes


class _PlanBuilder:
    def __init__(self, index, sub_per_pd, seed, year, pemda=None, prioritas=False):
        self.pemda = dict(pemda or PEMDA)
        self.with_priorities = prioritas
        # the city keeps its seeds; another Pemda of a province gets plans of its own
        self.rng = random.Random(f"renja-synth/{seed}/{index}" + (f"/{pemda['kode']}" if pemda else ""))
        self.index = index
        self.sub_per_pd = max(2, sub_per_pd)
        self.year = year
        self.bidang, self.nama, self.singkatan, self.programs = pd_profile(index)
        self.full_name = f"{self.nama} {self.pemda['nama']}"
        self.staff = self.rng.randint(25, 260)
        self.kecamatan = self.rng.sample(KECAMATAN, 3)

    def lokasi(self):
        if self.bidang == "7.01":  # a kecamatan works in its own area
            return self.nama
        if self.rng.random() < 0.2:
            return f"Kecamatan {self.rng.choice(self.kecamatan)}"
        return self.pemda["nama"]

    def sumber_dana(self):
        if self.bidang in DAK_BIDANG and self.rng.random() < 0.25:
            return self.rng.choice(["DAK", "APBD, DAK"])
        return "APBD"

    def pagu(self, low=15_000, high=900_000):
        return self.rng.randint(low, high) * 1000

    def sub(self, kode, nama, indicators, pagu_n=None, sumber_dana="APBD", lokasi=None):
        pagu_n = pagu_n if pagu_n is not None else self.pagu()
        pagu_n1 = next_year_pagu(pagu_n)
        return {"kode": kode, "nama": nama, "indikator": indicators, "lokasi": lokasi or self.lokasi(),
                "sumber_dana": sumber_dana, "pagu_n": rupiah(pagu_n), "pagu_n1": rupiah(pagu_n1),
                "_pagu": (pagu_n, pagu_n1)}  # removed by `document` once the sums are made

    # -- the tree -------------------------------------------------------------------------------------

    def penunjang(self, count):
        chosen = set(PENUNJANG_PRIORITY[:count])
        rest = [(k[0], s[0]) for k in PENUNJANG for s in k[3] if (k[0], s[0]) not in chosen]
        chosen |= set(rest[:max(0, count - len(chosen))])
        program_code = f"{self.bidang}.01"
        kegiatan = []
        for number, name, indicator, subs in PENUNJANG:
            code = f"{program_code}.2.{number}"
            rows = []
            for sub_number, sub_name, sub_indicator, unit in subs:
                if (number, sub_number) not in chosen:
                    continue
                if (number, sub_number) == ("02", "0001"):  # salaries: one person per ASN, all year
                    item = {"uraian": sub_indicator, "target_n": f"{self.staff} Orang",
                            "target_n1": f"{self.staff} Orang"}
                    pagu_n = self.staff * self.rng.randint(90, 140) * 1_000_000
                    rows.append(self.sub(f"{code}.{sub_number}", sub_name, [item], pagu_n, lokasi=self.pemda["nama"]))
                else:
                    rows.append(self.sub(f"{code}.{sub_number}", sub_name, [_indicator(self.rng, sub_indicator, unit)],
                                         self.pagu(10_000, 400_000), lokasi=self.pemda["nama"]))
            if rows:
                kegiatan.append({"kode": code, "nama": name, "indikator": [_indicator(self.rng, indicator, "%")],
                                 "sub_kegiatan": rows})
        indicators = [_indicator(self.rng, PENUNJANG_INDICATORS[0][0], "%")]
        if self.rng.random() < 0.5:
            indicators.append(_indicator(self.rng, PENUNJANG_INDICATORS[1][0], "%"))
        return {"kode": program_code, "nama": PENUNJANG_NAME, "indikator": indicators, "kegiatan": kegiatan}

    def urusan_program(self, number, name, topic, count):
        code = f"{self.bidang}.{number}"
        kegiatan_count = max(1, min(len(KEGIATAN_PATTERNS), round(count / 12)))
        patterns = self.rng.sample(KEGIATAN_PATTERNS, kegiatan_count)
        sizes = _split(count, kegiatan_count, self.rng)
        kegiatan, number_k = [], 0
        for (kegiatan_name, obj), size in zip(patterns, sizes):
            number_k += 1 + (1 if self.rng.random() < 0.15 else 0)  # the nomenclature has gaps
            kegiatan_code = f"{code}.2.{number_k:02d}"
            obj = obj.format(t=topic)
            names = [(pattern, qualifier) for qualifier in QUALIFIERS for pattern in SUB_PATTERNS]
            rows, number_s = [], 0
            for i in range(size):
                (sub_name, sub_indicator, unit), qualifier = names[i % len(names)]
                target = obj + qualifier + (f" Paket {i // len(names) + 1}" if i >= len(names) else "")
                number_s += 1 + (1 if self.rng.random() < 0.1 else 0)
                indicators = [_indicator(self.rng, sub_indicator.format(o=target), unit)]
                if self.rng.random() < 0.25 and unit != "Dokumen":
                    indicators.append(_indicator(self.rng, f"Jumlah Dokumen Laporan {sub_name.format(o=target)}",
                                                 "Dokumen"))
                rows.append(self.sub(f"{kegiatan_code}.{number_s:04d}", sub_name.format(o=target), indicators,
                                     sumber_dana=self.sumber_dana()))
            kegiatan.append({
                "kode": kegiatan_code, "nama": kegiatan_name.format(t=topic),
                "indikator": [_indicator(self.rng, f"Persentase {obj} yang Terlaksana sesuai Rencana", "%")],
                "sub_kegiatan": rows})
        indicators = [_indicator(self.rng, f"Persentase Capaian Kinerja {topic}", "%")]
        if self.rng.random() < 0.3:
            indicators.append(_indicator(self.rng, f"Persentase Pengaduan Masyarakat tentang {topic} yang Belum "
                                                   "Tertangani", "%", polaritas="negatif"))
        return {"kode": code, "nama": name, "indikator": indicators, "kegiatan": kegiatan}

    def tree(self):
        available = sum(len(subs) for *_, subs in PENUNJANG)
        penunjang_count = min(available, max(1, round(self.sub_per_pd * 0.1)))
        urusan_count = max(len(self.programs), self.sub_per_pd - penunjang_count)
        sizes = _split(urusan_count, len(self.programs), self.rng)
        programs = [self.penunjang(penunjang_count)]
        for (number, name, topic), size in zip(self.programs, sizes):
            programs.append(self.urusan_program(number, name, topic, size))
        return programs

    # -- the document -----------------------------------------------------------------------------------

    def document(self):
        programs = self.tree()
        matrix = self.matrix(programs)
        counts = {"urusan": [0, 0, 0, 0], "non_urusan": [0, 0, 0, 0]}  # programs, kegiatan, sub, pagu n
        total_n = total_n1 = 0
        for program in programs:
            side = counts["non_urusan" if program["kode"].endswith(".01") else "urusan"]
            side[0] += 1
            program_n = program_n1 = 0
            for kegiatan in program["kegiatan"]:
                amounts = [sub.pop("_pagu") for sub in kegiatan["sub_kegiatan"]]
                kegiatan_n, kegiatan_n1 = sum(a[0] for a in amounts), sum(a[1] for a in amounts)
                # What the document writes on the row: the right sum, as a clean plan has it.
                kegiatan["stated"] = {"pagu_n": rupiah(kegiatan_n), "pagu_n1": rupiah(kegiatan_n1)}
                kegiatan["lokasi"] = self.pemda["nama"]
                program_n, program_n1 = program_n + kegiatan_n, program_n1 + kegiatan_n1
                side[1] += 1
                side[2] += len(kegiatan["sub_kegiatan"])
            program["stated"] = {"pagu_n": rupiah(program_n), "pagu_n1": rupiah(program_n1)}
            program["lokasi"] = self.pemda["nama"]
            side[3] += program_n
            total_n, total_n1 = total_n + program_n, total_n1 + program_n1
        with_margin = total_n * (100 + self.rng.randint(0, 5)) // 100  # the ceiling is 0–5 % above the total
        ceiling = -(-with_margin // 1_000_000) * 1_000_000  # rounded up to the million
        all_counts = [counts["urusan"][i] + counts["non_urusan"][i] for i in range(3)]
        head = self.person()
        return {
            "format": "renja-exchange",
            "version": 1,
            "source": {"document": f"Data sintetis untuk uji beban (renja.demo.synth, PD ke-{self.index + 1})",
                       "notes": "Rencana bersih buatan: semua jumlah benar dan tidak melampaui pagu plafon."},
            "pemda": dict(self.pemda),
            "perangkat_daerah": {
                "kode": f"{self.bidang}.0.00.0.00.{self.index + 1:02d}.0000",
                "nama": self.full_name,
                "singkatan": self.singkatan,
                "unit": [{"nama": "Sekretariat"}] + [
                    {"nama": f"Bidang {topic}"} for _, _, topic in self.programs],
                "pagu_plafon": [{"tahun": self.year, "pagu": rupiah(ceiling),
                                 "sumber": f"Rancangan Awal RKPD {self.pemda['nama']} Tahun {self.year}"}],
            },
            "renstra": self.renstra() | {"program": matrix},
            "renja": {
                "tahun": self.year,
                "tahap": "rancangan",
                "nomenklatur": NOMENKLATUR,
                "judul": f"Rancangan Rencana Kerja (Renja) {self.full_name} Tahun {self.year}",
                "tempat_tanggal": f"{TEMPAT if self.pemda['kode'] == PEMDA['kode'] else self.pemda['nama']}, "
                                  f"Maret {self.year - 1}",
                "penandatangan": {"nama": head[0], "jabatan": f"Kepala {self.nama}", "pangkat": head[1],
                                  "nip": head[2]},
                "program": programs,
                "narasi": self.narrative(all_counts, total_n),
                "statements": self.statements(counts, all_counts, total_n, total_n1),
            } | ({"prioritas_daerah": self.priorities()} if self.with_priorities else {}),
        }

    def priorities(self):
        """Tabel 3.1 for a province's plans: one of the Pemda's priorities, reached through the Renstra's sasaran
        (so that the RKPD and the roll-ups link it to every program of the plan)."""
        topic = self.programs[0][2]
        return [{"nomor": "1", "prioritas": PRIORITIES[self.index % len(PRIORITIES)],
                 "sasaran_daerah": f"Meningkatnya Kualitas Layanan Publik {self.pemda['nama']}",
                 "indikator_sasaran_daerah": ["Indeks Kepuasan Masyarakat"],
                 "sasaran_pd": f"Meningkatnya Kualitas Layanan {topic}",
                 "indikator_sasaran_pd": [f"Persentase Layanan {topic} sesuai Standar"]}]

    def person(self):
        name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}, S.E., M.Si."
        born = (self.rng.randint(1968, 1980), self.rng.randint(1, 12), self.rng.randint(1, 28))
        appointed = (born[0] + self.rng.randint(23, 30), self.rng.randint(1, 12))
        nip = (f"{born[0]}{born[1]:02d}{born[2]:02d}{appointed[0]}{appointed[1]:02d}"
               f"{self.rng.randint(1, 2)}{self.rng.randint(1, 9):03d}")
        return name, "Pembina Utama Muda (IV/c)", nip

    def matrix(self, programs):
        """The Renstra matrix of the plan's tree (before `document` takes the amounts off the sub kegiatan)."""
        years = range(self.year - 1, self.year + 4)

        def targets(item):
            return {str(y): item["target_n"] if y <= self.year else item["target_n1"] for y in years}

        def indicators(row):
            return [{"uraian": i["uraian"], "polaritas": i.get("polaritas", "positif"), "target": targets(i),
                     "kondisi_akhir": i["target_n1"]} for i in row["indikator"]]

        def pagu(amounts):
            n, n1 = amounts
            by_year = {self.year - 1: n * 10 // 11 // 1000 * 1000, self.year: n, self.year + 1: n1}
            for y in years[3:]:
                by_year[y] = next_year_pagu(by_year[y - 1])
            return {str(y): rupiah(by_year[y]) for y in years}

        def row(item, unit, **more):
            return {"kode": item["kode"], "nama": item["nama"], "unit": unit,
                    "lokasi": item.get("lokasi") or self.pemda["nama"], "indikator": indicators(item)} | more

        matrix = []
        for program in programs:
            topic = next((t for number, _, t in self.programs if program["kode"].endswith(f".{number}")), None)
            unit = f"Bidang {topic}" if topic else "Sekretariat"
            kegiatan = [row(k, unit, sub_kegiatan=[row(sub, unit, pagu=pagu(sub["_pagu"]))
                                                   for sub in k["sub_kegiatan"]])
                        for k in program["kegiatan"]]
            matrix.append(row(program, unit, kegiatan=kegiatan, sasaran=["1"]))
        return matrix

    def renstra(self):
        start = self.year - 1
        years = range(start, start + 5)
        topic = self.programs[0][2]
        base = Decimal(self.rng.randint(120, 160)) / 2

        def targets(step):
            return {str(y): percent(min(Decimal(100), base + step * i)) for i, y in enumerate(years)}

        return {
            "periode_mulai": start, "periode_selesai": start + 4,
            "tujuan": [{"nomor": "1", "uraian": f"Meningkatnya Kinerja Penyelenggaraan {topic}",
                        "indikator": [{"uraian": f"Indeks Kinerja Penyelenggaraan {topic}", "target": targets(1)}]}],
            "sasaran": [{"nomor": "1", "tujuan": "1", "uraian": f"Meningkatnya Kualitas Layanan {topic}",
                         "indikator": [{"uraian": f"Persentase Layanan {topic} sesuai Standar",
                                        "target": targets(2)}]}],
            "iku": [{"nomor": "1", "sasaran": "1", "uraian": f"Persentase Layanan {topic} sesuai Standar",
                     "target": targets(2)}],
        }

    def narrative(self, all_counts, total_n):
        programs, kegiatan, subs = all_counts
        return [
            {"bab": "I", "nomor": "1.1", "judul": "Latar Belakang",
             "teks": f"Renja {self.full_name} Tahun {self.year} disusun berdasarkan Renstra {self.year - 1}-"
                     f"{self.year + 3} dan Rancangan Awal RKPD Tahun {self.year}."},
            {"bab": "IV", "nomor": None, "judul": "Rencana Kerja dan Pendanaan Perangkat Daerah",
             "teks": f"{self.full_name} menyusun rencana kerja tahun {self.year} dalam {programs} program, "
                     f"{kegiatan} kegiatan dan {subs} sub kegiatan dengan total pagu indikatif sebesar "
                     f"Rp {rupiah(total_n)}."},
            {"bab": "V", "nomor": None, "judul": "Penutup",
             "teks": f"Renja ini menjadi pedoman pelaksanaan program dan kegiatan tahun {self.year}."},
        ]

    def statements(self, counts, all_counts, total_n, total_n1):
        programs, kegiatan, subs = all_counts
        sentence = (f"{self.full_name} menyusun rencana kerja tahun {self.year} dalam {programs} program, "
                    f"{kegiatan} kegiatan dan {subs} sub kegiatan dengan total pagu indikatif sebesar "
                    f"Rp {rupiah(total_n)}.")
        items = [
            {"table": "T-C.33", "key": "total_pagu_n", "row": "Jumlah", "value": rupiah(total_n)},
            {"table": "T-C.33", "key": "total_pagu_n1", "row": "Jumlah", "value": rupiah(total_n1)},
        ]
        for key, value in (("jumlah_program", programs), ("jumlah_kegiatan", kegiatan),
                           ("jumlah_sub_kegiatan", subs), ("total_pagu_n", rupiah(total_n))):
            items.append({"table": "BAB IV", "key": key, "value": value if isinstance(value, str) else str(value),
                          "context": sentence})
        items.append({"table": "BAB IV", "key": "nama_instansi", "value": self.full_name, "context": sentence})
        urusan, non_urusan = counts["urusan"], counts["non_urusan"]
        cells = [("jumlah_program_urusan", urusan[0]), ("jumlah_kegiatan_urusan", urusan[1]),
                 ("pagu_urusan", rupiah(urusan[3])), ("jumlah_program_non_urusan", non_urusan[0]),
                 ("jumlah_kegiatan_non_urusan", non_urusan[1]), ("pagu_non_urusan", rupiah(non_urusan[3])),
                 ("jumlah_program", programs), ("jumlah_kegiatan", kegiatan), ("total_pagu_n", rupiah(total_n))]
        for key, value in cells:
            items.append({"table": "Tabel 4.1", "key": key, "row": self.nama, "value": str(value)})
        return items


def pd_document(index, sub_per_pd=400, seed=1, year=2026, pemda=None, prioritas=False):
    """The exchange document (a dict) of PD number `index` (0-based) of the synthetic city, or of the Pemda
    `pemda` ({kode, nama, jenis}) of a synthetic province; `prioritas`: with a Tabel 3.1."""
    return _PlanBuilder(index, sub_per_pd, seed, year, pemda=pemda, prioritas=prioritas).document()


PROVINCE_NAME = "Provinsi Sintetis"


def province_pemdas(count, provinsi="99"):
    """`count` kabupaten/kota of a synthetic province, coded as Permendagri 72/2019 codes them: kabupaten
    `PP.01`, `PP.02` …, kota from `PP.71` (about one in five is a kota, at least one when count ≥ 2)."""
    kota = count // 5 if count >= 5 else (1 if count >= 2 else 0)
    kabupaten = count - kota
    result = [{"kode": f"{provinsi}.{i + 1:02d}", "nama": f"Kabupaten Sintetis {i + 1}", "jenis": "kabupaten"}
              for i in range(kabupaten)]
    result += [{"kode": f"{provinsi}.{71 + i}", "nama": f"Kota Sintetis {i + 1}", "jenis": "kota"}
               for i in range(kota)]
    return result


def synthesize_province(pemda_count=10, pd_count=40, sub_per_pd=400, seed=1, year=2026, provinsi="99",
                        progress=None, workers=1):
    """Load a synthetic province: `pemda_count` kabupaten/kota (`province_pemdas`), each with `pd_count` PD whose
    plans have about `sub_per_pd` sub kegiatan and a Tabel 3.1, through the exchange loader (its bulk path:
    COPY on PostgreSQL). The province itself is a Pemda too (kode `provinsi`, jenis provinsi, without plans of
    its own here), so that a Pemantau Provinsi or its Bappeda can be given a profile there. `progress(done,
    total)` after each plan. Returns the loaded Renja, Pemda by Pemda.

    `workers` processes load Pemdas at the same time where the database takes several writers at once
    (PostgreSQL; on SQLite one process loads). A Pemda is loaded by one process: its plans share the Pemda's
    nomenclature version and sumber dana, which two processes would both try to create."""
    from renja.core import processes
    from renja.organizations.models import Pemda
    from renja.plans.models import Renja

    Pemda.objects.get_or_create(kode=provinsi, defaults={"nama": PROVINCE_NAME, "jenis": Pemda.Jenis.PROVINSI})
    pemdas = province_pemdas(pemda_count, provinsi)
    for pemda in pemdas:  # here, before any worker, so that no two of them create one
        Pemda.objects.get_or_create(kode=pemda["kode"], defaults={"nama": pemda["nama"], "jenis": pemda["jenis"]})
    total = len(pemdas) * pd_count
    jobs = [(pemda, pd_count, sub_per_pd, seed, year) for pemda in pemdas]
    workers = processes.worker_count(workers, len(jobs), writing=True)
    ids, loaded = [], 0

    def one_more():
        nonlocal loaded
        loaded += 1
        if progress is not None:
            progress(min(loaded, total), total)

    if workers == 1:
        for job in jobs:
            ids += _load_pemda(*job, on_plan=one_more)
    else:
        queue = processes.fork_queue()
        with processes.fork_pool(workers, _report_to, (queue,)) as pool:
            futures = [pool.submit(_load_pemda_reporting, *job) for job in jobs]
            while not all(f.done() for f in futures):
                try:
                    queue.get(timeout=0.2)
                except Empty:
                    continue
                one_more()
            for future in futures:  # in Pemda order; the first failure is raised here
                ids += future.result()
    if progress is not None and workers > 1:
        progress(total, total)
    plans = Renja.objects.in_bulk(ids)
    return [plans[i] for i in ids]


def _load_pemda(pemda, pd_count, sub_per_pd, seed, year, on_plan):
    """Load the plans of one synthetic Pemda, PD by PD; the Renja ids."""
    from renja.exchange.loader import load_document

    ids = []
    for index in range(pd_count):
        document = pd_document(index, sub_per_pd=sub_per_pd, seed=seed, year=year, pemda=pemda, prioritas=True)
        ids.append(load_document(document, replace=True).renja.pk)
        on_plan()
    return ids


_PROGRESS = None  # a worker's queue to its caller (one entry per plan loaded)


def _report_to(queue):
    global _PROGRESS
    _PROGRESS = queue


def _load_pemda_reporting(pemda, pd_count, sub_per_pd, seed, year):
    return _load_pemda(pemda, pd_count, sub_per_pd, seed, year, on_plan=lambda: _PROGRESS.put(1))


def synthesize_city(pd_count=40, sub_per_pd=400, seed=1, year=2026, progress=None):
    """Load a synthetic city of `pd_count` PD, each with a clean Renja of about `sub_per_pd` sub kegiatan.

    Each plan goes through the exchange loader (replace=True: running it again replaces the plans).
    `progress(done, total)` is called after each PD. Returns the loaded Renja, in PD order.
    """
    from renja.exchange.loader import load_document

    plans = []
    for index in range(pd_count):
        document = pd_document(index, sub_per_pd=sub_per_pd, seed=seed, year=year)
        plans.append(load_document(document, replace=True).renja)
        if progress is not None:
            progress(index + 1, pd_count)
    return plans

"""A small Pemda whose figures are worked out by hand, for the status board, the ceilings and the compiled RKPD.

Kota Contoh, 2025:
- DP3A (kode 2.08.…): the clean plan, tahap rancangan, Draf. Programs 2.08.01 (400.000.000 / 440.000.000: two
  sub kegiatan, APBD) and 2.08.07 (500.000.000 / 550.000.000: one sub kegiatan, APBD + DAK); the year's ceiling
  1.000.000.000. Tabel 3.1: "Pemenuhan Hak Anak". Totals 900.000.000 / 990.000.000.
- DINKES (kode 1.02.…): a rancangan awal (pagu 250.000.000) and a final plan, the latest: program 1.02.02 with
  one kegiatan of two sub kegiatan, 120.000.000 + 180.000.000 = 300.000.000 (n+1 130.000.000 + 190.000.000 =
  320.000.000), DAK. Ceilings: the year's 500.000.000, the final stage's 280.000.000 (so 20.000.000 over).
  Tabel 3.1: "Pemenuhan Hak Anak", "Kesehatan Masyarakat".
- The Pemda (latest stages): 900.000.000 + 300.000.000 = 1.200.000.000; n+1 990.000.000 + 320.000.000 =
  1.310.000.000; ceilings 1.000.000.000 + 280.000.000 = 1.280.000.000.
- DISHUB: no plan at all.
"""

import copy

from renja.exchange.loader import load_document
from renja.organizations.models import PaguPlafon, PerangkatDaerah
from tests.workflow.people_and_plans import clean_document

DINKES = "1.02.0.00.0.00.01.0000"


def _indicator(name):
    return [{"uraian": name, "target_n": "10 Kali", "target_n1": "10 Kali"}]


def dinkes_document(tahap, subs):
    document = clean_document(tahap=tahap)
    document = copy.deepcopy(document)
    document["perangkat_daerah"] = {"kode": DINKES, "nama": "Dinas Kesehatan Kota Contoh", "singkatan": "DINKES"}
    document.pop("renstra", None)
    document.pop("evaluasi", None)
    renja = document["renja"]
    renja["statements"] = []
    renja["program"] = [{
        "kode": "1.02.02", "nama": "PROGRAM PEMENUHAN UPAYA KESEHATAN PERORANGAN DAN UPAYA KESEHATAN MASYARAKAT",
        "indikator": _indicator("Cakupan layanan"),
        "kegiatan": [{
            "kode": "1.02.02.2.02", "nama": "Penyediaan Layanan Kesehatan untuk UKM dan UKP Rujukan",
            "indikator": _indicator("Jumlah layanan"),
            "sub_kegiatan": [
                {"kode": f"1.02.02.2.02.{i + 1:04d}", "nama": f"Layanan kesehatan {i + 1}",
                 "indikator": _indicator("Jumlah layanan"), "lokasi": "Kota Contoh", "sumber_dana": "DAK",
                 "pagu_n": n, "pagu_n1": n1}
                for i, (n, n1) in enumerate(subs)],
        }],
    }]
    renja["prioritas_daerah"] = [{"nomor": "1", "prioritas": "Pemenuhan Hak Anak"},
                                 {"nomor": "2", "prioritas": "Kesehatan  Masyarakat"}]
    return document


def make_city():
    """(pemda, {name: Renja or PerangkatDaerah})."""
    document = clean_document()
    document["renja"]["prioritas_daerah"] = [{"nomor": "1", "prioritas": "Pemenuhan Hak Anak"}]
    dp3a = load_document(document, replace=True).renja
    awal = load_document(dinkes_document("rancangan_awal", [(250_000_000, 260_000_000)]), replace=True).renja
    final = load_document(dinkes_document("final", [(120_000_000, 130_000_000), (180_000_000, 190_000_000)]),
                          replace=True).renja
    pemda = dp3a.perangkat_daerah.pemda
    assert final.perangkat_daerah.pemda == pemda
    dishub = PerangkatDaerah.objects.create(pemda=pemda, kode="2.15.0.00.0.00.01.0000",
                                            nama="Dinas Perhubungan Kota Contoh", singkatan="DISHUB")
    PaguPlafon.objects.create(perangkat_daerah=final.perangkat_daerah, tahun=2025, pagu=500_000_000)
    PaguPlafon.objects.create(perangkat_daerah=final.perangkat_daerah, tahun=2025, tahap="final", pagu=280_000_000)
    return pemda, {"dp3a": dp3a, "dinkes_awal": awal, "dinkes": final, "dishub": dishub}

"""Progress of plans in force during their year: spending and physical progress per quarter, rolled up from
sub kegiatan to kegiatan, program and plan; the year's realisation and capaian of every indicator; the early
warning of a lagging PD; the city's ranking of PDs by realisation.

Built from the quarterly realisation (monitoring.RealisasiSubKegiatan, RealisasiIndikator) in a fixed
number of queries whatever the number of plans or rows (one bulk reader serves one plan and the city view).
"""

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class QuarterFigures:
    """Cumulative figures up to the end of quarter `triwulan`."""

    triwulan: int
    rencana: int                       # planned cumulative spending (Rp)
    realisasi: int                     # realised cumulative spending (Rp)
    persen_rencana: Decimal | None     # rencana / pagu × 100
    persen_keuangan: Decimal | None    # realisasi / pagu × 100
    fisik: Decimal | None              # cumulative physical progress weighted by pagu
    ada_data: bool                     # any realisation entered for this quarter


@dataclass
class IndicatorProgress:
    id: int
    uraian: str
    polaritas: str
    target_teks: str
    target: Decimal | None
    satuan: str
    triwulan: list                     # 4 values (Decimal | None) as entered
    akumulasi: str                     # "jumlah" | "akhir" (after inference)
    realisasi: Decimal | None          # the year's realisation so far
    capaian: Decimal | None
    kategori: str | None
    di_atas_skala: bool
    catatan: str


@dataclass
class RowProgress:
    level: str
    id: int
    kode: str
    nama: str
    pagu: int
    triwulan: list                     # 4 QuarterFigures
    indicators: list                   # IndicatorProgress
    children: list                     # RowProgress
    faktor_pendorong: str = ""
    faktor_penghambat: str = ""
    tindak_lanjut: str = ""

    def _latest(self):
        for figures in reversed(self.triwulan):
            if figures.ada_data:
                return figures
        return None

    @property
    def realisasi(self):
        latest = self._latest()
        return latest.realisasi if latest else 0

    @property
    def persen_keuangan(self):
        latest = self._latest()
        return latest.persen_keuangan if latest else None

    @property
    def fisik(self):
        latest = self._latest()
        return latest.fisik if latest else None


@dataclass
class EarlyWarning:
    triwulan: int
    rencana: Decimal
    toleransi: Decimal
    keuangan: Decimal | None
    fisik: Decimal | None
    terlambat: bool
    pesan: str


@dataclass
class PlanProgress:
    renja_id: int
    pd_id: int
    pd_nama: str
    tahun: int
    pagu: int
    triwulan: list                     # 4 QuarterFigures for the whole plan
    programs: list                     # RowProgress tree
    triwulan_terakhir: int | None
    peringatan: EarlyWarning | None
    skala: list = field(default_factory=list)


def build_progress(renja):
    raise NotImplementedError


def early_warning(progress, settings=None, triwulan=None):
    raise NotImplementedError


def city_ranking(pemda, tahun, triwulan=None):
    raise NotImplementedError


def scale_for(pemda):
    raise NotImplementedError

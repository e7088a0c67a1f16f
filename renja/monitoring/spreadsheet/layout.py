"""The workbook's layout shared by the template and the upload: sheets, columns, reports, and the plan as
the sheets see it."""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from renja.core.errors import InputRefused
from renja.monitoring.models import BelanjaSubKegiatan, RealisasiIndikator, RealisasiSubKegiatan
from renja.plans.models import Indikator, Kegiatan, Program, SubKegiatan

QUARTERS = (1, 2, 3, 4)
QUARTER_SHEETS = {1: "TW I", 2: "TW II", 3: "TW III", 4: "TW IV"}
BELANJA_SHEET = "Belanja"
HEADER_SEARCH_ROWS = 20
MAX_RUPIAH = 10**15  # a kuadriliun: beyond any budget line, below the database's limit
HUNDREDTH = Decimal("0.01")
MILLIONTH = Decimal("0.000001")
LEVEL_LABELS = {"P": "Program", "K": "Kegiatan", "S": "Sub Kegiatan", "I": "Indikator"}
ID_PATTERN = re.compile(r"^([PKSI])-(\d+)$")
KODE_REKENING = re.compile(r"^5(\.\d+)*$")  # belanja accounts start with 5


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # as the template writes it
    label: str  # as error messages name it
    width: int


QUARTER_COLUMNS = [
    Column("id", "ID (jangan diubah)", "ID", 11),
    Column("tingkat", "Tingkat", "Tingkat", 13),
    Column("kode", "Kode", "Kode", 22),
    Column("uraian", "Uraian", "Uraian", 55),
    Column("pagu", "Pagu (Rp)", "Pagu", 18),
    Column("rencana", "Rencana keuangan triwulan ini (Rp)", "Rencana keuangan", 19),
    Column("keuangan", "Realisasi keuangan triwulan ini (Rp)", "Realisasi keuangan", 19),
    Column("fisik", "Realisasi fisik kumulatif (%)", "Realisasi fisik", 14),
    Column("satuan", "Satuan", "Satuan", 12),
    Column("target", "Target", "Target", 14),
    Column("indikator", "Realisasi indikator triwulan ini", "Realisasi indikator", 16),
    Column("pendorong", "Faktor pendorong", "Faktor pendorong", 32),
    Column("penghambat", "Faktor penghambat", "Faktor penghambat", 32),
    Column("tindak_lanjut", "Tindak lanjut", "Tindak lanjut", 32),
]
QUARTER_REQUIRED = ["id", "kode", "rencana", "keuangan", "fisik", "indikator", "pendorong", "penghambat",
                    "tindak_lanjut"]
SUB_INPUTS = ["rencana", "keuangan", "fisik", "pendorong", "penghambat", "tindak_lanjut"]
INDICATOR_INPUTS = ["indikator"]

BELANJA_COLUMNS = [
    Column("sub_id", "ID sub kegiatan (jangan diubah)", "ID sub kegiatan", 13),
    Column("kode_sub", "Kode sub kegiatan", "Kode sub kegiatan", 22),
    Column("nama_sub", "Sub kegiatan", "Sub kegiatan", 40),
    Column("kode_rekening", "Kode rekening", "Kode rekening", 20),
    Column("uraian", "Uraian", "Uraian", 40),
    Column("anggaran", "Anggaran (Rp)", "Anggaran", 18),
    *(Column(f"tw{q}", f"Realisasi TW {label} (Rp)", f"Realisasi TW {label}", 18)
      for q, label in zip(QUARTERS, ("I", "II", "III", "IV"))),
]
BELANJA_REQUIRED = ["sub_id", "kode_sub", "kode_rekening", "uraian", "anggaran", "tw1", "tw2", "tw3", "tw4"]

SUB_FIELDS = ["rencana_keuangan", "keuangan", "keuangan_teks", "fisik", "fisik_teks", "faktor_pendorong",
              "faktor_penghambat", "tindak_lanjut"]
INDICATOR_FIELDS = ["teks", "nilai"]
BELANJA_FIELDS = ["uraian", "akun", "anggaran", "realisasi_tw1", "realisasi_tw2", "realisasi_tw3", "realisasi_tw4"]


class RealisationLoadError(InputRefused):
    """The file was not loaded and nothing changed; `errors` lists every problem (sheet, row, column, why)."""


@dataclass
class SheetReport:
    sheet: str
    ada: bool = True  # the sheet is in the file
    dibuat: int = 0
    diperbarui: int = 0
    tetap: int = 0

    def __str__(self):
        if not self.ada:
            return f"{self.sheet}: tidak ada di berkas; tidak diubah"
        return f"{self.sheet}: {self.dibuat} baris baru, {self.diperbarui} diperbarui, {self.tetap} tidak berubah"


@dataclass
class LoadReport:
    renja: object
    sheets: list = field(default_factory=list)  # SheetReport, in sheet order
    notes: list = field(default_factory=list)  # values kept as written without a readable number, etc.

    @property
    def dibuat(self):
        return sum(s.dibuat for s in self.sheets)

    @property
    def diperbarui(self):
        return sum(s.diperbarui for s in self.sheets)

    def sheet(self, name):
        return next(s for s in self.sheets if s.sheet == name)

    def lines(self):
        return [str(s) for s in self.sheets]

    def __str__(self):
        return "; ".join(self.lines())


def template_filename(renja):
    """`Realisasi-2026-DP3A-final.xlsx`: year, the PD's abbreviation (or code), stage."""
    pd = renja.perangkat_daerah
    name = re.sub(r"[^A-Za-z0-9]+", "-", pd.singkatan or pd.kode).strip("-") or "PD"
    return f"Realisasi-{renja.tahun}-{name}-{renja.tahap}.xlsx"


# --- the plan as the sheets see it -------------------------------------------------------------------------


@dataclass
class _Line:
    """One row of a quarter sheet: a plan row or an indicator."""

    prefix: str  # P, K, S, I
    obj: object
    kode: str  # the row's kode (an indicator: its owner's)
    uraian: str
    level: str  # program, kegiatan, sub_kegiatan, indikator (styling)

    @property
    def ident(self):
        return f"{self.prefix}-{self.obj.pk}"


class SheetPlan:
    """A plan's rows, indicators and stored realisation, read in a fixed number of queries."""

    def __init__(self, renja):
        self.renja = renja
        programs = list(Program.objects.filter(renja=renja).order_by("urutan", "id"))
        kegiatan = list(Kegiatan.objects.filter(program__renja=renja).order_by("urutan", "id"))
        subs = list(SubKegiatan.objects.filter(kegiatan__program__renja=renja).order_by("urutan", "id"))
        indicators = list(Indikator.objects.filter(
            Q(program__renja=renja) | Q(kegiatan__program__renja=renja)
            | Q(sub_kegiatan__kegiatan__program__renja=renja)).order_by("urutan", "id"))
        self.programs = {p.pk: p for p in programs}
        self.kegiatan = {k.pk: k for k in kegiatan}
        self.subs = {s.pk: s for s in subs}
        self.indicators = {i.pk: i for i in indicators}
        owned = {}
        for i in indicators:
            if i.program_id:
                key = ("P", i.program_id)
            else:
                key = ("K", i.kegiatan_id) if i.kegiatan_id else ("S", i.sub_kegiatan_id)
            owned.setdefault(key, []).append(i)
        kegiatan_of, subs_of = {}, {}
        for k in kegiatan:
            kegiatan_of.setdefault(k.program_id, []).append(k)
        for s in subs:
            subs_of.setdefault(s.kegiatan_id, []).append(s)

        self.lines = []
        self.by_ident = {}

        def add(prefix, obj, level):
            kode = kode_of(obj)
            line = _Line(prefix, obj, kode, obj.nama, level)
            self.lines.append(line)
            self.by_ident[line.ident] = line
            for i in owned.get((prefix, obj.pk), []):
                ind = _Line("I", i, kode, i.uraian, "indikator")
                self.lines.append(ind)
                self.by_ident[ind.ident] = ind

        for p in programs:
            add("P", p, "program")
            for k in kegiatan_of.get(p.pk, []):
                add("K", k, "kegiatan")
                for s in subs_of.get(k.pk, []):
                    add("S", s, "sub_kegiatan")

        self.sub_realisation = {(r.sub_kegiatan_id, r.triwulan): r for r in
                                RealisasiSubKegiatan.objects.filter(sub_kegiatan__in=self.subs)}
        self.indicator_realisation = {(r.indikator_id, r.triwulan): r for r in
                                      RealisasiIndikator.objects.filter(indikator__in=self.indicators)}
        self.belanja = {(b.sub_kegiatan_id, b.kode_rekening): b for b in
                        BelanjaSubKegiatan.objects.filter(sub_kegiatan__in=self.subs).order_by("kode_rekening", "id")}
        self.subs_by_kode = {}
        for s in subs:
            self.subs_by_kode.setdefault(same_kode(kode_of(s)), []).append(s)


def kode_of(row):
    return (row.kode or row.kode_asli or "").strip()


def same_kode(text):
    return re.sub(r"\s+", "", str(text or ""))



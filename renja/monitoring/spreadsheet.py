"""Quarterly realisation by spreadsheet: a template of a plan in force, filled in and uploaded again.

`write_template(renja)` gives an .xlsx workbook with one sheet per quarter ("TW I" … "TW IV") and a sheet
"Belanja" (spending per account code). A quarter sheet lists the plan's rows in tree order (program, its
indicators, kegiatan, its indicators, sub kegiatan, its indicators …), each with an ID column (``P-12``,
``K-34``, ``S-56``, ``I-78``) that matches the row on upload and the row's kode as a cross-check. It is
prefilled with what is already entered, so that download → edit → upload round-trips.

`load_workbook(renja, file)` reads every row of every sheet first and collects every error, each naming the
sheet, row and column and saying why ("Sheet 'TW II', baris 9, kolom H (Realisasi fisik): '120' di luar
0–100."). With any error it raises `RealisationLoadError` and changes nothing; otherwise it writes everything
in one transaction, through simple_history's bulk functions (every change keeps its history) and bumps the
`versi` of every row it changes.

Rules of the upload:

* the plan must be ditetapkan (realisation is entered on a plan in force);
* a sheet that is missing leaves its quarter unchanged; a row missing from a sheet leaves that row's quarter
  unchanged; a row present with blank cells means "not reported" (values already stored are cleared);
* IDs that are unknown, belong to another plan or repeat are refused, and so is a kode that does not match;
* amounts are whole Rupiah, typed as numbers or written the Indonesian way ("12.500.000", "Rp 12.500.000");
* realisasi fisik is cumulative, 0–100, and does not go down from one quarter to the next (quarters not in
  the file count with their stored values);
* the year's realisasi keuangan of a sub kegiatan does not exceed its pagu (pagu_n);
* an indicator's realisation keeps its text as written; its value is read from it (a text without a readable
  number is kept and reported as a note);
* on "Belanja", rows are matched by sub kegiatan (ID, else kode) and kode rekening; rows not in the sheet
  are left as they are; an account's realisation does not exceed its anggaran.
"""

import io
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from openpyxl.utils import get_column_letter
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from renja.core.errors import InputRefused
from renja.core.numbers import NumberError, clean_cell, format_rupiah, is_blank, parse_decimal, parse_rupiah
from renja.core.targets import parse_target
from renja.monitoring.models import BelanjaSubKegiatan, RealisasiIndikator, RealisasiSubKegiatan, Triwulan
from renja.plans import versions
from renja.plans.models import Indikator, Kegiatan, Program, Renja, SubKegiatan
from renja.reference.models import AkunBelanja

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


class _Plan:
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
            kode = _kode_of(obj)
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
            self.subs_by_kode.setdefault(_same_kode(_kode_of(s)), []).append(s)


def _kode_of(row):
    return (row.kode or row.kode_asli or "").strip()


def _same_kode(text):
    return re.sub(r"\s+", "", str(text or ""))


# --- the template ------------------------------------------------------------------------------------------


def write_template(renja):
    """The realisation workbook of `renja` (bytes of an .xlsx file), prefilled with what is stored."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    plan = _Plan(renja)
    pd = renja.perangkat_daerah
    grey = PatternFill("solid", fgColor="E7E9EC")
    header_fill = PatternFill("solid", fgColor="0B3D2E")
    level_fill = {"program": PatternFill("solid", fgColor="D9EFE4"), "kegiatan": PatternFill("solid", fgColor="EEF7F2")}
    bold = Font(bold=True)
    unlocked = Protection(locked=False)
    rupiah = "#,##0"
    wrap = Alignment(wrap_text=True, vertical="top")

    wb = Workbook()
    wb.remove(wb.active)

    def title_rows(ws, subtitle):
        ws["A1"] = f"REALISASI RENJA {pd.nama.upper()} TAHUN {renja.tahun}"
        ws["A1"].font = Font(bold=True, size=13)
        rows = [("Perangkat Daerah", f"{pd.nama} ({pd.kode})"), ("Tahun", renja.tahun), ("Bagian", subtitle),
                ("ID Renja", renja.pk)]
        for offset, (label, value) in enumerate(rows, start=2):
            ws.cell(offset, 1, label).font = bold
            ws.cell(offset, 3, value)
        ws.cell(6, 1, "Isi sel putih; sel abu-abu hanya keterangan. Sel kosong berarti belum dilaporkan. "
                      "Jangan ubah kolom ID dan Kode: keduanya mencocokkan baris saat berkas diunggah.").font = \
            Font(italic=True, color="555555")

    def header(ws, columns, row):
        for index, column in enumerate(columns, start=1):
            cell = ws.cell(row, index, column.header)
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            ws.column_dimensions[get_column_letter(index)].width = column.width
        ws.row_dimensions[row].height = 45

    index_of = {c.key: i for i, c in enumerate(QUARTER_COLUMNS, start=1)}
    header_row = 7
    for q in QUARTERS:
        ws = wb.create_sheet(QUARTER_SHEETS[q])
        title_rows(ws, Triwulan(q).label)
        header(ws, QUARTER_COLUMNS, header_row)
        ws.freeze_panes = ws.cell(header_row + 1, index_of["pagu"])
        row = header_row
        for line in plan.lines:
            row += 1
            values = {"id": line.ident, "tingkat": LEVEL_LABELS[line.prefix], "kode": line.kode,
                      "uraian": line.uraian}
            inputs = []
            if line.prefix == "S":
                sub = line.obj
                values["pagu"] = sub.pagu_n
                stored = plan.sub_realisation.get((sub.pk, q))
                if stored is not None:
                    values.update(rencana=stored.rencana_keuangan, keuangan=stored.keuangan, fisik=stored.fisik,
                                  pendorong=stored.faktor_pendorong, penghambat=stored.faktor_penghambat,
                                  tindak_lanjut=stored.tindak_lanjut)
                inputs = SUB_INPUTS
            elif line.prefix == "I":
                ind = line.obj
                values.update(satuan=ind.target_n_satuan, target=ind.target_n_teks)
                stored = plan.indicator_realisation.get((ind.pk, q))
                if stored is not None:
                    values["indikator"] = stored.teks or stored.nilai
                inputs = INDICATOR_INPUTS
            for column in QUARTER_COLUMNS:
                value = values.get(column.key)
                cell = ws.cell(row, index_of[column.key], "" if value is None else value)
                if value is None or value == "":
                    cell.value = None
                if column.key in inputs:
                    cell.protection = unlocked
                    if column.key in ("pendorong", "penghambat", "tindak_lanjut"):
                        cell.alignment = wrap
                else:
                    cell.fill = level_fill.get(line.level, grey)
                if column.key in ("pagu", "rencana", "keuangan"):
                    cell.number_format = rupiah
                elif column.key == "fisik":
                    cell.number_format = "0.00"
                elif column.key == "id":
                    cell.font = Font(color="777777", size=9)
            if line.level in ("program", "kegiatan"):
                for index in (index_of["kode"], index_of["uraian"]):
                    ws.cell(row, index).font = bold
            elif line.level == "indikator":
                ws.cell(row, index_of["uraian"]).alignment = Alignment(indent=2, wrap_text=True)
        if row > header_row:
            fisik = get_column_letter(index_of["fisik"])
            check = DataValidation(type="decimal", operator="between", formula1="0", formula2="100",
                                   allow_blank=True, showErrorMessage=True, errorTitle="Realisasi fisik",
                                   error="Realisasi fisik kumulatif diisi 0 sampai 100 (%).")
            check.add(f"{fisik}{header_row + 1}:{fisik}{row}")
            ws.add_data_validation(check)
        ws.protection.sheet = True
        for allowed in ("formatColumns", "formatRows", "formatCells", "autoFilter", "sort"):
            setattr(ws.protection, allowed, False)

    ws = wb.create_sheet(BELANJA_SHEET)
    title_rows(ws, "Belanja per kode rekening")
    ws.cell(6, 1, "Satu baris per sub kegiatan dan kode rekening; tambahkan baris bila perlu (isi ID atau kode sub "
                  "kegiatan). Realisasi per triwulan, bukan kumulatif.").font = Font(italic=True, color="555555")
    header(ws, BELANJA_COLUMNS, header_row)
    ws.freeze_panes = ws.cell(header_row + 1, 4)
    belanja_index = {c.key: i for i, c in enumerate(BELANJA_COLUMNS, start=1)}
    stored_of = {}
    for (sub_id, _), b in plan.belanja.items():
        stored_of.setdefault(sub_id, []).append(b)
    row = header_row
    for line in plan.lines:
        if line.prefix != "S":
            continue
        for b in stored_of.get(line.obj.pk) or [None]:
            row += 1
            values = {"sub_id": line.ident, "kode_sub": line.kode, "nama_sub": line.uraian}
            if b is not None:
                values.update(kode_rekening=b.kode_rekening, uraian=b.uraian, anggaran=b.anggaran,
                              **{f"tw{q}": getattr(b, f"realisasi_tw{q}") for q in QUARTERS})
            for column in BELANJA_COLUMNS:
                value = values.get(column.key)
                cell = ws.cell(row, belanja_index[column.key], None if value in (None, "") else value)
                if column.key in ("sub_id", "kode_sub", "nama_sub"):
                    cell.fill = grey
                if column.key == "anggaran" or column.key.startswith("tw"):
                    cell.number_format = rupiah
                if column.key == "kode_rekening":
                    cell.number_format = "@"

    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --- reading -----------------------------------------------------------------------------------------------


def _header_key(value):
    return re.sub(r"[^0-9A-Z]+", "", str(value or "").upper())


def _shown(value):
    """A cell's value as a message quotes it."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, float | Decimal):
        return str(value).replace(".", ",")
    return clean_cell(value)


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\r\n", "\n").strip()


def number_text(value):
    """A number as Indonesians write it, with only the decimals it has: `45,5`, `1.500`, `20`."""
    from babel.numbers import format_decimal

    return format_decimal(Decimal(value).normalize(), format="#,##0.######", locale="id_ID")


def _is_number(value):
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


@dataclass
class _Sheet:
    title: str
    header_row: int
    columns: dict  # key → 0-based index
    meta: dict  # header key of a title row → its value (e.g. "IDRENJA" → 17)
    rows: list  # [(row number, [values], [number formats])]


def _open(file):
    import openpyxl

    source = file
    if isinstance(file, bytes | bytearray):
        source = io.BytesIO(file)
    elif isinstance(file, str | Path):
        if not Path(file).exists():
            raise RealisationLoadError(f"berkas '{file}' tidak ditemukan")
    try:
        return openpyxl.load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:  # BadZipFile, InvalidFileException, KeyError …
        name = getattr(file, "name", None) or (Path(file).name if isinstance(file, str | Path) else "berkas")
        raise RealisationLoadError(
            f"'{Path(str(name)).name}' tidak dapat dibaca sebagai berkas Excel (.xlsx): {exc}") from exc


def _read_sheet(ws, columns, required, errors):
    """The sheet's header and rows; None (after recording why) when its header row cannot be found."""
    known = {}
    for column in columns:
        known[_header_key(column.header)] = column.key
        known.setdefault(_header_key(column.label), column.key)
    id_keys = {_header_key(columns[0].header), _header_key(columns[0].label)}
    meta = {}
    header_row, mapping = None, {}
    rows = []
    for number, cells in enumerate(ws.iter_rows(), start=1):
        values = [c.value for c in cells]
        if header_row is None:
            keys = [_header_key(v) for v in values]
            if any(k in id_keys for k in keys):
                header_row = number
                for index, key in enumerate(keys):
                    if key in known and known[key] not in mapping:
                        mapping[known[key]] = index
                continue
            label = next((k for k in keys if k), None)
            if label:
                rest = [v for v in values[keys.index(label) + 1:] if not is_blank(v)]
                meta[label] = rest[0] if rest else None
            if number >= HEADER_SEARCH_ROWS:
                break
            continue
        formats = [getattr(c, "number_format", None) or "" for c in cells]
        rows.append((number, values, formats))
    if header_row is None:
        errors.append(f"Sheet '{ws.title}': baris judul kolom (dengan kolom '{columns[0].header}') tidak "
                      f"ditemukan di {HEADER_SEARCH_ROWS} baris pertama.")
        return None
    label_of = {c.key: c.header for c in columns}
    missing = [label_of[k] for k in required if k not in mapping]
    if missing:
        errors.append(f"Sheet '{ws.title}', baris {header_row}: kolom " + ", ".join(f"'{m}'" for m in missing)
                      + " tidak ditemukan di baris judul; gunakan templat yang diunduh dari Renja ini.")
        return None
    return _Sheet(ws.title, header_row, mapping, meta, rows)


class _Rows:
    """Reads the cells of one sheet row, recording errors that name sheet, row and column."""

    def __init__(self, sheet, columns, errors):
        self.sheet = sheet
        self.labels = {c.key: c.label for c in columns}
        self.errors = errors

    def where(self, number, key):
        index = self.sheet.columns[key]
        return (f"Sheet '{self.sheet.title}', baris {number}, kolom {get_column_letter(index + 1)} "
                f"({self.labels[key]})")

    def error(self, number, key, message):
        self.errors.append(f"{self.where(number, key)}: {message}.")

    @staticmethod
    def value(values, index):
        return values[index] if index is not None and index < len(values) else None

    def cell(self, values, key):
        return self.value(values, self.sheet.columns.get(key))

    def fmt(self, formats, key):
        return self.value(formats, self.sheet.columns.get(key)) or ""

    def rupiah(self, number, values, key):
        """(amount, text as written, written as a number) or None after an error; (None, "", False) blank."""
        value = self.cell(values, key)
        if is_blank(value):
            return None, "", False
        try:
            amount = parse_rupiah(value)
        except NumberError as exc:
            self.error(number, key, f"'{_shown(value)}' bukan jumlah rupiah yang sah ({exc})")
            return None
        if amount >= MAX_RUPIAH:
            self.error(number, key, f"'{_shown(value)}' terlalu besar untuk jumlah rupiah")
            return None
        written = format_rupiah(amount) if _is_number(value) else clean_cell(value)
        return amount, written, _is_number(value)

    def decimal(self, number, values, formats, key):
        """(value, text, written as a number) for a number that may be typed in a percent-formatted cell."""
        value = self.cell(values, key)
        if is_blank(value):
            return None, "", False
        try:
            result = parse_decimal(value)
        except NumberError as exc:
            self.error(number, key, f"'{_shown(value)}' bukan angka ({exc})")
            return None
        if _is_number(value) and "%" in self.fmt(formats, key):
            result *= 100  # 0,45 in a cell formatted as percent is 45 %
        written = number_text(result) if _is_number(value) else clean_cell(value)
        return result, written, _is_number(value)


@dataclass
class _SubEntry:
    sheet: str
    number: int
    sub: object
    triwulan: int
    values: dict  # model field → value
    numeric: dict  # "keuangan"/"fisik" → the cell held a number (its text is not as written)
    where: dict  # "rencana_keuangan"/"keuangan"/"fisik" → "Sheet '…', baris …, kolom … (…)"

    @property
    def empty(self):
        return all(v in (None, "") for v in self.values.values())


@dataclass
class _IndicatorEntry:
    indicator: object
    triwulan: int
    teks: str
    nilai: Decimal | None
    numeric: bool

    @property
    def empty(self):
        return self.teks == "" and self.nilai is None


@dataclass
class _BelanjaEntry:
    number: int
    sub: object
    kode_rekening: str
    values: dict


def _find_sheets(wb, notes):
    wanted = {_header_key(name): name for name in (*QUARTER_SHEETS.values(), BELANJA_SHEET)}
    found = {}
    for ws in wb.worksheets:
        name = wanted.get(_header_key(ws.title))
        if name and name not in found:
            found[name] = ws
        else:
            notes.append(f"Sheet '{ws.title}' tidak dikenal; diabaikan.")
    return found


def _check_plan_id(sheet, renja, errors):
    """The template names its plan; a file made for another plan is refused at once (not row by row)."""
    value = sheet.meta.get("IDRENJA")
    if value is None:
        return True
    try:
        plan_id = int(str(value).strip())
    except ValueError:
        plan_id = None
    if plan_id != renja.pk:
        errors.append(f"Sheet '{sheet.title}': berkas ini dibuat untuk Renja lain (ID Renja {_shown(value)}), "
                      f"bukan {renja} (ID Renja {renja.pk}); unduh templat dari Renja ini.")
        return False
    return True


def _parse_quarter(sheet, q, plan, errors):
    reader = _Rows(sheet, QUARTER_COLUMNS, errors)
    subs, indicators = {}, {}
    seen = {}
    for number, values, formats in sheet.rows:
        if all(is_blank(v) for v in values):
            continue
        raw_id = reader.cell(values, "id")
        if is_blank(raw_id):
            reader.error(number, "id", "baris tanpa ID; sheet triwulan hanya memuat baris Renja dari templat "
                         "(baris baru tidak dapat ditambahkan)")
            continue
        match = ID_PATTERN.match(clean_cell(raw_id).upper())
        if not match:
            reader.error(number, "id", f"'{_shown(raw_id)}' bukan ID baris templat (contoh: S-123)")
            continue
        ident = f"{match.group(1)}-{int(match.group(2))}"
        line = plan.by_ident.get(ident)
        if line is None:
            reader.error(number, "id", f"ID '{ident}' bukan baris Renja ini")
            continue
        if ident in seen:
            reader.error(number, "id", f"ID '{ident}' sudah dipakai di baris {seen[ident]}")
            continue
        seen[ident] = number
        written_kode = reader.cell(values, "kode")
        if _same_kode(_text(written_kode)) != _same_kode(line.kode):
            reader.error(number, "kode", f"kode '{_shown(written_kode) if not is_blank(written_kode) else ''}' "
                         f"tidak sesuai dengan baris {ident} (kode '{line.kode}', {line.uraian[:60]})")
            continue
        allowed = SUB_INPUTS if line.prefix == "S" else INDICATOR_INPUTS if line.prefix == "I" else []
        refused = False
        for key in SUB_INPUTS + INDICATOR_INPUTS:
            if key not in allowed and not is_blank(reader.cell(values, key)):
                where = {"S": "baris sub kegiatan", "I": "baris indikator"}
                reader.error(number, key, f"'{_shown(reader.cell(values, key))}' tidak diisi pada baris "
                             f"{LEVEL_LABELS[line.prefix].lower()}; kolom ini hanya diisi pada "
                             f"{where['S' if key in SUB_INPUTS else 'I']}")
                refused = True
        if refused:
            continue
        if line.prefix == "S":
            rencana = reader.rupiah(number, values, "rencana")
            keuangan = reader.rupiah(number, values, "keuangan")
            fisik = reader.decimal(number, values, formats, "fisik")
            if fisik is not None and fisik[0] is not None:
                if not (0 <= fisik[0] <= 100):
                    reader.error(number, "fisik", f"'{_shown(reader.cell(values, 'fisik'))}' di luar 0–100")
                    fisik = None
                elif fisik[0] != fisik[0].quantize(HUNDREDTH):
                    reader.error(number, "fisik", f"'{_shown(reader.cell(values, 'fisik'))}' memiliki lebih dari "
                                 "dua angka di belakang koma")
                    fisik = None
            if rencana is None or keuangan is None or fisik is None:
                continue
            fisik_value = fisik[0].quantize(HUNDREDTH) if fisik[0] is not None else None
            subs[line.obj.pk] = _SubEntry(
                sheet=sheet.title, number=number, sub=line.obj, triwulan=q,
                values={"rencana_keuangan": rencana[0], "keuangan": keuangan[0], "keuangan_teks": keuangan[1],
                        "fisik": fisik_value, "fisik_teks": fisik[1],
                        "faktor_pendorong": _text(reader.cell(values, "pendorong")),
                        "faktor_penghambat": _text(reader.cell(values, "penghambat")),
                        "tindak_lanjut": _text(reader.cell(values, "tindak_lanjut"))},
                numeric={"keuangan": keuangan[2], "fisik": fisik[2]},
                where={"rencana_keuangan": reader.where(number, "rencana"),
                       "keuangan": reader.where(number, "keuangan"), "fisik": reader.where(number, "fisik")})
        elif line.prefix == "I":
            value = reader.cell(values, "indikator")
            if is_blank(value):
                entry = _IndicatorEntry(line.obj, q, "", None, False)
            elif _is_number(value):
                parsed = reader.decimal(number, values, formats, "indikator")
                if parsed is None:
                    continue
                entry = _IndicatorEntry(line.obj, q, parsed[1], parsed[0], True)
            else:
                target = parse_target(value)
                if target.nilai is None:
                    reason = (target.masalah or "tidak berisi angka").replace("target ", "")
                    if re.match(r"-\s*\d", target.teks):
                        reason = "angka negatif tidak dapat dicatat"
                    reader.error(number, "indikator", f"'{target.teks}' tidak dapat dibaca ({reason}); tulis satu "
                                 "angka, boleh dengan satuannya, misalnya '45 %' atau '12 Dokumen'")
                    continue
                entry = _IndicatorEntry(line.obj, q, target.teks, target.nilai, False)
            if entry.nilai is not None and entry.nilai < 0:
                reader.error(number, "indikator", f"'{_shown(value)}' negatif; angka negatif tidak dapat dicatat")
                continue
            if entry.nilai is not None and abs(entry.nilai) >= Decimal(10) ** 18:
                reader.error(number, "indikator", f"'{_shown(value)}' terlalu besar")
                continue
            if entry.nilai is not None:
                entry.nilai = entry.nilai.quantize(MILLIONTH, rounding=ROUND_HALF_UP)
            indicators[line.obj.pk] = entry
    return subs, indicators


def _check_across_quarters(plan, entries, errors):
    """Physical progress does not go down; the year's spending (and planned spending) stays within the pagu.
    Quarters not in the file, or rows missing from a sheet, count with their stored values."""
    sub_ids = set()
    for by_sub in entries.values():
        sub_ids |= set(by_sub)
    order = {line.obj.pk: n for n, line in enumerate(plan.lines) if line.prefix == "S"}
    for sub_id in sorted(sub_ids, key=order.get):
        sub = plan.subs[sub_id]
        effective = []  # (quarter, {field: value}, entry or None)
        for q in QUARTERS:
            entry = entries.get(q, {}).get(sub_id)
            stored = plan.sub_realisation.get((sub_id, q))
            source = entry.values if entry is not None else {
                f: getattr(stored, f) if stored is not None else None
                for f in ("fisik", "keuangan", "rencana_keuangan")}
            effective.append((q, source, entry))
        previous = None
        for q, values, entry in effective:
            fisik = values["fisik"]
            if fisik is None:
                continue
            if previous is not None and fisik < previous[1]:
                pq, pfisik, pentry = previous
                if entry is not None:
                    source = "di berkas" if pentry is not None else "yang tercatat"
                    errors.append(f"{entry.where['fisik']}: '{number_text(fisik)}' lebih rendah dari realisasi fisik "
                                  f"{Triwulan(pq).label} {source} ({number_text(pfisik)} %); realisasi fisik "
                                  "kumulatif tidak boleh turun.")
                else:
                    errors.append(f"{pentry.where['fisik']}: '{number_text(pfisik)}' lebih tinggi dari realisasi "
                                  f"fisik {Triwulan(q).label} yang tercatat ({number_text(fisik)} %); realisasi "
                                  "fisik kumulatif tidak boleh turun.")
            previous = (q, fisik, entry)
        for key, label in (("keuangan", "realisasi keuangan"), ("rencana_keuangan", "rencana keuangan")):
            total = 0
            for q, values, entry in effective:
                total += values[key] or 0
                if total > (sub.pagu_n or 0):
                    blame = entry or next((e for _, _, e in reversed(effective[:q]) if e is not None), None) \
                        or next(e for _, _, e in effective if e is not None)
                    if sub.pagu_n is None:
                        errors.append(f"{blame.where[key]}: pagu sub kegiatan {_kode_of(sub)} belum terbaca "
                                      f"('{sub.pagu_n_teks}'), sehingga {label} tidak dapat diperiksa terhadapnya; "
                                      "perbaiki pagu melalui Renja Perubahan.")
                    else:
                        errors.append(f"{blame.where[key]}: {label} kumulatif sampai {Triwulan(q).label} "
                                      f"Rp {format_rupiah(total)} melebihi pagu sub kegiatan {_kode_of(sub)} "
                                      f"Rp {format_rupiah(sub.pagu_n)}.")
                    break


def _parse_belanja(sheet, plan, errors):
    reader = _Rows(sheet, BELANJA_COLUMNS, errors)
    result = []
    seen = {}
    for number, values, _ in sheet.rows:
        inputs = ["kode_rekening", "uraian", "anggaran", "tw1", "tw2", "tw3", "tw4"]
        if all(is_blank(reader.cell(values, key)) for key in inputs):
            continue  # a sub kegiatan listed without any account, or an empty line
        raw_id, raw_kode = reader.cell(values, "sub_id"), reader.cell(values, "kode_sub")
        sub = None
        if not is_blank(raw_id):
            match = ID_PATTERN.match(clean_cell(raw_id).upper())
            line = plan.by_ident.get(f"S-{int(match.group(2))}") if match and match.group(1) == "S" else None
            if line is None:
                reader.error(number, "sub_id", f"'{_shown(raw_id)}' bukan ID sub kegiatan Renja ini")
                continue
            if not is_blank(raw_kode) and _same_kode(_text(raw_kode)) != _same_kode(line.kode):
                reader.error(number, "kode_sub", f"kode '{_shown(raw_kode)}' tidak sesuai dengan sub kegiatan "
                             f"{line.ident} (kode '{line.kode}')")
                continue
            sub = line.obj
        elif is_blank(raw_kode):
            reader.error(number, "kode_sub", "isi ID atau kode sub kegiatan")
            continue
        else:
            found = plan.subs_by_kode.get(_same_kode(_text(raw_kode)), [])
            if len(found) != 1:
                why = "tidak ada di Renja ini" if not found else (
                    f"dipakai {len(found)} sub kegiatan di Renja ini; isi kolom ID sub kegiatan")
                reader.error(number, "kode_sub", f"sub kegiatan '{_shown(raw_kode)}' {why}")
                continue
            sub = found[0]
        kode_rekening = _same_kode(_text(reader.cell(values, "kode_rekening")))
        if not kode_rekening:
            reader.error(number, "kode_rekening", "kode rekening wajib diisi")
            continue
        if not KODE_REKENING.match(kode_rekening) or len(kode_rekening) > 40:
            reader.error(number, "kode_rekening", f"'{kode_rekening}' bukan kode rekening (contoh: 5.1.02.01.01.0024)")
            continue
        key = (sub.pk, kode_rekening)
        if key in seen:
            reader.error(number, "kode_rekening", f"kode rekening '{kode_rekening}' untuk sub kegiatan "
                         f"{_kode_of(sub)} sudah ada di baris {seen[key]}")
            continue
        seen[key] = number
        amounts = {k: reader.rupiah(number, values, k) for k in ("anggaran", "tw1", "tw2", "tw3", "tw4")}
        if any(a is None for a in amounts.values()):
            continue
        anggaran = amounts["anggaran"][0] or 0
        realisasi = sum(amounts[f"tw{q}"][0] or 0 for q in QUARTERS)
        if realisasi > anggaran:
            reader.error(number, "anggaran", f"realisasi TW I–IV berjumlah Rp {format_rupiah(realisasi)}, melebihi "
                         f"anggaran Rp {format_rupiah(anggaran)}")
            continue
        result.append(_BelanjaEntry(number, sub, kode_rekening, {
            "uraian": _text(reader.cell(values, "uraian")), "anggaran": anggaran,
            **{f"realisasi_tw{q}": amounts[f"tw{q}"][0] or 0 for q in QUARTERS}}))
    _check_budget(plan, result, reader)
    return result


def _check_budget(plan, entries, reader):
    """The accounts of a sub kegiatan may not budget more than its pagu, as in the app (monitoring.entry): the
    accounts break down the pagu of the plan in force; more needs a Renja Perubahan. Accounts stored and not in
    the file count too. Reported on the sub kegiatan's last account row of the file."""
    in_file = {(e.sub.pk, e.kode_rekening) for e in entries}
    budget, last_row = {}, {}
    for (sub_id, kode), stored in plan.belanja.items():
        if (sub_id, kode) not in in_file:
            budget[sub_id] = budget.get(sub_id, 0) + stored.anggaran
    for e in entries:
        budget[e.sub.pk] = budget.get(e.sub.pk, 0) + e.values["anggaran"]
        last_row[e.sub.pk] = e.number
    for sub_id, number in last_row.items():
        sub = plan.subs[sub_id]
        if sub.pagu_n is not None and budget[sub_id] > sub.pagu_n:
            reader.error(number, "anggaran", f"anggaran rekening sub kegiatan {_kode_of(sub)} berjumlah "
                         f"Rp {format_rupiah(budget[sub_id])}, melebihi pagunya Rp {format_rupiah(sub.pagu_n)}")


def load_workbook(renja, file, user=None, progress=None, source=None):
    """Load the realisation in `file` (a path, bytes or a file object) into `renja`; all or nothing.

    `progress(sheet, done, total)` is called after each sheet is checked and once more when everything is
    written. Returns a LoadReport; raises RealisationLoadError with every problem found."""
    wb = _open(file)
    name = source or Path(str(file if isinstance(file, str | Path) else getattr(file, "name", "") or "")).name
    reason = f"unggah realisasi {name}".strip()
    try:
        with transaction.atomic():
            locked = Renja.objects.select_for_update().get(pk=renja.pk)
            if locked.status != Renja.Status.DITETAPKAN:
                raise RealisationLoadError(
                    f"{renja} berstatus {locked.get_status_display()}: realisasi hanya dicatat pada Renja yang "
                    "telah Ditetapkan. Tidak ada yang diubah.")
            report = LoadReport(renja=locked)
            errors = []
            sheets = _find_sheets(wb, report.notes)
            if not sheets:
                raise RealisationLoadError(
                    "berkas tidak memuat sheet 'TW I', 'TW II', 'TW III', 'TW IV' atau 'Belanja'; gunakan templat "
                    "yang diunduh dari Renja ini.")
            plan = _Plan(locked)
            total = len(sheets) + 1
            done = 0
            entries, indicator_entries, belanja = {}, {}, None
            for q in QUARTERS:
                ws = sheets.get(QUARTER_SHEETS[q])
                if ws is None:
                    continue
                sheet = _read_sheet(ws, QUARTER_COLUMNS, QUARTER_REQUIRED, errors)
                if sheet is not None and _check_plan_id(sheet, locked, errors):
                    entries[q], indicator_entries[q] = _parse_quarter(sheet, q, plan, errors)
                done += 1
                if progress:
                    progress(QUARTER_SHEETS[q], done, total)
            if BELANJA_SHEET in sheets:
                sheet = _read_sheet(sheets[BELANJA_SHEET], BELANJA_COLUMNS, BELANJA_REQUIRED, errors)
                if sheet is not None and _check_plan_id(sheet, locked, errors):
                    belanja = _parse_belanja(sheet, plan, errors)
                done += 1
                if progress:
                    progress(BELANJA_SHEET, done, total)
            _check_across_quarters(plan, entries, errors)
            if errors:
                raise RealisationLoadError(errors)
            for q in QUARTERS:
                if QUARTER_SHEETS[q] not in sheets:
                    report.sheets.append(SheetReport(QUARTER_SHEETS[q], ada=False))
                    continue
                report.sheets.append(_write_quarter(plan, q, entries.get(q, {}), indicator_entries.get(q, {}),
                                                    user, reason))
            if BELANJA_SHEET in sheets:
                report.sheets.append(_write_belanja(plan, belanja or [], user, reason))
            else:
                report.sheets.append(SheetReport(BELANJA_SHEET, ada=False))
            versions.changed(locked.perangkat_daerah_id, locked.tahun)  # bulk writes send no signals
            if progress:
                progress("selesai", total, total)
            return report
    finally:
        wb.close()


def _save(model, new, changed, fields, user, reason):
    """Insert the new rows and update the changed ones (with their versi), each with its history record."""
    if new:
        bulk_create_with_history(new, model, batch_size=500, default_user=user, default_change_reason=reason)
    if changed:
        bulk_update_with_history(changed, model, list(fields) + ["versi"], batch_size=500, default_user=user,
                                 default_change_reason=reason)


def _changed(obj, values):
    return [f for f, v in values.items() if getattr(obj, f) != v]


def _write_quarter(plan, q, subs, indicators, user, reason):
    counts = SheetReport(QUARTER_SHEETS[q])
    new_subs, changed_subs = [], []
    for sub_id, entry in subs.items():
        stored = plan.sub_realisation.get((sub_id, q))
        values = dict(entry.values)
        if stored is None:
            if entry.empty:
                continue
            new_subs.append(RealisasiSubKegiatan(sub_kegiatan=entry.sub, triwulan=q, **values))
            continue
        # A number typed in a cell has no written form of its own: the stored text stays when the value does.
        for key, text in (("keuangan", "keuangan_teks"), ("fisik", "fisik_teks")):
            if entry.numeric[key] and values[key] == getattr(stored, key):
                values[text] = getattr(stored, text)
        if _changed(stored, values):
            for f, v in values.items():
                setattr(stored, f, v)
            stored.versi += 1
            changed_subs.append(stored)
        else:
            counts.tetap += 1
    new_values, changed_values = [], []
    for indicator_id, entry in indicators.items():
        stored = plan.indicator_realisation.get((indicator_id, q))
        values = {"teks": entry.teks, "nilai": entry.nilai}
        if stored is None:
            if entry.empty:
                continue
            new_values.append(RealisasiIndikator(indikator=entry.indicator, triwulan=q, **values))
            continue
        if entry.numeric and entry.nilai == stored.nilai:
            values["teks"] = stored.teks
        if _changed(stored, values):
            stored.teks, stored.nilai = values["teks"], values["nilai"]
            stored.versi += 1
            changed_values.append(stored)
        else:
            counts.tetap += 1
    _save(RealisasiSubKegiatan, new_subs, changed_subs, SUB_FIELDS, user, reason)
    _save(RealisasiIndikator, new_values, changed_values, INDICATOR_FIELDS, user, reason)
    counts.dibuat = len(new_subs) + len(new_values)
    counts.diperbarui = len(changed_subs) + len(changed_values)
    return counts


def _write_belanja(plan, entries, user, reason):
    counts = SheetReport(BELANJA_SHEET)
    accounts = {a.kode: a for a in AkunBelanja.objects.filter(kode__in={e.kode_rekening for e in entries})}
    new, changed = [], []
    for entry in entries:
        values = dict(entry.values)
        akun = accounts.get(entry.kode_rekening)
        values["akun"] = akun
        if not values["uraian"] and akun is not None:
            values["uraian"] = akun.nama
        stored = plan.belanja.get((entry.sub.pk, entry.kode_rekening))
        if stored is None:
            new.append(BelanjaSubKegiatan(sub_kegiatan=entry.sub, kode_rekening=entry.kode_rekening, **values))
        elif _changed(stored, values):
            for f, v in values.items():
                setattr(stored, f, v)
            stored.versi += 1
            changed.append(stored)
        else:
            counts.tetap += 1
    _save(BelanjaSubKegiatan, new, changed, BELANJA_FIELDS, user, reason)
    counts.dibuat, counts.diperbarui = len(new), len(changed)
    return counts

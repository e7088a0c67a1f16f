"""Renja's own plan workbook: what `renja export --format xlsx` writes, and its reader.

The workbook is an exchange document laid out for planners. Sheet "Renja" holds the plan tree, one row
per program, kegiatan and sub kegiatan and one row per indicator below its row; the tables around the plan
have a sheet each; sheet "_meta" (hidden) keeps what rows cannot carry (format version, Pemda, PD, year,
stage, Renstra, evaluations) as JSON. Columns are found by their header texts, never by their letters, so
a planner may reorder, hide or add columns. Values are written as they were written: an amount is a number
cell only when its text is the usual Indonesian form of that number (`160.049.500`), so that it reads back
as the same text.
"""

import json
import math
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from renja.core.numbers import NumberError, format_rupiah, parse_rupiah
from renja.exchange.workbook.rows import Problem

FORMAT_VERSION = "1"
META_SHEET = "_meta"
LISTS_SHEET = "_daftar"
TREE_SHEET = "Renja"
README_SHEET = "README"
CELL_LIMIT = 32_000  # below Excel's 32,767 characters per cell
EXACT_INT = 999_999_999_999_999  # Excel keeps 15 significant digits
HEADER_ROW = 5  # as written; the reader looks for the header row by its texts
EXTRA_VALIDATED_ROWS = 1000  # rows below the plan that keep the drop-down lists, for rows a planner adds

LEVELS = {"program": "Program", "kegiatan": "Kegiatan", "sub_kegiatan": "Sub Kegiatan", "indikator": "Indikator"}
LEVEL_OF_LABEL = {v.lower(): k for k, v in LEVELS.items()}
CHILDREN = {"program": "kegiatan", "kegiatan": "sub_kegiatan"}
PAGU_KOLOM = {"rkpd": "Pagu RKPD (Rp)", "apbd": "Pagu APBD (Rp)", "rkpd_perubahan": "Pagu RKPD Perubahan (Rp)",
              "apbd_perubahan": "Pagu APBD Perubahan (Rp)"}


class WorkbookError(ValueError):
    """The document cannot be written as a workbook; the message says why, in Bahasa Indonesia."""


@dataclass
class Column:
    key: str            # key in the exchange document (a dotted path for nested keys)
    header: str         # the header text, by which the reader finds the column
    width: int = 14
    kind: str = "text"  # text | cell (number or text) | rupiah | lines | json | computed
    levels: tuple = ()  # tree sheet: levels whose rows carry this key


NODE = ("program", "kegiatan", "sub_kegiatan")
TREE_COLUMNS = [
    Column("tingkat", "Tingkat", 13, levels=NODE + ("indikator",)),
    Column("kode", "Kode", 22, levels=NODE),
    Column("nama", "Program / Kegiatan / Sub Kegiatan", 44, levels=NODE),
    Column("uraian", "Indikator", 40, levels=("indikator",)),
    Column("polaritas", "Polaritas", 10, levels=("indikator",)),
    Column("target_sebelum", "Target Sebelum Perubahan", 14, kind="cell", levels=("indikator",)),
    Column("target_n", "Target Tahun n", 14, kind="cell", levels=("indikator",)),
    Column("satuan", "Satuan", 12, levels=("indikator",)),
    Column("target_n1", "Target Tahun n+1", 14, kind="cell", levels=("indikator",)),
    Column("lokasi", "Lokasi", 18, levels=NODE),
    Column("sumber_dana", "Sumber Dana", 16, levels=NODE),
    Column("pagu_sebelum", "Pagu Sebelum Perubahan (Rp)", 18, kind="rupiah", levels=("sub_kegiatan",)),
    Column("pagu_n", "Pagu Indikatif Tahun n (Rp)", 18, kind="rupiah", levels=("sub_kegiatan",)),
    Column("pagu_n1", "Prakiraan Maju Tahun n+1 (Rp)", 18, kind="rupiah", levels=("sub_kegiatan",)),
    *[Column(f"pagu_kolom.{key}", header, 18, kind="rupiah", levels=("sub_kegiatan",))
      for key, header in PAGU_KOLOM.items()],
    Column("computed_n", "Jumlah Pagu n Dihitung (tidak dibaca)", 18, kind="computed", levels=("program", "kegiatan")),
    Column("computed_n1", "Jumlah Pagu n+1 Dihitung (tidak dibaca)", 18, kind="computed",
           levels=("program", "kegiatan")),
    Column("stated.pagu_n", "Pagu n Tertulis di Dokumen", 18, kind="cell", levels=NODE),
    Column("stated.pagu_n1", "Pagu n+1 Tertulis di Dokumen", 18, kind="cell", levels=NODE),
    Column("stated.pagu_sebelum", "Pagu Sebelum Perubahan Tertulis di Dokumen", 18, kind="cell", levels=NODE),
    *[Column(f"stated.pagu_kolom.{key}", header.replace(" (Rp)", " Tertulis di Dokumen"), 18, kind="cell",
             levels=NODE) for key, header in PAGU_KOLOM.items()],
    Column("catatan", "Catatan Penting", 20, levels=NODE),
    Column("raw", "Baris Asli Dokumen", 30, levels=NODE + ("indikator",)),
]
# Columns written only when the document has their keys (a Renja Perubahan).
OPTIONAL_TREE_KEYS = {"target_sebelum", "pagu_sebelum", *(f"pagu_kolom.{k}" for k in PAGU_KOLOM),
                      "stated.pagu_sebelum", *(f"stated.pagu_kolom.{k}" for k in PAGU_KOLOM)}
# A workbook is Renja's own when its tree sheet has these headers.
SIGNATURE = ("Tingkat", "Kode", "Program / Kegiatan / Sub Kegiatan", "Indikator", "Pagu Indikatif Tahun n (Rp)")


@dataclass
class TableSheet:
    name: str
    key: str            # list under `renja`
    columns: list
    required: tuple = ()  # keys kept even when blank
    continued: str = ""   # a column whose long text goes on in the next rows (blank elsewhere)

    def __post_init__(self):
        # The row's number: it marks a row whose every cell is blank as a row (the document has it), and is not
        # read as data. A row a planner adds needs none.
        self.columns = [Column("urutan", "Urutan", 8, kind="order"), *self.columns]


TABLE_SHEETS = [
    TableSheet("Prioritas Daerah", "prioritas_daerah", [
        Column("nomor", "No", 6), Column("prioritas", "Prioritas Daerah", 30),
        Column("sasaran_daerah", "Sasaran Daerah", 30),
        Column("indikator_sasaran_daerah", "Indikator Sasaran Daerah", 30, kind="lines"),
        Column("sasaran_pd", "Sasaran Perangkat Daerah", 30),
        Column("indikator_sasaran_pd", "Indikator Sasaran Perangkat Daerah", 30, kind="lines"),
        Column("raw", "Baris Asli Dokumen", 30)]),
    TableSheet("Sasaran Program", "sasaran_program", [
        Column("nomor", "No", 6), Column("sasaran", "Sasaran", 30), Column("program", "Program", 30),
        Column("kegiatan", "Kegiatan", 30, kind="lines"), Column("sub_kegiatan", "Sub Kegiatan", 30, kind="lines"),
        Column("raw", "Baris Asli Dokumen", 30)]),
    TableSheet("Reviu RKPD (T-C.31)", "reviu_rkpd", [
        Column("nomor", "No", 6), Column("tingkat", "Tingkat", 12),
        Column("rancangan.nama", "Rancangan Awal: Program/Kegiatan", 30),
        Column("rancangan.lokasi", "Rancangan Awal: Lokasi", 14),
        Column("rancangan.indikator", "Rancangan Awal: Indikator dan Target (JSON)", 30, kind="json"),
        Column("rancangan.pagu", "Rancangan Awal: Pagu Indikatif (Rp)", 18, kind="rupiah"),
        Column("kebutuhan.nama", "Hasil Analisis: Program/Kegiatan", 30),
        Column("kebutuhan.lokasi", "Hasil Analisis: Lokasi", 14),
        Column("kebutuhan.indikator", "Hasil Analisis: Indikator dan Target (JSON)", 30, kind="json"),
        Column("kebutuhan.pagu", "Hasil Analisis: Kebutuhan Dana (Rp)", 18, kind="rupiah"),
        Column("catatan", "Catatan Penting", 20), Column("raw", "Baris Asli Dokumen", 30)],
        required=("tingkat",)),
    TableSheet("Usulan Pemangku (T-C.32)", "usulan_pemangku", [
        Column("nomor", "No", 6), Column("tingkat", "Tingkat", 12), Column("nama", "Program/Kegiatan", 30),
        Column("lokasi", "Lokasi", 14), Column("indikator", "Indikator dan Besaran/Volume (JSON)", 30, kind="json"),
        Column("catatan", "Catatan", 20), Column("raw", "Baris Asli Dokumen", 30)]),
    TableSheet("Indikator Pelayanan (T-C.30)", "indikator_pelayanan", [
        Column("kelompok", "Kelompok", 8), Column("nomor", "No", 6), Column("uraian", "Indikator", 36),
        Column("polaritas", "Polaritas", 10), Column("spm", "SPM / Standar Nasional", 14),
        Column("ikk", "IKK", 14), Column("target", "Target Renstra per Tahun (JSON)", 24, kind="json"),
        Column("realisasi", "Realisasi per Tahun (JSON)", 24, kind="json"),
        Column("proyeksi", "Proyeksi per Tahun (JSON)", 24, kind="json"),
        Column("catatan", "Catatan Analisis", 20), Column("raw", "Baris Asli Dokumen", 30)],
        required=("uraian",)),
    TableSheet("Narasi", "narasi", [
        Column("bab", "BAB", 6), Column("nomor", "Nomor", 8), Column("judul", "Judul", 36),
        Column("teks", "Teks", 100)], required=("bab",), continued="teks"),
    TableSheet("Pernyataan", "statements", [
        Column("table", "Tabel / Bagian", 14), Column("key", "Yang Dinyatakan", 18), Column("code", "Kode Baris", 18),
        Column("row", "Baris", 30), Column("value", "Nilai Tertulis", 18, kind="cell"),
        Column("context", "Konteks", 60), Column("raw", "Baris Asli Dokumen", 30)], required=("table", "key")),
]
# Keys of the document kept in the metadata sheet (everything the sheets above do not carry).
META_RENJA_KEYS = ("tahun", "tahap", "nomenklatur", "judul", "tempat_tanggal", "penandatangan")
META_TOP_KEYS = ("source", "pemda", "perangkat_daerah", "renstra", "evaluasi")

README_TEXT = [
    "BUKU KERJA RENJA",
    "",
    "Buku kerja ini berisi satu Renja (satu Perangkat Daerah, satu tahun, satu tahap) sebagai data. "
    "Ia dapat diubah lalu dimuat kembali dengan `renja load BERKAS.xlsx` atau lewat menu Unggah Renja (Excel).",
    "",
    "Lembar Renja: pohon rencana. Satu baris untuk setiap program, kegiatan dan sub kegiatan (kolom Tingkat), "
    "disusul baris-baris Indikator miliknya. Sebuah kegiatan termasuk program di atasnya, sebuah sub kegiatan "
    "termasuk kegiatan di atasnya, sebuah indikator termasuk baris program/kegiatan/sub kegiatan di atasnya.",
    "Menambah baris: sisipkan baris di tempatnya dan isi Tingkat, Kode dan Nama (untuk indikator: Tingkat "
    "'Indikator', Indikator dan target). Menghapus: hapus barisnya.",
    "Pagu hanya diisi pada sub kegiatan (angka rupiah, mis. 160.049.500). Jumlah program dan kegiatan dihitung "
    "oleh Renja; kolom 'Dihitung' hanya untuk dibaca dan tidak dimuat. Kolom 'Tertulis di Dokumen' menyimpan "
    "angka yang dinyatakan dokumen asal (bukan hasil hitungan).",
    "Target ditulis seperti biasa (mis. 46 %, 12 Dokumen). Nilai ditulis apa adanya: Renja membaca angka dan "
    "melaporkan nilai yang tidak terbaca, tanpa menebak.",
    "Kolom dikenali dari judulnya, bukan dari hurufnya: urutan kolom boleh diubah, tetapi judul kolom jangan "
    "diubah. Baris judul dan baris nomor kolom (1, 2, 3, …) jangan dihapus.",
    "Daftar pilihan (kode, satuan, sumber dana) berasal dari data referensi; nilai lain tetap boleh ditulis.",
    "",
    "Lembar lain: Prioritas Daerah, Sasaran Program, Reviu RKPD (T-C.31), Usulan Pemangku (T-C.32), Indikator "
    "Pelayanan (T-C.30), Narasi (BAB I–V; teks panjang berlanjut di baris berikutnya yang kolom BAB-nya kosong) "
    "dan Pernyataan (apa yang dinyatakan dokumen). Kolom bertanda (JSON) berisi daftar atau tabel kecil dalam "
    "bentuk JSON; kolom daftar berisi satu butir per baris dalam sel.",
    "Lembar tersembunyi _meta menyimpan identitas (Pemda, Perangkat Daerah, tahun, tahap), Renstra dan evaluasi "
    "tahun lalu. Jangan diubah; ubah data itu lewat berkas pertukaran (renja export --format yaml).",
]


# -- writing ------------------------------------------------------------------------------------------------


def _get(data, path):
    for part in path.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


# OOXML writes the characters XML cannot carry as `_xHHHH_` (a carriage return is `_x000D_`), and openpyxl gives
# them back in that form: the reader turns them back into characters. A text holding such a sequence literally
# could not be told apart, so it is refused rather than changed.
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescaped(text):
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def _text_fits(text, where):
    if _ESCAPE.search(text):
        raise WorkbookError(f"{where}: teks memuat urutan '{_ESCAPE.search(text).group(0)}' yang di Excel berarti "
                            "sebuah karakter dan tidak dapat disimpan apa adanya; keluarkan sebagai YAML atau JSON.")
    if len(text) > CELL_LIMIT:
        raise WorkbookError(f"{where}: teks {len(text):,} karakter terlalu panjang untuk satu sel Excel "
                            f"(paling banyak {CELL_LIMIT:,}); keluarkan sebagai YAML atau JSON.".replace(",", "."))
    return text


def _is_rupiah_number(value):
    """An amount whose written text is the usual Indonesian form of its number: written as a number cell."""
    if isinstance(value, int) and not isinstance(value, bool):
        return 0 <= value <= EXACT_INT
    if not isinstance(value, str):
        return False
    try:
        amount = parse_rupiah(value)
    except NumberError:
        return False
    return amount is not None and amount <= EXACT_INT and format_rupiah(amount) == value


def _lines_text(items):
    items = [str(i) for i in items]
    text = "\n".join(items)
    if items == [""] or any("\n" in i for i in items) or text.startswith("["):
        return json.dumps(items, ensure_ascii=False)
    return text


class _Writer:
    def __init__(self, document, path, lists):
        import xlsxwriter

        self.doc = document
        self.book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                                   "strings_to_urls": False})
        # A fixed creation date: the same document always gives the same bytes.
        self.book.set_properties({"title": "Buku kerja Renja", "created": datetime(2000, 1, 1)})
        self.lists = lists
        f = self.book.add_format
        self.fmt = {
            "title": f({"bold": True, "font_size": 13}),
            "header": f({"bold": True, "text_wrap": True, "valign": "vcenter", "align": "center", "border": 1,
                         "bg_color": "#DDEBF7"}),
            "number_row": f({"italic": True, "align": "center", "border": 1, "font_color": "#555555"}),
            "text": f({"text_wrap": True, "valign": "top"}),
            "program": f({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#F2F2F2"}),
            "kegiatan": f({"bold": True, "text_wrap": True, "valign": "top"}),
            "rupiah": f({"num_format": "#,##0", "valign": "top"}),
            "computed": f({"num_format": "#,##0", "valign": "top", "font_color": "#7F7F7F", "italic": True}),
        }

    def run(self):
        self.readme()
        self.tree()
        for sheet in TABLE_SHEETS:
            self.table(sheet)
        self.meta()
        from xlsxwriter.exceptions import FileCreateError

        try:
            self.book.close()
        except FileCreateError as exc:
            raise OSError(str(exc)) from exc

    def write(self, sheet, row, col, value, kind, fmt, where):
        if value is None or value == "":
            if fmt is not None:
                sheet.write_blank(row, col, None, fmt)
            return
        if kind in ("rupiah", "computed") and _is_rupiah_number(value):
            sheet.write_number(row, col, parse_rupiah(value), self.fmt["computed" if kind == "computed" else "rupiah"])
        elif kind == "lines":
            sheet.write_string(row, col, _text_fits(_lines_text(value), where), fmt)
        elif kind == "json":
            sheet.write_string(row, col, _text_fits(json.dumps(value, ensure_ascii=False), where), fmt)
        elif isinstance(value, bool):
            sheet.write_string(row, col, json.dumps(value), fmt)
        elif isinstance(value, int | float):
            if isinstance(value, int) and abs(value) > EXACT_INT:
                sheet.write_string(row, col, str(value), fmt)  # read back as text; the loader reads it the same
            else:
                sheet.write_number(row, col, value, fmt)
        else:
            sheet.write_string(row, col, _text_fits(str(value), where), fmt)

    def headers(self, sheet, columns, first_row):
        for col, column in enumerate(columns):
            sheet.write_string(first_row, col, column.header, self.fmt["header"])
            sheet.write_number(first_row + 1, col, col + 1, self.fmt["number_row"])
            sheet.set_column(col, col, column.width)
        sheet.set_row(first_row, 45)
        sheet.freeze_panes(first_row + 2, 0)

    def readme(self):
        sheet = self.book.add_worksheet(README_SHEET)
        sheet.set_column(0, 0, 120)
        for row, line in enumerate(README_TEXT):
            sheet.write_string(row, 0, line, self.fmt["title"] if row == 0 else self.fmt["text"])

    def tree_columns(self):
        present = set()
        for program in self.doc["renja"].get("program") or []:
            for node, _level in _walk(program, "program"):
                present.update(k for k in OPTIONAL_TREE_KEYS if _get(node, k) is not None)
                for indicator in node.get("indikator") or []:
                    present.update(k for k in OPTIONAL_TREE_KEYS if indicator.get(k) is not None)
        return [c for c in TREE_COLUMNS if c.key not in OPTIONAL_TREE_KEYS or c.key in present]

    def tree(self):
        sheet = self.book.add_worksheet(TREE_SHEET)
        columns = self.tree_columns()
        renja, pd = self.doc["renja"], self.doc["perangkat_daerah"]
        sheet.write_string(0, 0, "RENCANA PROGRAM, KEGIATAN DAN PENDANAAN (BUKU KERJA RENJA)", self.fmt["title"])
        sheet.write_string(1, 0, f"Perangkat Daerah: {pd['kode']} {pd['nama']}")
        sheet.write_string(2, 0, f"Tahun n = {renja['tahun']} · Tahap: {renja['tahap']}")
        first = HEADER_ROW - 1
        self.headers(sheet, columns, first)
        row = first + 2
        for program in renja.get("program") or []:
            for node, level in _walk(program, "program"):
                values = dict(node, tingkat=LEVELS[level])
                if level != "sub_kegiatan":
                    values["computed_n"], values["computed_n1"] = _computed(node, level)
                self.tree_row(sheet, row, columns, values, level)
                row += 1
                for indicator in node.get("indikator") or []:
                    self.tree_row(sheet, row, columns, dict(indicator, tingkat=LEVELS["indikator"]), "indikator")
                    row += 1
        self.validations(sheet, columns, first + 2, row + EXTRA_VALIDATED_ROWS)

    def tree_row(self, sheet, row, columns, values, level):
        fmt = self.fmt.get(level, self.fmt["text"])
        for col, column in enumerate(columns):
            value = _get(values, column.key) if level in column.levels else None
            where = f"lembar {TREE_SHEET} baris {row + 1} kolom {column.header}"
            self.write(sheet, row, col, value, column.kind, fmt if level in ("program", "kegiatan") else None, where)

    def validations(self, sheet, columns, first, last):
        lists = self.book.add_worksheet(LISTS_SHEET)
        lists.hide()
        choices = {"tingkat": list(LEVELS.values()), "polaritas": ["positif", "negatif"], **self.lists}
        for n, (key, values) in enumerate(choices.items()):
            lists.write_string(0, n, key)
            for i, value in enumerate(values, start=1):
                lists.write_string(i, n, str(value))
            if key not in [c.key for c in columns]:
                continue
            col = [c.key for c in columns].index(key)
            letter = _letter(n)
            strict = key in ("tingkat", "polaritas")
            sheet.data_validation(first, col, last, col, {
                "validate": "list",
                "source": f"='{LISTS_SHEET}'!${letter}$2:${letter}${max(len(values), 1) + 1}",
                "error_type": "stop" if strict else "information",
                "error_title": "Nilai di luar daftar",
                "error_message": ("Pilih dari daftar." if strict else
                                  "Nilai ini tidak ada dalam daftar referensi; tetap disimpan seperti tertulis."),
                "ignore_blank": True,
            })

    def table(self, spec):
        sheet = self.book.add_worksheet(spec.name)
        sheet.write_string(0, 0, spec.name, self.fmt["title"])
        self.headers(sheet, spec.columns, 2)
        row = 4
        for number, item in enumerate(self.doc["renja"].get(spec.key) or [], start=1):
            chunks = [None]
            if spec.continued:
                text = item.get(spec.continued) or ""
                chunks = [text[i:i + CELL_LIMIT] for i in range(0, len(text), CELL_LIMIT)] or [None]
            for n, chunk in enumerate(chunks):
                for col, column in enumerate(spec.columns):
                    if column.kind == "order":
                        value = None if n else number
                    elif spec.continued:
                        value = chunk if column.key == spec.continued else (None if n else _get(item, column.key))
                    else:
                        value = _get(item, column.key)
                    where = f"lembar {spec.name} baris {row + 1} kolom {column.header}"
                    self.write(sheet, row, col, value, column.kind, self.fmt["text"], where)
                row += 1

    def meta(self):
        sheet = self.book.add_worksheet(META_SHEET)
        sheet.hide()
        renja = self.doc["renja"]
        rest = {key: self.doc[key] for key in META_TOP_KEYS if key in self.doc}
        rest["renja"] = {key: renja[key] for key in META_RENJA_KEYS if key in renja}
        text = json.dumps(rest, ensure_ascii=False)
        rows = [("format", "renja-buku-kerja"), ("versi", FORMAT_VERSION),
                ("pemda", self.doc["pemda"]["kode"]), ("perangkat_daerah", self.doc["perangkat_daerah"]["kode"]),
                ("tahun", str(renja["tahun"])), ("tahap", renja["tahap"])]
        rows += [("dokumen", text[i:i + CELL_LIMIT]) for i in range(0, len(text), CELL_LIMIT)]
        for row, (key, value) in enumerate(rows):
            sheet.write_string(row, 0, key)
            sheet.write_string(row, 1, value)


def _letter(index):
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _walk(node, level):
    yield node, level
    child = CHILDREN.get(level)
    if child:
        for item in node.get(child) or []:
            yield from _walk(item, child)


def _computed(node, level):
    """The pagu of a program or kegiatan computed from its sub kegiatan (unreadable amounts count as 0)."""
    totals = []
    for key in ("pagu_n", "pagu_n1"):
        total = 0
        for sub, sub_level in _walk(node, level):
            if sub_level == "sub_kegiatan":
                try:
                    total += parse_rupiah(sub.get(key)) or 0
                except NumberError:
                    pass
        totals.append(total)
    return totals


def reference_lists(document):
    """The drop-down lists: codes, units and sumber dana from the reference data, with the plan's own."""
    from renja.organizations.models import Pemda
    from renja.reference.models import Nomenklatur, Satuan, SumberDana, visible_to

    codes, units, sources = set(), set(), set()
    for program in document["renja"].get("program") or []:
        for node, _level in _walk(program, "program"):
            if node.get("kode"):
                codes.add(node["kode"])
            for part in (node.get("sumber_dana") or "").replace(";", ",").split(","):
                if part.strip():
                    sources.add(part.strip())
            units.update(i["satuan"] for i in node.get("indikator") or [] if i.get("satuan"))
    # the reference data the plan's Pemda sees: the nation's and its own, never another Pemda's names
    pemda = Pemda.objects.filter(kode=(document.get("pemda") or {}).get("kode")).first()
    codes.update(Nomenklatur.objects.filter(dari_rencana=False, versi__pemda__isnull=True)
                 .values_list("kode", flat=True).distinct())
    units.update(visible_to(Satuan.objects.all(), pemda).values_list("nama", flat=True))
    sources.update(visible_to(SumberDana.objects.all(), pemda).values_list("nama", flat=True))
    return {"kode": sorted(codes), "satuan": sorted(units), "sumber_dana": sorted(sources)}


def write_workbook(document, path, *, lists=None):
    """Write `document` (an exchange document) as Renja's own workbook at `path`."""
    _Writer(document, Path(path), reference_lists(document) if lists is None else lists).run()


# -- reading ------------------------------------------------------------------------------------------------


def _norm(text):
    return " ".join(str(text).split()).lower() if text is not None else ""


def _open(path):
    from openpyxl import load_workbook

    return load_workbook(str(path), read_only=True, data_only=True)


def _find_header(rows, headers, limit=30):
    """(index of the header row, {key: column index}) of the first rows that carry the given headers."""
    wanted = {_norm(c.header): c.key for c in headers}
    for index, row in enumerate(rows[:limit]):
        found = {}
        for col, value in enumerate(row):
            key = wanted.get(_norm(value))
            if key and key not in found:
                found[key] = col
        if len(found) >= min(3, len(wanted)):
            return index, found
    return None, {}


def _is_numbering_row(row):
    values = [v for v in row if v not in (None, "")]
    # A float cell may be inf or NaN, which int() refuses: only finite whole numbers count as numbering.
    if not values or not all(isinstance(v, int) and not isinstance(v, bool)
                             or isinstance(v, float) and math.isfinite(v)
                             or isinstance(v, str) and v.strip().isdecimal() for v in values):
        return False
    return [int(float(v)) for v in values] == list(range(1, len(values) + 1))


def is_own_workbook(path):
    """Whether the file is Renja's own workbook: a sheet "Renja" with the tree's header texts."""
    try:
        book = _open(path)
    except Exception:  # not a workbook at all: the dispatcher reports it
        return False
    try:
        if TREE_SHEET not in book.sheetnames:
            return False
        rows = [row for _, row in zip(range(30), book[TREE_SHEET].iter_rows(values_only=True), strict=False)]
        _, found = _find_header(rows, TREE_COLUMNS)
        wanted = {c.key for c in TREE_COLUMNS if c.header in SIGNATURE}
        return wanted <= set(found)
    finally:
        book.close()


@dataclass
class _Reading:
    problems: list = field(default_factory=list)

    def problem(self, sheet, row, col, value, why):
        letter = _letter(col) if col is not None else ""
        self.problems.append(Problem(sheet, row, letter, "" if value is None else str(value), why))


def _set(data, path, value):
    parts = path.split(".")
    for part in parts[:-1]:
        data = data.setdefault(part, {})
    data[parts[-1]] = value


def _cell_value(value, column, reading, sheet, row, col):
    """A cell as the document has it; None for a blank cell."""
    value = _clean(value)
    if value is None or (isinstance(value, str) and value == ""):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if column.kind == "rupiah":
        if isinstance(value, int) and not isinstance(value, bool):
            return format_rupiah(value)
        if isinstance(value, float):
            reading.problem(sheet, row, col, value, "rupiah harus bilangan bulat; disimpan seperti tertulis")
            return str(value)
        return str(value)
    if column.kind == "lines":
        text = str(value)
        if text.startswith("["):
            try:
                items = json.loads(text)
            except ValueError:
                items = None
            if isinstance(items, list) and all(isinstance(i, str) for i in items):
                return items
        return text.split("\n")
    if column.kind == "json":
        try:
            return json.loads(str(value))
        except ValueError as exc:
            reading.problem(sheet, row, col, value, f"bukan JSON yang sah ({exc.msg}); sel diabaikan")
            return None
    if column.kind == "cell":
        return value if isinstance(value, int | float) else str(value)
    if hasattr(value, "isoformat"):  # a date typed into a text cell: keep it as the text Excel shows
        return value.isoformat()
    return str(value)


def _clean(value):
    return _unescaped(value) if isinstance(value, str) else value


def _rows(book, name):
    return [list(row) for row in book[name].iter_rows(values_only=True)]


def _read_meta(book, reading):
    if META_SHEET not in book.sheetnames:
        reading.problem(META_SHEET, 1, 0, "", "lembar _meta tidak ada: identitas Renja (Pemda, PD, tahun, tahap) "
                        "tidak diketahui dari buku kerja")
        return {}
    rows = _rows(book, META_SHEET)
    values, chunks = {}, []
    for row in rows:
        if not row or row[0] is None:
            continue
        key, value = str(row[0]), "" if len(row) < 2 or row[1] is None else str(row[1])
        if key == "dokumen":
            chunks.append(value)
        else:
            values[key] = value
    if values.get("versi") != FORMAT_VERSION:
        reading.problem(META_SHEET, 2, 1, values.get("versi"), f"versi buku kerja tidak dikenal (diharapkan "
                        f"{FORMAT_VERSION})")
    try:
        return json.loads("".join(chunks)) if chunks else {}
    except ValueError as exc:
        reading.problem(META_SHEET, 7, 1, "", f"isi lembar _meta rusak ({exc.msg}); identitas dan Renstra diabaikan")
        return {}


def _read_tree(book, reading):
    if TREE_SHEET not in book.sheetnames:
        reading.problem(TREE_SHEET, 1, None, "", "lembar Renja tidak ada")
        return []
    rows = _rows(book, TREE_SHEET)
    header, found = _find_header(rows, TREE_COLUMNS)
    if header is None:
        reading.problem(TREE_SHEET, 1, None, "", "baris judul kolom (Tingkat, Kode, …) tidak ditemukan")
        return []
    by_key = {c.key: c for c in TREE_COLUMNS}
    for key in ("tingkat", "kode"):
        if key not in found:
            reading.problem(TREE_SHEET, header + 1, None, "", f"kolom '{by_key[key].header}' tidak ditemukan")
            return []
    programs, last = [], {}
    start = header + 1
    if start < len(rows) and _is_numbering_row(rows[start]):
        start += 1
    for index in range(start, len(rows)):
        row, excel_row = rows[index], index + 1

        def cell(key, row=row):
            col = found.get(key)
            return row[col] if col is not None and col < len(row) else None

        if all(v in (None, "") for v in row):
            continue
        label = _norm(cell("tingkat"))
        level = LEVEL_OF_LABEL.get(label)
        if level is None:
            reading.problem(TREE_SHEET, excel_row, found["tingkat"], cell("tingkat"),
                            "tingkat tidak dikenal (Program, Kegiatan, Sub Kegiatan atau Indikator); baris diabaikan")
            continue
        data = {}
        for key, col in found.items():
            column = by_key[key]
            if column.kind == "computed" or key == "tingkat" or level not in column.levels:
                continue
            value = _cell_value(row[col] if col < len(row) else None, column, reading, TREE_SHEET, excel_row, col)
            if value is not None:
                _set(data, key, value)
        if level == "indikator":
            owner = last.get("node")
            if owner is None:
                reading.problem(TREE_SHEET, excel_row, found["tingkat"], cell("tingkat"),
                                "indikator sebelum baris program/kegiatan/sub kegiatan mana pun; baris diabaikan")
                continue
            data.setdefault("uraian", "")
            owner.setdefault("indikator", []).append(data)
            continue
        data = {"kode": data.pop("kode", None) or "", **data}
        if isinstance(data["kode"], int | float):
            data["kode"] = str(data["kode"])
        if level == "program":
            programs.append(data)
        else:
            parent = last.get("program" if level == "kegiatan" else "kegiatan")
            if parent is None:
                above = "program" if level == "kegiatan" else "kegiatan"
                reading.problem(TREE_SHEET, excel_row, found["tingkat"], cell("tingkat"),
                                f"{LEVELS[level].lower()} tanpa baris {above} di atasnya; baris diabaikan")
                continue
            parent.setdefault(CHILDREN["program" if level == "kegiatan" else "kegiatan"], []).append(data)
        last[level] = data
        last["node"] = data
        if level == "program":
            last.pop("kegiatan", None)
    return [_ordered(p, "program") for p in programs]


NODE_ORDER = ("kode", "nama", "indikator", "lokasi", "sumber_dana", "catatan", "pagu_n", "pagu_n1", "pagu_sebelum",
              "pagu_kolom", "stated", "raw", "kegiatan", "sub_kegiatan")
INDICATOR_ORDER = ("uraian", "satuan", "polaritas", "target_n", "target_n1", "target_sebelum", "raw")


def _ordered(node, level):
    """The node's keys in the exporter's order (so that a workbook read back equals the document written)."""
    result = {k: node[k] for k in NODE_ORDER if k in node}
    result.update({k: v for k, v in node.items() if k not in result})
    if "indikator" in result:
        result["indikator"] = [{**{k: i[k] for k in INDICATOR_ORDER if k in i}, **i} for i in result["indikator"]]
    if "pagu_kolom" in result:
        result["pagu_kolom"] = {k: result["pagu_kolom"][k] for k in PAGU_KOLOM if k in result["pagu_kolom"]}
    if "stated" in result:
        stated = result["stated"]
        result["stated"] = {k: stated[k] for k in ("pagu_n", "pagu_n1", "pagu_sebelum") if k in stated}
        if "pagu_kolom" in stated:
            result["stated"]["pagu_kolom"] = {k: stated["pagu_kolom"][k] for k in PAGU_KOLOM if k in stated["pagu_kolom"]}
    child = CHILDREN.get(level)
    if child and child in result:
        result[child] = [_ordered(c, child) for c in result[child]]
    return result


def _read_table(book, spec, reading):
    if spec.name not in book.sheetnames:
        return []
    rows = _rows(book, spec.name)
    header, found = _find_header(rows, spec.columns)
    if header is None:
        reading.problem(spec.name, 1, None, "", "baris judul kolom tidak ditemukan; lembar diabaikan")
        return []
    by_key = {c.key: c for c in spec.columns}
    start = header + 1
    if start < len(rows) and _is_numbering_row(rows[start]):
        start += 1
    items = []
    for index in range(start, len(rows)):
        row = rows[index]
        if all(v in (None, "") for v in row):
            continue
        data = {}
        numbered = False
        for key, col in found.items():
            value = _cell_value(row[col] if col < len(row) else None, by_key[key], reading, spec.name, index + 1, col)
            if by_key[key].kind == "order":
                numbered = value is not None
            elif value is not None:
                _set(data, key, value)
        if spec.continued and items and not numbered and set(data) <= {spec.continued}:
            items[-1][spec.continued] = (items[-1].get(spec.continued) or "") + (data.get(spec.continued) or "")
            continue
        for key in spec.required:
            if key not in data:
                reading.problem(spec.name, index + 1, found.get(key), "", f"kolom '{by_key[key].header}' wajib diisi")
        items.append(data)
    order = [c.key.split(".")[0] for c in spec.columns]
    return [{k: item[k] for k in dict.fromkeys(order) if k in item} for item in items]


def read_own(path, *, pd=None, year=None, stage=None):
    """(exchange document, problems) of Renja's own workbook. `pd`, `year`, `stage` replace the identity
    kept in the workbook when given."""
    reading = _Reading()
    try:
        book = _open(path)
    except Exception as exc:  # openpyxl raises many kinds (zip, XML, key errors) for a file it cannot read
        raise WorkbookError(f"{Path(path).name}: bukan buku kerja Excel yang dapat dibaca ({type(exc).__name__})") from exc
    try:
        meta = _read_meta(book, reading)
        program = _read_tree(book, reading)
        tables = {spec.key: _read_table(book, spec, reading) for spec in TABLE_SHEETS}
    finally:
        book.close()
    document = {"format": "renja-exchange", "version": 1}
    for key in ("source", "pemda", "perangkat_daerah"):
        if key in meta:
            document[key] = meta[key]
    if "renstra" in meta:
        document["renstra"] = meta["renstra"]
    renja = dict(meta.get("renja") or {})
    if year is not None:
        renja["tahun"] = int(year)
    if stage is not None:
        renja["tahap"] = stage
    if pd is not None:
        document.setdefault("perangkat_daerah", {})["kode"] = pd
    if program:
        renja["program"] = program
    for spec in TABLE_SHEETS:
        if tables[spec.key] and spec.key != "statements":
            renja[spec.key] = tables[spec.key]
    if tables["statements"]:
        renja["statements"] = tables["statements"]
    document["renja"] = renja
    if "evaluasi" in meta:
        document["evaluasi"] = meta["evaluasi"]
    return document, [p.as_dict() for p in reading.problems]

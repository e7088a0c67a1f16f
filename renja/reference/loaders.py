"""Load the official reference data from Excel files: nomenclature, funding sources, spending accounts.

Three kinds of file are understood (see `detect_kind`):

* ``nomenklatur``: the SIPD export of the Permendagri 90/2019 nomenclature ("nomenklatur-subkegiatan-….xlsx",
  sheet "Worksheet"), one row per sub kegiatan and jenis pemda, with the columns JENIS PEMDA, BIDANG, PROGRAM,
  KEGIATAN, SUBKEGIATAN (each "<kode> <nama>"), KINERJA, INDIKATOR, SATUAN, SPM and SUBKEGIATAN SEBELUMNYA.
  `load_nomenclature` creates one `NomenklaturVersi` with every urusan, bidang urusan, program, kegiatan and
  sub kegiatan per jenis pemda.
* ``sumber_dana``: the funding-source classification (columns Sumber Dana, Kelompok, Jenis, Objek, Rincian Objek,
  Sub Rincian Objek as integers, Uraian, Keterangan); codes ``1.1.1.01.01.01`` (1, 1, 1, 2, 2, 2 digits).
* ``akun_belanja``: the chart of spending accounts (columns Akun, Kelompok, Jenis, Objek, Rincian Objek,
  Sub Rincian Objek, Uraian Akun, Keterangan); codes ``5.1.01.01.01.0001`` (1, 1, 2, 2, 2, 4 digits).

Every loader reads and checks the whole file before it writes anything, and writes inside one transaction:
a file with errors changes nothing. Errors are collected (up to `MAX_ERRORS`) and raised together as
`ReferenceLoadError`, each naming sheet, row and column in Bahasa Indonesia.
"""

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone

from renja.core.codes import LEVEL_NAMES, KodeError, parse_kode
from renja.core.errors import InputRefused

from .models import AkunBelanja, Nomenklatur, NomenklaturVersi, SumberDana

MAX_ERRORS = 50
PROGRESS_EVERY = 500
BATCH_SIZE = 500
HEADER_SEARCH_ROWS = 10

# Urusan names (Permendagri 90/2019, Lampiran I). The SIPD export only names bidang and below.
URUSAN_NAMES = {
    "1": "URUSAN PEMERINTAHAN WAJIB YANG BERKAITAN DENGAN PELAYANAN DASAR",
    "2": "URUSAN PEMERINTAHAN WAJIB YANG TIDAK BERKAITAN DENGAN PELAYANAN DASAR",
    "3": "URUSAN PEMERINTAHAN PILIHAN",
    "4": "UNSUR PENDUKUNG URUSAN PEMERINTAHAN",
    "5": "UNSUR PENUNJANG URUSAN PEMERINTAHAN",
    "6": "UNSUR PENGAWASAN URUSAN PEMERINTAHAN",
    "7": "UNSUR KEWILAYAHAN",
    "8": "UNSUR PEMERINTAHAN UMUM",
}

TINGKAT_ORDER = ["urusan", "bidang_urusan", "program", "kegiatan", "sub_kegiatan"]
TINGKAT_LABEL = LEVEL_NAMES

# Nomenclature columns: canonical header → (required, code level, written format).
NOMENCLATURE_CODE_COLUMNS = {
    "BIDANG": ("bidang_urusan", "U.BB"),
    "PROGRAM": ("program", "U.BB.PP"),
    "KEGIATAN": ("kegiatan", "U.BB.PP.K.KK"),
    "SUBKEGIATAN": ("sub_kegiatan", "U.BB.PP.K.KK.SSSS"),
}
NOMENCLATURE_REQUIRED = ["JENIS PEMDA", "BIDANG", "PROGRAM", "KEGIATAN", "SUBKEGIATAN"]
NOMENCLATURE_OPTIONAL = ["KINERJA", "INDIKATOR", "SATUAN", "SPM", "SUBKEGIATAN SEBELUMNYA"]
NOMENCLATURE_SHEET = "Worksheet"

JENIS_PEMDA_VALUES = {
    "PROV": "prov", "PROVINSI": "prov",
    "KABKOT": "kabkot", "KABKOTA": "kabkot", "KABUPATENKOTA": "kabkot",
}
SPM_VALUES = {
    "SPM": True, "YA": True, "Y": True, "TRUE": True,
    "NONSPM": False, "BUKANSPM": False, "TIDAK": False, "T": False, "FALSE": False,
}

LEVEL_SPECS = {
    "sumber_dana": {
        "levels": ["SUMBER DANA", "KELOMPOK", "JENIS", "OBJEK", "RINCIAN OBJEK", "SUB RINCIAN OBJEK"],
        "widths": [1, 1, 1, 2, 2, 2],
        "label": "sumber dana",
    },
    "akun_belanja": {
        "levels": ["AKUN", "KELOMPOK", "JENIS", "OBJEK", "RINCIAN OBJEK", "SUB RINCIAN OBJEK"],
        "widths": [1, 1, 2, 2, 2, 4],
        "label": "akun belanja",
    },
}
URAIAN_HEADERS = ["URAIAN AKUN", "URAIAN", "URAIAN SUMBER DANA", "NAMA"]
KETERANGAN_HEADER = "KETERANGAN"


class ReferenceLoadError(InputRefused):
    """A reference file that cannot be loaded; `errors` lists every problem found, in Bahasa Indonesia."""


@dataclass
class NomenclatureLoadResult:
    versi: NomenklaturVersi
    baris: int
    jumlah: dict  # {"prov": {"urusan": n, …, "sub_kegiatan": n}, "kabkot": {…}}
    peringatan: list = field(default_factory=list)
    detik: float = 0.0

    @property
    def total(self):
        return sum(n for per_tingkat in self.jumlah.values() for n in per_tingkat.values())

    def __str__(self):
        parts = []
        for jenis, label in (("prov", "provinsi"), ("kabkot", "kabupaten/kota")):
            counts = self.jumlah.get(jenis)
            if counts:
                parts.append(f"{label}: " + ", ".join(
                    f"{counts.get(t, 0)} {TINGKAT_LABEL[t]}" for t in TINGKAT_ORDER))
        text = f"nomenklatur '{self.versi.nama}': {self.baris} baris, {self.total} entri ({'; '.join(parts)})"
        if self.peringatan:
            text += f"; {len(self.peringatan)} peringatan"
        return text


@dataclass
class TableLoadResult:
    jenis: str  # "sumber_dana" | "akun_belanja"
    berkas: str
    baris: int
    dibuat: int = 0
    diperbarui: int = 0
    tetap: int = 0
    dilewati: int = 0
    peringatan: list = field(default_factory=list)
    detik: float = 0.0

    def __str__(self):
        label = LEVEL_SPECS[self.jenis]["label"]
        text = (f"{label} dari '{self.berkas}': {self.baris} baris, {self.dibuat} baru, "
                f"{self.diperbarui} diperbarui, {self.tetap} tidak berubah")
        if self.dilewati:
            text += f", {self.dilewati} dilewati"
        if self.peringatan:
            text += f"; {len(self.peringatan)} peringatan"
        return text


# -- reading ----------------------------------------------------------------------------------------------


def _header_key(value):
    """Header names compare case-, space- and underscore-insensitively: 'Sub Kegiatan' == 'SUBKEGIATAN'."""
    if value is None:
        return ""
    return re.sub(r"[\s_]+", "", str(value)).upper()


def _text(value):
    """Cell text trimmed, inner whitespace (newlines too) collapsed; SIPD's literal '[null]' is empty."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(str(value).split())
    return "" if text.lower() == "[null]" else text


@dataclass
class _Sheet:
    title: str
    header_row: int  # 1-based row number of the header
    columns: dict  # header key → (0-based index, header as written)
    rows: list  # [(row number, tuple of values)] after the header


def _open_workbook(path):
    import openpyxl

    path = Path(path)
    if not path.exists():
        raise ReferenceLoadError(f"berkas '{path}' tidak ditemukan")
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException, …
        raise ReferenceLoadError(f"berkas '{path.name}' tidak dapat dibaca sebagai berkas Excel (.xlsx): {exc}")


def _header_candidates(ws):
    """The first rows of a sheet, as (row number, {header key: (index, header as written)})."""
    found = []
    for number, row in enumerate(ws.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True), start=1):
        columns = {}
        for index, value in enumerate(row):
            key = _header_key(value)
            if key and key not in columns:
                columns[key] = (index, _text(value))
        if columns:
            found.append((number, columns))
    return found


def _kind_of_header(columns):
    """The kind of file a header row belongs to, recognised even when a required column is missing (the
    loader then names it)."""
    keys = set(columns)
    if "JENISPEMDA" in keys or {"BIDANG", "PROGRAM", "KEGIATAN"} <= keys:
        return "nomenklatur"
    if "KELOMPOK" in keys and ("SUMBERDANA" in keys or "AKUN" in keys):
        return "sumber_dana" if "SUMBERDANA" in keys else "akun_belanja"
    return None


def _read_sheet(path, kind, required, preferred_sheet=None):
    """Find the sheet and header row of a file of `kind`; raise naming the missing columns if there is none."""
    wb = _open_workbook(path)
    try:
        sheets = list(wb.worksheets)
        if preferred_sheet and preferred_sheet in wb.sheetnames:
            sheets.sort(key=lambda ws: ws.title != preferred_sheet)
        best = None  # (number of required columns present, sheet, row number, columns)
        for ws in sheets:
            for number, columns in _header_candidates(ws):
                if _kind_of_header(columns) == kind and all(_header_key(h) in columns for h in required):
                    rows = [(n, row) for n, row in enumerate(
                        ws.iter_rows(min_row=number + 1, values_only=True), start=number + 1)]
                    return _Sheet(ws.title, number, columns, rows)
                present = sum(1 for h in required if _header_key(h) in columns)
                if best is None or present > best[0]:
                    best = (present, ws, number, columns)
        if best is None:
            raise ReferenceLoadError(f"berkas '{Path(path).name}' kosong: tidak ada baris judul kolom")
        _, ws, number, columns = best
        missing = [h for h in required if _header_key(h) not in columns]
        if not missing:  # all columns present, but the header looks like another kind of file
            raise ReferenceLoadError(
                f"{ws.title} baris {number}: berkas bukan berkas {kind.replace('_', ' ')}"
            )
        raise ReferenceLoadError([
            f"{ws.title} baris {number}, kolom {h}: kolom wajib tidak ditemukan di baris judul" for h in missing
        ])
    finally:
        wb.close()


def detect_kind(path):
    """'nomenklatur' | 'sumber_dana' | 'akun_belanja', from the header row of the file."""
    wb = _open_workbook(path)
    try:
        sheets = sorted(wb.worksheets, key=lambda ws: ws.title != NOMENCLATURE_SHEET)
        for ws in sheets:
            for _, columns in _header_candidates(ws):
                kind = _kind_of_header(columns)
                if kind:
                    return kind
    finally:
        wb.close()
    raise ReferenceLoadError(
        f"berkas '{Path(path).name}': jenis berkas tidak dikenali. Yang dikenali: nomenklatur sub kegiatan "
        "(kolom JENIS PEMDA, BIDANG, PROGRAM, KEGIATAN, SUBKEGIATAN …), sumber dana (kolom Sumber Dana, "
        "Kelompok, Jenis, Objek, Rincian Objek, Sub Rincian Objek, Uraian) dan akun belanja (kolom Akun, "
        "Kelompok, Jenis, Objek, Rincian Objek, Sub Rincian Objek, Uraian Akun)."
    )


class _Errors(list):
    """Collects error messages; `full` once MAX_ERRORS are in."""

    @property
    def full(self):
        return len(self) >= MAX_ERRORS

    def raise_if_any(self):
        if not self:
            return
        messages = list(self)[:MAX_ERRORS]
        if self.full:
            messages.append(f"pemeriksaan dihentikan setelah {MAX_ERRORS} kesalahan; mungkin masih ada yang lain")
        raise ReferenceLoadError(messages)


def _blank(row):
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in row)


def _cell(row, columns, key):
    spec = columns.get(key)
    if spec is None or spec[0] >= len(row):
        return None
    return row[spec[0]]


# -- nomenclature -----------------------------------------------------------------------------------------


def load_nomenclature(path, nama_versi=None, progress=None):
    """Load a SIPD nomenclature export as a new official `NomenklaturVersi`; all or nothing."""
    started = time.monotonic()
    path = Path(path)
    nama_versi = " ".join((nama_versi or path.stem).split())
    if not nama_versi:
        raise ReferenceLoadError("nama versi nomenklatur kosong")
    _refuse_existing_version(nama_versi)

    sheet = _read_sheet(path, "nomenklatur", NOMENCLATURE_REQUIRED, preferred_sheet=NOMENCLATURE_SHEET)
    nodes, rows_read, warnings = _parse_nomenclature(sheet, progress)

    with transaction.atomic():
        _refuse_existing_version(nama_versi)
        try:
            versi = NomenklaturVersi.objects.create(
                nama=nama_versi, berkas=path.name, resmi=True,
                keterangan=f"Dimuat dari berkas resmi {path.name} ({rows_read} baris sub kegiatan).",
            )
        except IntegrityError:
            raise ReferenceLoadError(f"versi nomenklatur '{nama_versi}' sudah dimuat")
        counts = _write_nomenclature(versi, nodes)
    if progress:
        progress(rows_read, rows_read)
    return NomenclatureLoadResult(versi=versi, baris=rows_read, jumlah=counts, peringatan=warnings,
                                  detik=time.monotonic() - started)


def _refuse_existing_version(nama_versi):
    existing = NomenklaturVersi.objects.filter(nama=nama_versi, pemda__isnull=True).first()
    if existing is None:
        return
    if existing.resmi:
        raise ReferenceLoadError(
            f"versi nomenklatur '{nama_versi}' sudah dimuat (pada "
            f"{timezone.localtime(existing.dimuat_pada):%d-%m-%Y %H:%M}); "
            "tidak ada yang diubah. Beri nama versi lain bila berkasnya memang berbeda."
        )
    raise ReferenceLoadError(
        f"versi nomenklatur '{nama_versi}' sudah dimuat, dibuat dari rencana yang dimuat (bukan dari berkas "
        "resmi); tidak ada yang diubah. Beri nama versi lain."
    )


@dataclass
class _Node:
    jenis: str
    tingkat: str
    kode: str
    nama: str
    induk: tuple | None  # (jenis, kode) of the parent
    row: int
    kinerja: str = ""
    indikator: str = ""
    satuan: str = ""
    spm: bool | None = None
    kode_sebelumnya: str = ""
    nama_sebelumnya: str = ""


def _parse_nomenclature(sheet, progress):
    columns = sheet.columns
    label = {key: written for key, (_, written) in columns.items()}
    errors = _Errors()
    warnings = []
    nodes = {}  # (jenis, kode) → _Node, in insertion order (parents before children)
    kode_cache = {}
    data_rows = [(n, row) for n, row in sheet.rows if not _blank(row)]
    total = len(data_rows)
    where = sheet.title

    def column_label(canonical):
        return label.get(_header_key(canonical), canonical)

    def error(number, canonical, message):
        errors.append(f"{where} baris {number}, kolom {column_label(canonical)}: {message}")

    def parse(text, canonical, number, expected_level, fmt):
        """The Kode of `text`, or None after recording an error."""
        if text not in kode_cache:
            try:
                kode_cache[text] = parse_kode(text)
            except KodeError as exc:
                kode_cache[text] = exc
        kode = kode_cache[text]
        if isinstance(kode, KodeError):
            error(number, canonical, f"kode '{text}' tidak sesuai format {fmt} ({kode.args[0]})")
            return None
        if kode.level != expected_level:
            error(number, canonical, f"kode '{text}' tidak sesuai format {fmt} (tertulis kode "
                                     f"{TINGKAT_LABEL[kode.level]}, seharusnya kode {TINGKAT_LABEL[expected_level]})")
            return None
        for note in kode.notes:
            warnings.append(f"{where} baris {number}, kolom {column_label(canonical)}: {note}")
        return kode

    def add_node(node, canonical):
        key = (node.jenis, node.kode)
        existing = nodes.get(key)
        if existing is None:
            nodes[key] = node
        elif existing.nama != node.nama:
            warnings.append(
                f"{where} baris {node.row}, kolom {column_label(canonical)}: {TINGKAT_LABEL[node.tingkat]} "
                f"'{node.kode}' bernama '{node.nama}', berbeda dengan baris {existing.row} ('{existing.nama}'); "
                "yang dipakai nama pertama"
            )

    for done, (number, row) in enumerate(data_rows, start=1):
        if progress and done % PROGRESS_EVERY == 0:
            progress(done, total)
        if errors.full:
            break

        jenis_text = _text(_cell(row, columns, "JENISPEMDA"))
        jenis = JENIS_PEMDA_VALUES.get(re.sub(r"[^A-Z]", "", jenis_text.upper()))
        if jenis is None:
            error(number, "JENIS PEMDA", f"'{jenis_text}' bukan jenis pemda yang dikenal (PROV atau KABKOT)"
                  if jenis_text else "kosong (harus PROV atau KABKOT)")

        parsed = {}
        for canonical, (level, fmt) in NOMENCLATURE_CODE_COLUMNS.items():
            text = _text(_cell(row, columns, canonical))
            if not text:
                error(number, canonical, f"kosong (harus berisi '<kode> <nama>', kode {fmt})")
                continue
            code_text, _, name = text.partition(" ")
            name = name.strip().lstrip("-–:").strip()
            kode = parse(code_text, canonical, number, level, fmt)
            if kode is None:
                continue
            if not name:
                error(number, canonical, f"nama {TINGKAT_LABEL[level]} untuk kode '{code_text}' kosong")
                continue
            parsed[canonical] = (kode, name)

        # Each code must start with its parent's code.
        chain = list(NOMENCLATURE_CODE_COLUMNS)
        for parent_col, child_col in zip(chain, chain[1:]):
            if parent_col in parsed and child_col in parsed:
                parent, child = parsed[parent_col][0], parsed[child_col][0]
                if child.parent != parent:
                    error(number, child_col, f"kode '{child}' tidak diawali kode {TINGKAT_LABEL[parent.level]} "
                                             f"'{parent}' (kolom {column_label(parent_col)})")
                    parsed.pop(child_col)

        spm_value = _cell(row, columns, "SPM")
        spm = None
        if isinstance(spm_value, bool):
            spm = spm_value
        else:
            spm_text = _text(spm_value)
            if spm_text:
                spm = SPM_VALUES.get(re.sub(r"[^A-Z]", "", spm_text.upper()))
                if spm is None:
                    error(number, "SPM", f"'{spm_text}' bukan nilai SPM yang dikenal (SPM atau NON-SPM)")

        kode_sebelumnya = nama_sebelumnya = ""
        previous = _text(_cell(row, columns, "SUBKEGIATANSEBELUMNYA"))
        if previous:
            code_text, _, nama_sebelumnya = previous.partition(" ")
            nama_sebelumnya = nama_sebelumnya.strip().lstrip("-–:").strip()
            old = parse(code_text, "SUBKEGIATAN SEBELUMNYA", number, "sub_kegiatan", "U.BB.PP.K.KK.SSSS")
            kode_sebelumnya = str(old) if old else ""

        satuan = _text(_cell(row, columns, "SATUAN"))

        if jenis is None or len(parsed) != len(NOMENCLATURE_CODE_COLUMNS):
            continue

        bidang, bidang_nama = parsed["BIDANG"]
        program, program_nama = parsed["PROGRAM"]
        kegiatan, kegiatan_nama = parsed["KEGIATAN"]
        sub, sub_nama = parsed["SUBKEGIATAN"]
        sub_key = (jenis, str(sub))
        if sub_key in nodes:
            error(number, "SUBKEGIATAN", f"kode '{sub}' untuk {jenis_text} sudah ada di baris {nodes[sub_key].row}")
            continue
        urusan = bidang.urusan
        other_authority = {"prov": "2", "kabkot": "1"}[jenis]  # 1 provinsi, 2 kab/kota
        if kegiatan.tingkat_kewenangan == other_authority:
            warnings.append(f"{where} baris {number}, kolom {column_label('KEGIATAN')}: kegiatan '{kegiatan}' "
                            f"bertingkat kewenangan {other_authority} "
                            f"({'kabupaten/kota' if jenis == 'prov' else 'provinsi'}) pada baris {jenis_text}")
        add_node(_Node(jenis, "urusan", urusan, URUSAN_NAMES.get(urusan, f"Urusan {urusan}"), None, number),
                 "BIDANG")
        add_node(_Node(jenis, "bidang_urusan", str(bidang), bidang_nama, (jenis, urusan), number), "BIDANG")
        add_node(_Node(jenis, "program", str(program), program_nama, (jenis, str(bidang)), number), "PROGRAM")
        add_node(_Node(jenis, "kegiatan", str(kegiatan), kegiatan_nama, (jenis, str(program)), number), "KEGIATAN")
        nodes[sub_key] = _Node(
            jenis, "sub_kegiatan", str(sub), sub_nama, (jenis, str(kegiatan)), number,
            kinerja=_text(_cell(row, columns, "KINERJA")),
            indikator=_text(_cell(row, columns, "INDIKATOR")),
            satuan=satuan, spm=spm, kode_sebelumnya=kode_sebelumnya, nama_sebelumnya=nama_sebelumnya,
        )

    if not data_rows:
        errors.append(f"{where}: tidak ada baris data di bawah baris judul {sheet.header_row}")
    errors.raise_if_any()
    return nodes, total, warnings


def _write_nomenclature(versi, nodes):
    ids = {}
    counts = {}
    for tingkat in TINGKAT_ORDER:
        level_nodes = [n for n in nodes.values() if n.tingkat == tingkat]
        if not level_nodes:
            continue
        objects = [
            Nomenklatur(
                versi=versi, jenis_pemda=n.jenis, tingkat=n.tingkat, kode=n.kode, nama=n.nama,
                induk_id=ids[n.induk] if n.induk else None,
                kinerja=n.kinerja, indikator=n.indikator, satuan=n.satuan, spm=n.spm,
                kode_sebelumnya=n.kode_sebelumnya, nama_sebelumnya=n.nama_sebelumnya,
            )
            for n in level_nodes
        ]
        created = Nomenklatur.objects.bulk_create(objects, batch_size=BATCH_SIZE)
        if all(obj.pk is not None for obj in created):
            ids.update({(obj.jenis_pemda, obj.kode): obj.pk for obj in created})
        else:  # backends that do not return primary keys from bulk inserts
            ids.update({
                (jenis, kode): pk for jenis, kode, pk in
                Nomenklatur.objects.filter(versi=versi, tingkat=tingkat).values_list("jenis_pemda", "kode", "pk")
            })
        for n in level_nodes:
            per_jenis = counts.setdefault(n.jenis, {t: 0 for t in TINGKAT_ORDER})
            per_jenis[tingkat] += 1
    return counts


# -- sumber dana and akun belanja -------------------------------------------------------------------------


def load_sumber_dana(path):
    """Load (or update, by code) the funding-source classification; all or nothing.

    Names are kept as written: the official list repeats some (a parent and its only child, or the same
    source under two groups); the code tells them apart. An entry created from a loaded plan (a name
    without a code) takes the official code of the first row with its name.
    """
    started = time.monotonic()
    sheet, items, skipped, warnings = _parse_levels(path, "sumber_dana")
    result = TableLoadResult("sumber_dana", Path(path).name, baris=len(items) + skipped, dilewati=skipped,
                             peringatan=warnings)
    with transaction.atomic():
        existing = list(SumberDana.objects.filter(pemda__isnull=True))
        by_kode = {s.kode: s for s in existing if s.kode}
        from_plans = {s.nama.casefold(): s for s in existing if not s.kode}
        to_create, to_update = [], []
        errors = _Errors()
        for item in items:
            obj = by_kode.get(item.kode) or from_plans.pop(item.nama.casefold(), None)
            if obj is None:
                to_create.append(SumberDana(kode=item.kode, nama=item.nama, keterangan=item.keterangan))
            elif _update(obj, kode=item.kode, nama=item.nama, keterangan=item.keterangan):
                to_update.append(obj)
            else:
                result.tetap += 1
        errors.raise_if_any()
        _save(SumberDana, to_create, to_update, ["kode", "nama", "keterangan", "dari_rencana"], sheet)
        result.dibuat, result.diperbarui = len(to_create), len(to_update)
    result.detik = time.monotonic() - started
    return result


def load_akun_belanja(path):
    """Load (or update, by code) the chart of spending accounts; all or nothing. Accounts other than 5 are
    skipped."""
    started = time.monotonic()
    sheet, items, skipped, warnings = _parse_levels(path, "akun_belanja")
    result = TableLoadResult("akun_belanja", Path(path).name, baris=len(items) + skipped, dilewati=skipped,
                             peringatan=warnings)
    with transaction.atomic():
        existing = {a.kode: a for a in AkunBelanja.objects.filter(pemda__isnull=True)}
        to_create, to_update = [], []
        for item in items:
            obj = existing.get(item.kode)
            if obj is None:
                to_create.append(AkunBelanja(kode=item.kode, nama=item.nama, keterangan=item.keterangan))
            elif _update(obj, nama=item.nama, keterangan=item.keterangan):
                to_update.append(obj)
            else:
                result.tetap += 1
        _save(AkunBelanja, to_create, to_update, ["nama", "keterangan", "dari_rencana"], sheet)
        result.dibuat, result.diperbarui = len(to_create), len(to_update)
    result.detik = time.monotonic() - started
    return result


def _update(obj, **values):
    """Set official values on an existing entry; an empty keterangan in the file keeps the stored one.
    True if anything changed."""
    changed = False
    for name, value in values.items():
        if name == "keterangan" and not value:
            continue
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    if obj.dari_rencana:
        obj.dari_rencana = False
        changed = True
    return changed


def _save(model, to_create, to_update, fields, sheet):
    try:
        model.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
        model.objects.bulk_update(to_update, fields, batch_size=BATCH_SIZE)
        if to_create or to_update:
            from renja.plans import versions

            versions.everything_changed()  # bulk writes send no signals; plans are checked against this data
    except IntegrityError as exc:
        raise ReferenceLoadError(f"{sheet.title}: data bertabrakan dengan yang sudah ada di basis data ({exc}); "
                                 "tidak ada yang diubah")


@dataclass
class _LevelItem:
    row: int
    kode: str
    nama: str
    keterangan: str
    nama_kolom: str


def _level_value(value):
    """An integer level cell: 1, 1.0 and '01' are 1; empty is None; anything else raises ValueError."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and value.strip().isdecimal():
        number = int(value.strip())
    else:
        raise ValueError
    if number < 0:
        raise ValueError
    return number


def _parse_levels(path, kind):
    spec = LEVEL_SPECS[kind]
    uraian_key = None
    # The required columns: the levels and one of the uraian headers.
    sheet = _read_sheet(path, kind, spec["levels"])
    for header in URAIAN_HEADERS:
        if _header_key(header) in sheet.columns:
            uraian_key = _header_key(header)
            break
    if uraian_key is None:
        raise ReferenceLoadError(f"{sheet.title} baris {sheet.header_row}, kolom Uraian: kolom wajib tidak "
                                 "ditemukan di baris judul")
    level_cols = [(sheet.columns[_header_key(h)][0], sheet.columns[_header_key(h)][1]) for h in spec["levels"]]
    uraian_index, uraian_label = sheet.columns[uraian_key]
    keterangan = sheet.columns.get(_header_key(KETERANGAN_HEADER))
    where = sheet.title
    errors = _Errors()
    warnings = []
    items = {}  # kode → _LevelItem
    skipped_duplicates = skipped_other_accounts = 0
    rows = 0

    for number, row in sheet.rows:
        if _blank(row):
            continue
        if errors.full:
            break
        rows += 1
        values = []
        ok = True
        for (index, label), width in zip(level_cols, spec["widths"]):
            raw = row[index] if index < len(row) else None
            try:
                value = _level_value(raw)
            except ValueError:
                errors.append(f"{where} baris {number}, kolom {label}: '{_text(raw)}' bukan bilangan bulat")
                ok = False
                continue
            if value is not None and len(str(value)) > width:
                errors.append(f"{where} baris {number}, kolom {label}: nilai {value} lebih dari {width} angka")
                ok = False
            values.append((label, value))
        if not ok:
            continue
        filled = [v for _, v in values if v is not None]
        if not filled:
            errors.append(f"{where} baris {number}, kolom {level_cols[0][1]}: kode kosong")
            continue
        gap = next((i for i, (_, v) in enumerate(values) if v is None), len(values))
        if any(v is not None for _, v in values[gap:]):
            later = next(label for label, v in values[gap:] if v is not None)
            errors.append(f"{where} baris {number}, kolom {values[gap][0]}: kosong, padahal kolom {later} terisi")
            continue
        kode = ".".join(str(v).zfill(w) for (_, v), w in zip(values[:gap], spec["widths"]))
        nama = _text(row[uraian_index] if uraian_index < len(row) else None)
        if not nama:
            errors.append(f"{where} baris {number}, kolom {uraian_label}: uraian untuk kode '{kode}' kosong")
            continue
        if kind == "akun_belanja" and values[0][1] != 5:
            skipped_other_accounts += 1
            continue
        note = _text(row[keterangan[0]] if keterangan and keterangan[0] < len(row) else None)
        previous = items.get(kode)
        if previous is not None:
            if previous.nama == nama:
                warnings.append(f"{where} baris {number}: kode '{kode}' sudah ada di baris {previous.row} dengan "
                                "uraian yang sama; baris ini dilewati")
                skipped_duplicates += 1
            else:
                errors.append(f"{where} baris {number}, kolom {uraian_label}: kode '{kode}' sudah ada di baris "
                              f"{previous.row} dengan uraian lain ('{previous.nama}')")
            continue
        items[kode] = _LevelItem(number, kode, nama, note, uraian_label)

    if rows == 0:
        errors.append(f"{where}: tidak ada baris data di bawah baris judul {sheet.header_row}")
    errors.raise_if_any()

    if skipped_other_accounts:
        warnings.append(f"{where}: {skipped_other_accounts} baris berakun selain 5 (belanja) dilewati")
    for kode, item in items.items():
        parent = kode.rpartition(".")[0]
        if "." in parent and parent not in items:
            warnings.append(f"{where} baris {item.row}: induk '{parent}' dari kode '{kode}' tidak ada di berkas")
    return sheet, list(items.values()), skipped_duplicates + skipped_other_accounts, warnings

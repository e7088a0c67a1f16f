"""Finding a plan table's header in a sheet and what each column means, by the header texts only.

A header may take several rows with merged group cells ("Rencana Tahun 2022" over Lokasi, Target, Pagu,
Sumber Dana) and be followed by the numbering row `1 2 3 …`. Each column's label is the texts above it, top
down; its role comes from synonyms and the year it names (n, n+1, n-1 …), never from its letter or place.
"""

import re
from dataclasses import dataclass, field

from renja.core.numbers import clean_cell

from .grid import letter

MAX_HEADER_SCAN = 40  # title lines and the header sit at the top of a sheet
MAX_HEADER_ROWS = 5

# Roles a column can have. The reader reads the first group; "ignored" columns are listed in the preview and
# reported once when they hold data (Renja does not keep them).
READ_ROLES = ("kode", "uraian", "indikator", "satuan", "target_n", "target_n1", "target_sebelum",
              "target_akhir_renstra", "realisasi_n2", "prakiraan_n1", "pagu_n", "pagu_n1", "pagu_sebelum", "lokasi",
              "sumber_dana", "catatan")
PAGU_COLUMN_KEYS = ("rkpd_perubahan", "apbd_perubahan", "rkpd", "apbd")  # longest names first
ROLE_LABELS = {
    "kode": "kode", "uraian": "uraian (urusan/bidang/program/kegiatan/sub kegiatan)", "indikator": "indikator",
    "satuan": "satuan", "target_n": "target tahun n", "target_n1": "target tahun n+1",
    "target_sebelum": "target sebelum perubahan", "target_akhir_renstra": "target akhir Renstra",
    "realisasi_n2": "realisasi tahun n-2", "prakiraan_n1": "prakiraan capaian tahun n-1", "pagu_n": "pagu tahun n", "pagu_n1": "pagu tahun n+1",
    "pagu_sebelum": "pagu sebelum perubahan", "lokasi": "lokasi", "sumber_dana": "sumber dana",
    "catatan": "catatan", "nomor": "nomor urut", "ignored": "tidak dimuat",
    "pagu:rkpd": "pagu RKPD", "pagu:apbd": "pagu APBD", "pagu:rkpd_perubahan": "pagu RKPD Perubahan",
    "pagu:apbd_perubahan": "pagu APBD Perubahan",
}

_YEAR = re.compile(r"\b(20\d\d)\b")
_RELATIVE = re.compile(r"\bn\s*([+-])\s*(\d)\b")
_MONEY_WORDS = re.compile(r"pagu|kebutuhan dana|anggaran|alokasi|\brp\b|\bdana\b|\bapbd\b|\brkpd\b|belanja")
_TARGET_WORDS = re.compile(r"target|capaian|volume|kinerja")
# Amounts printed in thousands or millions of Rupiah: "(Rp 000)", "dalam ribuan rupiah", "Rp juta". The factor
# turns them back into Rupiah; without it a pagu would be stored a thousand times too small.
_THOUSANDS_NOTE = re.compile(r"\(\s*(?:rp\.?\s*)?000\s*\)|\bribuan\b|\brp\.?\s*ribu\b|\(\s*ribu(?:an)?(?: rupiah)?\s*\)")
_MILLIONS_NOTE = re.compile(r"\(\s*(?:rp\.?\s*)?000\.000\s*\)|\bjutaan\b|\brp\.?\s*juta\b|\(\s*juta(?: rupiah)?\s*\)|dalam juta")
SCALE_WORDS = {1_000: "ribuan rupiah", 1_000_000: "jutaan rupiah"}


def normalise(text):
    """Lower case, one space, and words a printout hyphenated joined again ("Lo-kasi" → "lokasi")."""
    text = clean_cell(text).lower().replace("\n", " ")
    text = re.sub(r"(?<=[a-z])-\s*(?=[a-z])", "", text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Column:
    col: int
    label: str  # the header texts above the column, as written, joined by " / "
    role: str | None  # a READ_ROLES entry, "pagu:<kolom>", "nomor", "ignored" or None (no header: unused)
    why: str = ""
    scale: int = 1  # a money column printed in thousands (1.000) or millions (1.000.000) of Rupiah

    @property
    def letter(self):
        return letter(self.col)

    def as_dict(self):
        return {"kolom": self.letter, "judul": self.label, "peran": self.role or "",
                "arti": ROLE_LABELS.get(self.role or "", "") + (f" ({self.why})" if self.why else "")}


@dataclass
class Header:
    first_row: int
    last_row: int
    numbering_row: int | None
    columns: list
    title_lines: list = field(default_factory=list)  # (row, text) above the header
    year: int | None = None  # year n as the header names it
    signature: tuple = ()  # the normalised header rows, to recognise a header repeated after a page break

    @property
    def data_start(self):
        return (self.numbering_row or self.last_row) + 1

    def of(self, role):
        return [c for c in self.columns if c.role == role]

    def first(self, role):
        found = self.of(role)
        return found[0] if found else None

    def scale_of(self, col):
        return self.columns[col - 1].scale if 0 < col <= len(self.columns) else 1

    @property
    def pagu_columns(self):
        return [c for c in self.columns if c.role and c.role.startswith("pagu:")]

    @property
    def is_perubahan(self):
        return bool(self.of("target_sebelum") or self.of("pagu_sebelum") or self.pagu_columns)


def row_texts(sheet, row):
    return [normalise(v) if v is not None else "" for v in (sheet.shown(row, c) for c in range(1, sheet.width + 1))]


def is_numbering_row(sheet, row):
    """`1 2 3 …` (or `(1) (2) …`): at least three cells, increasing, from 1 or 2."""
    numbers = []
    for c in range(1, sheet.width + 1):
        value = sheet.value(row, c)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        text = str(value).strip().strip("()")
        if isinstance(value, float) and value == int(value):
            text = str(int(value))
        if not text.isdecimal():
            return False
        numbers.append(int(text))
    return len(numbers) >= 3 and numbers[0] <= 2 and all(b > a for a, b in zip(numbers, numbers[1:]))


def _looks_like_data(sheet, row):
    """A row that holds numbers or codes rather than header words."""
    for c in range(1, sheet.width + 1):
        value = sheet.value(row, c)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return True
        if isinstance(value, str) and re.fullmatch(r"\s*\d+([.\s]\d+)*\s*", value):
            return True
    return False


def _is_header_start(texts):
    has_kode = any(t.startswith("kode") for t in texts)
    has_name = any(re.search(r"urusan|program|kegiatan|uraian", t) for t in texts)
    return has_name and (has_kode or any("indikator" in t for t in texts))


def find_header(sheet, year=None):
    """The header of the plan table in a sheet, or None when the sheet has none."""
    for row in range(1, min(sheet.height, MAX_HEADER_SCAN) + 1):
        texts = row_texts(sheet, row)
        if not _is_header_start(texts):
            continue
        last = row
        for c in range(1, sheet.width + 1):
            span = sheet.spans.get((row, c))
            if span:
                last = max(last, min(span[0], row + MAX_HEADER_ROWS - 1))
        while (last + 1 <= sheet.height and last - row + 1 < MAX_HEADER_ROWS
               and not is_numbering_row(sheet, last + 1) and not _looks_like_data(sheet, last + 1)
               and sum(1 for t in row_texts(sheet, last + 1) if t) >= 2 and _extends_header(sheet, row, last + 1)):
            last += 1
        numbering = last + 1 if last + 1 <= sheet.height and is_numbering_row(sheet, last + 1) else None
        titles = [(r, " ".join(clean_cell(v) for v in sheet.rows[r - 1] if v is not None and clean_cell(v)))
                  for r in range(1, row)]
        titles = [(r, t) for r, t in titles if t]
        header = Header(row, last, numbering, [], titles,
                        signature=tuple(tuple(row_texts(sheet, r)) for r in range(row, last + 1)))
        # Columns are read against the year the workbook itself names ("Tahun 2027" is n+1 of a 2026 table), even
        # when the plan is loaded as another year; the option's year only when the workbook names none.
        header.year = title_year(titles) or _header_year(sheet, header) or year
        header.columns = classify_columns(sheet, header)
        if header.first("uraian") and (header.of("pagu_n") or header.of("pagu_n1") or header.pagu_columns
                                       or header.of("pagu_sebelum")):
            return header
    return None


def _extends_header(sheet, first, row):
    """A second header row names columns (Lokasi, Target …) under a group of the first, or under nothing."""
    words = row_texts(sheet, row)
    return any(re.search(r"lokasi|target|pagu|dana|sumber|satuan|sebelum|sesudah|setelah|rkpd|apbd|kinerja|"
                         r"kode|urusan|bidang|program|kegiatan|tahun", w) for w in words)


def money_scale(text):
    """1.000 or 1.000.000 when a header or title says its amounts are in thousands or millions of Rupiah; else 1."""
    text = normalise(text or "")
    if _MILLIONS_NOTE.search(text):
        return 1_000_000
    if _THOUSANDS_NOTE.search(text):
        return 1_000
    return 1


def is_money_role(role):
    return bool(role) and (role in ("pagu_n", "pagu_n1", "pagu_sebelum") or role.startswith("pagu:"))


def title_year(titles):
    for _, text in titles:
        match = re.search(r"tahun\s+(?:anggaran\s+)?(20\d\d)", text, flags=re.IGNORECASE)
        if match:
            return int(match.group(1))
    return None


def _header_year(sheet, header):
    years = []
    for row in range(header.first_row, header.last_row + 1):
        for c in range(1, sheet.width + 1):
            value = sheet.value(row, c)
            if isinstance(value, str):
                text = normalise(value)
                for y in _YEAR.findall(text):
                    if "rencana" in text and "maju" not in text:
                        return int(y)
                    years.append(int(y))
    return min(years) if years else None


def _offset(text, n):
    """The year a column is about, relative to n: 0, +1, -1, -2 …; "renstra" for the Renstra's final target."""
    if "renstra" in text or "akhir periode" in text or "kondisi akhir" in text:
        return "renstra"
    match = _RELATIVE.search(text)
    if match:
        return int(match.group(2)) * (1 if match.group(1) == "+" else -1)
    years = [int(y) for y in _YEAR.findall(text)]
    if years and n:
        return years[-1] - n  # the innermost header (the last) names the column's own year
    if "maju" in text:
        return 1
    if "berjalan" in text:
        return -1
    if "realisasi" in text:
        return -2
    return 0


def classify(label, n):
    """(role, why) of a column from its normalised label."""
    text = label
    if not text:
        return None, ""
    if re.fullmatch(r"no\.?|nomor( urut)?|no urut", text.split(" / ")[-1]):
        return "nomor", ""
    if text.startswith("kode"):
        return "kode", ""
    if "indikator" in text and not _MONEY_WORDS.search(text.split(" / ")[-1]):
        return "indikator", ""
    if "satuan" in text:
        return "satuan", ""
    if "sumber dana" in text or "sumber pendanaan" in text:
        return "sumber_dana", ""
    if "lokasi" in text:
        return "lokasi", ""
    if "catatan" in text or "catan penting" in text or "keterangan" in text:
        return "catatan", ""
    if "prioritas" in text:
        return "ignored", "prioritas nasional/daerah"
    if "kelompok sasaran" in text:
        return "ignored", "kelompok sasaran"
    if "penanggung jawab" in text or "perangkat daerah" in text or re.search(r"\b(opd|skpd)\b", text):
        return "ignored", "PD penanggung jawab"
    offset = _offset(text, n)
    if _MONEY_WORDS.search(text):
        for key in PAGU_COLUMN_KEYS:
            words = key.replace("_", " ")
            if re.search(rf"\b{words}\b", text) or (key.endswith("_perubahan") and f"{key[:4]}-p" in text):
                return f"pagu:{key}", ""
        if "sebelum" in text:
            return "pagu_sebelum", ""
        if re.search(r"sesudah|setelah", text):
            return "pagu_n", "setelah perubahan"
        if offset == "renstra" or (isinstance(offset, int) and offset < 0) or "realisasi" in text:
            return "ignored", "pagu tahun lalu atau Renstra"
        if offset == 1:
            return "pagu_n1", ""
        if offset == 0:
            return "pagu_n", ""
        return "ignored", f"pagu tahun n{offset:+d}"
    if _TARGET_WORDS.search(text) and not re.search(r"\burusan\b|program/", text):
        if offset == "renstra":
            return "target_akhir_renstra", ""
        if offset == -2 or ("realisasi" in text and offset is None):
            return "realisasi_n2", ""
        if offset == -1:
            return "prakiraan_n1", ""
        if "realisasi" in text or (isinstance(offset, int) and offset < 0):
            return "ignored", "realisasi atau prakiraan tahun lalu"
        if "sebelum" in text:
            return "target_sebelum", ""
        if offset == 1:
            return "target_n1", ""
        if offset == 0:
            return "target_n", "setelah perubahan" if re.search(r"sesudah|setelah", text) else ""
        return "ignored", f"target tahun n{offset:+d}"
    if re.search(r"urusan|program|kegiatan|uraian|\bnama\b", text):
        return "uraian", ""
    return "ignored", "judul kolom tidak dikenal"


def classify_columns(sheet, header):
    columns = []
    for c in range(1, sheet.width + 1):
        parts = []
        for row in range(header.first_row, header.last_row + 1):
            value = sheet.shown(row, c)
            text = clean_cell(value) if value is not None else ""
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        label = " / ".join(parts)
        role, why = classify(normalise(label), header.year)
        columns.append(Column(c, label, role, why))
    # A note of the table ("dalam ribuan rupiah" in a title line) holds for every money column that says nothing.
    table_scale = max((money_scale(text) for _, text in header.title_lines), default=1)
    for column in columns:
        if is_money_role(column.role):
            column.scale = money_scale(column.label) if money_scale(column.label) > 1 else table_scale
    # Code cells split over several columns: the columns without a header right after "Kode", up to the name.
    for index, column in enumerate(columns):
        if column.role is None and index and columns[index - 1].role == "kode":
            column.role = "kode"
    seen = set()
    for column in columns:
        if column.role in READ_ROLES and column.role not in ("kode",) or (column.role or "").startswith("pagu:"):
            if column.role in seen:
                column.why = f"kolom kedua untuk {ROLE_LABELS.get(column.role, column.role)}"
                column.role = "ignored"
            seen.add(column.role)
    return columns


def header_problems(sheet, header):
    """Columns that hold data Renja does not keep: reported once each, so that nothing is dropped silently."""
    problems = []
    for column in header.columns:
        if column.role != "ignored":
            continue
        if any(sheet.value(r, column.col) not in (None, "") for r in range(header.data_start, sheet.height + 1)):
            problems.append((header.last_row, column.col, column.label,
                             f"kolom '{column.label}' ({column.why}) tidak disimpan Renja; isinya tidak dimuat"))
    for column in header.columns:
        if column.scale > 1 and any(sheet.value(r, column.col) not in (None, "")
                                    for r in range(header.data_start, sheet.height + 1)):
            problems.append((header.last_row, column.col, column.label, scale_note(column.scale)))
    return problems


def scale_note(scale):
    return (f"angka kolom ini tertulis dalam {SCALE_WORDS[scale]}: setiap angka dikalikan "
            f"{scale:,}".replace(",", ".") + " dan disimpan dalam rupiah")

"""The shared row model of the print layouts: each data row of a plan table read into one `PlanRow`, then the
rows placed in the tree program → kegiatan → sub kegiatan of the exchange document.

Hazards handled here for every layout: codes split over several columns, whole in one cell or written before
the name; urusan and bidang rows (kept as statements); stated totals on parent rows (kept as `stated`, never as
data); parent rows repeated after a page break (identical: skipped; different: reported); headers repeated after
a page break; blank and placeholder rows; indicator lines continued on the next rows; several indicators in one
cell with targets on matching lines.
"""

import re
from dataclasses import dataclass, field

from renja.core.codes import parse_kode
from renja.core.errors import InputRefused
from renja.core.numbers import format_decimal
from renja.core.targets import parse_target

from . import cells
from .grid import letter
from .headers import is_numbering_row, normalise, row_texts

TOTAL_LABEL = re.compile(r"^(jumlah|total|sub ?total|grand total)\b", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-•·*▪◦]|\d{1,2}[.)])\s+")
TARGET_ROLES = ("target_n", "target_n1", "target_sebelum", "target_akhir_renstra", "realisasi_n2", "prakiraan_n1")
STATED_KEYS = ("pagu_n", "pagu_n1")  # what the exchange format's `stated` carries; other pagu go to statements


@dataclass
class Problem:
    """A cell the reader could not take as it is, or read with an assumption; `row` is the Excel row."""

    sheet: str
    row: int | None
    column: str
    value: str
    why: str

    def as_dict(self):
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "value": self.value, "why": self.why}

    def __str__(self):
        where = f"{self.sheet}!{self.column}{self.row or ''}" if self.column else f"{self.sheet} baris {self.row}"
        value = f" '{self.value}'" if self.value else ""
        return f"{where}{value}: {self.why}"


@dataclass
class PlanRow:
    row: int
    kode: str  # as written ("" when the row has none)
    nama: str | None
    level: str | None = None
    kode_norm: str = ""
    indikator: list = field(default_factory=list)
    amounts: dict = field(default_factory=dict)  # role ("pagu_n", "pagu:apbd" …) → document value
    lokasi: str | None = None
    sumber_dana: str | None = None
    catatan: str | None = None
    raw: str = ""

    def signature(self):
        """What makes two rows of one node identical (a parent repeated after a page break)."""
        return (self.nama, tuple(tuple(sorted(i.items())) for i in self.indikator),
                tuple(sorted((k, str(v)) for k, v in self.amounts.items())), self.lokasi, self.sumber_dana, self.catatan)


def _plain_percent(fraction):
    value = fraction * 100
    return format_decimal(value, 0 if value == value.to_integral() else 2)


class TableReader:
    """Reads the data rows under a header into the plan tree; `pagu_role` says which column is pagu n."""

    def __init__(self, sheet, header, pagu_n_column=None):
        self.sheet = sheet
        self.header = header
        self.problems = []
        self.programs = []  # exchange dicts, in document order
        self.statements = []
        self.by_code = {}  # normalised code → (node dict, PlanRow) of programs and kegiatan
        self.subs = {}  # normalised code → PlanRow, to recognise a sub kegiatan repeated
        self.current = {"program": None, "kegiatan": None}
        self.last = None  # the last node dict, for indicator lines continued on the next rows
        self.columns = {}
        for column in header.columns:
            if column.role and column.role not in ("ignored", "nomor"):
                self.columns.setdefault(column.role, []).append(column.col)
        if pagu_n_column is not None:
            self.columns["pagu_n"] = [pagu_n_column]

    def problem(self, row, col, value, why):
        self.problems.append(Problem(self.sheet.title, row, letter(col) if col else "",
                                     "" if value is None else str(value), why))

    def value(self, row, role):
        cols = self.columns.get(role)
        return (self.sheet.value(row, cols[0]), cols[0]) if cols else (None, None)

    # -- reading one row ----------------------------------------------------------------------------------

    def read(self):
        signature = set(self.header.signature)
        # The first text of each header row: only a row starting with one of them can be the header again.
        starts = {next((t for t in texts if t), "") for texts in signature}
        for r in range(self.header.data_start, self.sheet.height + 1):
            values = self.sheet.rows[r - 1]
            first = next((v for v in values if not cells.is_blank(v)), None)
            if first is None:
                continue
            if isinstance(first, str) and normalise(first) in starts and tuple(row_texts(self.sheet, r)) in signature:
                continue  # the header printed again after a page break
            if str(first).strip("() ") in ("1", "1.0") and is_numbering_row(self.sheet, r):
                continue  # ... and its numbering row
            self.read_row(r, values)
        return self

    def read_row(self, r, values):
        kode, kode_col = self.read_code_cells(r)
        name_value, name_col = self.value(r, "uraian")
        nama = cells.text_of(name_value)
        if kode and not nama:
            split_code, split_name = cells.split_code_name(kode)
            if split_code:
                kode, nama = split_code, split_name
        if not kode and nama:
            split_code, split_name = cells.split_code_name(nama)
            if split_code:
                kode, nama = split_code, split_name
                kode_col = name_col
        if nama and cells.is_placeholder(nama):
            self.problem(r, name_col, nama, "nama berisi penanda kosong; dibaca sebagai baris tanpa nama")
            nama = None
        row = PlanRow(r, kode or "", nama, raw="\t".join(cells.text_of(v) or "" for v in values))
        row.indikator = self.read_indicators(r)
        self.read_amounts(r, row)
        for role in ("lokasi", "sumber_dana", "catatan"):
            value, _ = self.value(r, role)
            text = cells.text_of(value)
            setattr(row, role, None if cells.is_blank(text) else text)
        if not kode and nama and TOTAL_LABEL.match(nama):
            self.total_row(row)
            return
        if not kode and not nama:
            self.continuation(row)
            return
        if not kode and self.last is not None and not (row.amounts or row.indikator or row.lokasi or row.sumber_dana
                                                       or row.catatan):
            # a name that wrapped onto the next row of a printout: the rest of the row above's name
            self.last["nama"] = f"{self.last.get('nama') or ''} {nama}".strip()
            self.last["raw"] = f"{self.last.get('raw') or ''}\n{row.raw}"
            self.problem(r, name_col, nama, "baris tanpa kode dan tanpa isi lain: dibaca sebagai lanjutan nama baris "
                         "di atasnya")
            return
        if kode and cells.is_placeholder(kode):
            self.problem(r, kode_col, kode, "kode berisi penanda kosong")
            row.kode = ""
        self.place(row, kode_col)

    def read_code_cells(self, r):
        cols = self.columns.get("kode") or []
        parts = []
        for col in cols:
            text = cells.code_of(self.sheet.value(r, col))
            if text and not cells.is_blank(text):
                parts.append(text)
        return ("\t".join(parts) if parts else None), (cols[0] if cols else None)

    def read_indicators(self, r):
        value, col = self.value(r, "indikator")
        text = cells.text_of(value)
        lines = [_BULLET.sub("", line).strip() for line in (text or "").split("\n")]
        lines = [line for line in lines if line]
        columns = {}
        for role in (*TARGET_ROLES, "satuan"):
            cell, cell_col = self.value(r, role)
            if cell_col is None:
                continue
            if role == "satuan":
                written = cells.text_of(cell)
            else:
                written, why = cells.target(cell, percent=(r, cell_col) in self.sheet.percent)
                if why:
                    self.problem(r, cell_col, cells.text_of(cell), why)
            columns[role] = (written, cell_col)
        if not lines and not any(cells.text_of(w) for w, _ in columns.values()):
            return []
        count = max(len(lines), 1)
        split = {}
        for role, (written, cell_col) in columns.items():
            parts = [p.strip() for p in (written or "").split("\n") if p.strip()] if written else []
            if count > 1 and parts and len(parts) != count:
                self.problem(r, cell_col, written, f"{count} indikator dalam satu sel (kolom {letter(col)}), tetapi "
                             f"sel ini berisi {len(parts)} baris: indikator tidak dipisah")
                count = 1
            split[role] = parts
        if count == 1:
            items = [{"uraian": text}]
            for role, (written, _) in columns.items():
                items[0][role] = written
        else:
            items = []
            for i, line in enumerate(lines):
                item = {"uraian": line}
                for role, parts in split.items():
                    item[role] = parts[i] if parts else None
                items.append(item)
        result = []
        for item in items:
            indicator = {"uraian": item.get("uraian")}
            if item.get("satuan"):
                indicator["satuan"] = item["satuan"]
            for role in TARGET_ROLES:
                if item.get(role) is not None and not cells.is_blank(item[role]):
                    indicator[role] = item[role]
            result.append(indicator)
            self.check_fraction(r, indicator, columns)
        return result

    def check_fraction(self, r, indicator, columns):
        """"0,8" for a percentage indicator: 0,8 % or 80 %? Kept as written, and said."""
        if not re.match(r"(persentase|prosentase|%)", (indicator.get("uraian") or "").lower()) and \
                indicator.get("satuan") != "%":
            return
        for role in TARGET_ROLES:
            written = indicator.get(role)
            if not written or "%" in str(written):
                continue
            value = parse_target(written).nilai
            if value is not None and 0 < value < 1:
                self.problem(r, columns[role][1], written, f"target {written} pada indikator persentase: "
                             f"{written} % atau {_plain_percent(value)} %? dibaca seperti tertulis ({written})")

    def read_amounts(self, r, row):
        for role, cols in self.columns.items():
            if not (role in ("pagu_n", "pagu_n1", "pagu_sebelum") or role.startswith("pagu:")):
                continue
            raw = self.sheet.value(r, cols[0])
            if raw is None and (r, cols[0]) in self.sheet.uncached:
                self.problem(r, cols[0], "(rumus)", "sel berisi rumus tanpa nilai tersimpan (berkas belum pernah "
                             "dihitung di Excel/LibreOffice): nilainya tidak diketahui; buka dan simpan ulang berkasnya")
                continue
            value, why = cells.amount(raw, percent=(r, cols[0]) in self.sheet.percent,
                                      scale=self.header.scale_of(cols[0]))
            if why:
                self.problem(r, cols[0], cells.text_of(raw), why)
            if value is not None:
                row.amounts[role] = value

    # -- placing a row in the tree --------------------------------------------------------------------------

    def total_row(self, row):
        for key in STATED_KEYS:
            if key in row.amounts:
                self.statements.append({"table": "T-C.33", "key": f"total_{key}", "row": row.nama,
                                        "value": row.amounts[key], "raw": row.raw})

    def continuation(self, row):
        if row.indikator and self.last is not None:
            for indicator in row.indikator:
                indicator["raw"] = row.raw
            self.last.setdefault("indikator", []).extend(row.indikator)
            return
        if row.amounts or row.indikator:
            self.problem(row.row, None, row.raw.replace("\t", " ").strip(),
                         "baris tanpa kode dan nama (dan bukan lanjutan indikator baris sebelumnya): tidak dimuat")

    def place(self, row, kode_col):
        if row.kode:
            level, norm, note = cells.read_code(row.kode)
            if level is None:
                self.problem(row.row, kode_col, row.kode.replace("\t", " "), f"kode tidak terbaca: {note}")
            elif note:
                self.problem(row.row, kode_col, row.kode.replace("\t", " "), f"kode dibaca {norm} ({note})")
            row.level, row.kode_norm = level, norm
        if row.level is None:
            row.level = self.guess_level(row)
            self.problem(row.row, kode_col, row.kode.replace("\t", " "),
                         f"tingkat baris tidak dapat dibaca dari kode; ditempatkan sebagai "
                         f"{row.level.replace('_', ' ')} di bawah baris sebelumnya")
        if row.level in ("urusan", "bidang_urusan"):
            self.header_row(row)
        elif row.level == "program":
            self.add_parent(row, "program")
        elif row.level == "kegiatan":
            self.add_parent(row, "kegiatan")
        else:
            self.add_sub(row)

    def guess_level(self, row):
        if (row.nama or "").lower().startswith("program") or self.current["program"] is None:
            return "program"
        if self.current["kegiatan"] is None or (row.nama or "").lower().startswith("kegiatan"):
            return "kegiatan"
        return "sub_kegiatan"

    def header_row(self, row):
        """An urusan or bidang urusan row: not a node of the tree; what it says is kept as statements."""
        self.current = {"program": None, "kegiatan": None}
        self.last = None
        if row.level == "bidang_urusan":
            self.statements.append({"table": "T-C.33", "key": "baris_bidang_urusan", "code": row.kode,
                                    "row": row.nama, "value": row.nama or row.kode, "raw": row.raw})
        for key in STATED_KEYS:
            if key in row.amounts:
                self.statements.append({"table": "T-C.33", "key": key, "code": row.kode, "row": row.nama,
                                        "value": row.amounts[key], "raw": row.raw})

    def node(self, row, level):
        node = {"kode": row.kode}
        node["nama"] = row.nama
        if row.indikator:
            node["indikator"] = row.indikator
        for key in ("lokasi", "sumber_dana", "catatan"):
            if getattr(row, key) is not None:
                node[key] = getattr(row, key)
        if level == "sub_kegiatan":
            for key in ("pagu_n", "pagu_n1", "pagu_sebelum"):
                if key in row.amounts:
                    node[key] = row.amounts[key]
            columns = {k.split(":", 1)[1]: v for k, v in row.amounts.items() if k.startswith("pagu:")}
            if columns:
                node["pagu_kolom"] = columns
        else:
            stated = {k: row.amounts[k] for k in STATED_KEYS if k in row.amounts}
            if stated:
                node["stated"] = stated
            for key, value in row.amounts.items():
                if key not in STATED_KEYS:
                    self.statements.append({"table": "T-C.33", "key": key.replace(":", "_"), "code": row.kode,
                                            "row": row.nama, "value": value})
        node["raw"] = row.raw
        return node

    def parent_of(self, row, level):
        """The node a kegiatan or sub kegiatan belongs to: by its code, else the current one."""
        wanted = "program" if level == "kegiatan" else "kegiatan"
        parent_code = str(parse_kode(row.kode_norm).parent) if row.kode_norm else None
        if parent_code and parent_code in self.by_code:
            return self.by_code[parent_code][0]
        current = self.current[wanted]
        if current is not None and (not parent_code or not current.get("_norm")):
            return current
        if parent_code is None:
            return current
        # No row of its parent: the parent is made from the code, without a name (the loader reports it).
        self.problem(row.row, None, row.kode.replace("\t", " "),
                     f"{level.replace('_', ' ')} tanpa baris {wanted} {parent_code} di atasnya; "
                     f"{wanted} {parent_code} dibuat tanpa nama")
        implicit = PlanRow(row.row, parent_code, None, level=wanted, kode_norm=parent_code)
        if wanted == "kegiatan":
            self.add_parent(implicit, "kegiatan")
        else:
            self.add_parent(implicit, "program")
        return self.by_code[parent_code][0]

    def add_parent(self, row, level):
        known = self.by_code.get(row.kode_norm) if row.kode_norm else None
        if known is not None:
            node, first = known
            if node.get("nama") is None and not first.raw and row.raw:
                # made from a child's code before its own row came: the row fills it now
                children = {k: node[k] for k in ("kegiatan", "sub_kegiatan") if k in node}
                node.clear()
                node.update(self.node(row, level), _norm=row.kode_norm, **children)
                self.by_code[row.kode_norm] = (node, row)
            elif first.signature() != row.signature() and row.nama is not None:
                self.problem(row.row, None, row.kode.replace("\t", " "),
                             f"baris {level} {row.kode_norm} berulang (pertama di baris {first.row}) dengan isi "
                             "berbeda: baris ini tidak dimuat, isi baris pertama yang dipakai")
        else:
            node = self.node(row, level)
            node["_norm"] = row.kode_norm
            if level == "program":
                self.programs.append(node)
            else:
                self.parent_of(row, "kegiatan").setdefault("kegiatan", []).append(node)
            if row.kode_norm:
                self.by_code[row.kode_norm] = (node, row)
        self.current[level] = node
        if level == "program":
            self.current["kegiatan"] = None
        self.last = node

    def add_sub(self, row):
        first = self.subs.get(row.kode_norm) if row.kode_norm else None
        if first is not None and first.signature() == row.signature():
            self.problem(row.row, None, row.kode.replace("\t", " "), f"baris sub kegiatan sama persis dengan baris "
                         f"{first.row} (berulang setelah pindah halaman?): dilewati")
            return
        if first is not None:
            self.problem(row.row, None, row.kode.replace("\t", " "),
                         f"kode sub kegiatan {row.kode_norm} dipakai juga di baris {first.row}; kedua baris dimuat")
        node = self.node(row, "sub_kegiatan")
        parent = self.parent_of(row, "sub_kegiatan")
        if parent is None:
            raise InputRefused(f"{self.sheet.title} baris {row.row}: sub kegiatan sebelum baris program/kegiatan "
                               "mana pun")  # pragma: no cover - parent_of always makes one from a code
        parent.setdefault("sub_kegiatan", []).append(node)
        if row.kode_norm:
            self.subs[row.kode_norm] = row
        self.last = node

    def tree(self):
        """The programs without the reader's own bookkeeping keys."""
        def clean(node):
            node.pop("_norm", None)
            for child in node.get("kegiatan", []) + node.get("sub_kegiatan", []):
                clean(child)
            return node
        return [clean(p) for p in self.programs]

"""Workbooks in: a whole plan read from an Excel workbook into an exchange document.

`read_workbook(path, pd=, year=, stage=, pagu=)` checks the file (safety.py), tries Renja's own workbook first
(own.py), else finds a plan table's header in each sheet and reads it with the layout it recognises (tc33.py,
perubahan.py; the shared row model is rows.py), or a Renstra's matrix (renstra.py: a document with a `renstra`
and no `renja`). The result is a `WorkbookReading`: the exchange document that
`renja.exchange.loader.load_document` takes (the one way a plan enters the database), the problems (sheet, row,
column, value, why), the layout's name and how its columns were mapped (for a preview).
"""

import importlib
from dataclasses import dataclass, field
from pathlib import Path

from renja.core.errors import InputRefused

from . import perubahan, renstra, tc33
from .grid import read_grid
from .headers import find_header, header_problems
from .identity import resolve
from .rows import Problem

LAYOUTS = (perubahan, tc33)  # the more specific first
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
# Keys of a Renja Perubahan (contract of issue 13); dropped, with a problem, where the loader does not know them.
PERUBAHAN_KEYS = {"sub_kegiatan": ("pagu_sebelum", "pagu_kolom"), "indikator": ("target_sebelum",)}


@dataclass
class WorkbookReading:
    document: dict
    problems: list = field(default_factory=list)  # Problem (sheet, row, column, value, why)
    layout: str = ""
    columns: list = field(default_factory=list)  # dicts: kolom, judul, peran, arti
    sheet: str = ""
    known_pd: bool = True  # the PD exists in the database
    missing: list = field(default_factory=list)  # what a load needs and the workbook does not say

    def problem_dicts(self):
        return [p.as_dict() for p in self.problems]


def is_workbook(path):
    return Path(path).suffix.lower() in WORKBOOK_SUFFIXES


def _own():
    """Renja's own workbook (helper module own.py), when this version of Renja has it."""
    try:
        return importlib.import_module(f"{__name__}.own")
    except ImportError:
        return None


def read_workbook(path, *, pd=None, year=None, stage=None, pagu=None):
    """Read a workbook; `InputRefused` (nothing read) for a file that is unsafe or holds no plan table."""
    path = Path(path)
    sheets = read_grid(path)  # the safety checks come first, whatever the layout
    own = _own()
    # Renja's own workbook has its tree sheet: without one, no need to open the file a second time to look
    if own is not None and any(sheet.title == own.TREE_SHEET for sheet in sheets) and own.is_own_workbook(path):
        document, problems = own.read_own(path, pd=pd, year=year, stage=stage)
        return WorkbookReading(document, [_as_problem(p) for p in problems], layout="renja", sheet="")
    for sheet in sheets:
        matrix = renstra.find_header(sheet)  # a Renstra's matrix: its own document (renstra, no renja)
        if matrix is not None:
            document, problems, identity = renstra.read(path, sheet, matrix, pd=pd, year=year)
            return WorkbookReading(document, _unique(problems), layout=renstra.NAME, columns=renstra.columns_of(matrix),
                                   sheet=sheet.title, known_pd=identity.known, missing=identity.missing)
        header = find_header(sheet, year=year)
        if header is None:
            continue
        layout = next(layout for layout in LAYOUTS if layout.matches(header))
        reader = layout.read(sheet, header, pagu=pagu)
        problems = [Problem(sheet.title, row, header.columns[col - 1].letter, value, why)
                    for row, col, value, why in header_problems(sheet, header)] + reader.problems
        identity = resolve(header.title_lines, pd=pd, year=year, stage=stage, header_year=header.year,
                           perubahan=layout is perubahan)
        problems += [Problem(sheet.title, row, "A" if row else "", value, why) for row, value, why in identity.notes]
        renja = {"tahun": identity.tahun, "tahap": identity.tahap}
        if identity.judul:
            renja["judul"] = identity.judul
        renja["program"] = reader.tree()
        if reader.statements:
            renja["statements"] = reader.statements
        document = {
            "format": "renja-exchange", "version": 1,
            "source": {"document": f"{path.name} (lembar {sheet.title}, {layout.TITLE})"},
            "pemda": identity.pemda, "perangkat_daerah": identity.perangkat_daerah, "renja": renja,
        }
        problems += _fit_schema(document, sheet.title)
        if not renja["program"]:
            problems.append(Problem(sheet.title, header.data_start, "", "",
                                    "tidak ada baris program, kegiatan atau sub kegiatan di bawah judul kolom"))
        return WorkbookReading(document, _unique(problems), layout=layout.NAME,
                               columns=[c.as_dict() for c in header.columns if c.label or c.role],
                               sheet=sheet.title, known_pd=identity.known, missing=identity.missing)
    names = ", ".join(s.title for s in sheets) or "tidak ada"
    raise InputRefused(f"{path.name}: tidak ada lembar berisi tabel Renja yang dikenali (lembar: {names}); "
                       "dicari judul kolom Kode, Program/Kegiatan/Sub Kegiatan, Indikator dan Pagu, atau matriks "
                       "Renstra: Kondisi awal dan Target/Rp per tahun")


def _as_problem(item):
    if isinstance(item, Problem):
        return item
    if isinstance(item, dict):
        return Problem(item.get("sheet", ""), item.get("row"), item.get("column", ""), str(item.get("value") or ""),
                       item.get("why", ""))
    return Problem(getattr(item, "sheet", ""), getattr(item, "row", None), getattr(item, "column", ""),
                   str(getattr(item, "value", "") or ""), getattr(item, "why", str(item)))


def _unique(problems):
    seen, result = set(), []
    for p in problems:
        key = (p.sheet, p.row, p.column, p.why)
        if key not in seen:
            seen.add(key)
            result.append(p)
    return result


def _known_keys():
    """The keys the loader's schema allows on a sub kegiatan and on an indicator, or None when it cannot tell."""
    try:
        from renja.exchange.loader import schema

        definitions = schema()["$defs"]
        return {name: set(definitions[name]["properties"]) for name in PERUBAHAN_KEYS}
    except Exception:  # the loader needs Django; a reader used alone keeps every key
        return None


def _fit_schema(document, sheet):
    """Drop the Perubahan keys the loader of this version does not know yet, and say so (once per key)."""
    known = _known_keys()
    if known is None:
        return []
    dropped = {}

    def strip(item, kind):
        for key in PERUBAHAN_KEYS[kind]:
            if key in item and key not in known[kind]:
                dropped[key] = dropped.get(key, 0) + 1
                del item[key]

    for program in document["renja"]["program"]:
        for node in [program, *program.get("kegiatan", [])]:
            for indicator in node.get("indikator", []):
                strip(indicator, "indikator")
        for kegiatan in program.get("kegiatan", []):
            for sub in kegiatan.get("sub_kegiatan", []):
                strip(sub, "sub_kegiatan")
                for indicator in sub.get("indikator", []):
                    strip(indicator, "indikator")
    return [Problem(sheet, None, "", key, f"{count} nilai '{key}' tidak dapat disimpan oleh versi Renja ini "
                    "(belum mendukung kolom Renja Perubahan); tidak dimuat") for key, count in dropped.items()]


__all__ = ["InputRefused", "WorkbookReading", "is_workbook", "read_workbook"]

"""Bringing in a plan a planner already holds: a workbook of a known layout (renja/exchange/workbook/) or an
exchange file, aimed at the PD, year and stage chosen in the app.

`read_upload` reads the file into an exchange document; `preview` loads it in a transaction that is rolled
back and says what loading would create (counts, totals per program, every problem, the checker's findings);
`apply` loads it for good, as a draft, replacing an existing draft only when asked. The exchange loader is the
one way in: what it refuses, these refuse, and nothing is written.
"""

import copy
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db import transaction

from renja.core.errors import InputRefused
from renja.plans.models import Renja

from .loader import LoadError, load_document
from .merge import MergeConflict, read_document

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm"}
EXCHANGE_SUFFIXES = {".yaml", ".yml", ".json"}
ACCEPTED = ", ".join(sorted(WORKBOOK_SUFFIXES | EXCHANGE_SUFFIXES))


@dataclass
class Reading:
    """A file read as an exchange document, with what the reader could not read (sheet, row, column)."""

    document: dict
    layout: str
    columns: list = field(default_factory=list)  # how the reader mapped the columns, for the preview
    problems: list = field(default_factory=list)  # texts, each naming sheet, row, column and the value


def read_upload(path, *, pd, tahun, tahap, pagu=None):
    """The file at `path` as a Reading aimed at `pd`, `tahun`, `tahap`; InputRefused when it cannot be read."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        from .workbook import read_workbook

        found = read_workbook(path, pd=pd.kode, year=tahun, stage=tahap, pagu=pagu)
        if "renja" not in found.document:  # a Renstra's matrix: not a plan for this year and stage
            raise InputRefused([f"Berkas {path.name} berisi matriks Renstra (Rencana Program, Kegiatan, Sub Kegiatan "
                                "dan Pendanaan lima tahunan), bukan Renja: tidak dimuat sebagai Renja. Matriks Renstra "
                                "dimuat dengan `renja load BERKAS --pd KODE`."])
        reading = Reading(document=found.document, layout=LAYOUT_NAMES.get(found.layout, found.layout),
                          columns=[_column(c) for c in found.columns or []],
                          problems=[_where(p) for p in found.problems])
    elif suffix in EXCHANGE_SUFFIXES:
        try:
            document = read_document(path)
        except MergeConflict as exc:
            raise LoadError([str(exc)]) from exc
        except (yaml.YAMLError, ValueError, OSError) as exc:
            raise LoadError([f"berkas tidak dapat dibaca sebagai berkas pertukaran: {exc}"]) from exc
        if not isinstance(document, dict):
            raise LoadError(["berkas pertukaran harus berisi satu objek (mapping) di tingkat teratas"])
        reading = Reading(document=document, layout="berkas pertukaran Renja")
    else:
        raise InputRefused([f"Jenis berkas '{path.suffix or path.name}' tidak dikenal; yang diterima: {ACCEPTED}."])
    reading.document = aimed_at(reading.document, pd, tahun, tahap)
    return reading


LAYOUT_NAMES = {"renja": "buku kerja Renja (hasil Unduh data)", "tc33": "tabel T-C.33 Rencana Program, Kegiatan "
                "dan Pendanaan", "perubahan": "tabel Renja Perubahan (sebelum/sesudah)"}


def _column(column):
    """How the reader took one column, as one line: `C "Indikator Kinerja" → indikator`."""
    if not isinstance(column, dict):
        return str(column)
    meaning = column.get("arti") or column.get("peran") or ""
    return f'{column.get("kolom", "")} "{column.get("judul", "")}" → {meaning}'.strip()


def _where(problem):
    """A reader's problem as one Indonesian line naming its cell."""
    if isinstance(problem, str):
        return problem
    get = problem.get if isinstance(problem, dict) else lambda key: getattr(problem, key, None)
    cell = f"{get('column') or ''}{get('row') or ''}"
    where = f"sheet '{get('sheet')}'" + (f", sel {cell}" if cell else "")
    value = get("value")
    shown = f" '{value}'" if value not in (None, "") else ""
    return f"{where}{shown}: {get('why')}"


def aimed_at(document, pd, tahun, tahap):
    """The document as it will be loaded into `pd`'s plan of `tahun`, stage `tahap`: whatever Pemda and PD the
    file names, the plan goes where the user chose (a user never creates another Pemda or PD by uploading).
    Ceilings (pagu plafon) are Bappeda's figures, set in the admin, never taken from a PD's file."""
    document = copy.deepcopy(document)
    pemda = pd.pemda
    document["pemda"] = {"kode": pemda.kode, "nama": pemda.nama, "jenis": pemda.jenis}
    stated_pd = document.get("perangkat_daerah") if isinstance(document.get("perangkat_daerah"), dict) else {}
    document["perangkat_daerah"] = {"kode": pd.kode, "nama": pd.nama, "singkatan": pd.singkatan or ""}
    if stated_pd.get("unit"):
        document["perangkat_daerah"]["unit"] = stated_pd["unit"]
    renja = document.get("renja") if isinstance(document.get("renja"), dict) else {}
    document["renja"] = dict(renja, tahun=tahun, tahap=tahap)
    return document


def existing_plan(pd, tahun, tahap):
    return Renja.objects.filter(perangkat_daerah=pd, tahun=tahun, tahap=tahap).first()


def replace_refusal(existing):
    """Why an upload may not replace `existing` (None: it may, after a second confirmation)."""
    if existing is not None and not existing.is_editable:
        return (f"{existing} berstatus {existing.get_status_display()}: tidak dapat diganti dengan unggahan. "
                "Hanya Renja berstatus Draf atau Dikembalikan yang dapat diganti.")
    return None


def preview(reading, pd, progress=None):
    """What loading `reading` would create, as plain data (JSON): nothing is kept. LoadError when refused."""
    from renja.plans.view import build_view
    from renja.rules.engine import SEVERITIES, run

    step = progress or (lambda percent, text: None)
    renja = reading.document["renja"]
    existing = existing_plan(pd, renja["tahun"], renja["tahap"])
    step(20, "Memuat rencana untuk pratinjau")
    with transaction.atomic():
        report = load_document(reading.document, replace=True)
        step(60, "Memeriksa rencana dengan semua aturan")
        view = build_view(report.renja)
        findings = run(view)
        programs = [{"kode": p.code or "", "nama": p.label, "kegiatan": len(p.children),
                     "sub_kegiatan": len(p.subs()),
                     "pagu_n": p.total_n, "pagu_n1": p.total_n1} for p in view.programs]
        summary = {"total_n": view.total_n, "total_n1": view.total_n1}
        transaction.set_rollback(True)
    step(90, "Menyusun pratinjau")
    return {
        "layout": reading.layout,
        "columns": reading.columns,
        "counts": report.counts,
        "programs": programs,
        **summary,
        "problems": reading.problems + loader_problems(reading, report),
        "notes": list(report.notes),
        # errors first: what a verifier must see should not sit under the rules that did not apply
        "findings": [{"severity": f.severity, "table": f.table, "code": f.code or "", "row": f.row or "",
                      "message": f.message}
                     for f in sorted(findings, key=lambda f: SEVERITIES.index(f.severity))],
        "existing": None if existing is None else {
            "id": existing.pk, "label": str(existing), "status": existing.get_status_display(),
            "refused": replace_refusal(existing)},
    }


def loader_problems(reading, report):
    """The loader's problems that the reader has not already named by its cell: a workbook's '0.286' is reported
    once, as the reader says it (sheet, row, column), not a second time as the loader keeps it."""
    named = [line for line in reading.problems if isinstance(line, str)]
    return [str(p) for p in report.problems
            if not (p.text and any(f" '{p.text}': " in line for line in named))]


def apply(reading, pd, replace=False):
    """Load `reading` for good as a draft; LoadError (nothing written) when the plan exists and may not be
    replaced, or was not to be."""
    renja = reading.document["renja"]
    with transaction.atomic():
        # Read inside the load's transaction (which takes the write lock on SQLite): no one submits it between.
        existing = Renja.objects.select_for_update().filter(
            perangkat_daerah=pd, tahun=renja["tahun"], tahap=renja["tahap"]).first()
        if existing is not None and (refused := replace_refusal(existing)):
            raise LoadError([refused])
        if existing is not None and not replace:
            raise LoadError([f"{existing} sudah ada; konfirmasikan penggantian untuk menggantinya seluruhnya."])
        return load_document(reading.document, replace=existing is not None)

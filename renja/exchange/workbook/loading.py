"""Loading a file of either kind (exchange file or workbook), for real, as a dry run, or for a check.

A workbook is read into an exchange document and enters the database through the exchange loader like any
exchange file. A dry run and a check load inside a transaction that is rolled back: nothing is kept.
"""

from dataclasses import dataclass, field

from django.db import transaction

from renja.core.errors import InputRefused

from . import is_workbook, read_workbook

WORKBOOK_ONLY = "--pd, --year, --stage dan --pagu hanya berlaku untuk buku kerja Excel (.xlsx)"


@dataclass
class Outcome:
    report: object  # the loader's LoadReport (of a rolled-back load for a dry run)
    reading: object = None  # the WorkbookReading, for a workbook
    summary: dict = None  # totals per level (plans.summary), for a dry run
    notes: list = field(default_factory=list)


def _load(path, replace, reading):
    from renja.exchange.loader import load_document, load_file

    if reading is None:
        return load_file(path, replace=replace)
    return load_document(reading.document, replace=replace)


def read_input(path, *, pd=None, year=None, stage=None, pagu=None):
    """The WorkbookReading of a workbook, None for an exchange file; `LoadError` for what cannot be read."""
    from renja.exchange.loader import LoadError

    if not is_workbook(path):
        if any(option is not None for option in (pd, year, stage, pagu)):
            raise LoadError([WORKBOOK_ONLY])
        return None
    try:
        return read_workbook(path, pd=pd, year=year, stage=stage, pagu=pagu)
    except LoadError:
        raise
    except InputRefused as exc:
        raise LoadError(exc.errors) from exc


def load_path(path, *, replace=False, dry_run=False, pd=None, year=None, stage=None, pagu=None):
    """Load an exchange file or a workbook, all or nothing; with `dry_run` report what would be made, keep nothing."""
    from renja.exchange.loader import LoadError
    from renja.plans.summary import build_summary

    reading = read_input(path, pd=pd, year=year, stage=stage, pagu=pagu)
    notes = []
    if reading is not None and reading.missing:
        message = "perangkat daerah belum terdaftar dan buku kerja tidak menyebut: " + "; ".join(reading.missing)
        if not dry_run:
            raise LoadError([message + ". Daftarkan PD-nya (admin) atau sebutkan --pd KODE PD yang sudah ada."])
        notes.append(message + " (uji muat memakai data dari judul)")
    if not dry_run:
        return Outcome(_load(path, replace, reading), reading)
    with transaction.atomic():
        report = _load(path, replace, reading)
        summary = build_summary(report.renja) if report.renja is not None else None  # None: a Renstra only
        transaction.set_rollback(True)
    return Outcome(report, reading, summary, notes)


def plan_view(path, *, pd=None, year=None, stage=None, pagu=None):
    """(PlanView, WorkbookReading or None) of a file, loaded in a transaction that is rolled back: a PD not
    yet known is taken from the workbook's title, so that a check works on a fresh database."""
    from renja.exchange.loader import LoadError
    from renja.plans.view import build_view

    reading = read_input(path, pd=pd, year=year, stage=stage, pagu=pagu)
    if reading is not None and "renja" not in reading.document:
        raise LoadError([f"{path.name if hasattr(path, 'name') else path}: buku kerja ini berisi matriks Renstra, "
                         "bukan Renja: tidak ada Renja yang diperiksa; muat dengan `renja load BERKAS --pd KODE`"])
    with transaction.atomic():
        report = _load(path, True, reading)
        view = build_view(report.renja)
        transaction.set_rollback(True)
    return view, reading

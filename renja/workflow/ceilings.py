"""The pagu indikatif (ceiling) Bappeda gives each PD of its Pemda for a year and a stage.

Entered as a table of the Pemda's PDs (`save_ceilings`) or read from a workbook (`read_workbook`: a row per PD,
the PD found by its code or name, the amount in the column whose header names the pagu); either way every value
is checked first and all are written in one transaction, or none. Rows are `organizations.PaguPlafon` with the
stage set; the year's stage-less row (from an exchange file) stays as it is and still applies to a stage that
has no ceiling of its own (`PaguPlafon.for_plan`). Saved through the model: simple-history keeps every change.
"""

import re
from dataclasses import dataclass

from django.db import transaction

from renja.core.errors import InputRefused
from renja.core.numbers import NumberError, format_rupiah, parse_rupiah
from renja.organizations.models import PaguPlafon, PerangkatDaerah

from .schedule import ScheduleRefused, _check, stage_label


class CeilingsRefused(ScheduleRefused):
    """Ceilings that were not saved; `errors` says which and why, nothing changed."""


@dataclass
class CeilingRow:
    pd: object  # PerangkatDaerah
    own: object  # PaguPlafon of the stage, or None
    year: object  # the year's stage-less PaguPlafon, or None

    @property
    def applies(self):
        """The amount a plan of this stage is checked against."""
        row = self.own or self.year
        return row.pagu if row is not None else None


def ceiling_table(pemda, tahun, tahap):
    """Every PD of the Pemda (by code) with its ceiling for the stage and the year's (two queries)."""
    pds = list(PerangkatDaerah.objects.filter(pemda=pemda).order_by("kode"))
    rows = {}
    for row in PaguPlafon.objects.filter(perangkat_daerah__pemda=pemda, tahun=tahun, tahap__in=[tahap, ""]):
        rows[(row.perangkat_daerah_id, row.tahap)] = row
    return [CeilingRow(pd, rows.get((pd.pk, tahap)), rows.get((pd.pk, ""))) for pd in pds]


def save_ceilings(pemda, tahun, tahap, values, user, sumber=""):
    """Set the stage's ceiling of each PD from `values` ({PD id: amount as written}); a blank value removes the
    PD's ceiling of the stage. Every value is read first: one that is not an amount, or a PD outside the
    Pemda, refuses the whole (CeilingsRefused). Returns the number of PDs whose ceiling changed."""
    _check(user, pemda, tahun, tahap)
    pds = {pd.pk: pd for pd in PerangkatDaerah.objects.filter(pemda=pemda)}
    problems, parsed = [], {}
    for pd_id, text in values.items():
        pd = pds.get(pd_id)
        if pd is None:
            problems.append(f"Perangkat daerah #{pd_id} bukan perangkat daerah {pemda}.")
            continue
        try:
            parsed[pd_id] = (parse_rupiah(text), str(text if text is not None else "").strip())
        except NumberError as exc:
            problems.append(f"Pagu indikatif {pd.kode} {pd.nama}: «{text}» bukan jumlah rupiah ({exc}).")
    if problems:
        raise CeilingsRefused(problems)
    changed = 0
    with transaction.atomic():
        existing = {r.perangkat_daerah_id: r for r in PaguPlafon.objects.select_for_update().filter(
            perangkat_daerah_id__in=list(parsed), tahun=tahun, tahap=tahap)}
        for pd_id, (amount, text) in parsed.items():
            row = existing.get(pd_id)
            if amount is None:
                if row is not None:
                    row._history_user = user
                    row.delete()
                    changed += 1
                continue
            if row is not None and row.pagu == amount:
                continue
            row = row or PaguPlafon(perangkat_daerah_id=pd_id, tahun=tahun, tahap=tahap)
            row.pagu, row.pagu_teks, row.sumber = amount, text, sumber or row.sumber
            row._history_user = user
            row.save()
            changed += 1
    return changed


# --- the workbook ----------------------------------------------------------------------------------------------

PAGU_HEADER = re.compile(r"pagu|plafon", re.I)
CODE_HEADER = re.compile(r"\bkode\b", re.I)
NAME_HEADER = re.compile(r"perangkat\s+daerah|\bopd\b|\bskpd\b|\bnama\b|\bpd\b", re.I)
HEADER_ROWS = 15  # the header is looked for in the first rows of each sheet


def _key(text):
    return " ".join(str(text or "").lower().split())


def _column_letter(index):
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def read_workbook(pemda, file, source="berkas"):
    """{PD id: amount} from the first sheet of `file` that has a pagu column and a PD code or name column in its
    header. Every row is read; CeilingsRefused lists every problem by sheet, row and column."""
    from openpyxl import load_workbook

    from renja.exchange.workbook.safety import check_upload

    try:  # size, zip bomb, encryption and row count checked before openpyxl reads anything
        check_upload(file, getattr(file, "name", None) or source)
    except InputRefused as exc:
        raise CeilingsRefused(exc.errors) from exc
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a file that is not a workbook
        raise CeilingsRefused(f"{source}: bukan buku kerja Excel (.xlsx) yang dapat dibaca ({exc}).") from exc
    pds = list(PerangkatDaerah.objects.filter(pemda=pemda))
    by_code = {_key(pd.kode): pd for pd in pds}
    by_name = {}
    for pd in pds:
        for name in (pd.nama, pd.singkatan):
            if name:
                by_name.setdefault(_key(name), pd)
    try:
        for sheet in workbook.worksheets:
            rows = list(sheet.iter_rows(values_only=True))
            found = _header(rows)
            if found is not None:
                return _read_rows(sheet.title, rows, found, by_code, by_name, pemda)
    finally:
        workbook.close()
    raise CeilingsRefused(
        f"{source}: tidak ada lembar dengan judul kolom pagu (mis. «Pagu Indikatif») dan kolom kode atau nama "
        f"perangkat daerah dalam {HEADER_ROWS} baris pertamanya.")


def _header(rows):
    """(header row index, pagu column, code column or None, name column or None), or None."""
    for r, row in enumerate(rows[:HEADER_ROWS]):
        texts = [str(v) if v is not None else "" for v in row]
        pagu = next((c for c, t in enumerate(texts) if PAGU_HEADER.search(t)), None)
        code = next((c for c, t in enumerate(texts) if CODE_HEADER.search(t) and c != pagu), None)
        name = next((c for c, t in enumerate(texts) if NAME_HEADER.search(t) and c not in (pagu, code)), None)
        if pagu is not None and (code is not None or name is not None):
            return r, pagu, code, name
    return None


def _read_rows(title, rows, found, by_code, by_name, pemda):
    header, pagu_col, code_col, name_col = found
    problems, values, seen = [], {}, {}
    pagu_letter = _column_letter(pagu_col)
    for r in range(header + 1, len(rows)):
        row = rows[r]
        line = r + 1
        cell = (lambda c: row[c] if c is not None and c < len(row) else None)
        code, name, amount = cell(code_col), cell(name_col), cell(pagu_col)
        if all(v is None or not str(v).strip() for v in (code, name, amount)):
            continue
        pd = by_code.get(_key(code)) if code is not None and str(code).strip() else None
        if pd is None and name is not None and str(name).strip():
            pd = by_name.get(_key(name))
        if pd is None:
            what = " / ".join(str(v).strip() for v in (code, name) if v is not None and str(v).strip())
            column = _column_letter(code_col if code_col is not None else name_col)
            if not what:
                problems.append(f"Lembar «{title}» baris {line} kolom {column}: kode/nama perangkat daerah kosong, "
                                f"padahal kolom {pagu_letter} berisi pagu.")
            else:
                problems.append(f"Lembar «{title}» baris {line} kolom {column}: perangkat daerah «{what}» tidak "
                                f"dikenal di {pemda}.")
            continue
        if pd.pk in seen:
            problems.append(f"Lembar «{title}» baris {line}: {pd.kode} {pd.nama} sudah ada di baris {seen[pd.pk]}.")
            continue
        seen[pd.pk] = line
        try:
            parsed = parse_rupiah(amount)
        except NumberError as exc:
            problems.append(f"Lembar «{title}» baris {line} kolom {pagu_letter}: «{amount}» bukan jumlah rupiah "
                            f"({exc}).")
            continue
        if parsed is None:
            problems.append(f"Lembar «{title}» baris {line} kolom {pagu_letter}: pagu {pd.kode} {pd.nama} kosong.")
            continue
        values[pd.pk] = format_rupiah(parsed)
    if problems:
        raise CeilingsRefused(problems)
    if not values:
        raise CeilingsRefused(f"Lembar «{title}»: tidak ada baris pagu di bawah judul kolom (baris {header + 1}).")
    return values


def import_workbook(pemda, tahun, tahap, file, user, source="berkas"):
    """Read the workbook and save its ceilings for the stage, all or nothing. PDs the workbook does not name keep
    their ceiling. Returns (PDs read, PDs changed)."""
    _check(user, pemda, tahun, tahap)
    values = read_workbook(pemda, file, source)
    changed = save_ceilings(pemda, tahun, tahap, values, user,
                            sumber=f"{source} ({stage_label(tahap, tahun)})")
    return len(values), changed

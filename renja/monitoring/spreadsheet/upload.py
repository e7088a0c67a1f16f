"""The upload: read everything (reading.py), then write all of it in one transaction, or nothing."""

from pathlib import Path

from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from renja.monitoring.models import BelanjaSubKegiatan, RealisasiIndikator, RealisasiSubKegiatan
from renja.plans import versions
from renja.plans.models import Renja
from renja.reference.models import AkunBelanja

from .layout import (
    BELANJA_COLUMNS,
    BELANJA_FIELDS,
    BELANJA_REQUIRED,
    BELANJA_SHEET,
    INDICATOR_FIELDS,
    QUARTER_COLUMNS,
    QUARTER_REQUIRED,
    QUARTER_SHEETS,
    QUARTERS,
    SUB_FIELDS,
    LoadReport,
    RealisationLoadError,
    SheetPlan,
    SheetReport,
)
from .reading import (
    check_across_quarters,
    check_plan_id,
    find_sheets,
    open_workbook,
    parse_belanja,
    parse_quarter,
    read_sheet,
)


def load_workbook(renja, file, user=None, progress=None, source=None):
    """Load the realisation in `file` (a path, bytes or a file object) into `renja`; all or nothing.

    `progress(sheet, done, total)` is called after each sheet is checked and once more when everything is
    written. Returns a LoadReport; raises RealisationLoadError with every problem found."""
    wb = open_workbook(file)
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
            sheets = find_sheets(wb, report.notes)
            if not sheets:
                raise RealisationLoadError(
                    "berkas tidak memuat sheet 'TW I', 'TW II', 'TW III', 'TW IV' atau 'Belanja'; gunakan templat "
                    "yang diunduh dari Renja ini.")
            plan = SheetPlan(locked)
            total = len(sheets) + 1
            done = 0
            entries, indicator_entries, belanja = {}, {}, None
            for q in QUARTERS:
                ws = sheets.get(QUARTER_SHEETS[q])
                if ws is None:
                    continue
                sheet = read_sheet(ws, QUARTER_COLUMNS, QUARTER_REQUIRED, errors)
                if sheet is not None and check_plan_id(sheet, locked, errors):
                    entries[q], indicator_entries[q] = parse_quarter(sheet, q, plan, errors)
                done += 1
                if progress:
                    progress(QUARTER_SHEETS[q], done, total)
            if BELANJA_SHEET in sheets:
                sheet = read_sheet(sheets[BELANJA_SHEET], BELANJA_COLUMNS, BELANJA_REQUIRED, errors)
                if sheet is not None and check_plan_id(sheet, locked, errors):
                    belanja = parse_belanja(sheet, plan, errors)
                done += 1
                if progress:
                    progress(BELANJA_SHEET, done, total)
            check_across_quarters(plan, entries, errors)
            if errors:
                raise RealisationLoadError(errors)
            for q in QUARTERS:
                if QUARTER_SHEETS[q] not in sheets:
                    report.sheets.append(SheetReport(QUARTER_SHEETS[q], ada=False))
                    continue
                report.sheets.append(_write_quarter(plan, q, entries.get(q, {}), indicator_entries.get(q, {}),
                                                    user, reason))
            if BELANJA_SHEET in sheets:
                report.sheets.append(_write_belanja(plan, belanja or [], user, reason, locked.perangkat_daerah.pemda))
            else:
                report.sheets.append(SheetReport(BELANJA_SHEET, ada=False))
            versions.changed(locked.perangkat_daerah_id, locked.tahun, realisation=True)  # bulk writes: no signals
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


def _write_belanja(plan, entries, user, reason, pemda):
    counts = SheetReport(BELANJA_SHEET)
    accounts = AkunBelanja.by_code({e.kode_rekening for e in entries}, pemda)
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

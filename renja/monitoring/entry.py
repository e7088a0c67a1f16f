"""Entering the realisation of a plan in force: per sub kegiatan and quarter (spending, cumulative physical
progress, factors and follow-up), per indicator and quarter, and spending per account of a sub kegiatan.

The same discipline as plans.editing: every function is all or nothing; it locks the plan (realisation is
entered only on a plan that is Ditetapkan) and the rows it changes, compares the version the user opened
(`versi`; 0 or None for a row that does not exist yet) with the stored one and refuses the save when someone
else saved in between (`EditConflict`, naming who and when), validates every value before writing any
(`InvalidEdit`, naming the field), keeps the text as the user wrote it beside the value read from it, and
saves through the model, so that django-simple-history records who changed what. Nothing here reads a
request.
"""

import re
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from renja.core.errors import InputRefused
from renja.core.numbers import NumberError, format_decimal, format_rupiah, is_blank, parse_decimal, parse_rupiah
from renja.core.targets import parse_target
from renja.plans.editing import MAX_RUPIAH, MAX_TARGET, EditConflict, InvalidEdit, Refusals, row_code
from renja.plans.models import Indikator, Kegiatan, Program, Renja, SubKegiatan
from renja.reference.models import AkunBelanja

from .models import BelanjaSubKegiatan, RealisasiIndikator, RealisasiSubKegiatan, Triwulan

QUARTERS = (1, 2, 3, 4)
FIELD_LABELS = {
    "rencana_keuangan": "rencana keuangan",
    "keuangan": "realisasi keuangan",
    "fisik": "realisasi fisik",
    "faktor_pendorong": "faktor pendorong",
    "faktor_penghambat": "faktor penghambat",
    "tindak_lanjut": "tindak lanjut",
    "teks": "realisasi indikator",
    "kode_rekening": "kode rekening",
    "uraian": "uraian",
    "anggaran": "anggaran",
    "realisasi_tw1": "realisasi TW I",
    "realisasi_tw2": "realisasi TW II",
    "realisasi_tw3": "realisasi TW III",
    "realisasi_tw4": "realisasi TW IV",
}
MONEY_FIELDS = ("rencana_keuangan", "keuangan")
TEXT_FIELDS = ("faktor_pendorong", "faktor_penghambat", "tindak_lanjut")
SPENDING_AMOUNTS = ("realisasi_tw1", "realisasi_tw2", "realisasi_tw3", "realisasi_tw4")
# A spending account code (kode rekening belanja, Permendagri 90/2019): groups of digits separated by dots,
# starting with 5 (belanja), e.g. 5.1.02.01.01.0024.
KODE_REKENING = re.compile(r"5(\.\d+)*")
ROW_INDICATOR_OWNER = {Program: "program", Kegiatan: "kegiatan", SubKegiatan: "sub_kegiatan"}
PLAN_PATHS = {Program: "renja", Kegiatan: "program__renja", SubKegiatan: "kegiatan__program__renja"}


# --- shared helpers ----------------------------------------------------------------------------------------


def _text(value):
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return format_rupiah(value)
    return " ".join(str(value).split()) if "\n" not in str(value) else str(value).strip()


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _expected_version(versi):
    """The version the user opened: 0 for a row that did not exist (None, "" or 0), None when unreadable."""
    if versi is None or (isinstance(versi, str) and not versi.strip()):
        return 0
    return _int(versi)


def _quarter(triwulan):
    value = _int(triwulan)
    if value not in QUARTERS:
        raise InvalidEdit(f"Triwulan «{triwulan}» tidak dikenal: pilih Triwulan I sampai IV.", {"triwulan": [
            f"Triwulan «{triwulan}» tidak dikenal."]})
    return value


def _label(triwulan):
    return Triwulan(triwulan).label


def _rp(amount):
    return f"Rp {format_rupiah(amount)}"


def _pct(value):
    return f"{format_decimal(value, 2).rstrip('0').rstrip(',')} %"


def _when(moment):
    return timezone.localtime(moment).strftime("%d-%m-%Y %H.%M")


def _who(user):
    if user is None:
        return None
    return user.get_full_name() or user.get_username()


def _conflict(history, subject):
    """EditConflict naming who changed `subject` last and when, from its history records (a queryset)."""
    record = history.order_by("-history_date", "-history_id").select_related("history_user").first()
    if record is None:
        message = (f"{subject} telah diubah oleh pengguna lain setelah Anda membukanya. Perubahan Anda tidak "
                   "disimpan; muat ulang halaman untuk melihat isi terbaru lalu ulangi perubahan Anda.")
        return EditConflict(message)
    what = {"+": "telah dicatat", "-": "telah dihapus"}.get(record.history_type, "telah diubah")
    who = _who(record.history_user)
    by = f" oleh {who}" if who else " oleh pengguna lain"
    message = (f"{subject} {what}{by} pada {_when(record.history_date)} setelah Anda membukanya. Perubahan "
               "Anda tidak disimpan; muat ulang halaman untuk melihat isi terbaru lalu ulangi perubahan Anda.")
    return EditConflict(message, changed_by=record.history_user, changed_at=record.history_date)


def _lock_plan(renja_id):
    """Lock the plan for the rest of the transaction and check that realisation may be entered on it."""
    renja = Renja.objects.select_for_update().filter(pk=renja_id).first() if renja_id is not None else None
    if renja is None:
        raise InputRefused("Renja ini sudah tidak ada.")
    if renja.status != Renja.Status.DITETAPKAN:
        raise InputRefused(
            f"Renja ini berstatus {renja.get_status_display()}: realisasi hanya dicatat pada Renja yang telah "
            "Ditetapkan.")
    return renja


def _plan_id(row):
    model = type(row)
    return model.objects.filter(pk=row.pk).values_list(f"{PLAN_PATHS[model]}_id", flat=True).first()


def _indicator_plan_id(indikator):
    paths = ("program__renja_id", "kegiatan__program__renja_id", "sub_kegiatan__kegiatan__program__renja_id")
    found = Indikator.objects.filter(pk=indikator.pk).values_list(*paths).first()
    return next((value for value in found if value is not None), None) if found else None


def _mark(obj, user, reason):
    if user is not None:
        obj._history_user = user
    obj._change_reason = reason[:100]


def _read_rupiah(value, where, key, refusals):
    """(amount or None, text as written); refusals get why it cannot be read."""
    text = _text(value)
    try:
        amount = parse_rupiah(value)
    except NumberError as exc:
        refusals.add(key, f"{where}, {FIELD_LABELS[key]}: «{text}» tidak dapat dibaca sebagai rupiah ({exc}). "
                          "Tulis angka bulat tanpa desimal, misalnya 12.500.000.")
        return None, text
    if amount is not None and amount > MAX_RUPIAH:
        refusals.add(key, f"{where}, {FIELD_LABELS[key]}: «{text}» terlalu besar.")
        return None, text
    return amount, text


# --- realisation of a sub kegiatan in one quarter ---------------------------------------------------------------


def save_realisation(sub_kegiatan, triwulan, values, versi, user=None):
    """Create or update the realisation of `sub_kegiatan` in quarter `triwulan`, all or nothing; return the
    RealisasiSubKegiatan as saved (None when nothing was entered for a quarter that had no realisation).

    `values` holds what the user wrote (only the keys given change): "rencana_keuangan" and "keuangan" (Rupiah
    spent in this quarter, not cumulative: "12.500.000" or an int), "fisik" (cumulative physical progress at
    the quarter's end, "45,5" %), "faktor_pendorong", "faktor_penghambat", "tindak_lanjut". A blank amount or
    fisik means not reported (None). `versi` is the version the user opened (0 or None: there was none yet).

    Raises EditConflict when the quarter's realisation was saved (or created) by someone else meanwhile,
    InvalidEdit (fields: rencana_keuangan, keuangan, fisik) when a value cannot be read, fisik is outside
    0–100 or below an earlier quarter's or above a later quarter's, or the year's spending would exceed the
    pagu; InputRefused when the plan is not Ditetapkan.
    """
    triwulan = _quarter(triwulan)
    with transaction.atomic():
        _lock_plan(_plan_id(sub_kegiatan))
        sub = SubKegiatan.objects.select_for_update().get(pk=sub_kegiatan.pk)
        rows = {r.triwulan: r for r in RealisasiSubKegiatan.objects.select_for_update().filter(sub_kegiatan=sub)}
        current = rows.get(triwulan)
        subject = f"Realisasi {_label(triwulan)} sub kegiatan {row_code(sub)}"
        expected = _expected_version(versi)
        if (current.versi if current is not None else 0) != expected:
            raise _conflict(RealisasiSubKegiatan.history.filter(sub_kegiatan_id=sub.pk, triwulan=triwulan), subject)
        changes = _realisation_changes(sub, triwulan, current, rows, values or {})
        return _write_realisation(sub, triwulan, current, changes, user, subject)


def _realisation_changes(sub, triwulan, current, rows, values):
    refusals = Refusals()
    where = f"Sub kegiatan {row_code(sub)}, {_label(triwulan)}"
    new = {}
    for key in MONEY_FIELDS:
        if key in values:
            amount, text = _read_rupiah(values[key], where, key, refusals)
            new[key] = amount
            if key == "keuangan":
                new["keuangan_teks"] = text if amount is not None else ""
    if "fisik" in values:
        new["fisik"], new["fisik_teks"] = _read_fisik(values["fisik"], where, refusals)
    for key in TEXT_FIELDS:
        if key in values:
            new[key] = "" if values[key] is None else str(values[key]).strip()
    refusals.raise_if_any()

    if new.get("fisik") is not None:
        _check_cumulative_fisik(new["fisik"], triwulan, rows, where, refusals)
    for key in MONEY_FIELDS:
        if key in new:
            _check_year_total(sub, key, new[key], triwulan, rows, where, refusals)
    refusals.raise_if_any()

    if current is None:
        return {k: v for k, v in new.items() if v not in (None, "")}
    return {k: v for k, v in new.items() if getattr(current, k) != v}


def _read_fisik(value, where, refusals):
    text = _text(value) if not isinstance(value, int) else str(value)
    try:
        fisik = parse_decimal(value)
    except NumberError as exc:
        refusals.add("fisik", f"{where}, realisasi fisik: «{text}» tidak dapat dibaca sebagai persen ({exc}). "
                              "Tulis persen kumulatif, misalnya 45,5.")
        return None, text
    if fisik is None:
        return None, ""
    if fisik < 0 or fisik > 100:
        refusals.add("fisik", f"{where}, realisasi fisik: «{text}» di luar 0 sampai 100 %.")
        return None, text
    if fisik != fisik.quantize(Decimal("0.01")):
        refusals.add("fisik", f"{where}, realisasi fisik: «{text}» memiliki lebih dari dua angka di belakang koma.")
        return None, text
    return fisik.quantize(Decimal("0.01")), text


def _check_cumulative_fisik(fisik, triwulan, rows, where, refusals):
    """Physical progress is cumulative: not below an earlier quarter's, not above a later quarter's."""
    earlier = [(rows[q].fisik, q) for q in QUARTERS if q < triwulan and q in rows and rows[q].fisik is not None]
    higher = [(value, q) for value, q in earlier if value > fisik]
    if higher:
        value, q = max(higher)
        refusals.add("fisik", f"{where}: realisasi fisik {_pct(fisik)} lebih rendah dari realisasi fisik kumulatif "
                              f"{_label(q)} ({_pct(value)}). Realisasi fisik dicatat kumulatif sampai akhir "
                              f"triwulan dan tidak dapat turun; tulis paling sedikit {_pct(value)}.")
    later = [(rows[q].fisik, q) for q in QUARTERS if q > triwulan and q in rows and rows[q].fisik is not None]
    lower = [(value, q) for value, q in later if value < fisik]
    if lower:
        value, q = min(lower, key=lambda pair: (pair[0], -pair[1]))
        refusals.add("fisik", f"{where}: realisasi fisik {_pct(fisik)} lebih tinggi dari realisasi fisik kumulatif "
                              f"{_label(q)} ({_pct(value)}) yang sudah dicatat. Realisasi fisik dicatat kumulatif; "
                              f"ubah dulu realisasi {_label(q)}, atau tulis paling banyak {_pct(value)}.")


def _check_year_total(sub, key, amount, triwulan, rows, where, refusals):
    """The year's spending (or planned spending) of the four quarters may not exceed the sub kegiatan's pagu."""
    parts = {q: getattr(rows[q], key) for q in QUARTERS if q in rows and q != triwulan}
    parts[triwulan] = amount
    parts = {q: v for q, v in sorted(parts.items()) if v}
    total = sum(parts.values())
    if not total:
        return
    label = FIELD_LABELS[key]
    if sub.pagu_n is None:
        refusals.add(key, f"{where}, {label}: pagu sub kegiatan ini belum terbaca («{sub.pagu_n_teks}»), sehingga "
                          f"{label} tidak dapat diperiksa terhadapnya. Perbaiki pagu melalui Renja Perubahan.")
        return
    if total > sub.pagu_n:
        detail = " + ".join(f"TW {Triwulan(q).name} {format_rupiah(v)}" for q, v in parts.items())
        refusals.add(key, f"{where}: jumlah {label} setahun menjadi {_rp(total)} ({detail}), melebihi pagu sub "
                          f"kegiatan {_rp(sub.pagu_n)} sebesar {_rp(total - sub.pagu_n)}.")


def _write_realisation(sub, triwulan, current, changes, user, subject):
    if not changes:
        return current
    if current is None:
        current = RealisasiSubKegiatan(sub_kegiatan=sub, triwulan=triwulan, versi=1, **changes)
        _mark(current, user, f"Realisasi {_label(triwulan)} dicatat")
        try:
            with transaction.atomic():
                current.save()
        except IntegrityError:  # created meanwhile by a request that did not wait for the plan's lock
            raise _conflict(RealisasiSubKegiatan.history.none(), subject) from None
        return current
    for key, value in changes.items():
        setattr(current, key, value)
    current.versi += 1
    _mark(current, user, f"Realisasi {_label(triwulan)} diubah")
    current.save()
    return current


# --- realisation of an indicator in one quarter ------------------------------------------------------------------


def save_indicator_realisation(indikator, triwulan, text, versi, user=None):
    """Record what indicator `indikator` realised in quarter `triwulan`, as written ("45 %", "12 Dokumen",
    "0,75"): the text is kept in `teks`, its number in `nilai`. A blank text clears the quarter (its record is
    deleted). Returns the RealisasiIndikator as saved, or None when cleared.

    Raises EditConflict when the quarter's value changed since version `versi` (0 or None: there was none),
    InvalidEdit (field "teks") when the text holds no single number, InputRefused when the plan is not
    Ditetapkan.
    """
    triwulan = _quarter(triwulan)
    with transaction.atomic():
        _lock_plan(_indicator_plan_id(indikator))
        current = RealisasiIndikator.objects.select_for_update().filter(
            indikator_id=indikator.pk, triwulan=triwulan).first()
        label = " ".join((indikator.uraian or "").split())
        label = label if len(label) <= 60 else label[:59] + "…"
        subject = f"Realisasi {_label(triwulan)} indikator «{label}»"
        if (current.versi if current is not None else 0) != _expected_version(versi):
            raise _conflict(RealisasiIndikator.history.filter(indikator_id=indikator.pk, triwulan=triwulan), subject)

        if is_blank(text):
            if current is not None:
                _mark(current, user, f"Realisasi {_label(triwulan)} dikosongkan")
                current.delete()
            return None
        target = parse_target(text)
        where = f"Indikator «{label}», {_label(triwulan)}"
        if target.nilai is None:
            reason = (target.masalah or "tidak berisi angka").replace("target ", "")
            if re.match(r"-\s*\d", target.teks):
                reason = "angka negatif tidak dapat dicatat"
            raise InvalidEdit(
                f"{where}: realisasi «{target.teks}» tidak dapat dibaca ({reason}). Tulis satu angka, boleh "
                "dengan satuannya, misalnya «45 %» atau «12 Dokumen».", {"teks": [f"«{target.teks}» tidak "
                                                                                  f"dapat dibaca ({reason})."]})
        if abs(target.nilai) >= MAX_TARGET:
            raise InvalidEdit(f"{where}: realisasi «{target.teks}» terlalu besar.",
                              {"teks": [f"«{target.teks}» terlalu besar."]})
        if current is not None and current.teks == target.teks and current.nilai == target.nilai:
            return current
        if current is None:
            current = RealisasiIndikator(indikator_id=indikator.pk, triwulan=triwulan, teks=target.teks,
                                         nilai=target.nilai, versi=1)
            _mark(current, user, f"Realisasi {_label(triwulan)} dicatat")
            try:
                with transaction.atomic():
                    current.save()
            except IntegrityError:
                raise _conflict(RealisasiIndikator.history.none(), subject) from None
            return current
        current.teks, current.nilai = target.teks, target.nilai
        current.versi += 1
        _mark(current, user, f"Realisasi {_label(triwulan)} diubah")
        current.save()
        return current


def save_row_realisation(row, triwulan, values=None, versi=None, indicators=(), user=None):
    """One quarter of one plan row as the app's form saves it, all or nothing: for a sub kegiatan its
    realisation (`values`, `versi` as in save_realisation; None leaves it alone), and the realisation of the
    row's indicators (`indicators`: dicts with "id", "teks", "versi"). Every error of every part is collected
    before anything is kept: InvalidEdit's fields are the sub kegiatan's field names and ("indikator", id,
    "teks"). EditConflict and InputRefused stop at once."""
    model = type(row)
    if model not in ROW_INDICATOR_OWNER:
        raise TypeError(f"save_row_realisation takes a Program, Kegiatan or SubKegiatan, not {model.__name__}")
    refusals = Refusals()
    with transaction.atomic():
        if model is SubKegiatan and values is not None:
            try:
                save_realisation(row, triwulan, values, versi, user=user)
            except InvalidEdit as refused:
                refusals.extend(refused)
        own = {i.pk: i for i in Indikator.objects.filter(**{ROW_INDICATOR_OWNER[model]: row})}
        for item in indicators:
            pk = _int(item.get("id"))
            indikator = own.get(pk)
            if indikator is None:
                refusals.add(("indikator", pk, "teks"),
                             f"Indikator nomor {item.get('id')} bukan indikator baris {row_code(row)}.")
                continue
            try:
                save_indicator_realisation(indikator, triwulan, item.get("teks"), item.get("versi"), user=user)
            except InvalidEdit as refused:
                refusals.extend(refused, key_of=lambda key, pk=pk: ("indikator", pk, key))
        refusals.raise_if_any()  # inside the transaction: what was saved above is undone


# --- spending per account of a sub kegiatan ----------------------------------------------------------------------


def save_spending(sub_kegiatan, rows, user=None):
    """Add, update and delete the spending accounts (BelanjaSubKegiatan) of one sub kegiatan, all or nothing;
    return its accounts as saved, in code order.

    `rows` is a list of dicts: "id" and "versi" of an existing account (None for a new one), "kode_rekening"
    (digits and dots, starting with 5: 5.1.02.01.01.0024), "uraian", "anggaran" and "realisasi_tw1".."_tw4"
    (Rupiah as written; a blank realisation is 0), and "hapus" (true: delete the account). An existing account
    whose code is cleared is deleted too; a new line left blank is skipped; accounts not listed stay.

    Refused (InvalidEdit, fields ("belanja", position in `rows`, field) or "total"): an unreadable code or
    amount, a code twice, an account's realisation above its anggaran, and the accounts' anggaran above the
    sub kegiatan's pagu. The last one is refused rather than warned about: the accounts break down the pagu
    of the plan in force, and spending beyond it needs a Renja Perubahan first; a warning would let the
    accounts and the plan contradict each other silently, and the realisation % would be measured against a
    pagu the accounts no longer add up to.
    """
    rows = list(rows or [])
    with transaction.atomic():
        _lock_plan(_plan_id(sub_kegiatan))
        sub = SubKegiatan.objects.select_for_update().get(pk=sub_kegiatan.pk)
        existing = {b.pk: b for b in BelanjaSubKegiatan.objects.select_for_update().filter(sub_kegiatan=sub)}
        _check_spending_versions(sub, existing, rows)
        deletes, updates, creates = _spending_changes(sub, existing, rows)
        try:
            with transaction.atomic():
                _write_spending(deletes, updates, creates, user)
        except IntegrityError:
            raise InvalidEdit("Kode rekening yang ditukar antarbaris tidak dapat disimpan sekaligus; simpan "
                              "perubahan kodenya dalam dua langkah.") from None
        return list(BelanjaSubKegiatan.objects.filter(sub_kegiatan=sub).order_by("kode_rekening"))


def _check_spending_versions(sub, existing, rows):
    for item in rows:
        if item.get("id") in (None, ""):
            continue
        pk = _int(item.get("id"))
        account = existing.get(pk)
        if account is None and pk is not None and BelanjaSubKegiatan.objects.filter(pk=pk).exists():
            raise InvalidEdit(f"Rekening nomor {pk} bukan rekening sub kegiatan {row_code(sub)}; tidak ada yang "
                              "disimpan.")
        if account is None or account.versi != _int(item.get("versi")):
            kode = account.kode_rekening if account is not None else _text(item.get("kode_rekening"))
            raise _conflict(BelanjaSubKegiatan.history.filter(id=pk),
                            f"Rekening {kode} sub kegiatan {row_code(sub)}")


def _spending_changes(sub, existing, rows):
    refusals = Refusals()
    where = f"Sub kegiatan {row_code(sub)}"
    final = {pk: (b.kode_rekening, b.anggaran) for pk, b in existing.items()}  # the accounts after the save
    deletes, updates, creates = [], [], []
    new_keys = []
    for position, item in enumerate(rows):
        account = existing.get(_int(item.get("id")))
        kode = re.sub(r"\s+", "", _text(item.get("kode_rekening")))
        if account is not None and (item.get("hapus") or not kode):
            deletes.append(account)
            final.pop(account.pk, None)
            continue
        written = [_text(item.get(k)) for k in ("uraian", "anggaran", *SPENDING_AMOUNTS)]
        if account is None and (item.get("hapus") or not (kode or any(written))):
            continue  # a blank new line
        key = lambda name, position=position: ("belanja", position, name)  # noqa: E731
        at = f"{where}, rekening {kode}" if kode else f"{where}, baris rekening ke-{position + 1}"
        if not kode:
            refusals.add(key("kode_rekening"), f"{at}: kode rekening wajib diisi.")
        elif not KODE_REKENING.fullmatch(kode) or len(kode) > 40:
            refusals.add(key("kode_rekening"), f"{at}: kode rekening «{kode}» tidak sesuai format: angka yang "
                                               "dipisah titik dan diawali 5 (belanja), misalnya 5.1.02.01.01.0024.")
        values = {"kode_rekening": kode, "uraian": _text(item.get("uraian"))}
        anggaran, _ = _read_rupiah(item.get("anggaran"), at, "anggaran", _FieldRefusals(refusals, key))
        if anggaran is None and is_blank(item.get("anggaran")):
            refusals.add(key("anggaran"), f"{at}: anggaran wajib diisi (tulis 0 bila tidak ada).")
        values["anggaran"] = anggaran
        for name in SPENDING_AMOUNTS:
            amount, _ = _read_rupiah(item.get(name), at, name, _FieldRefusals(refusals, key))
            values[name] = amount or 0
        spent = sum(values[name] for name in SPENDING_AMOUNTS)
        if anggaran is not None and spent > anggaran:
            detail = " + ".join(f"TW {Triwulan(q).name} {format_rupiah(values[f'realisasi_tw{q}'])}"
                                for q in QUARTERS if values[f"realisasi_tw{q}"])
            refusals.add(key("realisasi_tw1"), f"{at}: realisasi setahun {_rp(spent)} ({detail}) melebihi anggaran "
                                               f"rekening ini {_rp(anggaran)} sebesar {_rp(spent - anggaran)}.")
        if account is None:
            creates.append(values)
            new_keys.append((kode, values["anggaran"] or 0))
            continue
        final[account.pk] = (kode, values["anggaran"] or 0)
        changed = {k: v for k, v in values.items() if getattr(account, k) != v}
        if changed:
            updates.append((account, changed))

    accounts = list(final.values()) + new_keys
    seen = {}
    for kode, _ in accounts:
        seen[kode] = seen.get(kode, 0) + 1
    for kode, count in seen.items():
        if kode and count > 1:
            refusals.add("total", f"{where}: kode rekening {kode} tercantum {count} kali; satu rekening dicatat "
                                  "sekali.")
    total = sum(amount for _, amount in accounts)
    if sub.pagu_n is not None and total > sub.pagu_n:
        refusals.add("total", f"{where}: jumlah anggaran per rekening menjadi {_rp(total)}, melebihi pagu sub "
                              f"kegiatan {_rp(sub.pagu_n)} sebesar {_rp(total - sub.pagu_n)}.")
    elif sub.pagu_n is None and total:
        refusals.add("total", f"{where}: pagu sub kegiatan ini belum terbaca («{sub.pagu_n_teks}»), sehingga "
                              "anggaran per rekening tidak dapat diperiksa terhadapnya.")
    refusals.raise_if_any()

    codes = {kode for kode, _ in accounts}
    akun = AkunBelanja.by_code(codes, sub.kegiatan.program.renja.perangkat_daerah.pemda) if codes else {}
    for values in creates:
        values["akun"] = akun.get(values["kode_rekening"])
    for account, changed in updates:
        wanted = akun.get(changed.get("kode_rekening", account.kode_rekening))
        if account.akun_id != (wanted.pk if wanted else None):
            changed["akun"] = wanted
    creates = [BelanjaSubKegiatan(sub_kegiatan=sub, versi=1, **values) for values in creates]
    return deletes, updates, creates


class _FieldRefusals:
    """Refusals seen through a key maker: `add(field, message)` files the message under key(field)."""

    def __init__(self, refusals, key):
        self.refusals, self.key = refusals, key

    def add(self, field, message):
        self.refusals.add(self.key(field), message)


def _write_spending(deletes, updates, creates, user):
    for account in deletes:
        _mark(account, user, f"Rekening {account.kode_rekening} dihapus")
        account.delete()
    for account, changed in updates:
        for key, value in changed.items():
            setattr(account, key, value)
        account.versi += 1
        _mark(account, user, f"Rekening {account.kode_rekening} diubah")
        account.save()
    for account in creates:
        _mark(account, user, f"Rekening {account.kode_rekening} ditambahkan")
        account.save()

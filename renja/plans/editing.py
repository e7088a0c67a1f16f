"""Editing a plan row by row: the one way the app changes program, kegiatan and sub kegiatan rows and their
indicators.

Every function here is all or nothing. It locks the plan (so that a workflow step cannot slip in between)
and the rows it changes, compares the version (`versi`) the user opened with the stored one and refuses the
save when someone else saved in between (`EditConflict`, naming who and when), validates every value before
writing any (`InvalidEdit`, naming the field and the text), and saves through the model, so that
django-simple-history records who changed which field from what to what. Nothing here reads a request.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from renja.core.codes import KodeError, parse_kode
from renja.core.errors import InputRefused
from renja.core.numbers import NumberError, format_rupiah, parse_rupiah
from renja.core.targets import parse_target
from renja.reference.models import Nomenklatur, NomenklaturVersi, SumberDana, visible_to

from .models import Indikator, Kegiatan, Polaritas, Program, Renja, SubKegiatan

LEVELS = {Program: "program", Kegiatan: "kegiatan", SubKegiatan: "sub_kegiatan"}
LEVEL_LABELS = {Program: "Program", Kegiatan: "Kegiatan", SubKegiatan: "Sub kegiatan"}
# how each kind of row reaches its Renja
PLAN_PATHS = {Program: "renja", Kegiatan: "program__renja", SubKegiatan: "kegiatan__program__renja"}

FIELD_LABELS = {
    "pagu_n": "pagu tahun n",
    "pagu_n1": "pagu tahun n+1 (prakiraan maju)",
    "lokasi": "lokasi",
    "sumber_dana": "sumber dana",
    "catatan": "catatan",
    "uraian": "uraian indikator",
    "polaritas": "polaritas",
    "target_n_teks": "target tahun n",
    "target_n1_teks": "target tahun n+1",
}
# what a row of each level takes from `data` (lokasi and catatan are columns of every T-C.33 row; money and
# the funding sources are planned on sub kegiatan only)
ROW_FIELDS = {Program: ("lokasi", "catatan"), Kegiatan: ("lokasi", "catatan"),
              SubKegiatan: ("pagu_n", "pagu_n1", "lokasi", "sumber_dana", "catatan")}
INDICATOR_TEXTS = ("uraian", "polaritas", "target_n_teks", "target_n1_teks")

# BigIntegerField holds less than 2**63; no PD plans anywhere near a quadrillion Rupiah.
MAX_RUPIAH = 10**15 - 1
# Indikator.target_* is DecimalField(max_digits=24, decimal_places=6)
MAX_TARGET = Decimal(10) ** 18


class EditConflict(InputRefused):
    """Someone saved (or removed) the row after the user opened it; nothing was written."""

    def __init__(self, errors, changed_by=None, changed_at=None):
        super().__init__(errors)
        self.changed_by = changed_by
        self.changed_at = changed_at


class InvalidEdit(InputRefused):
    """A value that cannot be saved; nothing was written. `fields` maps where each error belongs: a field name
    of the row ("pagu_n"), or ("indikator", position in the list given, field name)."""

    def __init__(self, errors, fields=None):
        super().__init__(errors)
        self.fields = fields or {}


def row_code(row):
    """How a row is named in messages: its code (as written when unreadable), else its name."""
    written = " ".join((row.kode_asli or "").split())
    return row.kode or written or " ".join((row.nama or "").split())[:60] or "tanpa kode"


def row_pemda(row):
    """The Pemda of a row's plan (one query)."""
    from renja.organizations.models import Pemda

    path = {"SubKegiatan": "perangkat_daerah__renja__program__kegiatan__sub_kegiatan",
            "Kegiatan": "perangkat_daerah__renja__program__kegiatan", "Program": "perangkat_daerah__renja__program"}
    return Pemda.objects.filter(**{path[type(row).__name__]: row}).first()


def _lock_plan(renja_id):
    """Lock the plan for the rest of the transaction and check that it may be edited."""
    renja = Renja.objects.select_for_update().filter(pk=renja_id).first()
    if renja is None:
        raise InputRefused("Renja ini sudah tidak ada.")
    if not renja.is_editable:
        raise InputRefused(
            f"Renja ini berstatus {renja.get_status_display()}: tidak dapat diubah. "
            "Perubahan hanya dapat dibuat pada Renja berstatus Draf atau Dikembalikan.")
    return renja


def _lock_plan_of(row):
    """Lock the plan of `row`; a row removed meanwhile is a conflict."""
    model = type(row)
    renja_id = model.objects.filter(pk=row.pk).values_list(f"{PLAN_PATHS[model]}_id", flat=True).first()
    if renja_id is None:
        raise _conflict(model, row.pk, f"Baris {row_code(row)}")
    return _lock_plan(renja_id)


def _when(moment):
    return timezone.localtime(moment).strftime("%d-%m-%Y %H.%M")


def _who(user):
    if user is None:
        return None
    return user.get_full_name() or user.get_username()


def _conflict(model, pk, subject):
    """EditConflict for a row saved or deleted by someone else, naming them from its latest history record."""
    record = model.history.filter(id=pk).order_by("-history_date", "-history_id").select_related(
        "history_user").first()
    if record is not None:
        deleted = record.history_type == "-"
    else:  # a row loaded from a file has no history yet
        deleted = not model.objects.filter(pk=pk).exists()
    who = _who(record.history_user) if record is not None else None
    what = "telah dihapus" if deleted else "telah diubah"
    by = f" oleh {who}" if who else " oleh pengguna lain"
    at = f" pada {_when(record.history_date)}" if record is not None else ""
    message = (f"{subject} {what}{by}{at} setelah Anda membukanya. Perubahan Anda tidak disimpan; "
               "muat ulang halaman untuk melihat isi terbaru lalu ulangi perubahan Anda.")
    return EditConflict(message, changed_by=record.history_user if record is not None else None,
                        changed_at=record.history_date if record is not None else None)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _text(value):
    return "" if value is None else str(value).strip()


def _lock_row(row, expected_versi):
    model = type(row)
    current = model.objects.select_for_update().filter(pk=row.pk).first()
    if current is None or current.versi != _int(expected_versi):
        raise _conflict(model, row.pk, f"Baris {row_code(current or row)}")
    return current


# --- saving a row ---------------------------------------------------------------------------------------


@dataclass
class _Planned:
    """What a save will write, decided before anything is written."""

    row_values: dict
    sources: list | None  # SumberDana rows in the order chosen, when they change
    deletes: list
    updates: list  # (Indikator, values)
    creates: list  # Indikator (unsaved)


def save_row(row, expected_versi, data, indicators=None, user=None):
    """Save a program, kegiatan or sub kegiatan row and its indicators, all or nothing; return the row as saved.

    `data` holds the row's values as the user wrote them (only the keys given change): for every level
    "lokasi" and "catatan"; for sub kegiatan also "pagu_n" and "pagu_n1" (text such as "1.250.000.000", or
    an int) and "sumber_dana" (SumberDana ids or rows). `indicators` is a list of dicts with "id" and
    "versi" (None for a new indicator), "uraian", "polaritas", "target_n_teks", "target_n1_teks": an
    existing one is updated, or deleted when its uraian is blank; a new one with a blank uraian is skipped;
    indicators not listed stay as they are. `user` is recorded in the history (in a request the history
    middleware records the request's user anyway).

    Raises EditConflict when the row or one of the indicators was changed since `expected_versi` (or its
    own "versi"), InvalidEdit when a value cannot be read, InputRefused when the plan is not editable.
    """
    model = type(row)
    if model not in LEVELS:
        raise TypeError(f"save_row takes a Program, Kegiatan or SubKegiatan, not {model.__name__}")
    with transaction.atomic():
        _lock_plan_of(row)
        current = _lock_row(row, expected_versi)
        existing = {i.pk: i for i in Indikator.objects.select_for_update().filter(**{LEVELS[model]: current})}
        indicators = list(indicators or [])
        _check_indicator_versions(current, existing, indicators)
        plan = _plan(current, data or {}, existing, indicators)
        _write(current, plan, user)
    return current


def _check_indicator_versions(row, existing, indicators):
    for item in indicators:
        if item.get("id") in (None, ""):
            continue
        pk = _int(item.get("id"))
        indicator = existing.get(pk)
        if indicator is None and pk is not None and Indikator.objects.filter(pk=pk).exists():
            raise InvalidEdit(f"Indikator nomor {pk} bukan indikator baris {row_code(row)}; tidak ada yang disimpan.")
        if indicator is None or indicator.versi != _int(item.get("versi")):
            uraian = _clip(_text((indicator and indicator.uraian) or item.get("uraian")))
            raise _conflict(Indikator, pk, f"Indikator «{uraian}» pada baris {row_code(row)}")


class Refusals:
    """The errors found while reading a save, each kept with the field it belongs to (also used by
    monitoring.entry)."""

    def __init__(self):
        self.errors, self.fields = [], {}

    def add(self, key, message):
        self.errors.append(message)
        self.fields.setdefault(key, []).append(message)

    def extend(self, refused, key_of=lambda key: key):
        """Take over the errors of another refusal, filing its fields under key_of(field)."""
        for message in refused.errors:
            if message not in self.errors:
                self.errors.append(message)
        for key, messages in getattr(refused, "fields", {}).items():
            self.fields.setdefault(key_of(key), []).extend(messages)

    def raise_if_any(self):
        if self.errors:
            raise InvalidEdit(self.errors, self.fields)


def _clip(text, size=60):
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


def _plan(row, data, existing, indicators):
    refusals = Refusals()
    where = f"{LEVEL_LABELS[type(row)]} {row_code(row)}"
    values, sources = _plan_row(row, data, where, refusals)
    deletes, updates, creates = _plan_indicators(row, existing, indicators, where, refusals)
    refusals.raise_if_any()
    return _Planned(values, sources, deletes, updates, creates)


def _plan_row(row, data, where, refusals):
    """The row's new values (only those that change) and its new sumber dana (None when they stay)."""
    allowed = ROW_FIELDS[type(row)]
    for key in data:
        if key not in allowed and key in FIELD_LABELS:
            refusals.add(key, f"{where}: {FIELD_LABELS[key]} hanya diisi pada sub kegiatan.")

    values = {}
    for key in ("pagu_n", "pagu_n1"):
        if key not in data or key not in allowed:
            continue
        value = data[key]
        text = format_rupiah(value) if isinstance(value, int) and not isinstance(value, bool) else _text(value)
        try:
            amount = parse_rupiah(value)
        except NumberError as exc:
            refusals.add(key, f"{where}, {FIELD_LABELS[key]}: «{text}» tidak dapat dibaca sebagai rupiah ({exc}). "
                              "Tulis angka bulat tanpa desimal, misalnya 1.250.000.000.")
            continue
        if amount is not None and amount > MAX_RUPIAH:
            refusals.add(key, f"{where}, {FIELD_LABELS[key]}: «{text}» terlalu besar untuk sebuah pagu.")
            continue
        # The text as written is kept while the amount stays the same ("Rp 1.500,00" is not rewritten).
        if amount != getattr(row, key) or (amount is None and text != getattr(row, f"{key}_teks")):
            values[key], values[f"{key}_teks"] = amount, text
    for key in ("lokasi", "catatan"):
        if key in data and key in allowed and _text(data[key]) != getattr(row, key):
            values[key] = _text(data[key])

    sources = None
    if "sumber_dana" in data and "sumber_dana" in allowed:
        chosen = [(s, s.pk if isinstance(s, SumberDana) else _int(s)) for s in data["sumber_dana"] or []]
        wanted = list(dict.fromkeys(pk for _, pk in chosen))
        # only what the plan's Pemda sees: the nation's sumber dana and its own
        found = visible_to(SumberDana.objects.all(), row_pemda(row)).in_bulk([pk for pk in wanted if pk is not None])
        unknown = [str(s) for s, pk in chosen if pk not in found]
        if unknown:
            refusals.add("sumber_dana", f"{where}, sumber dana: pilihan {', '.join(unknown)} tidak dikenal.")
        elif set(found) != set(row.sumber_dana.values_list("pk", flat=True)):
            sources = [found[pk] for pk in wanted]
            values["sumber_dana_teks"] = ", ".join(s.nama for s in sources)
    return values, sources


def _plan_indicators(row, existing, indicators, where, refusals):
    """(indicators to delete, (indicator, new values) to update, new indicators) from the items given."""
    deletes, updates, creates = [], [], []
    next_order = max([i.urutan for i in existing.values()], default=-1) + 1
    for position, item in enumerate(indicators):
        texts = {key: _text(item.get(key)) for key in INDICATOR_TEXTS}
        indicator = existing.get(_int(item.get("id")))
        if not texts["uraian"]:
            if indicator is not None:
                deletes.append(indicator)
            continue
        label = _clip(texts["uraian"])
        texts["polaritas"] = texts["polaritas"] or (indicator.polaritas if indicator else Polaritas.POSITIF)
        if texts["polaritas"] not in Polaritas.values:
            refusals.add(("indikator", position, "polaritas"),
                         f"{where}, indikator «{label}»: polaritas «{texts['polaritas']}» tidak dikenal "
                         "(positif atau negatif).")
            continue
        changed = {key: texts[key] for key in ("uraian", "polaritas")
                   if indicator is None or getattr(indicator, key) != texts[key]}
        for year in ("n", "n1"):
            key = f"target_{year}_teks"
            if indicator is not None and getattr(indicator, key) == texts[key]:
                continue  # unchanged text: its value and unit stay as read
            target = parse_target(texts[key])
            if target.nilai is not None and abs(target.nilai) >= MAX_TARGET:
                refusals.add(("indikator", position, key),
                             f"{where}, indikator «{label}», {FIELD_LABELS[key]}: «{texts[key]}» terlalu besar.")
                continue
            # As the loader does with a unit given apart from the target: a target written without a unit
            # ("120") keeps the unit the indicator already has ("Keluarga").
            old_unit = getattr(indicator, f"target_{year}_satuan") if indicator is not None else ""
            changed.update({key: target.teks, f"target_{year}": target.nilai,
                            f"target_{year}_satuan": target.satuan or old_unit})
        if indicator is None:
            creates.append(Indikator(**{LEVELS[type(row)]: row}, urutan=next_order, **changed))
            next_order += 1
        elif changed:
            updates.append((indicator, changed))
    return deletes, updates, creates


def _write(row, plan, user):
    if plan.row_values or plan.sources is not None:
        for key, value in plan.row_values.items():
            setattr(row, key, value)
        row.versi += 1
        if user is not None:
            row._history_user = user
        if plan.sources is not None:
            # Set the links without a history record of their own: the save below records the row once,
            # with its new sources.
            row.skip_history_when_saving = True
            try:
                row.sumber_dana.set(plan.sources)
            finally:
                del row.skip_history_when_saving
        row.save()
    for indicator in plan.deletes:
        if user is not None:
            indicator._history_user = user
        indicator.delete()
    for indicator, values in plan.updates:
        for key, value in values.items():
            setattr(indicator, key, value)
        indicator.versi += 1
        if user is not None:
            indicator._history_user = user
        indicator.save()
    for indicator in plan.creates:
        if user is not None:
            indicator._history_user = user
        indicator.save()


# --- adding a sub kegiatan from the nomenclature ------------------------------------------------------------


def add_sub_kegiatan(renja, entry, user=None):
    """Add the sub kegiatan of nomenclature `entry` to `renja`, with its kegiatan and program rows when the
    plan has none with their codes yet, and one indicator from the entry's indicator text (targets blank).
    Returns the new SubKegiatan. Raises InputRefused when the plan is not editable, the entry is not a sub
    kegiatan, or its code is already in the plan."""
    with transaction.atomic():
        renja = _lock_plan(renja.pk)
        if entry.tingkat != Nomenklatur.Tingkat.SUB_KEGIATAN:
            raise InputRefused(f"{entry.kode} {entry.nama} adalah {entry.get_tingkat_display().lower()}, "
                               "bukan sub kegiatan: hanya sub kegiatan yang dapat ditambahkan.")
        existing = SubKegiatan.objects.filter(kegiatan__program__renja=renja, kode=entry.kode).first()
        if existing is not None:
            raise InputRefused(f"Sub kegiatan {entry.kode} {existing.nama} sudah ada dalam Renja ini; "
                               "satu sub kegiatan hanya dicantumkan sekali.")
        try:
            kode_kegiatan = parse_kode(entry.kode).parent
            kode_program = kode_kegiatan.parent
        except (KodeError, AttributeError):
            raise InputRefused(f"Kode nomenklatur «{entry.kode}» tidak dapat dibaca sebagai kode sub kegiatan.")
        kode_kegiatan, kode_program = str(kode_kegiatan), str(kode_program)

        kegiatan = (Kegiatan.objects.filter(program__renja=renja, kode=kode_kegiatan)
                    .select_related("program").order_by("urutan", "id").first())
        if kegiatan is None:
            kegiatan_entry = _parent_entry(entry, "kegiatan", kode_kegiatan)
            program = Program.objects.filter(renja=renja, kode=kode_program).order_by("urutan", "id").first()
            if program is None:
                program_entry = _parent_entry(kegiatan_entry, "program", kode_program)
                program = _create(Program(renja=renja, **_row_values(program_entry), urutan=_next(
                    Program.objects.filter(renja=renja))), user)
            kegiatan = _create(Kegiatan(program=program, **_row_values(kegiatan_entry), urutan=_next(
                Kegiatan.objects.filter(program=program))), user)
        sub = _create(SubKegiatan(kegiatan=kegiatan, **_row_values(entry), urutan=_next(
            SubKegiatan.objects.filter(kegiatan=kegiatan))), user)
        if entry.indikator.strip():
            _create(Indikator(sub_kegiatan=sub, urutan=0, uraian=entry.indikator.strip(),
                              target_n_satuan=entry.satuan.strip(), target_n1_satuan=entry.satuan.strip()), user)
    return sub


def _parent_entry(entry, tingkat, kode):
    """The entry's parent of `tingkat`: its `induk`, or the entry of that code in the same version."""
    parent = entry.induk
    if parent is None or parent.tingkat != tingkat:
        parent = Nomenklatur.objects.filter(versi_id=entry.versi_id, jenis_pemda=entry.jenis_pemda, kode=kode).first()
    if parent is None:
        label = "kegiatan" if tingkat == "kegiatan" else "program"
        raise InputRefused(
            f"Nomenklatur {label} {kode}, induk dari {entry.kode} {entry.nama}, tidak ada pada versi "
            f"nomenklatur {entry.versi}: baris {label}nya tidak dapat dibuat. Muat nomenklatur resmi "
            "(renja nomenclature load BERKAS.xlsx) lalu ulangi.")
    return parent


def _row_values(entry):
    return {"kode": entry.kode, "kode_asli": entry.kode, "nama": entry.nama, "nomenklatur": entry}


def _next(siblings):
    return (siblings.aggregate(last=Max("urutan"))["last"] or 0) + 1


def _create(row, user):
    if user is not None:
        row._history_user = user
    row.save()
    return row


# --- searching the nomenclature ------------------------------------------------------------------------------


@dataclass
class Hit:
    entry: Nomenklatur
    in_plan: bool  # the plan already has a sub kegiatan of this code


def search_version(renja):
    """The nomenclature version the search reads: the newest official one with sub kegiatan of the plan's kind
    of Pemda, else the plan's own version (entries known from loaded plans), else None."""
    jenis = renja.perangkat_daerah.pemda.jenis_nomenklatur
    official = (NomenklaturVersi.objects.filter(
        resmi=True, pk__in=Nomenklatur.objects.filter(jenis_pemda=jenis, tingkat=Nomenklatur.Tingkat.SUB_KEGIATAN)
        .values("versi_id")).order_by("-dimuat_pada", "-pk").first())
    return official or renja.nomenklatur


def search_nomenclature(renja, query, limit=30, versi=None):
    """Sub kegiatan entries for `renja` whose code starts with `query` or whose name contains every word of
    it (case-insensitive), in code order, at most `limit`; each marked when the plan already has it."""
    words = (query or "").split()
    if not words:
        return []
    versi = versi or search_version(renja)
    if versi is None:
        return []
    by_name = Q()
    for word in words:
        by_name &= Q(nama__icontains=word)
    code = re.sub(r"\s+", "", query)
    entries = (Nomenklatur.objects
               .filter(versi=versi, jenis_pemda=renja.perangkat_daerah.pemda.jenis_nomenklatur,
                       tingkat=Nomenklatur.Tingkat.SUB_KEGIATAN)
               .filter(Q(kode__startswith=code) | by_name)
               .select_related("induk__induk").order_by("kode")[:limit])
    entries = list(entries)
    in_plan = set(SubKegiatan.objects.filter(kegiatan__program__renja=renja, kode__in=[e.kode for e in entries])
                  .values_list("kode", flat=True))
    return [Hit(entry, entry.kode in in_plan) for entry in entries]


# --- deleting a row ---------------------------------------------------------------------------------------


def delete_row(row, expected_versi=None, user=None):
    """Delete a sub kegiatan (with its indicators), or a kegiatan or program that has no rows under it, of an
    editable plan. With `expected_versi`, refuse (EditConflict) when the row changed since it was opened."""
    model = type(row)
    if model not in LEVELS:
        raise TypeError(f"delete_row takes a Program, Kegiatan or SubKegiatan, not {model.__name__}")
    with transaction.atomic():
        _lock_plan_of(row)
        current = model.objects.select_for_update().filter(pk=row.pk).first()
        if current is None or (expected_versi is not None and current.versi != _int(expected_versi)):
            raise _conflict(model, row.pk, f"Baris {row_code(current or row)}")
        children = {Program: ("kegiatan", "kegiatan"), Kegiatan: ("sub_kegiatan", "sub kegiatan")}.get(model)
        if children is not None:
            count = getattr(current, children[0]).count()
            if count:
                raise InputRefused(
                    f"{LEVEL_LABELS[model]} {row_code(current)} masih memiliki {count} {children[1]}: "
                    f"hapus dulu {children[1]} di bawahnya, lalu hapus {LEVEL_LABELS[model].lower()} ini.")
        if user is not None:
            current._history_user = user
        current.delete()
    return current

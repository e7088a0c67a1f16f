"""Cells read for the rules: every cell a rule sums or compares is read into a `Reading` (clean, repaired,
ambiguous, unreadable) so that one malformed cell does not blind a whole sum, and a finding can say which cells
it relied on and how they were read (`Finding.readings`)."""

import re
from functools import lru_cache

from renja.core.numbers import (
    CLEAN,
    UNREADABLE,
    Reading,
    clean_cell,
    format_decimal,
    format_rupiah,
    read_decimal,
    read_rupiah,
    read_split,
    split_values,
)

from .engine import reading_of

DASHES = {"-", "–", "—"}

_LIST_ITEM = re.compile(r"(?:^|[\s>])(\d{1,2})\s*[.)]\s+(?=\D)")
_CODE_ITEM = re.compile(r"(?:^|\s)(\d+(?:\.\d+){2,})\s+(?=\D)")
_NUMBER = re.compile(r"\d[\d.,]*")


def row_items(row):
    """How many sub-items an evaluation row lists, one value each: the numbered items of its indicator cell
    ("1. … 2. … 3. … 4. …", a list 1–4, or codes "2.2.3.1 … 2.2.3.2 …"), else the values of its target cell
    ("1 kegiatan 1 kegiatan 1 kegiatan 1 kegiatan", "100 100 100 100"); None when it lists at most one."""
    text = clean_cell(getattr(row, "indikator", "") or "")
    numbers = [int(n) for n in _LIST_ITEM.findall(text)]
    count, expect = 0, 1
    for n in numbers:  # the run 1, 2, 3 … (a number inside an item's text does not break it)
        if n == expect:
            count, expect = n, n + 1
    if count < 2:
        codes = _CODE_ITEM.findall(text)
        count = len(codes) if len(codes) >= 2 and len({c.rsplit(".", 1)[0] for c in codes}) == 1 else 0
    if count >= 2:
        return count
    target = clean_cell(getattr(row, "target_teks", "") or "")
    values = _NUMBER.findall(target)
    return len(values) if len(values) >= 2 else None


@lru_cache(maxsize=65536)  # the same texts are read by several rules; reading is pure, a Reading immutable
def _read_rupiah(text, whole_cell=True):
    return read_rupiah(text, whole_cell)


@lru_cache(maxsize=65536)
def _read_decimal(text, meaning):
    return read_decimal(text, meaning)


def read_amount(value, text, items=None):
    """A money cell: the value the loader read (clean), a dash (0), blank (value None, clean), or the text read
    again by `read_rupiah`; a cell listing one amount per sub-item is split when it lists `items` values."""
    if value is not None:
        return Reading(text or "", int(value), CLEAN)
    body = clean_cell(text or "")
    if not body:
        return Reading(text or "", None, CLEAN)
    if body in DASHES:
        return Reading(text, 0, CLEAN)
    reading = _read_rupiah(str(text))
    if reading.note == UNREADABLE and items and split_values(text):
        split = read_split(text, items, lambda t: _read_rupiah(t, whole_cell=False))
        if split is not None:
            return split
    return reading


def read_number(value, text, meaning="persen", items=None):
    """A percentage or number cell, like `read_amount` (a split cell's value is None: its values are not parts
    of one sum)."""
    if value is not None:
        reading = _read_decimal(str(text), meaning) if text else Reading("", value, CLEAN)
        return reading if reading.usable else Reading(text or "", value, CLEAN)
    body = clean_cell(text or "")
    if not body or body in DASHES:
        return Reading(text or "", None, CLEAN)
    reading = _read_decimal(str(text), meaning)
    if reading.note == UNREADABLE and items and split_values(text):
        split = read_split(text, items, lambda t: _read_decimal(t, meaning))
        if split is not None:
            return Reading(split.text, None, split.note, split.repair, split.parts)
    return reading


def is_blank_reading(reading):
    return reading.value is None and reading.note == CLEAN


class Parts:
    """The parts of a sum as read: the total of the readable ones (and the readable values of a split cell
    with an unreadable value), the readings relied on that were not clean, and the unreadable ones."""

    def __init__(self):
        self.total = 0
        self.written = 0
        self.readings = []
        self.unreadable = []

    def add(self, reading, table, row, column):
        if is_blank_reading(reading):
            return
        self.written += 1
        if reading.note != CLEAN:
            self.readings.append(reading_of(reading, table, row, column))
        if reading.usable:
            self.total += reading.value
        else:
            self.unreadable.append(reading_of(reading, table, row, column))
            self.total += reading.known or 0

    def cells(self):
        """The unreadable cells named for a message: "'571.677.' (Tabel 4, baris 4.)"."""
        return ", ".join(f"'{r['text']}' ({', '.join(str(p) for p in (r['table'], r['row']) if p)})"
                         for r in self.unreadable[:3]) + (f" dan {len(self.unreadable) - 3} sel lain"
                                                         if len(self.unreadable) > 3 else "")


def undecided(rule_, table, what, found, parts, row=None, code=None, readings=()):
    """A total whose parts include an unreadable cell: the disagreement when the readable parts already exceed
    it (amounts are never negative), else an info finding saying that it cannot be decided, naming the cell."""
    relied = [*readings, *parts.readings]
    if parts.total > found:
        return rule_.finding(
            table,
            f"{what} tertulis Rp {format_rupiah(found)}, tetapi bagian yang terbaca saja sudah berjumlah "
            f"Rp {format_rupiah(parts.total)} (lebih Rp {format_rupiah(parts.total - found)}), belum termasuk "
            f"{parts.cells()} yang tidak terbaca.",
            code=code, row=row, expected=parts.total, found=found, readings=relied)
    return rule_.finding(
        table,
        f"{what} tertulis Rp {format_rupiah(found)} tidak dapat diputuskan benar atau salah: {parts.cells()} tidak "
        f"terbaca; bagian yang terbaca berjumlah Rp {format_rupiah(parts.total)} "
        + (f"(kurang Rp {format_rupiah(found - parts.total)} dari yang tertulis)." if found > parts.total
           else "(sama dengan yang tertulis, sehingga sel yang tidak terbaca seharusnya nol)."),
        code=code, row=row, expected=None, found=found, severity="info", readings=relied)


def shown(value):
    """A value as a message shows it: Rupiah with dots, a decimal with its comma."""
    if value is None:
        return "tidak terbaca"
    if isinstance(value, int):
        return f"Rp {format_rupiah(value)}"
    return format_decimal(value, max(0, min(4, -value.as_tuple().exponent)))


def note_of(readings):
    """The sentence a message ends with when it relied on cells that were not read cleanly."""
    used = [r for r in readings if r["note"] != UNREADABLE]
    if not used:
        return ""
    cells = "; ".join(f"{r['row'] or r['table']} '{r['text']}' dibaca {shown(r['value'])} ({r['repair']})"
                      for r in used[:3])
    more = f"; dan {len(used) - 3} sel lain" if len(used) > 3 else ""
    return f" Dibaca dengan perbaikan: {cells}{more}."


def row_label(row):
    """An evaluation row as a finding names it: its number and (clipped) name."""
    from .engine import clip

    return " ".join(p for p in (row.nomor, clip(row.uraian)) if p) or clip(row.indikator) or "(tanpa uraian)"

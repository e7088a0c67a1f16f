"""What every roll-up reads: the money keys a plan carries, a statement's amount, the sub kegiatan's
cells read again, and the sums computed from them."""

import re
from functools import lru_cache

from renja.core.numbers import NumberError, clean_cell, format_rupiah, parse_rupiah
from renja.plans.view import PAGU_COLUMN_LABELS, PAGU_COLUMNS

from ...engine import reading_of, shared
from ...readings import Parts, read_amount

# The other money figures a sub kegiatan may carry (a Renja Perubahan's pagu before the change, the further
# pagu columns of a workbook): their stated totals are confronted like pagu n, when the plan carries them.
OTHER_KEYS = ("pagu_sebelum", *(f"pagu_{kolom}" for kolom in PAGU_COLUMNS))
TOTAL_KEYS = {key: f"total_{key}" for key in ("pagu_n", "pagu_n1", *OTHER_KEYS)}
DASHES = {"-", "–", "—"}


def _year(view, key):
    return view.tahun + 1 if key in ("pagu_n1", "total_pagu_n1") else view.tahun


def _what(view, key):
    """How a message names the figure of a money key: "Pagu 2022", "Pagu 2022 sebelum perubahan", "Pagu APBD
    2022"."""
    if key == "pagu_sebelum":
        return f"Pagu {view.tahun} sebelum perubahan"
    if key in ("pagu_n", "pagu_n1"):
        return f"Pagu {_year(view, key)}"
    return f"{PAGU_COLUMN_LABELS[key.removeprefix('pagu_')]} {view.tahun}"


def _keys(view):
    """The money keys whose statements are confronted: pagu n and n+1, and the others the plan's sub kegiatan
    carry (a column no sub kegiatan carries cannot be summed). Once per run of the checker (a copy each call)."""
    return list(shared(view, "sums.money keys", _money_keys))


def _money_keys(view):
    return view.money_keys()


# --- reading values ------------------------------------------------------------------------------------


def money(statement, readings=None, table=None, column=None):
    """The amount of Rupiah a statement writes, or None when it writes none or not a well-formed amount
    (e.g. "212.931704": the loader kept a number, but it is not an amount of Rupiah). With a list `readings`,
    a malformed amount is read again and, when repaired, used and its reading appended to the list."""
    if statement is None:
        return None
    if statement.text:
        value = _strict(statement.text)
        if value is not None or readings is None:
            return value
        reading = read_amount(None, statement.text)
        if not reading.usable:
            return None
        readings.append(reading_of(reading, table or statement.table, statement.row or statement.code or None,
                                   column or statement.key))
        return reading.value
    if statement.value is None:
        return None
    value = statement.value
    return int(value) if value == int(value) else None


@lru_cache(maxsize=65536)  # stated amounts are read by several rules; parsing is pure
def _strict(text):
    try:
        return parse_rupiah(text)
    except NumberError:
        return None


def count(statement):
    """A count a statement writes (programs, kegiatan …), or None."""
    if statement is None or statement.value is None or statement.value != int(statement.value):
        return None
    return int(statement.value)


def amount(value, text):
    """A cell of money as (amount, state): state is "ok", "blank" (nothing written) or "unreadable".
    A dash means nothing was spent or planned: 0."""
    if value is not None:
        return int(value), "ok"
    text = clean_cell(text or "")
    if not text:
        return None, "blank"
    if text in DASHES:
        return 0, "ok"
    return None, "unreadable"


def selisih(a, b):
    return f"selisih Rp {format_rupiah(abs(a - b))}"


_TOTAL_WORD = re.compile(r"\b(total|jumlah)\b", re.IGNORECASE)


def is_total_label(label):
    return bool(_TOTAL_WORD.search(label or ""))


def has_money(view):
    return any(s.pagu_n is not None or s.pagu_n1 is not None for s in view.subs())


def sub_text(sub, key):
    """The text a sub kegiatan's amount of one money key was written with."""
    if key in ("pagu_n", "pagu_n1", "pagu_sebelum"):
        return getattr(sub, f"{key}_teks") or ""
    return sub.pagu_kolom.get(key.removeprefix("pagu_"), (None, ""))[1] or ""


def _unread_keys(view):
    """The money keys for which some sub kegiatan wrote an amount the loader could not read."""
    return {key for key in _keys(view) for sub in view.subs()
            if sub.amount(key) is None and clean_cell(sub_text(sub, key))}


def unread_keys(view):
    """`_unread_keys`, once per run of the checker (call it once per rule, not per row)."""
    return shared(view, "sums.unread_keys", _unread_keys)


def computed_total(unread, nodes, key):
    """The sum of the sub kegiatan's amounts of `key` under `nodes`, with the amounts the loader could not read
    (for the keys in `unread`, see `unread_keys`) read again: (total, Parts of those re-read cells). Their
    repaired values count in the total; the Parts say which stayed unreadable."""
    parts = Parts()
    total = sum(node.total(key) for node in nodes)
    if key not in unread:
        return total, parts
    for node in nodes:
        for sub in node.subs():
            if sub.amount(key) is None:
                parts.add(read_amount(None, sub_text(sub, key)), "T-C.33", sub.label, key)
    return total + parts.total, parts


def unreadable_subs(nodes):
    """Sub kegiatan (of the given nodes) whose pagu was written but could not be read."""
    return [s for node in nodes for s in node.subs()
            if (s.pagu_n is None and clean_cell(s.pagu_n_teks or "") not in ("", *DASHES))
            or (s.pagu_n1 is None and clean_cell(s.pagu_n1_teks or "") not in ("", *DASHES))]


SUBTOTAL_LABEL = re.compile(r"\b(sub\s*-?\s*total|jumlah\s+(urusan|bidang|program|kegiatan|sub))\b", re.IGNORECASE)
UNLABELLED = re.compile(r"\btanpa\s+label\b", re.IGNORECASE)


def total_label_kind(label):
    """How a row stated as a total is labelled: "subtotal" (it says so), "total" (Total, Jumlah …) or
    "unlabelled" (nothing, or the capture notes it has no label)."""
    label = label or ""
    if SUBTOTAL_LABEL.search(label):
        return "subtotal"
    if not label.strip() or UNLABELLED.search(label) or not is_total_label(label):
        return "unlabelled"
    return "total"

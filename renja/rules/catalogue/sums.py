"""Roll-ups: every total a table states against the sum of its parts, computed from the sub kegiatan.

T-C.33 (program, kegiatan and the total rows against the sub kegiatan), T-C.31 (program, kegiatan and the
Total row against the rows under them, each side on its own), the BAB II evaluation tables (Total and
JUMLAH rows against their rows) and the spending tables (group and total rows against the account rows).

A malformed value is read again (`renja/rules/readings.py`): repaired where its text allows one sensible
reading, the repair named in the finding's readings. A value that stays unreadable is never guessed: the
disagreement is still reported when the readable parts already exceed the total, else an info finding says the
comparison cannot be decided and names the cell.
"""

import re
from functools import lru_cache

from renja.core.numbers import CLEAN, NumberError, clean_cell, format_rupiah, parse_rupiah
from renja.plans.view import LEVEL_LABELS, PAGU_COLUMN_LABELS, PAGU_COLUMNS

from ..engine import NotApplicable, reading_of, rule, shared
from ..readings import Parts, is_blank_reading, note_of, read_amount, row_items, row_label, undecided

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
    carry (a column no sub kegiatan carries cannot be summed)."""
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


def is_total_label(label):
    return bool(re.search(r"\b(total|jumlah)\b", label or "", flags=re.IGNORECASE))


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


# --- T-C.33 ----------------------------------------------------------------------------------------------


def _stated_vs_computed(rule_, view, level):
    keys = _keys(view)
    unread = unread_keys(view)
    for node in view.nodes(level):
        for key in keys:
            relied = []
            found = money(node.stated.get(key), relied, "T-C.33", key)
            if found is None:
                continue
            computed, parts = computed_total(unread, [node], key)
            what = f"{_what(view, key)} {LEVEL_LABELS[level]} {node.label}"
            if parts.unreadable:
                yield undecided(rule_, "T-C.33", what, found, parts, row=node.label, code=node.code,
                                readings=relied)
                continue
            if found != computed:
                relied += parts.readings
                yield rule_.finding(
                    "T-C.33",
                    f"{_what(view, key)} {LEVEL_LABELS[level]} tertulis Rp {format_rupiah(found)}, tetapi jumlah "
                    f"pagu sub kegiatannya Rp {format_rupiah(computed)} (selisih Rp {format_rupiah(abs(found - computed))})."
                    f"{note_of(relied)}",
                    code=node.code, row=node.label, expected=computed, found=found, readings=relied,
                )


@rule(
    "PAGU-SUM-PROGRAM",
    "Pagu program = jumlah pagu sub kegiatannya",
    "Pagu yang tertulis pada baris program di T-C.33 (tahun n dan n+1) harus sama dengan jumlah pagu semua sub "
    "kegiatan di bawahnya. Nilai yang diharapkan adalah jumlah yang dihitung; yang ditemukan adalah yang tertulis. "
    "Demikian pula pagu sebelum perubahan (Renja Perubahan) dan setiap kolom pagu lain (RKPD, APBD, RKPD "
    "Perubahan, APBD Perubahan) yang dibawa sub kegiatannya.",
    "error", "program",
)
def pagu_sum_program(rule_, view):
    yield from _stated_vs_computed(rule_, view, "program")


@rule(
    "PAGU-SUM-KEGIATAN",
    "Pagu kegiatan = jumlah pagu sub kegiatannya",
    "Pagu yang tertulis pada baris kegiatan di T-C.33 (tahun n dan n+1) harus sama dengan jumlah pagu sub "
    "kegiatannya; demikian pula pagu sebelum perubahan dan setiap kolom pagu lain yang dibawa sub kegiatannya.",
    "error", "kegiatan",
)
def pagu_sum_kegiatan(rule_, view):
    yield from _stated_vs_computed(rule_, view, "kegiatan")


def partial_totals(view, key):
    """Partial sums a stated total may be equal to instead of the whole plan: (description, amount)."""
    urusan = [p for p in view.programs if not p.is_penunjang]
    penunjang = [p for p in view.programs if p.is_penunjang]
    candidates = []
    if urusan and penunjang:
        candidates += [
            ("jumlah pagu program urusan saja (tanpa Program Penunjang) yang dihitung dari sub kegiatan",
             sum(p.total(key) for p in urusan)),
            ("jumlah pagu Program Penunjang saja yang dihitung dari sub kegiatan",
             sum(p.total(key) for p in penunjang)),
        ]

    def stated_sum(programs):
        values = [money(p.stated.get(key)) for p in programs]
        return sum(values) if programs and None not in values else None

    candidates.append(("jumlah pagu yang tertulis pada baris-baris program", stated_sum(view.programs)))
    if urusan and penunjang:
        candidates += [
            ("jumlah pagu yang tertulis pada baris program urusan (tanpa Program Penunjang)", stated_sum(urusan)),
            ("jumlah pagu yang tertulis pada baris Program Penunjang", stated_sum(penunjang)),
        ]
    return [(what, value) for what, value in candidates if value is not None]


@rule(
    "PAGU-SUM-TOTAL",
    "Baris total T-C.33 = jumlah pagu seluruh sub kegiatan",
    "Total pagu yang tertulis di T-C.33 (tahun n dan n+1) harus sama dengan jumlah pagu semua sub kegiatan "
    "rencana. Baris total dibandingkan sebagai total seluruh rencana, seperti yang dinyatakan dokumen; bila "
    "nilainya ternyata sama dengan jumlah sebagian (misalnya program urusan saja tanpa Program Penunjang, atau "
    "jumlah pagu yang tertulis pada baris program), pesan menyebutkannya. Total yang tidak sama dengan rinciannya "
    "membuat pagu yang diajukan berbeda dari rencana yang dirinci. Total pagu sebelum perubahan dan total setiap "
    "kolom pagu lain (RKPD, APBD …) yang dibawa sub kegiatan dibandingkan dengan cara yang sama. Diharapkan: "
    "jumlah yang dihitung; ditemukan: total yang tertulis.",
    "error", "renja",
)
def pagu_sum_total(rule_, view):
    keys = {TOTAL_KEYS[key]: key for key in _keys(view)}
    statements = [s for s in view.statements_with(table="T-C.33") if s.key in keys]
    if not statements:
        raise NotApplicable("T-C.33 tidak memuat baris total pagu")
    if not has_money(view):
        raise NotApplicable("tidak ada pagu sub kegiatan untuk dijumlahkan")
    for statement in statements:
        relied = []
        found = money(statement, relied, "T-C.33")
        if found is None:
            continue
        key = keys[statement.key]
        computed, parts = computed_total(unread_keys(view), view.programs, key)
        what = _what(view, key)
        if parts.unreadable:
            yield undecided(rule_, "T-C.33", f"Total {what[0].lower()}{what[1:]} di T-C.33", found, parts,
                            row=statement.row or "Total", readings=relied)
            continue
        if found == computed:
            continue
        relied += parts.readings
        message = (f"Total {what[0].lower()}{what[1:]} di T-C.33 tertulis Rp {format_rupiah(found)}, tetapi jumlah pagu "
                   f"seluruh sub kegiatan Rp {format_rupiah(computed)} ({selisih(found, computed)}).")
        same = [what for what, value in partial_totals(view, key) if value == found]
        if same:
            message += (f" Nilai yang tertulis sama dengan {same[0]}: baris ini bukan total seluruh rencana "
                        "seperti yang dinyatakannya.")
        message += note_of(relied)
        yield rule_.finding("T-C.33", message, row=statement.row or "Total", expected=computed, found=found,
                            readings=relied)


# --- T-C.31 ----------------------------------------------------------------------------------------------

SIDES = {
    "rancangan": "Rancangan Awal RKPD (pagu indikatif)",
    "kebutuhan": "Hasil Analisis Kebutuhan (kebutuhan dana)",
}


class Tc31Entry:
    """A row of T-C.31 with the rows under it (kegiatan under a program, sub kegiatan under a kegiatan)."""

    def __init__(self, row):
        self.row = row
        self.children = []

    def reading(self, side):
        s = getattr(self.row, side)
        return read_amount(s.pagu, s.pagu_teks)

    def side(self, side):
        """(amount, state): "ok" (read, repaired included), "blank" or "unreadable"."""
        reading = self.reading(side)
        if is_blank_reading(reading):
            return None, "blank"
        return (reading.value, "ok") if reading.usable else (None, "unreadable")

    def relied(self, side):
        """The cells of this row and the rows under it that were not read cleanly, as finding readings."""
        out = []
        if self.row is not None:
            reading = self.reading(side)
            if reading.note != CLEAN:
                out.append(reading_of(reading, "T-C.31", self.row.label, f"pagu {side}"))
        for child in self.children:
            out += child.relied(side)
        return out

    def known_parts(self, side):
        """Parts of the rows under it on one side, for a sum with an unreadable part: each child by its own
        pagu, or by the rows under it when blank."""
        parts = Parts()
        for child in self.children:
            reading = child.reading(side)
            if is_blank_reading(reading) and child.children:
                sub = child.known_parts(side)
                parts.total += sub.total
                parts.written += sub.written
                parts.readings += sub.readings
                parts.unreadable += sub.unreadable
            else:
                parts.add(reading, "T-C.31", child.row.label, f"pagu {side}")
        return parts

    def parts_sum(self, side):
        """Sum of the rows under it on one side, each counted once: a kegiatan by its own pagu, or by the sum
        of its sub kegiatan when it writes none. None when a part is blank or unreadable."""
        if not self.children:
            return None
        total = 0
        for child in self.children:
            value, state = child.side(side)
            if state == "blank":
                value = child.parts_sum(side)
            elif state == "unreadable":
                value = None
            if value is None:
                return None
            total += value
        return total

    def value(self, side):
        """Its own pagu, or, when it writes none, the sum of the rows under it."""
        value, state = self.side(side)
        if state == "blank":
            return self.parts_sum(side)
        return value


def tc31_tree(review):
    """The rows of T-C.31 as a tree, using `tingkat`: [program entries], rows before any program under None."""
    top, program, kegiatan = [], None, None
    orphans = Tc31Entry(None)
    for row in review:
        entry = Tc31Entry(row)
        if row.tingkat == "program":
            top.append(entry)
            program, kegiatan = entry, None
        elif row.tingkat == "kegiatan":
            (program or orphans).children.append(entry)
            kegiatan = entry
        else:
            (kegiatan or program or orphans).children.append(entry)
    if orphans.children:
        top.insert(0, orphans)
    return top


def _tc31_parts(rule_, entries, level_word, parts_word):
    for entry in entries:
        if entry.row is None:
            continue
        for side, side_label in SIDES.items():
            found, state = entry.side(side)
            if state != "ok":
                continue
            expected = entry.parts_sum(side)
            if expected is None:
                parts = entry.known_parts(side)
                if parts.unreadable:
                    own = entry.reading(side)
                    relied = [] if own.note == CLEAN else [reading_of(own, "T-C.31", entry.row.label, f"pagu {side}")]
                    yield undecided(rule_, "T-C.31", f"Pagu {level_word} '{entry.row.label}' pada sisi {side_label}",
                                    found, parts, row=entry.row.label, readings=relied)
                continue
            if expected == found:
                continue
            relied = entry.relied(side)
            yield rule_.finding(
                "T-C.31",
                f"Pagu {level_word} '{entry.row.label}' pada sisi {side_label} tertulis Rp {format_rupiah(found)}, tetapi "
                f"jumlah pagu {parts_word} di bawahnya Rp {format_rupiah(expected)} ({selisih(found, expected)})."
                f"{note_of(relied)}",
                row=entry.row.label, expected=expected, found=found, readings=relied,
            )


def _review(view):
    if not view.review:
        raise NotApplicable("T-C.31 (reviu Rancangan Awal RKPD) tidak ada")
    return tc31_tree(view.review)


@rule(
    "TC31-SUM-PROGRAM",
    "T-C.31: pagu program = jumlah pagu kegiatannya",
    "Pada T-C.31, pagu setiap baris program harus sama dengan jumlah pagu baris kegiatan di bawahnya, untuk sisi "
    "Rancangan Awal RKPD dan sisi Hasil Analisis Kebutuhan masing-masing. Kegiatan yang diikuti baris sub "
    "kegiatannya dihitung sekali (dengan pagu kegiatannya; dengan jumlah sub kegiatannya bila pagu kegiatan "
    "kosong). Program yang kegiatannya tidak berpagu atau pagunya tidak terbaca dilewati. Reviu yang tidak "
    "menjumlah dengan benar tidak dapat menjadi dasar penyesuaian pagu. Diharapkan: jumlah kegiatan; ditemukan: "
    "pagu program yang tertulis.",
    "error", "program",
)
def tc31_sum_program(rule_, view):
    yield from _tc31_parts(rule_, _review(view), "program", "kegiatan")


@rule(
    "TC31-SUM-KEGIATAN",
    "T-C.31: pagu kegiatan = jumlah pagu sub kegiatannya",
    "Pada T-C.31, bila sebuah kegiatan diikuti baris sub kegiatannya, pagu kegiatan harus sama dengan jumlah pagu "
    "sub kegiatan tersebut, untuk sisi Rancangan Awal RKPD dan sisi Hasil Analisis Kebutuhan masing-masing. "
    "Selisihnya menunjukkan pagu yang hilang atau berlebih dalam reviu. Diharapkan: jumlah sub kegiatan; "
    "ditemukan: pagu kegiatan yang tertulis.",
    "error", "kegiatan",
)
def tc31_sum_kegiatan(rule_, view):
    kegiatan = [child for entry in _review(view) for child in entry.children if child.row.tingkat == "kegiatan"]
    yield from _tc31_parts(rule_, kegiatan, "kegiatan", "sub kegiatan")


TC31_TOTAL_KEYS = {"pagu_rancangan": "rancangan", "pagu_kebutuhan": "kebutuhan"}


def tc31_total_statements(view):
    """The Total row of T-C.31: its statements of pagu_rancangan / pagu_kebutuhan without a row code."""
    return [s for s in view.statements_with(table="T-C.31")
            if s.key in TC31_TOTAL_KEYS and not s.code and (not s.row or is_total_label(s.row))]


@rule(
    "TC31-SUM-TOTAL",
    "T-C.31: baris Total = jumlah pagu program",
    "Baris Total T-C.31 harus sama dengan jumlah pagu baris program, untuk sisi Rancangan Awal RKPD (pagu "
    "indikatif) dan sisi Hasil Analisis Kebutuhan (kebutuhan dana) masing-masing. Program yang tidak menulis pagu "
    "dihitung dengan jumlah kegiatannya; bila ada pagu yang tidak terbaca, perbandingan dilewati. Total sisi "
    "Rancangan Awal adalah plafon yang diberikan Bappeda, total sisi kebutuhan adalah yang diminta Perangkat "
    "Daerah: keduanya harus sesuai rinciannya. Diharapkan: jumlah program; ditemukan: Total yang tertulis.",
    "error", "renja",
)
def tc31_sum_total(rule_, view):
    top = _review(view)
    statements = tc31_total_statements(view)
    if not statements:
        raise NotApplicable("T-C.31 tidak memuat baris Total")
    programs = [e for e in top if e.row is not None and e.row.tingkat == "program"]
    for statement in statements:
        relied = []
        found = money(statement, relied, "T-C.31")
        if found is None:
            continue
        side = TC31_TOTAL_KEYS[statement.key]
        if programs:
            entries = programs
            parts_word = "baris program"
        else:  # a T-C.31 without program rows: its kegiatan
            entries = [c for e in top for c in e.children]
            parts_word = "baris kegiatan"
        values = [e.value(side) for e in entries]
        if not values:
            continue
        if None in values:
            whole = Tc31Entry(None)
            whole.children = entries
            parts = whole.known_parts(side)
            if parts.unreadable:
                yield undecided(rule_, "T-C.31", f"Total T-C.31 pada sisi {SIDES[side]}", found, parts,
                                row=statement.row or "Total", readings=relied)
            continue
        expected = sum(values)
        if expected != found:
            relied += [r for e in entries for r in e.relied(side)]
            yield rule_.finding(
                "T-C.31",
                f"Total T-C.31 pada sisi {SIDES[side]} tertulis Rp {format_rupiah(found)}, tetapi jumlah pagu "
                f"{parts_word} Rp {format_rupiah(expected)} ({selisih(found, expected)}).{note_of(relied)}",
                row=statement.row or "Total", expected=expected, found=found, readings=relied,
            )


# --- BAB II: evaluation tables ---------------------------------------------------------------------------

EVAL_KEYS = (("alokasi", "alokasi"), ("realisasi", "realisasi"))


def table_label(table):
    title = " ".join((table.judul or "").split())
    if title and title != table.id:
        return f"{table.id} ({title[:80]}{'…' if len(title) > 80 else ''})"
    return table.id


def rows_sum(rows, field):
    """Sum of a money column: None when a cell cannot be read or no row writes a value. Blank rows do not
    count (a heading or continuation row)."""
    values = [amount(getattr(r, field), getattr(r, f"{field}_teks")) for r in rows]
    if any(state == "unreadable" for _, state in values):
        return None
    written = [v for v, state in values if state == "ok"]
    return sum(written) if written else None


@rule(
    "EVAL-SUM-TOTAL",
    "Tabel evaluasi BAB II: baris Total = jumlah barisnya",
    "Setiap tabel alokasi dan realisasi BAB II (evaluasi tahun lalu) yang menulis baris Total atau JUMLAH: "
    "alokasi dan realisasi (Rupiah) pada baris itu harus sama dengan jumlah baris-barisnya. Persentase fisik dan "
    "keuangan tidak dijumlahkan di sini. Angka yang salah tulis tetapi hanya dapat dibaca satu cara (titik-strip di "
    "akhir, koma di antara titik ribuan, satu nilai per butir pada baris yang mendaftar beberapa butir) dibaca "
    "dengan perbaikan yang disebutkan. Bila sebuah nilai tetap tidak terbaca, selisih tetap dilaporkan bila bagian "
    "yang terbaca saja sudah melebihi Total; selain itu temuan info menyebut sel yang membuat perbandingan tidak "
    "dapat diputuskan. "
    "Evaluasi tahun lalu menjadi dasar rencana: totalnya harus dapat dipercaya. Diharapkan: jumlah baris; "
    "ditemukan: Total yang tertulis.",
    "error", "evaluasi",
)
def eval_sum_total(rule_, view):
    if not view.evaluations:
        raise NotApplicable("tidak ada evaluasi tahun lalu (BAB II)")
    for evaluation in view.evaluations:
        for table in evaluation.tables:
            for key, field in EVAL_KEYS:
                relied = []
                found = money(table.total.get(key), relied, table.id, key)
                if found is None:
                    continue
                parts = Parts()
                for r in table.rows:
                    reading = read_amount(getattr(r, field), getattr(r, f"{field}_teks"), row_items(r))
                    parts.add(reading, table.id, row_label(r), field)
                if not parts.written:
                    continue
                what = f"Total {key} tabel {table_label(table)}, evaluasi {evaluation.tahun},"
                if parts.unreadable:
                    yield undecided(rule_, table.id, what, found, parts, row="Total", readings=relied)
                    continue
                expected = parts.total
                if expected == found:
                    continue
                relied += parts.readings
                yield rule_.finding(
                    table.id,
                    f"{what} tertulis Rp {format_rupiah(found)}, tetapi jumlah {len(table.rows)} barisnya "
                    f"Rp {format_rupiah(expected)} ({selisih(found, expected)}).{note_of(relied)}",
                    row="Total", expected=expected, found=found, readings=relied,
                )


# --- BAB II: spending per account (Tabel 1, Tabel 3) ----------------------------------------------------

# First-level groups of the chart of spending accounts (Permendagri 90/2019): 5.1 operasi, 5.2 modal,
# 5.3 tidak terduga, 5.4 transfer.
GROUP_NAMES = {"belanja operasi": "5.1", "belanja modal": "5.2", "belanja tidak terduga": "5.3",
               "belanja transfer": "5.4"}
ACCOUNT_WORDS = (
    ("5.2", ("belanja modal",)),
    ("5.3", ("tidak terduga",)),
    ("5.4", ("bagi hasil", "bantuan keuangan", "transfer")),
    ("5.1", ("pegawai", "barang dan jasa", "bunga", "subsidi", "hibah", "bantuan sosial")),
)


def _words(text):
    text = re.sub(r"(\w)-\s+(\w)", r"\1\2", (text or "").lower())  # a word broken at the end of a line
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


def _account_codes(spending):
    """The code of each spending row: its own; else that of a row with the same name in another table of the
    evaluation; else its group (5.1 …) from the account's name; else None."""
    by_name = {}
    for row in spending:
        code = (row.kode_rekening or "").strip().rstrip(".")
        if code:
            by_name.setdefault(_words(row.uraian), code)
    codes = []
    for row in spending:
        code = (row.kode_rekening or "").strip().rstrip(".") or by_name.get(_words(row.uraian))
        if not code:
            name = _words(row.uraian)
            code = next((group for group, words in ACCOUNT_WORDS if any(w in name for w in words)), None)
        codes.append(code)
    return codes


def _statement_group(statement):
    """What a spending-table statement sums: a code prefix ("5.1"), "" for the whole table, None otherwise."""
    code = (statement.code or "").strip().rstrip(".")
    if code:
        return code
    label = _words(statement.row)
    if label in GROUP_NAMES:
        return GROUP_NAMES[label]
    if is_total_label(statement.row):
        return ""
    return None


def _in_group(code, group):
    return group == "" or (code is not None and (code == group or code.startswith(group + ".")))


SPENDING_KEYS = {"alokasi": "anggaran", "realisasi": "realisasi"}


def _total_from_subtotals(key, groups, rows):
    """The sum of the stated group subtotals, when they are readable, do not overlap and cover every account;
    else (None, None)."""
    covering = sorted(g for (k, g) in groups if k == key)
    values = [money(groups[(key, g)]) for g in covering]
    if not covering or None in values:
        return None, None
    if any(a != b and b.startswith(a + ".") for a in covering for b in covering):
        return None, None
    if not all(any(_in_group(code, g) for g in covering) for _, code in rows):
        return None, None
    what = "subtotal kelompok yang tertulis (" + ", ".join(
        f"{g} Rp {format_rupiah(v)}" for g, v in zip(covering, values)) + ")"
    return sum(values), what


@rule(
    "BELANJA-SUM",
    "Tabel belanja: subtotal dan total = jumlah rekening",
    "Pada tabel belanja per rekening BAB II (Tabel 1, Tabel 3 …), setiap subtotal kelompok (BELANJA OPERASI 5.1, "
    "BELANJA MODAL 5.2 …) dan TOTAL BELANJA, untuk anggaran dan realisasi, harus sama dengan jumlah rekening di "
    "bawahnya menurut awalan kode rekening (rekening tanpa kode dikenali dari kode rekening bernama sama di tabel "
    "lain atau dari namanya). Angka yang salah tulis tetapi hanya dapat dibaca satu cara dibaca dengan perbaikan "
    "yang disebutkan. Bila ada rekening yang nilainya tetap tidak terbaca, total dibandingkan dengan jumlah "
    "subtotal kelompok yang tertulis, bila subtotal itu mencakup semua rekening; selain itu selisih dilaporkan bila "
    "rekening yang terbaca saja sudah melebihinya, atau temuan info menyebut sel yang tidak terbaca. Subtotal "
    "yang salah membuat realisasi per jenis belanja tidak dapat dibandingkan dengan anggarannya. Diharapkan: "
    "jumlah yang dihitung; ditemukan: subtotal atau total yang tertulis.",
    "error", "evaluasi",
)
def belanja_sum(rule_, view):
    if not any(e.spending for e in view.evaluations):
        raise NotApplicable("tidak ada tabel belanja per rekening (BAB II)")
    for evaluation in view.evaluations:
        if not evaluation.spending:
            continue
        codes = _account_codes(evaluation.spending)
        tables = list(dict.fromkeys(row.tabel for row in evaluation.spending))
        for table in tables:
            rows = [(row, code) for row, code in zip(evaluation.spending, codes) if row.tabel == table]
            statements = [s for s in evaluation.statements if s.table == table and s.key in SPENDING_KEYS]
            groups = {}
            for s in statements:
                group = _statement_group(s)
                if group:
                    groups.setdefault((s.key, group), s)
            for statement in statements:
                group = _statement_group(statement)
                relied = []
                found = money(statement, relied)
                if group is None or found is None:
                    continue
                field = SPENDING_KEYS[statement.key]
                if group and any(code is None for _, code in rows):
                    continue  # an account whose group is unknown: the subtotal cannot be checked
                parts = [row for row, code in rows if _in_group(code, group)]
                if not parts:
                    continue
                cells = Parts()
                for r in parts:
                    label = " ".join(p for p in (r.kode_rekening, r.uraian) if p) or "(tanpa uraian)"
                    cells.add(read_amount(getattr(r, field), getattr(r, f"{field}_teks")), table, label, field)
                what = f"{len(parts)} rekening di bawahnya"
                where = statement.row or statement.code
                if not cells.unreadable:
                    expected = cells.total
                    relied += cells.readings
                else:
                    expected = None
                    if group == "":
                        expected, what = _total_from_subtotals(statement.key, groups, rows)
                    if expected is None:
                        yield undecided(rule_, table, f"{where} ({statement.key}) di {table}, evaluasi "
                                        f"{evaluation.tahun},", found, cells, code=statement.code or None,
                                        row=statement.row or None, readings=relied)
                        continue
                if expected == found:
                    continue
                yield rule_.finding(
                    table,
                    f"{where} ({statement.key}) di {table}, evaluasi {evaluation.tahun}, tertulis Rp {format_rupiah(found)}, "
                    f"tetapi jumlah {what} Rp {format_rupiah(expected)} ({selisih(found, expected)}).{note_of(relied)}",
                    code=statement.code or None, row=statement.row or None, expected=expected, found=found,
                    readings=relied,
                )

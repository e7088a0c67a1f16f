"""T-C.31: program, kegiatan and the Total row against the rows under them, each side (rancangan awal RKPD,
hasil analisis kebutuhan) on its own."""

from renja.core.numbers import CLEAN, format_rupiah

from ...engine import NotApplicable, clip, reading_of, rule
from ...readings import Parts, is_blank_reading, note_of, read_amount, undecided
from .common import is_total_label, money, selisih, total_label_kind

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
                f"{note_of(relied)}" + tc31_children_note(entry, side, found),
                row=entry.row.label, expected=expected, found=found, readings=relied,
            )


def tc31_children_note(entry, side, found):
    """For a T-C.31 program: whether it is the sum of the sub kegiatan under its kegiatan, and which kegiatan
    are not the sum of their own sub kegiatan (each reported by TC31-SUM-KEGIATAN)."""
    if entry.row.tingkat != "program":
        return ""
    wrong, leaves = [], 0
    for child in entry.children:
        value, state = child.side(side)
        parts = child.parts_sum(side)
        if state == "ok" and parts is not None and parts != value:
            wrong.append(f"'{clip(child.row.label, 60)}' (tertulis Rp {format_rupiah(value)}, sub kegiatannya "
                         f"Rp {format_rupiah(parts)})")
        leaf = parts if parts is not None else child.value(side)
        leaves = None if leaves is None or leaf is None else leaves + leaf
    if not wrong:
        return ""
    note = " Pagu program sama dengan jumlah sub kegiatan di bawahnya; " if leaves == found else " "
    return note + "kegiatan yang tidak sama dengan jumlah sub kegiatannya: " + "; ".join(wrong) + "."


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


def _tc31_candidates(view):
    """Statements of T-C.31 stated as a total: pagu_rancangan / pagu_kebutuhan without a row code, on a row
    without label or labelled as a total or subtotal."""
    return [s for s in view.statements_with(table="T-C.31")
            if s.key in TC31_TOTAL_KEYS and not s.code
            and (not s.row or is_total_label(s.row) or total_label_kind(s.row) == "subtotal")]


def tc31_program_groups(top):
    """The parts of T-C.31 an unlabelled figure may be the subtotal of: urusan programs and the Program
    Penunjang (by name), when both are there."""
    programs = [e for e in top if e.row is not None and e.row.tingkat == "program"]
    penunjang = [e for e in programs if "penunjang urusan" in " ".join(e.row.label.lower().split())]
    urusan = [e for e in programs if e not in penunjang]
    if not (urusan and penunjang):
        return []
    return [("program urusan (tanpa Program Penunjang)", urusan), ("Program Penunjang", penunjang)]


def tc31_subtotals(view):
    """{id(statement): (name, amount)} for the T-C.31 total statements that are subtotals: not labelled as the
    total, and equal to the sum of one part's programs on their side."""
    statements = [s for s in _tc31_candidates(view) if total_label_kind(s.row) != "total"]
    if not statements or not view.review:
        return {}
    groups = tc31_program_groups(tc31_tree(view.review))
    found = {}
    for statement in statements:
        value = money(statement)
        side = TC31_TOTAL_KEYS[statement.key]
        for name, entries in groups:
            values = [e.value(side) for e in entries]
            if value is not None and None not in values and sum(values) == value:
                found[id(statement)] = (name, value)
                break
    return found


def tc31_total_statements(view):
    """The Total row of T-C.31: its statements of pagu_rancangan / pagu_kebutuhan without a row code; an
    unlabelled figure that is a part's subtotal (tc31_subtotals) is not the Total."""
    subtotals = tc31_subtotals(view)
    return [s for s in _tc31_candidates(view) if id(s) not in subtotals]


@rule(
    "TC31-SUM-TOTAL",
    "T-C.31: baris Total = jumlah pagu program",
    "Baris Total T-C.31 harus sama dengan jumlah pagu baris program, untuk sisi Rancangan Awal RKPD (pagu "
    "indikatif) dan sisi Hasil Analisis Kebutuhan (kebutuhan dana) masing-masing. Program yang tidak menulis pagu "
    "dihitung dengan jumlah kegiatannya; bila ada pagu yang tidak terbaca, perbandingan dilewati. Total sisi "
    "Rancangan Awal adalah plafon yang diberikan Bappeda, total sisi kebutuhan adalah yang diminta Perangkat "
    "Daerah: keduanya harus sesuai rinciannya. Baris tanpa label yang nilainya sama dengan jumlah program urusan "
    "saja atau Program Penunjang saja dibaca sebagai subtotal bagian itu (info), bukan Total, juga oleh CROSS-TOTAL. "
    "Diharapkan: jumlah program; ditemukan: Total yang tertulis.",
    "error", "renja",
)
def tc31_sum_total(rule_, view):
    top = _review(view)
    statements = tc31_total_statements(view)
    subtotals = tc31_subtotals(view)
    if not statements and not subtotals:
        raise NotApplicable("T-C.31 tidak memuat baris Total")
    for statement in _tc31_candidates(view):
        if id(statement) in subtotals:
            name, value = subtotals[id(statement)]
            yield rule_.finding(
                "T-C.31",
                f"Baris {clip(statement.row, 60) if statement.row else 'tanpa label'} T-C.31 pada sisi "
                f"{SIDES[TC31_TOTAL_KEYS[statement.key]]} menulis Rp {format_rupiah(value)}: sama dengan jumlah pagu "
                f"{name}, maka dibaca sebagai subtotal {name}, bukan Total; baris Total lain tetap diperiksa.",
                row=statement.row or "subtotal", expected=value, found=value, severity="info")
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

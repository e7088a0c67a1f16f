"""Rows of T-C.33 that are (nearly) empty: a code with nothing else, or a row with neither code nor name."""

from dataclasses import dataclass

from renja.core.numbers import format_rupiah, is_blank
from renja.plans.view import LEVEL_LABELS

from ..engine import rule, shared


def has_pagu(node):
    """The row has a pagu (year n or n+1): entered on a sub kegiatan; on a program or kegiatan, stated by the
    document or computed from its sub kegiatan (a plan entered in the application states no totals)."""
    if node.level == "sub_kegiatan":
        return any(value is not None or not is_blank(text) for value, text in
                   ((node.pagu_n, node.pagu_n_teks), (node.pagu_n1, node.pagu_n1_teks)))
    return writes_pagu(node) or any(has_pagu(sub) for sub in node.subs())


def writes_pagu(node):
    """The row itself writes a pagu (entered on a sub kegiatan, stated on a program or kegiatan)."""
    if node.level == "sub_kegiatan":
        return has_pagu(node)
    return any(s is not None and (s.value is not None or not is_blank(s.text))
               for s in (node.stated.get("pagu_n"), node.stated.get("pagu_n1")))


def named_indicators(node):
    return [i for i in node.indicators if (i.uraian or "").strip()]


def nearly_empty(node):
    """A row without a name, or with a name and neither indicator nor pagu. BARIS-KOSONG reports it as a whole;
    the indicator rules leave it alone so that one empty row gives one finding."""
    if not (node.nama or "").strip():
        return True
    for indicator in node.indicators:
        if (indicator.uraian or "").strip():
            return False  # a named indicator: the usual row
    return not has_pagu(node)


def empty_rows(view):
    """id() of every (nearly) empty row of the plan (`nearly_empty`): several rules ask it of every row."""
    return shared(view, "rows.nearly empty", _empty_rows)


def _empty_rows(view):
    return {id(node) for node in view.nodes() if nearly_empty(node)}


def missing_parts(node):
    parts = []
    if not node.kode and not node.kode_asli.strip():
        parts.append("kode")
    if not (node.nama or "").strip():
        parts.append("nama")
    indicators = named_indicators(node)
    if not indicators:
        parts.append("indikator")
    if not any(not is_blank(i.target_n.teks) for i in indicators):
        parts.append("target")
    if not has_pagu(node):
        parts.append("pagu")
    return parts


def name_of(node):
    """"program 2.08.07 PROGRAM PERLINDUNGAN KHUSUS ANAK": names a row in a message."""
    return " ".join([LEVEL_LABELS[node.level]] + [p for p in (node.code, node.nama) if p])


def under(node):
    return f" di bawah {name_of(node.parent)}" if node.parent is not None else ""


def where(node):
    """Where a row without code and name stands: under which row, above which."""
    place = under(node)
    if node.children:
        place += f", di atas {name_of(node.children[0])}"
    return place


@rule(
    "BARIS-KOSONG",
    "Baris T-C.33 tidak kosong",
    "Setiap baris program, kegiatan dan sub kegiatan T-C.33 harus berisi kode, nama, indikator, target dan pagu. "
    "Baris yang hanya berisi kode (sering akibat tabel yang terpotong atau baris judul yang kehilangan isinya), "
    "baris tanpa kode dan nama, atau baris yang hanya berisi nama tanpa indikator dan pagu tidak dapat dibaca "
    "sebagai rencana. Satu temuan per baris, menyebut apa saja yang tidak ada; baris yang hanya kurang pagu atau "
    "indikator dilaporkan oleh aturan pagu dan indikator. Program dan kegiatan dianggap berpagu bila sub "
    "kegiatannya berpagu (pagu keduanya dihitung, bukan diisi). Bila T-C.31 memuat baris yang sama (menurut kode "
    "atau nama, atau untuk baris tanpa nama menurut letaknya di antara baris yang cocok), pesan menyebut kebutuhan "
    "dananya: selisih pagu antartabel (CROSS-TOTAL, CROSS-URUSAN) dihitung tanpa baris kosong itu, yang dilaporkan "
    "di sini sekali. Nilai yang diharapkan adalah bagian yang tidak "
    "ada; yang ditemukan adalah kode sebagaimana tertulis (kosong bila tidak ada).",
    "error", "renja",
)
def baris_kosong(rule_, view):
    valued = {id(b.node): b for b in blank_rows(view) if b.value is not None}
    empty = empty_rows(view)
    for node in view.nodes():
        if id(node) not in empty:
            continue
        missing = missing_parts(node)
        written = " ".join(node.kode_asli.split())
        level = LEVEL_LABELS[node.level]
        if not written and not (node.nama or "").strip():
            what = f"Baris {level} tanpa kode dan nama{where(node)}"
        elif not (node.nama or "").strip():
            only_code = not named_indicators(node) and not writes_pagu(node)
            what = f"Baris {level} '{written}' {'hanya berisi kode' if only_code else 'tanpa nama'}"
        else:
            what = f"Baris {name_of(node)} tidak lengkap"
        blank = valued.get(id(node))
        if blank is not None:
            missing_text = (f"{', '.join(missing)}. Menurut {blank.source} kebutuhan dananya "
                            f"Rp {format_rupiah(blank.value)}")
            missing_text += (f" (T-C.33 hanya menjumlahkan Rp {format_rupiah(blank.computed)} dari sub kegiatannya)"
                             if blank.computed else "")
            missing_text += "; selisih pagu antartabel dihitung tanpa baris ini"
        else:
            missing_text = ", ".join(missing)
        yield rule_.finding(
            "T-C.33", f"{what}: tidak ada {missing_text}.",
            code=node.code, row=node.label if node.code or node.nama else f"[{level}]{under(node)}",
            expected=", ".join(missing), found=written or None)


# --- blank rows in the gaps between tables ---------------------------------------------------------------------


@dataclass(eq=False)
class BlankRow:
    """A (nearly) empty T-C.33 row whose money is missing, with what another table of the document says it is."""

    node: object
    value: int | None = None  # the row's pagu n according to `source`; None when no table says
    source: str = ""  # "T-C.31 'Perencanaan, Penganggaran …'"
    row: object = None  # the T-C.31 row that gives the value

    @property
    def computed(self):
        """What T-C.33 sums of the row (its sub kegiatan that have a pagu)."""
        return self.node.total_n


def lacks_money(node):
    """A sub kegiatan without a pagu, or a program or kegiatan with one below it."""
    if node.level == "sub_kegiatan":
        return not has_pagu(node)
    return any(not has_pagu(sub) for sub in node.subs()) or not has_pagu(node)


def blank_rows(view):
    """The BARIS-KOSONG rows of kegiatan and sub kegiatan level that lack money, the highest of each branch (a
    blank sub kegiatan under a blank kegiatan is part of it), each valued by T-C.31 where the document's T-C.31
    has the same row (by code or name, or, for a row without a name, by its place between the rows that match)."""
    return shared(view, "blank rows", _blank_rows)


def _blank_rows(view):
    found = []
    empty = empty_rows(view)
    for program in view.programs:
        for kegiatan in program.children:
            if id(kegiatan) in empty and lacks_money(kegiatan):
                found.append(BlankRow(kegiatan))
                continue
            found += [BlankRow(sub) for sub in kegiatan.children if id(sub) in empty and lacks_money(sub)]
    if found and view.review:
        _value_from_review(view, found)
    return found


def _value_from_review(view, found):
    from .cross import match_review
    from .sums import amount

    pairs = shared(view, "cross.match_review", match_review)  # the pairs CROSS-TC31-TC33 compares
    paired = {id(node): row for row in view.review for node in [pairs.get(id(row))] if node is not None}
    children = {}  # id(T-C.31 row) → the T-C.31 rows of the next level below it, in order
    parents = []
    order = {"program": 0, "kegiatan": 1, "sub_kegiatan": 2}
    for row in view.review:
        level = order.get(row.tingkat)
        if level is None:
            continue
        while parents and order[parents[-1].tingkat] >= level:
            parents.pop()
        if parents and order[parents[-1].tingkat] == level - 1:
            children.setdefault(id(parents[-1]), []).append(row)
        parents.append(row)
    for blank in found:
        node = blank.node
        row = paired.get(id(node))
        if row is None and not (node.nama or "").strip() and node.parent is not None:
            row = _by_place(node, paired.get(id(node.parent)), children, pairs)
        if row is None:
            continue
        value, state = amount(row.kebutuhan.pagu, row.kebutuhan.pagu_teks)
        if state == "ok":
            blank.value, blank.source, blank.row = value, f"T-C.31 '{row.label}'", row


def _by_place(node, parent_row, children, pairs):
    """The T-C.31 row at the place of a T-C.33 row without a name: under the parent's T-C.31 row, between the
    same matched neighbours, when both sides have as many unmatched rows there."""
    if parent_row is None:
        return None
    rows = children.get(id(parent_row), [])
    siblings = node.parent.children
    position = {id(n): i for i, n in enumerate(siblings)}
    anchors = sorted((position[id(pairs[id(r)])], i) for i, r in enumerate(rows)
                     if id(r) in pairs and id(pairs[id(r)]) in position)
    here = position[id(node)]
    before = max(((n, r) for n, r in anchors if n < here), default=(-1, -1))
    after = min(((n, r) for n, r in anchors if n > here), default=(len(siblings), len(rows)))
    if before[1] >= after[1]:
        return None  # the two tables list the rows in another order
    matched = {id(n) for n in pairs.values()}
    free_nodes = [n for n in siblings[before[0] + 1:after[0]] if id(n) not in matched]
    free_rows = [r for r in rows[before[1] + 1:after[1]] if id(r) not in pairs]
    if len(free_nodes) != len(free_rows) or node not in free_nodes:
        return None
    return free_rows[free_nodes.index(node)]


def within(node, ancestor):
    while node is not None:
        if node is ancestor:
            return True
        node = node.parent
    return False


def program_of(node):
    while node.parent is not None:
        node = node.parent
    return node


def without_blank_rows(computed, blanks):
    """(the computed sum with each blank row counted at its value from the other table, the blank rows valued,
    the blank rows no table values)."""
    valued = [b for b in blanks if b.value is not None]
    return (computed - sum(b.computed for b in valued) + sum(b.value for b in valued), valued,
            [b for b in blanks if b.value is None])


def blank_note(valued, unvalued, shown):
    """A sentence for a gap's message: which blank rows it leaves out (valued by T-C.31) and which it cannot."""
    parts = []
    if valued:
        codes = ", ".join(b.node.code or b.node.label for b in valued)
        counted = sum(b.computed for b in valued)
        parts.append(
            f"{len(valued)} baris kosong T-C.33 ({codes}; lihat BARIS-KOSONG) menurut T-C.31 berkebutuhan dana Rp "
            f"{format_rupiah(sum(b.value for b in valued))}"
            + (f", yang di T-C.33 hanya terjumlah Rp {format_rupiah(counted)}" if counted else "")
            + f"; dengan baris-baris itu dihitung menurut T-C.31, jumlahnya Rp {format_rupiah(shown)}")
    if unvalued:
        codes = ", ".join(b.node.code or b.node.label for b in unvalued)
        parts.append(f"{len(unvalued)} baris kosong T-C.33 tanpa pagu ({codes}; lihat BARIS-KOSONG) tidak "
                     "dinilai tabel lain, sehingga selisih ini dapat berasal dari baris-baris itu")
    return "; ".join(parts)

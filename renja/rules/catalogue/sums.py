"""Roll-ups: every total a table states against the sum of its parts, computed from the sub kegiatan.

T-C.33 (program, kegiatan and the total rows against the sub kegiatan), T-C.31 (program, kegiatan and the
Total row against the rows under them, each side on its own), the BAB II evaluation tables (Total and
JUMLAH rows against their rows) and the spending tables (group and total rows against the account rows).

A parent is also confronted with the rows written right under it (PAGU-ANAK-*, BELANJA-ANAK, EVAL-ANAK-PROGRAM),
one finding per real disagreement (see the comment above `_sub_cell`), and a figure written as a total is first
recognised by what it adds up to: an unlabelled subtotal (urusan programs, the Program Penunjang, a bidang, the
rows since the previous subtotal) is that subtotal, not the plan's or the table's total.

A malformed value is read again (`renja/rules/readings.py`): repaired where its text allows one sensible
reading, the repair named in the finding's readings. A value that stays unreadable is never guessed: the
disagreement is still reported when the readable parts already exceed the total, else an info finding says the
comparison cannot be decided and names the cell.
"""

import difflib
import re
from functools import lru_cache

from renja.core.codes import KodeError, parse_kode
from renja.core.numbers import CLEAN, NumberError, clean_cell, format_rupiah, parse_rupiah
from renja.plans.view import LEVEL_LABELS, PAGU_COLUMN_LABELS, PAGU_COLUMNS, Node

from ..engine import NotApplicable, clip, reading_of, rule, shared
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
                    f"{note_of(relied)}" + children_note(node, key, found, computed),
                    code=node.code, row=node.label, expected=computed, found=found, readings=relied,
                )


@rule(
    "PAGU-SUM-PROGRAM",
    "Pagu program = jumlah pagu sub kegiatannya",
    "Pagu yang tertulis pada baris program di T-C.33 (tahun n dan n+1) harus sama dengan jumlah pagu semua sub "
    "kegiatan di bawahnya. Nilai yang diharapkan adalah jumlah yang dihitung; yang ditemukan adalah yang tertulis. "
    "Demikian pula pagu sebelum perubahan (Renja Perubahan) dan setiap kolom pagu lain (RKPD, APBD, RKPD "
    "Perubahan, APBD Perubahan) yang dibawa sub kegiatannya. Satu temuan untuk setiap angka yang perlu "
    "diperbaiki; pesannya menyebut apakah pagu program sama dengan jumlah pagu kegiatan yang tertulis (selisihnya "
    "lalu berasal dari kegiatan yang disebut, masing-masing dilaporkan PAGU-SUM-KEGIATAN) atau kegiatannya "
    "menjumlah dengan benar (baris program inilah yang salah). Program yang tidak sama dengan kegiatan yang "
    "tertulis di bawahnya dilaporkan PAGU-ANAK-PROGRAM.",
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
    "jumlah pagu yang tertulis pada baris program), pesan menyebutkannya. Baris tanpa label (atau berlabel subtotal) "
    "yang nilainya sama dengan jumlah sebagian rencana (program urusan, Program Penunjang, satu urusan atau satu "
    "bidang urusan; dihitung dari sub kegiatan atau dari pagu yang tertulis pada baris programnya) dibaca sebagai "
    "subtotal bagian itu, bukan total rencana: tidak menjadi kesalahan (info menyebutkannya), dan baris total "
    "lain tetap diperiksa. Total yang tidak sama dengan rinciannya "
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
        subtotal = recognised_subtotal(view, key, statement, found)
        if subtotal is not None:
            yield rule_.finding("T-C.33", subtotal_message(view, key, statement, found, subtotal),
                                row=statement.row or "subtotal", expected=found, found=found, severity="info")
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


# --- parents against their stated children (T-C.33) ------------------------------------------------------
#
# A parent row is confronted twice: with the sum computed from its sub kegiatan (PAGU-SUM-PROGRAM, -KEGIATAN,
# -BIDANG) and with the figures written on the rows right under it (PAGU-ANAK-*). One finding per real
# disagreement: when the rows under a parent add up to the computed sum, the parent's own figure is wrong and is
# reported once, by PAGU-SUM-*; when the parent agrees with the rows under it, there is nothing between them to
# report (a difference from the sub kegiatan is then reported on the row that causes it, and the parent's
# finding names those rows); a figure equal to the computed sum plus the rows under it is a level counted twice
# (UANG-GANDA). What remains is a parent that disagrees with the rows under it while those rows disagree with
# their own parts: reported by PAGU-ANAK-*, naming the rows that disagree.


def _sub_cell(sub, key):
    """A sub kegiatan's amount of one money key as (amount, state), see `amount`."""
    if key in ("pagu_n", "pagu_n1", "pagu_sebelum"):
        return amount(getattr(sub, key), getattr(sub, f"{key}_teks"))
    value, text = sub.pagu_kolom.get(key.removeprefix("pagu_"), (None, ""))
    return amount(value, text)


def computed_sum(node, key):
    """The sum of a row's sub kegiatan amounts (a blank one counts 0), None when one cannot be read."""
    total = 0
    for sub in node.subs():
        value, state = _sub_cell(sub, key)
        if state == "unreadable":
            return None
        total += value or 0
    return total


def _written(statement):
    return statement is not None and (statement.value is not None or bool(clean_cell(statement.text or "")))


def shown(node, key):
    """The figure a row shows: its stated pagu; for a row that states none, what the rows under it show (a
    sub kegiatan: its own pagu). None when a figure it needs cannot be read."""
    if node.level == "sub_kegiatan":
        value, state = _sub_cell(node, key)
        return None if state == "unreadable" else value or 0
    statement = node.stated.get(key)
    if _written(statement):
        return money(statement)
    return children_shown(node, key)


def children_shown(node, key):
    """The sum of the figures the rows right under a row show, None when one cannot be read."""
    values = [shown(child, key) for child in node.children]
    return None if None in values else sum(values)


def wrong_children(nodes, key):
    """[(row, stated, computed)] of the rows (program or kegiatan) whose stated figure is not the sum of their sub
    kegiatan."""
    wrong = []
    for node in nodes:
        stated = money(node.stated.get(key)) if node.level != "sub_kegiatan" else None
        computed = computed_sum(node, key) if stated is not None else None
        if stated is not None and computed is not None and stated != computed:
            wrong.append((node, stated, computed))
    return wrong


def describe_rows(wrong, limit=5):
    """ "kegiatan 2.08.02.2.01 (tertulis Rp …, sub kegiatannya Rp …); …" """
    shown_rows = [f"{LEVEL_LABELS[node.level]} {node.code or clip(node.label, 60)} (tertulis Rp {format_rupiah(stated)}, "
                  f"sub kegiatannya Rp {format_rupiah(computed)})" for node, stated, computed in wrong[:limit]]
    more = f"; dan {len(wrong) - limit} lainnya" if len(wrong) > limit else ""
    return "; ".join(shown_rows) + more


def children_note(node, key, stated, computed):
    """For a program whose figure is not the sum of its sub kegiatan: what its kegiatan rows as written say."""
    if node.level != "program" or stated is None or not node.children:
        return ""
    parts = children_shown(node, key)
    if parts is None:
        return ""
    if parts == stated:
        wrong = wrong_children(node.children, key)
        if wrong:
            return (" Pagu ini sama dengan jumlah pagu kegiatan yang tertulis di bawahnya: selisihnya berasal dari "
                    f"{describe_rows(wrong)}.")
        return ""
    if parts == computed:
        return (f" Baris-baris kegiatannya menjumlah dengan benar (Rp {format_rupiah(parts)}): yang perlu diperbaiki "
                "adalah baris program ini.")
    return ""


def _double_count(stated, computed, parts):
    return computed is not None and computed > 0 and stated in (2 * computed, computed + parts)


def _parent_vs_children(rule_, view, key, parent, stated, children, computed, where, child_word, sum_rule):
    """The finding of a parent whose stated figure is not the sum of the rows under it as written, or None
    (see the finding set above). `computed()` gives the parent's sum computed from its sub kegiatan."""
    if stated is None or not children:
        return None
    values = [shown(child, key) for child in children]
    if None in values or sum(values) == stated:
        return None
    parts = sum(values)
    computed = computed()  # only now: most parents agree with the rows under them
    if parts == computed or _double_count(stated, computed, parts):
        return None
    message = (f"{_what(view, key)} {where} tertulis Rp {format_rupiah(stated)}, tetapi jumlah pagu {len(children)} "
               f"{child_word} yang tertulis di bawahnya Rp {format_rupiah(parts)} ({selisih(stated, parts)}).")
    if computed is None:
        message += (" Jumlah pagu sub kegiatannya tidak dapat dihitung (ada pagu sub kegiatan yang tidak terbaca): "
                    "hanya perbandingan ini yang dapat dilakukan.")
    elif computed == stated:
        message += (f" Pagu yang tertulis sama dengan jumlah pagu sub kegiatannya: yang tidak sesuai adalah baris "
                    f"{child_word}nya.")
    else:
        message += f" Pagu itu juga tidak sama dengan jumlah pagu sub kegiatannya (Rp {format_rupiah(computed)}, {sum_rule})."
    wrong = wrong_children(children, key)
    if wrong:
        message += f" {child_word[0].upper()}{child_word[1:]} yang tidak sama dengan jumlah sub kegiatannya: {describe_rows(wrong)}."
    return rule_.finding("T-C.33", message, code=parent.code, row=parent.label, expected=parts, found=stated)


@rule(
    "PAGU-ANAK-PROGRAM",
    "Pagu program = jumlah pagu kegiatan yang tertulis di bawahnya",
    "Pagu yang tertulis pada baris program di T-C.33 (tahun n dan n+1, dan setiap kolom pagu lain) harus sama "
    "dengan jumlah pagu yang tertulis pada baris-baris kegiatannya (kegiatan yang tidak menulis pagu dihitung "
    "dengan jumlah sub kegiatannya). Satu temuan untuk setiap ketidaksesuaian nyata: bila baris-baris kegiatan "
    "menjumlah sama dengan sub kegiatannya, baris program itu sendiri yang salah dan dilaporkan sekali oleh "
    "PAGU-SUM-PROGRAM; bila pagu program = jumlah sub kegiatan + jumlah kegiatan, UANG-GANDA melaporkannya. "
    "Selain itu, misalnya program yang sama dengan jumlah sub kegiatannya tetapi tidak dengan kegiatan yang "
    "tertulis, temuan ini menyebut baris kegiatan yang tidak sesuai (masing-masing juga dilaporkan "
    "PAGU-SUM-KEGIATAN sebagai angka yang perlu diperbaiki). Bila ada pagu sub kegiatan yang tidak terbaca, inilah "
    "satu-satunya pemeriksaan baris program itu. Diharapkan: jumlah kegiatan yang tertulis; ditemukan: pagu "
    "program yang tertulis.",
    "error", "program",
)
def pagu_anak_program(rule_, view):
    keys = _keys(view)
    for program in view.programs:
        for key in keys:
            if _agrees_as_loaded(program, key):
                continue
            stated = money(program.stated.get(key))
            finding = _parent_vs_children(rule_, view, key, program, stated, program.children,
                                          lambda: computed_sum(program, key), f"program {program.label}", "kegiatan",
                                          "PAGU-SUM-PROGRAM")
            if finding is not None:
                yield finding


def _agrees_as_loaded(node, key):
    """A quick test on the values as loaded: the row writes nothing, or exactly the sum of what the rows under it
    write (a row writing nothing by its sub kegiatan). When it holds, the careful comparison finds nothing either
    (a value it would not accept only makes it skip)."""
    statement = node.stated.get(key)
    if statement is None or statement.value is None:
        return True
    parts = 0
    for child in node.children:
        written = child.stated.get(key)
        parts += written.value if written is not None and written.value is not None else child.total(key)
    return parts == statement.value


def bidang_statements(view):
    """The urusan and bidang urusan rows of T-C.33 that state a pagu: [(statement, Kode)]."""
    candidates = [s for s in view.statements_with(table="T-C.33") if s.node is None and s.code
                  and s.key in TOTAL_KEYS]  # the money keys (TOTAL_KEYS maps each to its total's key)
    keys = set(_keys(view)) if candidates else ()
    found = []
    for statement in candidates:
        if statement.key not in keys:
            continue
        try:
            kode = parse_kode(statement.code)
        except KodeError:
            continue
        if kode.level in ("urusan", "bidang_urusan"):
            found.append((statement, kode))
    return found


def _bidang(view):
    found = bidang_statements(view)
    if not found:
        raise NotApplicable("T-C.33 tidak memuat baris urusan atau bidang urusan yang menulis pagu")
    unplaced = any(not p.kode for p in view.programs)  # a program without a readable code may belong anywhere
    for statement, kode in found:
        prefix = f"{kode}."
        programs = [p for p in view.programs if p.kode.startswith(prefix)]
        yield statement, kode, programs, unplaced


def _bidang_label(statement, kode):
    return f"{LEVEL_LABELS[kode.level]} {kode}" + (f" ({clip(statement.row, 60)})" if statement.row else "")


@rule(
    "PAGU-SUM-BIDANG",
    "Pagu urusan / bidang urusan = jumlah pagu sub kegiatannya",
    "Baris urusan dan bidang urusan T-C.33 yang menulis pagu (tahun n dan n+1, dan setiap kolom pagu lain) harus "
    "sama dengan jumlah pagu sub kegiatan semua program yang kodenya di bawahnya. Bila ada program yang kodenya "
    "tidak terbaca (tidak dapat ditempatkan) dan jumlahnya berbeda, perbandingan dilewati; bila ada pagu sub "
    "kegiatan yang tidak terbaca, PAGU-ANAK-BIDANG membandingkannya dengan baris programnya. Pesan menyebut apakah "
    "pagu itu sama dengan jumlah pagu yang tertulis pada baris programnya. Diharapkan: jumlah yang dihitung; "
    "ditemukan: pagu yang tertulis.",
    "error", "program",
)
def pagu_sum_bidang(rule_, view):
    for statement, kode, programs, unplaced in _bidang(view):
        stated = money(statement)
        computed = [computed_sum(p, statement.key) for p in programs]
        if stated is None or None in computed or stated == sum(computed) or unplaced:
            continue
        computed = sum(computed)
        key = statement.key
        message = (f"{_what(view, key)} {_bidang_label(statement, kode)} tertulis Rp {format_rupiah(stated)}, tetapi "
                   f"jumlah pagu sub kegiatan {len(programs)} programnya Rp {format_rupiah(computed)} "
                   f"({selisih(stated, computed)}).")
        values = [shown(p, key) for p in programs]
        if programs and None not in values:
            parts = sum(values)
            wrong = wrong_children(programs, key)
            if parts == stated and wrong:
                message += (" Pagu ini sama dengan jumlah pagu yang tertulis pada baris programnya: selisihnya berasal "
                            f"dari {describe_rows(wrong)}.")
            elif parts == computed:
                message += " Baris-baris programnya menjumlah dengan benar: yang perlu diperbaiki adalah baris ini."
        yield rule_.finding("T-C.33", message, code=str(kode), row=statement.row or str(kode), expected=computed,
                            found=stated)


@rule(
    "PAGU-ANAK-BIDANG",
    "Pagu urusan / bidang urusan = jumlah pagu program yang tertulis di bawahnya",
    "Baris urusan dan bidang urusan T-C.33 yang menulis pagu harus sama dengan jumlah pagu yang tertulis pada "
    "baris-baris program di bawahnya (program tanpa pagu dihitung dengan kegiatannya). Seperti PAGU-ANAK-PROGRAM, "
    "satu temuan untuk setiap ketidaksesuaian nyata: bila baris-baris program menjumlah sama dengan sub "
    "kegiatannya, baris urusan/bidang itu sendiri yang salah (PAGU-SUM-BIDANG); selain itu temuan ini menyebut "
    "program yang tidak sesuai. Diharapkan: jumlah program yang tertulis; ditemukan: pagu yang tertulis.",
    "error", "program",
)
def pagu_anak_bidang(rule_, view):
    for statement, kode, programs, unplaced in _bidang(view):
        if unplaced:
            continue
        def computed(programs=programs, key=statement.key):
            values = [computed_sum(p, key) for p in programs]
            return None if None in values else sum(values)

        node = Node(level="program", kode=str(kode), nama=statement.row or "")  # only for the finding's code and row
        finding = _parent_vs_children(rule_, view, statement.key, node, money(statement), programs, computed,
                                      _bidang_label(statement, kode), "program", "PAGU-SUM-BIDANG")
        if finding is not None:
            yield finding


# --- subtotal rows: recognised by what they add up to before they are taken as a total -------------------

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


def program_groups(view):
    """The parts of the plan an unlabelled figure may be the subtotal of: [(name, programs)], each a proper
    subset of the programs: urusan programs and the Program Penunjang, and each urusan and bidang urusan when
    the plan spans several (only when every program's code can be read)."""
    urusan = [p for p in view.programs if not p.is_penunjang]
    penunjang = [p for p in view.programs if p.is_penunjang]
    groups = []
    if urusan and penunjang:
        groups += [("program urusan (tanpa Program Penunjang)", urusan), ("Program Penunjang", penunjang)]
    if view.programs and all(p.kode for p in view.programs):
        for size, word in ((1, "urusan"), (2, "bidang urusan")):
            by_code = {}
            for program in view.programs:
                by_code.setdefault(".".join(program.kode.split(".")[:size]), []).append(program)
            if len(by_code) > 1:
                groups += [(f"{word} {code}", programs) for code, programs in by_code.items()]
    return groups


def recognised_subtotal(view, key, statement, found):
    """(name, how, computed) when a T-C.33 figure not labelled as the plan's total adds up to a part of the plan:
    how is "sub kegiatan" (the part's computed sum) or "baris program" (the figures its program rows write)."""
    if total_label_kind(statement.row) == "total":
        return None
    for name, programs in program_groups(view):
        values = [computed_sum(p, key) for p in programs]
        computed = None if None in values else sum(values)
        if computed == found:
            return name, "sub kegiatan", computed
        values = [shown(p, key) for p in programs]
        if None not in values and sum(values) == found:
            return name, "baris program", computed
    return None


def subtotal_message(view, key, statement, found, subtotal):
    name, how, computed = subtotal
    where = clip(statement.row, 80) if statement.row else "tanpa label"
    where = where if where.lower().startswith("baris") else f"Baris {where}"
    what = _what(view, key)
    message = (f"{where[0].upper()}{where[1:]} menulis {what[0].lower()}{what[1:]} Rp {format_rupiah(found)}: sama dengan jumlah pagu "
               + ("sub kegiatan " if how == "sub kegiatan" else "yang tertulis pada baris-baris ")
               + f"{name}, maka dibaca sebagai subtotal {name}, bukan total seluruh rencana "
               f"(Rp {format_rupiah(view.total(key))}); baris total lain tetap diperiksa.")
    if how == "baris program" and computed is not None and computed != found:
        message += (f" Jumlah pagu sub kegiatan {name} Rp {format_rupiah(computed)} ({selisih(found, computed)}): "
                    "selisih itu dilaporkan pada baris programnya (PAGU-SUM-PROGRAM).")
    return message


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
    "keuangan tidak dijumlahkan di sini. Baris subtotal di dalam tabel (EVAL-SUM-SUBTOTAL) tidak ikut "
    "dijumlahkan. Angka yang salah tulis tetapi hanya dapat dibaca satu cara (titik-strip di "
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
            subtotals = eval_subtotal_rows(table.rows) if table.total else {}
            rows = [r for r in table.rows if id(r) not in subtotals]
            for key, field in EVAL_KEYS:
                relied = []
                found = money(table.total.get(key), relied, table.id, key)
                if found is None:
                    continue
                parts = Parts()
                for r in rows:
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
                skipped = f"; {len(subtotals)} baris subtotal tidak ikut dijumlahkan" if subtotals else ""
                yield rule_.finding(
                    table.id,
                    f"{what} tertulis Rp {format_rupiah(found)}, tetapi jumlah {len(rows)} barisnya "
                    f"Rp {format_rupiah(expected)} ({selisih(found, expected)}{skipped}).{note_of(relied)}",
                    row="Total", expected=expected, found=found, readings=relied,
                )


def _adds_up(row, parts):
    """Whether a row's alokasi or realisasi is the sum of at least two rows (not zero: a blank sum proves
    nothing)."""
    if len(parts) < 2:
        return False
    for field in ("alokasi", "realisasi"):
        value, state = amount(getattr(row, field), getattr(row, f"{field}_teks"))
        if state == "ok" and value and rows_sum(parts, field) == value:
            return True
    return False


def _subtotal_label(text):
    return bool(clean_cell(text or "")) and (is_total_label(text) or total_label_kind(text) == "subtotal")


def eval_subtotal_rows(rows):
    """{id(row): [rows it sums]} for the rows of an evaluation table that are subtotals of the rows above them
    since the previous subtotal: a row without a number that says so (Jumlah, Sub Total …) or, without a
    label, whose alokasi or realisasi is the sum of at least two rows above it. Linear in the rows."""
    found, group = {}, []
    for row in rows:
        if not clean_cell(row.nomor or "") and (_subtotal_label(row.uraian) or (
                not _has_label(row) and _adds_up(row, group))):
            found[id(row)] = group
            group = []
            continue
        group.append(row)
    return found


def _has_label(row):
    return bool(clean_cell(row.uraian or "")) and not _subtotal_label(row.uraian)


@rule(
    "EVAL-SUM-SUBTOTAL",
    "Tabel evaluasi BAB II: baris subtotal = jumlah baris di atasnya",
    "Baris subtotal di dalam tabel alokasi dan realisasi BAB II (tanpa nomor, berlabel Jumlah atau Sub Total) harus "
    "sama dengan jumlah baris di atasnya sejak subtotal sebelumnya, untuk alokasi dan realisasi (Rupiah). Baris "
    "tanpa nomor dan tanpa label yang nilainya sama dengan jumlah dua baris atau lebih di atasnya dikenali sebagai "
    "subtotal menurut jumlahnya; baris subtotal tidak ikut dijumlahkan ke baris Total (EVAL-SUM-TOTAL), sehingga "
    "tidak terhitung dua kali. Bila ada nilai yang tidak terbaca, perbandingan kolom itu dilewati. Diharapkan: "
    "jumlah baris di atasnya; ditemukan: subtotal yang tertulis.",
    "error", "evaluasi",
)
def eval_sum_subtotal(rule_, view):
    tables = [(e, t) for e in view.evaluations for t in e.tables]
    if not tables:
        raise NotApplicable("tidak ada evaluasi tahun lalu (BAB II)")
    for evaluation, table in tables:
        by_id = {id(r): r for r in table.rows}
        for row_id, parts in eval_subtotal_rows(table.rows).items():
            row = by_id[row_id]
            for key, field in EVAL_KEYS:
                found, state = amount(getattr(row, field), getattr(row, f"{field}_teks"))
                expected = rows_sum(parts, field)
                if state != "ok" or expected is None or expected == found:
                    continue
                label = clip(row.uraian, 60) or "subtotal"
                yield rule_.finding(
                    table.id,
                    f"Baris {label} ({key}) tabel {table_label(table)}, evaluasi {evaluation.tahun}, tertulis "
                    f"Rp {format_rupiah(found)}, tetapi jumlah {len(parts)} baris di atasnya sejak subtotal sebelumnya "
                    f"Rp {format_rupiah(expected)} ({selisih(found, expected)}).",
                    row=row.uraian or "subtotal", expected=expected, found=found,
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


@rule(
    "BELANJA-ANAK",
    "Tabel belanja: TOTAL BELANJA = jumlah subtotal kelompok yang tertulis",
    "Pada tabel belanja per rekening BAB II, TOTAL BELANJA (anggaran dan realisasi) harus sama dengan jumlah "
    "subtotal kelompok yang tertulis (BELANJA OPERASI, BELANJA MODAL …), bila subtotal itu mencakup semua rekening. "
    "Satu temuan untuk setiap ketidaksesuaian nyata: bila subtotal-subtotal itu sama dengan jumlah rekeningnya, "
    "TOTAL itu sendiri yang salah dan dilaporkan sekali oleh BELANJA-SUM; bila ada rekening yang tidak terbaca, "
    "BELANJA-SUM sudah membandingkan TOTAL dengan subtotal. Selain itu (TOTAL sama dengan rekening tetapi tidak "
    "dengan subtotal yang tertulis) temuan ini menyebut subtotal yang tidak sesuai dengan rekeningnya. Diharapkan: "
    "jumlah subtotal yang tertulis; ditemukan: TOTAL yang tertulis.",
    "error", "evaluasi",
)
def belanja_anak(rule_, view):
    if not any(e.spending for e in view.evaluations):
        raise NotApplicable("tidak ada tabel belanja per rekening (BAB II)")
    for evaluation in view.evaluations:
        if not evaluation.spending:
            continue
        codes = _account_codes(evaluation.spending)
        for table in dict.fromkeys(row.tabel for row in evaluation.spending):
            rows = [(row, code) for row, code in zip(evaluation.spending, codes) if row.tabel == table]
            statements = [s for s in evaluation.statements if s.table == table and s.key in SPENDING_KEYS]
            groups = {}
            for s in statements:
                group = _statement_group(s)
                if group:
                    groups.setdefault((s.key, group), s)
            for statement in statements:
                found = money(statement)
                if _statement_group(statement) != "" or found is None:
                    continue
                parts, _ = _total_from_subtotals(statement.key, groups, rows)
                field = SPENDING_KEYS[statement.key]
                cells = [amount(getattr(r, field), getattr(r, f"{field}_teks")) for r, _ in rows]
                if parts is None or parts == found or any(state == "unreadable" for _, state in cells):
                    continue
                accounts = sum(v or 0 for v, _ in cells)
                if parts == accounts:
                    continue  # the TOTAL's own error: BELANJA-SUM
                wrong = []
                for (key, group), s in sorted(groups.items()):
                    if key != statement.key:
                        continue
                    value = money(s)
                    total = sum(v or 0 for (v, _), (_, code) in zip(cells, rows) if _in_group(code, group))
                    if value is not None and value != total:
                        wrong.append(f"{s.row or group} {group} (tertulis Rp {format_rupiah(value)}, rekeningnya "
                                     f"Rp {format_rupiah(total)})")
                message = (f"{statement.row or 'TOTAL'} ({statement.key}) di {table}, evaluasi {evaluation.tahun}, tertulis "
                           f"Rp {format_rupiah(found)}, tetapi jumlah subtotal kelompok yang tertulis Rp {format_rupiah(parts)} "
                           f"({selisih(found, parts)}).")
                if accounts == found:
                    message += " TOTAL sama dengan jumlah rekeningnya: yang tidak sesuai adalah subtotalnya"
                else:
                    message += f" TOTAL juga tidak sama dengan jumlah rekeningnya (Rp {format_rupiah(accounts)}, BELANJA-SUM)"
                message += (": " + "; ".join(wrong) + ".") if wrong else "."
                yield rule_.finding(table, message, row=statement.row or None, expected=parts, found=found)


# --- statements of the plan's total outside T-C.33 (BAB IV, Tabel 4.1) ------------------------------------


PART_KEYS = ("total_pagu_n", "total_pagu_n1", "pagu_urusan", "pagu_non_urusan")


def _plan_figure(view, key):
    """What the whole plan computes for a statement key of PART_KEYS."""
    if key in ("pagu_urusan", "pagu_non_urusan"):
        penunjang = key == "pagu_non_urusan"
        return sum(p.total_n for p in view.programs if p.is_penunjang == penunjang)
    return view.total("pagu_n1" if key == "total_pagu_n1" else "pagu_n")


def part_rows(view):
    """ids of the statements of a plan figure (total, urusan, non urusan pagu) outside T-C.33 and T-C.31 that are
    the figure of a part, not of the plan: in a table whose several rows each state one (Tabel 4.1 with a row per
    unit), the rows other than the one that adds up the others (else the one labelled Jumlah or Total), or, without
    such a row, every row when together they add up to what the plan computes. CROSS-TOTAL and CROSS-URUSAN
    confront only the rest."""
    by_table = {}
    for s in view.statements:
        if s.table not in ("T-C.33", "T-C.31") and s.key in PART_KEYS and s.row:
            by_table.setdefault((s.table, s.key), {}).setdefault(s.row, s)
    parts = set()
    for (table, key), rows in by_table.items():
        if len(rows) < 2:
            continue
        values = {row: money(s) for row, s in rows.items()}
        if None in values.values():
            continue
        whole = sum(values.values())
        # the row that is the sum of the others (with two rows only, they are two units: no Jumlah row)
        totals = [row for row, value in values.items() if 2 * value == whole] if len(rows) > 2 else []
        if len(totals) != 1:  # none or several (a unit holding everything): the one labelled Jumlah / Total
            totals = [row for row in (totals or rows) if is_total_label(row)]
        if len(totals) == 1:
            parts.update(id(s) for row, s in rows.items() if row != totals[0])
        elif whole == _plan_figure(view, key):
            parts.update(id(s) for s in rows.values())
    return parts


# --- BAB II: a program table's rows against the detail tables of their kegiatan ---------------------------

PROGRAM_MATCH, PROGRAM_MARGIN, PROGRAM_DOUBT = 0.85, 0.03, 0.75


def _program_name(text):
    text = re.sub(r"^\s*[0-9a-z]{1,3}[.)]?\s+(?=program)", "", clean_cell(text or "").lower())
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def program_name_score(a, b):
    """How alike two program names are (0–1); a heading may shorten the name ("Program Pengelolaan Sistem Data
    Gender" for "… Data Gender dan Anak"), so the shorter is also compared with the start of the longer."""
    a, b = _program_name(a), _program_name(b)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    short, long_ = sorted((a, b), key=len)
    whole = difflib.SequenceMatcher(None, a, b).ratio()
    start = difflib.SequenceMatcher(None, short, long_[:len(short)]).ratio() if len(short.split()) >= 3 else 0.0
    return max(whole, start)


def program_tables(evaluation):
    """[(table, row, [detail tables])]: the rows of each table of programs (no heading, every row a program)
    with the tables of one kegiatan whose program heading names that row. A detail table goes to the row it
    names best, when clearly (≥ PROGRAM_MATCH and PROGRAM_MARGIN ahead of the next); a table that cannot be
    placed makes every row it might belong to unchecked."""
    details = [t for t in evaluation.tables if t.program and t.kegiatan]
    found = []
    for table in evaluation.tables:
        rows = [r for r in table.rows if clean_cell(r.uraian or "")]
        if table.program or table.kegiatan or not rows or not details or not all(
                _program_name(r.uraian).startswith("program") for r in rows):
            continue
        assigned, doubtful = {id(r): [] for r in rows}, set()
        for detail in details:
            scores = sorted(((program_name_score(detail.program, r.uraian), i) for i, r in enumerate(rows)),
                            reverse=True)
            best, second = scores[0], scores[1] if len(scores) > 1 else (0.0, None)
            if best[0] >= PROGRAM_MATCH and best[0] - second[0] >= PROGRAM_MARGIN:
                assigned[id(rows[best[1]])].append(detail)
            else:
                doubtful.update(id(rows[i]) for score, i in scores if score >= PROGRAM_DOUBT)
        found += [(table, r, assigned[id(r)]) for r in rows if assigned[id(r)] and id(r) not in doubtful]
    return found


def _detail_sums(details, key, field):
    """(computed, stated, [(detail, stated total, rows sum)]) over the detail tables: computed from their rows
    (subtotal rows left out), stated from their Total rows (a table without one counts by its rows); None when a
    value needed cannot be read."""
    computed, stated, each = 0, 0, []
    for detail in details:
        subtotals = eval_subtotal_rows(detail.rows)
        rows = rows_sum([r for r in detail.rows if id(r) not in subtotals], field)
        total = money(detail.total.get(key))
        written = total if total is not None else rows
        computed = None if computed is None or rows is None else computed + rows
        stated = None if stated is None or written is None else stated + written
        each.append((detail, total, rows))
    return computed, stated, each


def _program_rows(view):
    tables = [(e, t, r, d) for e in view.evaluations for t, r, d in program_tables(e)]
    if not tables:
        raise NotApplicable("tidak ada tabel program BAB II yang kegiatannya dirinci dalam tabel per kegiatan")
    for evaluation, table, row, details in tables:
        for key, field in EVAL_KEYS:
            found, state = amount(getattr(row, field), getattr(row, f"{field}_teks"))
            if state != "ok":
                continue
            computed, stated, each = _detail_sums(details, key, field)
            yield evaluation, table, row, details, key, found, computed, stated, each


def _program_where(evaluation, table, row, key):
    return (f"{key[0].upper()}{key[1:]} program '{clip(row.uraian, 70)}' di {table_label(table)}, evaluasi "
            f"{evaluation.tahun}")


@rule(
    "EVAL-SUM-PROGRAM",
    "Tabel program BAB II: alokasi program = jumlah baris tabel rincian kegiatannya",
    "Pada tabel per program BAB II (misalnya Tabel 2: setiap baris sebuah program), alokasi dan realisasi (Rupiah) "
    "setiap program harus sama dengan jumlah baris tabel-tabel rincian per kegiatan yang judul programnya menyebut "
    "program itu (dicocokkan menurut nama; tabel yang tidak jelas programnya membuat program yang mungkin "
    "dilewati). Pesan menyebut apakah angka program sama dengan jumlah baris Total tabel rinciannya (selisihnya "
    "lalu berasal dari tabel rincian yang Totalnya tidak sama dengan barisnya, EVAL-SUM-TOTAL) atau Total-total "
    "itu benar dan baris program ini yang perlu diperbaiki. Peringatan, karena keanggotaan tabel rincian "
    "disimpulkan dari judulnya. Diharapkan: jumlah baris tabel rincian; ditemukan: angka program.",
    "warning", "evaluasi",
)
def eval_sum_program(rule_, view):
    for evaluation, table, row, details, key, found, computed, stated, each in _program_rows(view):
        if computed is None or computed == found:
            continue
        names = ", ".join(d.id for d in details)
        message = (f"{_program_where(evaluation, table, row, key)} tertulis Rp {format_rupiah(found)}, tetapi jumlah "
                   f"baris {len(details)} tabel rincian kegiatannya ({names}) Rp {format_rupiah(computed)} "
                   f"({selisih(found, computed)}).")
        if stated == found:
            wrong = [f"{d.id} (Total Rp {format_rupiah(total)}, barisnya Rp {format_rupiah(rows)})"
                     for d, total, rows in each if total is not None and rows is not None and total != rows]
            if wrong:
                message += (" Angka program sama dengan jumlah Total tabel rinciannya: selisihnya berasal dari "
                            + "; ".join(wrong) + ".")
        elif stated == computed:
            message += " Total tabel-tabel rinciannya sama dengan barisnya: yang perlu diperbaiki adalah baris program ini."
        yield rule_.finding(table.id, message, row=row.uraian, expected=computed, found=found)


@rule(
    "EVAL-ANAK-PROGRAM",
    "Tabel program BAB II: alokasi program = jumlah Total tabel rincian kegiatannya",
    "Alokasi dan realisasi setiap program pada tabel per program BAB II harus sama dengan jumlah baris Total "
    "tabel-tabel rincian per kegiatannya (yang dipasangkan seperti pada EVAL-SUM-PROGRAM). Satu temuan untuk setiap "
    "ketidaksesuaian nyata: bila Total-total itu sama dengan baris-barisnya, baris program itu sendiri yang salah "
    "dan dilaporkan sekali oleh EVAL-SUM-PROGRAM; temuan ini muncul bila program dan Total rinciannya berbeda "
    "sementara Total rincian itu juga tidak sama dengan barisnya (atau barisnya tidak terbaca), dan menyebut "
    "tabelnya. Peringatan, seperti EVAL-SUM-PROGRAM. Diharapkan: jumlah Total tabel rincian; ditemukan: angka "
    "program.",
    "warning", "evaluasi",
)
def eval_anak_program(rule_, view):
    for evaluation, table, row, details, key, found, computed, stated, each in _program_rows(view):
        if stated is None or stated == found or stated == computed:
            continue
        wrong = [f"{d.id} (Total Rp {format_rupiah(total)}, barisnya Rp {format_rupiah(rows)})"
                 for d, total, rows in each if total is not None and rows is not None and total != rows]
        message = (f"{_program_where(evaluation, table, row, key)} tertulis Rp {format_rupiah(found)}, tetapi jumlah "
                   f"Total {len(details)} tabel rincian kegiatannya Rp {format_rupiah(stated)} ({selisih(found, stated)}).")
        if computed is None:
            message += " Jumlah baris tabel rinciannya tidak dapat dihitung (ada nilai yang tidak terbaca)."
        if wrong:
            message += " Tabel rincian yang Totalnya tidak sama dengan barisnya: " + "; ".join(wrong) + "."
        yield rule_.finding(table.id, message, row=row.uraian, expected=stated, found=found)

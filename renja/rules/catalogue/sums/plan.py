"""T-C.33: program, kegiatan, bidang and the plan's total rows against their sub kegiatan and against the rows
written right under them; unlabelled subtotal rows recognised by what they add up to; the plan's total as
other tables state it (BAB IV, Tabel 4.1)."""

from renja.core.codes import KodeError, parse_kode
from renja.core.numbers import clean_cell, format_rupiah
from renja.plans.view import LEVEL_LABELS, Node

from ...engine import NotApplicable, clip, rule
from ...readings import note_of, undecided
from .common import (
    TOTAL_KEYS,
    _keys,
    _what,
    amount,
    computed_total,
    has_money,
    is_total_label,
    money,
    selisih,
    total_label_kind,
    unread_keys,
)

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

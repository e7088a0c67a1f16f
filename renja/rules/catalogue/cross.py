"""Across tables: what one part of the document states against the plan (T-C.33, computed from the sub
kegiatan) and against the other parts: the plan's total (BAB IV, Tabel 4.1, T-C.31), urusan and non urusan,
T-C.31 against T-C.33 row by row, the ceiling, and the evaluated year's budget in BAB II.
"""

import re
from collections import Counter
from difflib import SequenceMatcher
from functools import lru_cache

from renja.core.codes import KodeError, parse_kode
from renja.core.numbers import format_rupiah
from renja.plans.view import LEVEL_LABELS

from ..engine import NotApplicable, rule, shared
from .rows import blank_note, blank_rows, program_of, within, without_blank_rows
from .sums import (
    amount,
    count,
    has_money,
    is_total_label,
    money,
    part_rows,
    selisih,
    table_label,
    tc31_total_statements,
    unreadable_subs,
)


def _places(statements):
    return ", ".join(dict.fromkeys(s.table for s in statements))


# --- the plan's total ------------------------------------------------------------------------------------


def total_statements(view):
    """Statements of the plan's total outside T-C.33: (statement, key of the computed total)."""
    found = []
    for s in view.statements:
        if s.table == "T-C.33":
            continue
        if s.key in ("total_pagu_n", "total_pagu_n1"):
            found.append((s, "pagu_n1" if s.key == "total_pagu_n1" else "pagu_n"))
    found += [(s, "pagu_n") for s in tc31_total_statements(view) if s.key == "pagu_kebutuhan"]
    parts = part_rows(view)  # a row of one unit in a table of several, not the plan's total
    return [(s, key) for s, key in found if money(s) is not None and id(s) not in parts]


def _where(statement):
    if statement.table == "T-C.31":
        return "Total T-C.31 (Hasil Analisis Kebutuhan)"
    return statement.table + (f" ({statement.row})" if statement.row and statement.table != "Tabel 4.1" else "")


@rule(
    "CROSS-TOTAL",
    "Total pagu rencana yang disebut di luar T-C.33 = jumlah pagu sub kegiatan",
    "Setiap penyebutan total pagu rencana di luar T-C.33 (BAB IV, Tabel 4.1, baris Total kebutuhan dana T-C.31, "
    "tahun n dan n+1) harus sama dengan jumlah pagu semua sub kegiatan T-C.33, dan karena itu sama satu dengan "
    "yang lain; pesan menyebutkan bagian dokumen lain yang menulis nilai berbeda. Bila rencana belum berisi pagu "
    "sub kegiatan, penyebutan-penyebutan itu dibandingkan satu dengan yang lain saja (diharapkan: nilai yang "
    "paling banyak disebut). Tabel yang menulis total per baris untuk beberapa baris (Tabel 4.1 per unit): baris yang "
    "menjumlah ke baris lain (baris Jumlah), atau semua barisnya bila bersama-sama sama dengan total rencana, adalah "
    "bagian, bukan total rencana; baris T-C.31 tanpa label yang merupakan subtotal juga tidak dibandingkan. "
    "Dokumen yang menyebut total berbeda-beda tidak dapat diverifikasi Bappeda. Baris "
    "T-C.33 yang kosong (BARIS-KOSONG) tidak memperbesar selisih: bila T-C.31 memuat baris yang sama, baris itu "
    "dihitung menurut kebutuhan dananya di T-C.31, dan bila selisihnya habis karenanya tidak ada temuan di sini "
    "(baris kosong itulah temuannya); baris kosong yang tidak dinilai tabel lain membuat selisih ke atas hanya "
    "peringatan. Diharapkan: jumlah yang dihitung (dengan baris kosong menurut T-C.31); ditemukan: total yang "
    "tertulis.",
    "error", "renja",
)
def cross_total(rule_, view):
    stated = total_statements(view)
    if not stated:
        raise NotApplicable("dokumen tidak menyebut total pagu rencana di luar T-C.33")
    if has_money(view):
        unreadable = unreadable_subs(view.programs)
        blanks = blank_rows(view)
        for statement, key in stated:
            found = money(statement)
            computed = view.total_n1 if key == "pagu_n1" else view.total_n
            if found == computed:
                continue
            # T-C.31 values year n only: for n+1 the blank rows are left unvalued
            gap = _without_blanks(found, computed, *((blanks, []) if key == "pagu_n" else ([], blanks)))
            if gap is None:
                continue  # the blank rows are the whole gap: BARIS-KOSONG reports them
            expected, note, severity = gap
            tahun = view.tahun + 1 if key == "pagu_n1" else view.tahun
            message = (f"{_where(statement)} menyebut total pagu {tahun} Rp {format_rupiah(found)}, tetapi jumlah pagu "
                       f"seluruh sub kegiatan T-C.33 Rp {format_rupiah(computed)}{note} ({selisih(found, expected)}).")
            others = [s for s, k in stated if k == key and s is not statement]
            same = [s for s in others if money(s) == found]
            different = [s for s in others if money(s) != found]
            if same:
                message += f" Nilai yang sama ditulis di {_places(same)}."
            if different:
                message += " Bagian lain menulis nilai berbeda: " + "; ".join(
                    f"{_where(s)} Rp {format_rupiah(money(s))}" for s in different) + "."
            if unreadable:
                message += f" ({len(unreadable)} sub kegiatan pagunya tidak terbaca dan tidak ikut dijumlahkan.)"
            yield rule_.finding(statement.table, message, row=statement.row or "total pagu", expected=expected,
                                found=found, severity=severity)
        return
    # No money in the plan: the statements only against each other.
    for key in ("pagu_n", "pagu_n1"):
        group = [s for s, k in stated if k == key]
        values = Counter(money(s) for s in group)
        if len(values) < 2:
            continue
        reference = max(values, key=lambda v: (values[v], -[money(s) for s in group].index(v)))
        for statement in group:
            found = money(statement)
            if found != reference:
                agreeing = [s for s in group if money(s) == reference]
                yield rule_.finding(
                    statement.table,
                    f"{_where(statement)} menyebut total pagu Rp {format_rupiah(found)}, sedangkan {_places(agreeing)} "
                    f"menyebut Rp {format_rupiah(reference)} ({selisih(found, reference)}).",
                    row=statement.row or "total pagu", expected=reference, found=found,
                )


def _without_blanks(found, computed, blanks, unvalued_only):
    """A stated figure against a sum of T-C.33 that has blank rows: (expected, note for the message, severity),
    the expected sum counting each blank row at its value in T-C.31; None when the blank rows are the whole gap.
    `unvalued_only`: blank rows no table values for this figure (pagu n+1: T-C.31 has year n only)."""
    expected, valued, unvalued = without_blank_rows(computed, blanks)
    unvalued += unvalued_only
    if not valued and not unvalued:
        return expected, "", None
    if found == expected and valued:
        return None
    note = "; " + blank_note(valued, unvalued, expected)
    # Blank rows no table values can only have added money: a figure above the sum may be theirs (undecided).
    severity = "warning" if unvalued and found > expected else None
    return expected, note, severity


# --- urusan and non urusan -------------------------------------------------------------------------------

URUSAN_KEYS = {"pagu_urusan": False, "pagu_non_urusan": True}  # key → Program Penunjang?


@rule(
    "CROSS-URUSAN",
    "Pagu urusan / non urusan yang disebut = pagu rencana",
    "Pagu urusan dan pagu non urusan yang disebut dokumen (Tabel 4.1, BAB IV …) harus sama dengan jumlah pagu sub "
    "kegiatan T-C.33 program-program itu: non urusan adalah Program Penunjang Urusan Pemerintahan Daerah (program "
    "nomor 01; dikenali dari namanya bila kodenya tidak terbaca), urusan adalah program lainnya. Pada tabel yang "
    "menulisnya per baris untuk beberapa baris (Tabel 4.1 per unit), baris bagian tidak dibandingkan dengan "
    "rencana (lihat CROSS-TOTAL); baris Jumlahnya dibandingkan. Jumlah program, "
    "kegiatan dan sub kegiatan urusan / non urusan diperiksa aturan COUNT-*. Rekapitulasi ini dipakai untuk "
    "menilai porsi belanja rutin terhadap belanja urusan. Baris T-C.33 yang kosong dihitung seperti pada "
    "CROSS-TOTAL (menurut kebutuhan dananya di T-C.31). Diharapkan: jumlah yang dihitung; ditemukan: pagu "
    "yang tertulis.",
    "error", "renja",
)
def cross_urusan(rule_, view):
    statements = [s for s in view.statements if s.key in URUSAN_KEYS]
    if not statements:
        raise NotApplicable("dokumen tidak menyebut pagu urusan atau non urusan")
    if not has_money(view):
        raise NotApplicable("T-C.33 belum berisi pagu sub kegiatan")
    parts = part_rows(view)  # a row of one unit in a table of several (Tabel 4.1 per unit)
    blanks = blank_rows(view)
    for statement in statements:
        penunjang = URUSAN_KEYS[statement.key]
        found = money(statement)
        if found is None or id(statement) in parts:
            continue
        computed = sum(p.total_n for p in view.programs if p.is_penunjang == penunjang)
        if found == computed:
            continue
        gap = _without_blanks(found, computed, [b for b in blanks if program_of(b.node).is_penunjang == penunjang], [])
        if gap is None:
            continue  # the blank rows are the whole gap: BARIS-KOSONG reports them
        expected, note, severity = gap
        group = "non urusan (Program Penunjang)" if penunjang else "urusan"
        yield rule_.finding(
            statement.table,
            f"{statement.table} menyebut pagu {group} Rp {format_rupiah(found)}, tetapi jumlah pagu sub kegiatan program "
            f"{group} di T-C.33 Rp {format_rupiah(computed)}{note} ({selisih(found, expected)}).",
            row=statement.row or None, expected=expected, found=found, severity=severity,
        )


URUSAN_TRIPLES = (
    ("pagu_urusan", "pagu_non_urusan", "total_pagu_n", "pagu"),
    ("jumlah_program_urusan", "jumlah_program_non_urusan", "jumlah_program", "jumlah program"),
    ("jumlah_kegiatan_urusan", "jumlah_kegiatan_non_urusan", "jumlah_kegiatan", "jumlah kegiatan"),
    ("jumlah_sub_kegiatan_urusan", "jumlah_sub_kegiatan_non_urusan", "jumlah_sub_kegiatan",
     "jumlah sub kegiatan"),
)


@rule(
    "CROSS-URUSAN-TOTAL",
    "Urusan + non urusan = jumlah keduanya (dalam satu tabel)",
    "Dalam satu tabel atau kalimat (misalnya satu baris Tabel 4.1), pagu urusan ditambah pagu non urusan harus "
    "sama dengan pagu urusan dan non urusan yang tertulis; demikian pula jumlah program, kegiatan dan sub "
    "kegiatan. Tabel yang tidak menjumlah dengan benar pasti salah di salah satu selnya. Diharapkan: urusan + "
    "non urusan yang tertulis; ditemukan: jumlah yang tertulis.",
    "error", "dokumen",
)
def cross_urusan_total(rule_, view):
    by_place = {}
    for s in view.statements:
        by_place.setdefault((s.table, s.row), {}).setdefault(s.key, s)
    checked = False
    for (table, row), keys in by_place.items():
        for urusan_key, non_key, total_key, what in URUSAN_TRIPLES:
            if not all(k in keys for k in (urusan_key, non_key, total_key)):
                continue
            read = money if what == "pagu" else count
            urusan, non_urusan, found = (read(keys[k]) for k in (urusan_key, non_key, total_key))
            if None in (urusan, non_urusan, found):
                continue
            checked = True
            expected = urusan + non_urusan
            if expected == found:
                continue
            show = format_rupiah if what == "pagu" else str
            prefix = "Rp " if what == "pagu" else ""
            yield rule_.finding(
                table,
                f"{table}: {what} urusan dan non urusan tertulis {prefix}{show(found)}, tetapi urusan "
                f"{prefix}{show(urusan)} + non urusan {prefix}{show(non_urusan)} = {prefix}{show(expected)}"
                + (f" ({selisih(found, expected)})." if what == "pagu" else "."),
                row=row or None, expected=expected, found=found,
            )
    if not checked:
        raise NotApplicable("tidak ada tabel yang menyebut urusan, non urusan dan jumlah keduanya")


# --- T-C.31 against T-C.33 -------------------------------------------------------------------------------

_STOPWORDS = {"dan", "yang", "di", "pada", "dalam", "serta", "bagi", "untuk", "dengan", "ke", "dari", "atau"}
_LEVEL_WORDS = ("program", "kegiatan")
_CODE_PREFIX = re.compile(r"^\s*([0-9X](?:\.[0-9X]{1,4}){2,5})\s+(.*)$", re.IGNORECASE | re.DOTALL)


def name_words(text):
    """A name as comparable words: lower case, words broken at a line end joined, "Kab" spelled out,
    punctuation removed, a leading "program" / "kegiatan" / "sub kegiatan" dropped."""
    text = (text or "").lower()
    text = re.sub(r"(\w)-\s+(\w)", r"\1\2", text)
    text = re.sub(r"\bkab\b\.?", "kabupaten ", text)
    words = re.sub(r"[^0-9a-z]+", " ", text).split()
    while words and (words[0] in ("sub",) or _fuzzy(words[0], _LEVEL_WORDS)):
        words = words[1:]
    return words


def _fuzzy(word, candidates, at_least=0.85):
    return any(word == c or (len(word) >= 5 and _similar_word(word, c, at_least)) for c in candidates)


@lru_cache(maxsize=65536)  # the same words meet again and again when a plan's names are compared
def _similar_word(word, candidate, at_least):
    return SequenceMatcher(None, word, candidate).ratio() >= at_least


def _comparable(text):
    """(words, the words joined, the words that are not stop words) of a name: what name_similarity compares."""
    words = name_words(text)
    return words, "".join(words), [w for w in words if w not in _STOPWORDS]


def name_similarity(a, b):
    """1.0 for the same name (case, spaces, punctuation, a "PROGRAM " prefix aside); else the better of the
    similarity of the two names and the share of the shorter name's words found in the longer one."""
    return _similarity(_comparable(a), _comparable(b))


def _similarity(a, b, at_least=None, matcher=None):
    """name_similarity of two _comparable names. With `at_least`, a score below it may come back as 0.0
    without being computed (SequenceMatcher's quick bounds discard most pairs cheaply); `matcher` is a
    SequenceMatcher whose second sequence is b's joined words (reused: it indexes that sequence)."""
    (wa, ka, content_a), (wb, kb, content_b) = a, b
    if not wa or not wb:
        return 0.0
    if ka == kb:
        return 1.0
    if matcher is None:
        matcher = SequenceMatcher(None, "", kb, autojunk=False)
    matcher.set_seq1(ka)
    short, long_ = sorted((content_a, content_b), key=len)
    # A name cut short (a PDF lost its end, or one table writes the short form): every word of the shorter
    # name, at least two of them, is in the longer one. The more of the longer name it covers, the better.
    if len(short) >= 2 and all(_fuzzy(w, long_) for w in short):
        return max(matcher.ratio(), 0.86 + 0.13 * len(short) / len(long_))
    if at_least is not None and (matcher.real_quick_ratio() < at_least or matcher.quick_ratio() < at_least):
        return 0.0  # the ratio is at most these bounds
    return matcher.ratio()


MATCH_AT_LEAST = 0.85


def _row_names(row):
    return [n for n in (row.kebutuhan.nama, row.rancangan.nama) if n]


def _row_code(row):
    for text in [row.nomor, *_row_names(row)]:
        match = _CODE_PREFIX.match(text or "")
        candidate = match.group(1) if match else (text or "").strip()
        if candidate.count(".") >= 2:
            try:
                return str(parse_kode(candidate))
            except KodeError:
                continue
    return None


def match_review(view):
    """Pairs (T-C.31 row, T-C.33 node) of the same level, each matched at most once: by code, then the
    Program Penunjang by what marks it on each side, then by name (best similarity first)."""
    pairs = {}
    used = set()
    for level in ("program", "kegiatan", "sub_kegiatan"):
        rows = [r for r in view.review if r.tingkat == level]
        nodes = list(view.nodes(level))
        by_code = {n.kode: n for n in nodes if n.kode}
        for row in rows:
            node = by_code.get(_row_code(row))
            if node is not None and id(node) not in used:
                pairs[id(row)] = node
                used.add(id(node))
        if level == "program":
            penunjang_rows = [r for r in rows if id(r) not in pairs and any(
                "penunjang urusan" in " ".join(name_words(n)) for n in _row_names(r))]
            penunjang_nodes = [n for n in nodes if id(n) not in used and n.is_penunjang]
            if len(penunjang_rows) == 1 and len(penunjang_nodes) == 1:
                pairs[id(penunjang_rows[0])] = penunjang_nodes[0]
                used.add(id(penunjang_nodes[0]))
        # Every name read once as comparable words (reading is regex work; the passes below compare it often).
        node_names = {id(n): _comparable(n.nama) for n in nodes if n.nama and id(n) not in used}
        row_names = {id(r): [_comparable(name) for name in _row_names(r)] for r in rows if id(r) not in pairs}
        # Same name (as comparable words) first: cheap, and on a consistent plan it pairs every row, so the
        # fuzzy pass below only sees the few rows whose names really differ.
        by_name = {}
        for node in nodes:
            if id(node) in node_names:
                by_name.setdefault(node_names[id(node)][1], []).append(node)
        for row in rows:
            if id(row) in pairs:
                continue
            for name in row_names[id(row)]:
                node = next((n for n in by_name.get(name[1], []) if id(n) not in used), None)
                if node is not None:
                    pairs[id(row)] = node
                    used.add(id(node))
                    break
        # Every remaining row against every remaining node, best similarity first. A pair is first bounded
        # cheaply (lengths, letters: SequenceMatcher's quick ratios), so only near names are really compared.
        remaining = [(i, row, row_names[id(row)]) for i, row in enumerate(rows) if id(row) not in pairs]
        scored = []
        for j, node in enumerate(nodes):
            if id(node) in used or not node.nama or not remaining:
                continue
            name = node_names[id(node)]
            matcher = SequenceMatcher(None, "", name[1], autojunk=False)
            for i, row, names in remaining:
                score = max((_similarity(n, name, MATCH_AT_LEAST, matcher) for n in names), default=0)
                if score >= MATCH_AT_LEAST:
                    scored.append((-score, i, j, row, node))
        for _, _, _, row, node in sorted(scored, key=lambda t: t[:3]):
            if id(row) not in pairs and id(node) not in used:
                pairs[id(row)] = node
                used.add(id(node))
    return pairs


def _node_pagu(node):
    """The T-C.33 pagu of a node for year n: computed for programs and kegiatan, as entered for a sub
    kegiatan; None when a pagu under it cannot be read."""
    if unreadable_subs([node]):
        return None
    return node.total_n


@rule(
    "CROSS-TC31-TC33",
    "T-C.31 kebutuhan dana = pagu T-C.33",
    "Pagu sisi Hasil Analisis Kebutuhan (kebutuhan dana) setiap program, kegiatan dan sub kegiatan di T-C.31 harus "
    "sama dengan pagu program, kegiatan atau sub kegiatan yang sama di T-C.33 (dihitung dari pagu sub kegiatan). "
    "Baris dipasangkan menurut kode, lalu menurut nama (huruf besar/kecil, spasi, tanda baca, kata \"PROGRAM\" di "
    "depan dan salah ketik kecil diabaikan); Program Penunjang dipasangkan dengan program 01. Baris T-C.31 berpagu "
    "yang tidak ditemukan di T-C.33 dilaporkan sebagai info. Baris yang kosong di T-C.33 (BARIS-KOSONG; baris tanpa "
    "nama dipasangkan menurut letaknya di antara baris yang cocok) tidak dibandingkan: BARIS-KOSONG melaporkannya "
    "dengan kebutuhan dananya, dan pada baris induknya baris itu dihitung menurut T-C.31. Hasil analisis kebutuhan adalah dasar rencana: "
    "angkanya harus sama dengan yang direncanakan. Diharapkan: pagu T-C.33; ditemukan: kebutuhan dana T-C.31.",
    "error", "program",
)
def cross_tc31_tc33(rule_, view):
    if not view.review:
        raise NotApplicable("T-C.31 (reviu Rancangan Awal RKPD) tidak ada")
    if not has_money(view):
        raise NotApplicable("T-C.33 belum berisi pagu sub kegiatan")
    pairs = shared(view, "cross.match_review", match_review)  # the tables family pairs T-C.31 the same way
    blanks = blank_rows(view)
    blank_nodes = {id(b.node) for b in blanks}
    blank_sources = {id(b.row) for b in blanks if b.row is not None}
    for row in view.review:
        found, state = amount(row.kebutuhan.pagu, row.kebutuhan.pagu_teks)
        if state != "ok":
            continue
        level = LEVEL_LABELS.get(row.tingkat, row.tingkat)
        node = pairs.get(id(row))
        if (node is not None and id(node) in blank_nodes) or id(row) in blank_sources:
            continue  # the row is blank in T-C.33: BARIS-KOSONG reports it, with this need
        if node is None:
            if found:
                yield rule_.finding(
                    "T-C.31",
                    f"{level.capitalize()} '{row.label}' (kebutuhan dana Rp {format_rupiah(found)}) tidak ditemukan di "
                    f"T-C.33 menurut kode maupun namanya; kebutuhan dananya tidak dapat dibandingkan.",
                    row=row.label, found=found, severity="info",
                )
            continue
        expected = computed = _node_pagu(node)
        if expected is None or expected == found:
            continue
        inner = [b for b in blanks if within(b.node, node)]
        note = ""
        if inner:  # blank rows below: counted at their T-C.31 need, they do not widen the gap
            expected, valued, unvalued = without_blank_rows(computed, inner)
            if expected == found and valued:
                continue
            note = "; " + blank_note(valued, unvalued, expected)
        message = (f"Kebutuhan dana {level} '{row.label}' di T-C.31 Rp {format_rupiah(found)}, tetapi pagu {level} itu di "
                   f"T-C.33 ({node.code or node.label}) Rp {format_rupiah(computed)}{note} ({selisih(found, expected)}).")
        stated = money(node.stated.get("pagu_n"))
        if stated is not None and stated == found:
            message += (f" Nilai T-C.31 sama dengan pagu yang tertulis pada baris {level} T-C.33, yang tidak sama "
                        "dengan jumlah sub kegiatannya.")
        yield rule_.finding("T-C.31", message, code=node.code, row=row.label, expected=expected, found=found)


# --- the ceiling -----------------------------------------------------------------------------------------


@rule(
    "CROSS-PLAFON",
    "Pagu rencana tidak melebihi pagu indikatif (plafon)",
    "Jumlah pagu tahun n seluruh sub kegiatan tidak boleh melebihi pagu indikatif (plafon) yang ditetapkan "
    "Bappeda untuk Perangkat Daerah pada tahun itu. Bila jumlah yang dihitung tidak melebihinya tetapi dokumen "
    "menyebut total pagu rencana di atas plafon (BAB IV, Tabel 4.1, T-C.33, kebutuhan dana T-C.31), hal itu "
    "dilaporkan. Renja yang melampaui plafon tidak dapat diakomodasi dalam RKPD. Diharapkan: plafon; "
    "ditemukan: total pagu.",
    "error", "renja",
)
def cross_plafon(rule_, view):
    if view.ceiling is None:
        raise NotApplicable(f"pagu indikatif (plafon) {view.tahun} untuk Perangkat Daerah ini belum dimasukkan")
    ceiling = view.ceiling
    if has_money(view) and view.total_n > ceiling:
        yield rule_.finding(
            "T-C.33",
            f"Jumlah pagu {view.tahun} seluruh sub kegiatan Rp {format_rupiah(view.total_n)} melebihi pagu indikatif "
            f"(plafon) Rp {format_rupiah(ceiling)} (lebih Rp {format_rupiah(view.total_n - ceiling)}).",
            row="total pagu", expected=ceiling, found=view.total_n,
        )
        return
    stated = [s for s in view.statements if s.key == "total_pagu_n"]
    stated += [s for s in tc31_total_statements(view) if s.key == "pagu_kebutuhan"]
    above = [s for s in stated if money(s) is not None and money(s) > ceiling]
    if not above:
        return
    values = Counter(money(s) for s in above)
    found = max(values, key=lambda v: (values[v], v))
    where = _places([s for s in above if money(s) == found])
    message = (f"Dokumen menyebut total pagu {view.tahun} Rp {format_rupiah(found)} ({where}), melebihi pagu indikatif "
               f"(plafon) Rp {format_rupiah(ceiling)} (lebih Rp {format_rupiah(found - ceiling)}).")
    others = [v for v in values if v != found]
    if others:
        message += " Juga disebut: " + "; ".join(
            f"Rp {format_rupiah(v)} ({_places([s for s in above if money(s) == v])})" for v in sorted(others)) + "."
    if has_money(view):
        message += f" Jumlah pagu sub kegiatan T-C.33 sendiri Rp {format_rupiah(view.total_n)}."
    first = next(s for s in above if money(s) == found)
    yield rule_.finding(first.table, message, row="total pagu", expected=ceiling, found=found)


# --- BAB II: the evaluated year's budget -----------------------------------------------------------------


def _prose_budget(evaluation):
    """Statements of the evaluated year's budget in the prose (not a table, not a part of the budget)."""
    tables = {t.id for t in evaluation.tables} | {s.tabel for s in evaluation.spending}
    return [s for s in evaluation.statements
            if s.key == "alokasi" and s.table not in tables and not s.row and not s.code and money(s) is not None]


def _whole_totals(evaluation):
    """(table, label, amount) of the totals that cover the whole agency: evaluation tables that belong to no
    program or kegiatan, and the total rows of the spending tables."""
    totals = []
    for table in evaluation.tables:
        if table.program or table.kegiatan:
            continue
        value = money(table.total.get("alokasi"))
        if value is not None:
            totals.append((table.id, f"Total alokasi tabel {table_label(table)}", value))
    for name in dict.fromkeys(s.tabel for s in evaluation.spending):
        for s in evaluation.statements:
            if s.table == name and s.key == "alokasi" and not s.code and is_total_label(s.row):
                value = money(s)
                if value is not None:
                    totals.append((name, f"{s.row} {name}", value))
                    break
    return totals


@rule(
    "CROSS-EVAL-PAGU",
    "Pagu tahun evaluasi: uraian BAB II = total tabel evaluasi dan tabel belanja",
    "Pagu anggaran tahun yang dievaluasi yang disebut dalam uraian BAB II harus sama dengan total alokasi setiap "
    "tabel evaluasi yang mencakup seluruh Perangkat Daerah (bukan tabel satu program atau kegiatan) dan dengan "
    "TOTAL BELANJA tabel belanja per rekening. Nilai yang tidak terbaca dilewati. Evaluasi yang memakai pagu "
    "berbeda-beda menghasilkan persentase realisasi yang tidak dapat dibandingkan. Diharapkan: pagu menurut "
    "uraian BAB II; ditemukan: total tabel.",
    "error", "evaluasi",
)
def cross_eval_pagu(rule_, view):
    if not view.evaluations:
        raise NotApplicable("tidak ada evaluasi tahun lalu (BAB II)")
    prose_found = False
    for evaluation in view.evaluations:
        prose = _prose_budget(evaluation)
        if not prose:
            continue
        prose_found = True
        for statement in prose:
            stated = money(statement)
            for table, label, value in _whole_totals(evaluation):
                if value != stated:
                    yield rule_.finding(
                        table,
                        f"{label} Rp {format_rupiah(value)}, sedangkan uraian {statement.table} menyebut pagu "
                        f"{evaluation.tahun} Rp {format_rupiah(stated)} ({selisih(value, stated)}).",
                        row="Total", expected=stated, found=value,
                    )
    if not prose_found:
        raise NotApplicable("uraian BAB II tidak menyebut pagu tahun yang dievaluasi")


STAGE_LABELS = {"rancangan_awal": "Rancangan Awal RKPD", "rancangan": "Rancangan Renja", "final": "Renja Final",
                "perubahan": "Renja Perubahan"}


@rule(
    "CROSS-TAHAP",
    "Pagu sama dengan tahap lain Renja yang sama",
    "Bila tahap lain dari Renja perangkat daerah dan tahun yang sama tersimpan (mis. Rancangan Awal RKPD di "
    "samping Renja Final), pagu setiap program dan total rencana dibandingkan dengan tahap itu. Perbedaan bukan "
    "selalu salah (Renja dapat berubah antartahap), tetapi harus disadari dan dijelaskan: peringatan. Program "
    "dicocokkan dengan kodenya. Nilai yang diharapkan adalah pagu pada tahap lain; yang ditemukan adalah pagu "
    "rencana ini (keduanya dihitung dari sub kegiatan).",
    "warning", "program",
)
def cross_tahap(rule_, view):
    if not view.other_stages:
        raise NotApplicable("tidak ada tahap lain dari Renja perangkat daerah dan tahun yang sama di basis data")
    for stage, figures in sorted(view.other_stages.items()):
        label = STAGE_LABELS.get(stage, stage)
        for program in view.programs:
            if not program.kode or program.kode not in figures["program"]:
                continue
            other_n, _ = figures["program"][program.kode]
            if other_n != program.total_n:
                yield rule_.finding(
                    "T-C.33",
                    f"Pagu {view.tahun} program {program.label} Rp {format_rupiah(program.total_n)}, sedangkan pada "
                    f"{label} Rp {format_rupiah(other_n)} (selisih Rp {format_rupiah(abs(other_n - program.total_n))}).",
                    code=program.code, row=program.label, expected=other_n, found=program.total_n)
        other_total = figures["total"][0]
        if other_total != view.total_n:
            yield rule_.finding(
                "T-C.33",
                f"Total pagu {view.tahun} Rp {format_rupiah(view.total_n)}, sedangkan pada {label} "
                f"Rp {format_rupiah(other_total)}.",
                row="TOTAL", expected=other_total, found=view.total_n)

"""The same row in two tables: a program, kegiatan, sub kegiatan or spending account that one year's tables
write more than once must carry the same figures in each.

- TABEL-EVAL: the evaluated year (BAB II): a summary table and a detail table, Tabel 1 and Tabel 3, Tabel 2, the
  Total rows of the whole agency; columns alokasi, realisasi Rp and %, target, fisik, keuangan.
- TABEL-TARGET: the plan's year: T-C.31's Hasil Analisis Kebutuhan against T-C.33, indicator targets.
- TABEL-PERNYATAAN: the pagu n / n+1 of a row that another part of the document states, against T-C.33.
- TABEL-KOSONG: a row blank in one table that another table fills: one warning for the row, not one per column.

Rows are matched by code, else by their name normalised (case, spaces, punctuation, a leading number
"1." / "a." and a leading "Program" / "Kegiatan" aside), within one year and one level; a name written twice in
one table matches nothing (it cannot be told which row is meant); a detail table's Total whose kegiatan name has
a typo is paired with the most similar summary row left. Each column both rows write is compared: one finding
per row and column that differs from the value most tables write (the first table's on a tie), naming both
tables and both rows. A cell left blank is no value and never compared; a cell that cannot be read is skipped
here (the rules on number formats report it). Targets are compared only with targets of the same unit.

Pairs other rules already compare are left to them: T-C.31's kebutuhan dana against T-C.33 (CROSS-TC31-TC33,
whose row pairs this family reuses), each Total alokasi against the budget BAB II states (CROSS-EVAL-PAGU), and
a summary row's percentages against the detail table it summarises (PCT-WEIGHTED). Everything is indexed once per
check (engine.shared): dictionaries by key, no search of every row against every row.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from renja.core.codes import KodeError, parse_kode
from renja.core.numbers import clean_cell, format_decimal, format_rupiah, is_blank
from renja.core.targets import parse_target
from renja.plans.view import EvaluationTable, RealisationRow

from ..engine import NotApplicable, clip, rule, shared
from .cross import _prose_budget, name_words
from .percentages import NAME_MATCH, _sum_alokasi, is_program_table, similar, statement_amount
from .sums import OTHER_KEYS, _what, amount, has_money, money, unreadable_subs

MONEY = ("alokasi", "realisasi")
COLUMN_LABELS = {
    "alokasi": "alokasi dana",
    "realisasi": "realisasi (Rp)",
    "target": "target",
    "fisik": "realisasi fisik",
    "keuangan": "realisasi keuangan",
    "persen": "persentase realisasi",
}
PERCENT_COLUMNS = ("fisik", "keuangan", "persen")
LEVEL_WORDS = {"program": "program", "kegiatan": "kegiatan", "sub_kegiatan": "sub kegiatan", "akun": "rekening",
               "total": "total"}
TOTAL = "total"  # the key of the rows that total the whole agency
_NUMBERING = re.compile(r"^\s*(?:(?:[0-9]{1,2}|[a-z]|[ivx]{1,4})[.)]\s*)+", re.IGNORECASE)


def name_key(text):
    """A name as the tables' rows are matched: leading numbering ("1.", "a.", "2.1.") dropped, case, spaces and
    punctuation aside (spaces too), words broken at a line end joined, a leading "Program" / "Kegiatan" / "Sub Kegiatan"
    dropped. Empty for no name."""
    text = _NUMBERING.sub("", clean_cell(text or ""))
    return "".join(name_words(text))  # without spaces: "Nonpemerintah" and "Non Pemerintah" are one word


@dataclass(eq=False)
class Entry:
    """One row of one table as this family compares it."""

    table: str  # the table's id, as findings name it
    label: str  # the row as a message shows it
    key: str  # its name_key (or TOTAL)
    level: str | None  # program, kegiatan, sub_kegiatan, akun, total; None: not known
    values: dict = field(default_factory=dict)  # column → (value, text): cells written and readable
    written: bool = False  # some cell written (readable or not)
    source: object = None  # the evaluation row or table it comes from (to know the pairs other rules cover)
    name: str = ""  # the name as written (for the match by a similar name)
    similar: bool = False  # matched by a similar name, not the same one
    summary_is_program_table: bool = False  # a row of a table that lists programs only

    @property
    def where(self):
        return f"{self.table} (baris “{clip(self.label, 70)}”)"


def _put(entry, column, value, text, kind):
    """Record one cell: money read as amounts (a dash is 0), percentages and targets as written."""
    if kind == "money":
        read, state = amount(value, text)
        if state != "blank":
            entry.written = True
        if state == "ok":
            entry.values[column] = (read, clean_cell(text or "") or format_rupiah(read))
        return
    text = clean_cell(text or "")
    if value is None and (is_blank(text) or text in ("-", "–", "—")):
        return
    entry.written = True
    if value is not None:
        entry.values[column] = (Decimal(value), text)


def _row_entry(table_id, row, level):
    entry = Entry(table=table_id, label=f"{row.nomor or ''} {row.uraian or ''}".strip(), key=name_key(row.uraian),
                  level=level, source=row, name=row.uraian)
    if row.triwulan and entry.key:  # one quarter of the row: the same quarter elsewhere is the same row
        entry.key += f"#TW{row.triwulan}"
        entry.label += f" (triwulan {row.triwulan})"
    for column in MONEY:
        _put(entry, column, getattr(row, column), getattr(row, f"{column}_teks"), "money")
    _put(entry, target_column(row.target_teks), row.target, row.target_teks, "percent")
    for column in PERCENT_COLUMNS:
        _put(entry, column, getattr(row, column), getattr(row, f"{column}_teks"), "percent")
    return entry


def target_column(text):
    """Targets are compared only with targets of the same unit ("9 kegiatan" is no "100" %): the column of a
    target with a unit other than % is "target (<unit>)"."""
    unit = " ".join((parse_target(text or "").satuan or "").lower().split())
    return "target" if unit in ("", "%", "persen") else f"target ({unit})"


def column_label(column):
    return COLUMN_LABELS.get(column) or COLUMN_LABELS[column.split(" (")[0]] + column[len(column.split(" (")[0]):]


def _statement_entry(table_id, label, key, level, statements, source=None):
    """An entry from the statements of one row (a Total row, a group row of a spending table)."""
    entry = Entry(table=table_id, label=label, key=key, level=level, source=source)
    for s in statements:
        column = "persen" if s.key == "persen_realisasi" else s.key
        if column == "target":
            column = target_column(s.text)
        if column in MONEY:
            value = money(s)
            entry.written = entry.written or not is_blank(s.text or "") or s.value is not None
            if value is not None:
                entry.values[column] = (value, clean_cell(s.text or "") or format_rupiah(value))
        elif column.split(" (")[0] in COLUMN_LABELS:
            _put(entry, column, s.value, s.text, "percent")
    return entry


def _whole_row_level(name):
    return "program" if clean_cell(name or "").lower().startswith("program") else None


PERFORMANCE_TITLE = re.compile(r"sasaran|tujuan|kinerja|\biku\b", re.IGNORECASE)


def evaluation_entries(evaluation):
    """Every row of one evaluation's tables that a row of another table may repeat."""
    entries = []
    for table in evaluation.tables:
        if table.kegiatan:  # one kegiatan: its rows are sub kegiatan, its Total row is the kegiatan
            entries += [_row_entry(table.id, r, "sub_kegiatan") for r in table.rows if r.uraian]
            if table.total:
                entry = _statement_entry(table.id, "Total", name_key(table.kegiatan),
                                         "kegiatan", table.total.values(), table)
                entry.name = table.kegiatan
                entries.append(entry)
            elif len([r for r in table.rows if r.uraian]) == 1 and not entries[-1].source.triwulan:
                # No Total row and one row: that row's figures are the kegiatan's in this table.
                only = entries[-1]
                entry = Entry(table=table.id, label=f"{only.label} (satu-satunya baris)",
                              key=name_key(table.kegiatan), level="kegiatan", values=dict(only.values),
                              written=only.written, source=table, name=table.kegiatan)
                entries.append(entry)
        elif table.program:  # one program: its rows are kegiatan
            entries += [_row_entry(table.id, r, "kegiatan") for r in table.rows if r.uraian]
        else:  # a table of the whole agency: its rows are programs or kegiatan, its Total row the agency's
            programs = is_program_table(table)
            for r in table.rows:
                if r.uraian:
                    entries.append(_row_entry(table.id, r, _whole_row_level(r.uraian)))
                    entries[-1].summary_is_program_table = programs
            # A table of performance per sasaran or indicator ("Target kinerja …") may allocate only part of the
            # budget (not the Program Penunjang): its Total is not the agency's and is not compared as one.
            if table.total and not PERFORMANCE_TITLE.search(table.judul or ""):
                entries.append(_statement_entry(table.id, "Total", TOTAL, TOTAL, table.total.values(), table))
                entries[-1].name = "seluruh Perangkat Daerah"
    for row in evaluation.spending:
        entry = Entry(table=row.tabel, label=f"{row.kode_rekening} {row.uraian}".strip(), key=name_key(row.uraian),
                      level="akun", source=row, name=row.uraian)
        _put(entry, "alokasi", row.anggaran, row.anggaran_teks, "money")
        _put(entry, "realisasi", row.realisasi, row.realisasi_teks, "money")
        _put(entry, "persen", row.persen, row.persen_teks, "percent")
        entries.append(entry)
    spending_tables = {row.tabel for row in evaluation.spending}
    by_row = {}
    for s in evaluation.statements:
        if s.table in spending_tables and s.row:
            by_row.setdefault((s.table, s.row), []).append(s)
    accounts = {(e.table, e.key): e for e in entries if e.level == "akun"}
    for (table_id, label), statements in by_row.items():
        total = bool(re.search(r"\btotal\b", label, re.IGNORECASE))
        entry = _statement_entry(table_id, label, TOTAL if total else name_key(label), TOTAL if total else "akun",
                                 statements)
        entry.name = "seluruh Perangkat Daerah" if total else label
        account = accounts.get((table_id, entry.key))
        if account is None:
            entries.append(entry)
        else:  # a cell of an account row the spending rows have no column for (Tabel 3's Target %)
            account.written = account.written or entry.written
            for column, value in entry.values.items():
                account.values.setdefault(column, value)
    return entries


def groups(entries):
    """Entries of the same row in two or more tables: {(key, level): [entry, …]} in document order. A key
    written twice in one table is left out for that table; a row of unknown level joins the one known level
    of its name (none when its name is met at two levels)."""
    by_key = {}
    for entry in entries:
        if entry.key:
            by_key.setdefault(entry.key, []).append(entry)
    found = {}
    for key, members in by_key.items():
        if len({e.table for e in members}) < 2:
            continue
        per_table = Counter((e.table, e.level) for e in members)
        members = [e for e in members if per_table[(e.table, e.level)] == 1]
        levels = {e.level for e in members if e.level is not None}
        for level in levels:
            group = [e for e in members if e.level == level or (e.level is None and len(levels) == 1)]
            if len({e.table for e in group}) >= 2:
                found[(key, level)] = group
        if not levels and len({e.table for e in members}) >= 2:
            found[(key, None)] = members
    _similar_pairs(entries, found)
    return found


def _similar_pairs(entries, found):
    """A detail table's Total (a kegiatan) and a summary table's row whose names are alike but not the same (a
    typo: "Adminitrasi", "Pelebagaian"), when neither found its row: each paired at most once, best first. Few
    entries take part (one per detail table and the summary rows left), so this stays small."""
    grouped = {id(e) for group in found.values() for e in group}
    totals = [e for e in entries if e.level == "kegiatan" and isinstance(e.source, EvaluationTable)
              and id(e) not in grouped and e.key]
    rows = [e for e in entries if e.level is None and id(e) not in grouped and e.key]
    scored = []
    for i, total in enumerate(totals):
        for j, row in enumerate(rows):
            if row.table != total.table:
                score = similar(total.name, row.name)
                if score >= NAME_MATCH:
                    scored.append((-score, i, j))
    used = set()
    for _, i, j in sorted(scored):
        if i in used or ("row", j) in used:
            continue
        used |= {i, ("row", j)}
        rows[j].similar = True
        found[(totals[i].key, "kegiatan")] = [rows[j], totals[i]]


def _percent_text(value, text):
    return f"{text or format_decimal(value)} %" if text and "%" not in text else (text or format_decimal(value))


def show(column, value, text):
    if column in MONEY:
        return f"Rp {format_rupiah(value)}"
    if column.startswith("target"):
        return text or format_decimal(value)
    return _percent_text(value, text)


def _places(text):
    match = re.search(r"[.,](\d+)\s*%?\s*$", text or "")
    return len(match.group(1)) if match else 0


def same(column, a, b):
    """Money exactly; a percentage or target equal at the precision the coarser of the two was written with
    ("95,7" and "95,71" agree), zero only with zero."""
    (va, ta), (vb, tb) = a, b
    if column in MONEY:
        return va == vb
    if (va == 0) != (vb == 0):
        return False  # "0" is nothing done, not a rounded 0,4
    places = min(_places(ta), _places(tb))
    return abs(va - vb) <= Decimal(5) / Decimal(10) ** (places + 1)


def disagreements(group, skip=lambda a, b, column: False):
    """(entry, reference entry, column) for every cell of the group that differs from the value most of its
    tables write (the first one's on a tie); cells of pairs `skip` says another rule compares are left out."""
    found = []
    columns = dict.fromkeys(c for e in group for c in e.values)
    for column in columns:
        having = [e for e in group if column in e.values]
        if len(having) < 2:
            continue
        counts = Counter()
        for e in having:
            counts[next(r for r in having if same(column, r.values[column], e.values[column]))] += 1
        reference = max(having, key=lambda e: (counts.get(e, 0), -having.index(e)))
        for e in having:
            if e is reference or same(column, e.values[column], reference.values[column]):
                continue
            if skip(e, reference, column):
                continue
            found.append((e, reference, column))
    return found


def _difference(column, a, b):
    if column in MONEY:
        return f" (selisih Rp {format_rupiah(abs(a - b))})"
    return ""


def _evaluation_index(view):
    """Per evaluation: (groups, the pairs other rules compare). Shared by the rules of this family."""
    index = []
    for evaluation in view.evaluations:
        entries = evaluation_entries(evaluation)
        index.append((evaluation, groups(entries), bool(_prose_budget(evaluation))))
    return index


def evaluation_index(view):
    return shared(view, "tables.evaluation", _evaluation_index)


def summarises(row_entry, total_entry):
    """Whether PCT-WEIGHTED compares this summary row's percentages with this detail table (its
    percentages.summary_matches: a row of a heading-less table that is no program table, whose alokasi agrees
    with the detail table's Total or the sum of its rows)."""
    row, table = row_entry.source, total_entry.source
    if not isinstance(row, RealisationRow) or not isinstance(table, EvaluationTable) or row.alokasi is None:
        return False
    if row_entry.summary_is_program_table:
        return False
    return row.alokasi in {_sum_alokasi(table.rows), statement_amount(table.total.get("alokasi"))}


def _covered(prose):
    def skip(a, b, column):
        if column == "alokasi" and a.level == TOTAL and prose:
            return True  # CROSS-EVAL-PAGU: every Total alokasi against the budget BAB II states
        if column in PERCENT_COLUMNS:
            return summarises(a, b) or summarises(b, a)  # PCT-WEIGHTED
        return False

    return skip


@rule(
    "TABEL-EVAL",
    "Baris yang sama di dua tabel evaluasi: angkanya sama",
    "Program, kegiatan, sub kegiatan, rekening belanja dan baris Total yang ditulis lebih dari satu tabel "
    "evaluasi tahun yang sama (tabel ringkasan dan tabel rincian kegiatan, Tabel 1 dan Tabel 3, Tabel 2, "
    "baris Total setiap tabel) harus memuat angka yang sama: alokasi, realisasi (Rp), target, realisasi fisik "
    "dan keuangan (%). Baris dipasangkan menurut namanya (huruf besar/kecil, spasi, tanda baca, nomor urut "
    "\"1.\" / \"a.\" dan kata \"Program\"/\"Kegiatan\" di depan diabaikan) pada tingkat yang sama; nama yang "
    "muncul dua kali dalam satu tabel tidak dipasangkan; baris Total tabel rincian yang nama kegiatannya salah "
    "ketik dipasangkan dengan baris ringkasan yang paling mirip, dan tabel rincian tanpa baris Total yang hanya "
    "berisi satu baris mewakili kegiatannya. Satu temuan per baris dan kolom yang berbeda, menyebut kedua tabel "
    "dan kedua baris. Sel kosong atau tidak terbaca tidak dibandingkan; persentase dibandingkan pada ketelitian "
    "yang ditulis (95,7 = 95,71; 0 hanya sama dengan 0); target hanya dengan target bersatuan sama. Yang sudah "
    "dibandingkan aturan lain tidak diulang: alokasi baris Total dengan pagu uraian BAB II (CROSS-EVAL-PAGU), "
    "persentase baris ringkasan dengan tabel rinciannya (PCT-WEIGHTED). Diharapkan: nilai yang ditulis sebagian "
    "besar tabel (tabel pertama bila seimbang); ditemukan: nilai di tabel ini.",
    "error", "evaluasi",
)
def tabel_eval(rule_, view):
    if not view.evaluations:
        raise NotApplicable("tidak ada evaluasi tahun lalu (BAB II)")
    for evaluation, found_groups, prose in evaluation_index(view):
        skip = _covered(prose)
        for (_, level), group in found_groups.items():
            for entry, reference, column in disagreements(group, skip):
                value, text = entry.values[column]
                expected, expected_text = reference.values[column]
                what = LEVEL_WORDS.get(level, "baris")
                subject = clip(reference.name or entry.name or reference.label, 70)
                yield rule_.finding(
                    entry.table,
                    f"Evaluasi {evaluation.tahun}: {column_label(column)} {what} “{subject}” di {entry.where} "
                    f"{show(column, value, text)}, tetapi di {reference.where} "
                    f"{show(column, expected, expected_text)}{_difference(column, value, expected)}"
                    + (" (baris dipasangkan menurut nama yang mirip)." if entry.similar or reference.similar else "."),
                    row=entry.label, expected=expected, found=value)


@rule(
    "TABEL-KOSONG",
    "Baris yang diisi di satu tabel tetapi kosong di tabel lain",
    "Baris (program, kegiatan, sub kegiatan, rekening) yang angkanya diisi di satu tabel tetapi seluruh "
    "selnya kosong di tabel lain tahun yang sama (evaluasi BAB II; T-C.31 di samping T-C.33) dilaporkan sekali "
    "per baris, bukan per kolom: baris kosong bukan perbedaan nilai, tetapi tabelnya tidak lengkap. "
    "Ditemukan: kolom yang diisi di tabel lain.",
    "warning", "evaluasi",
)
def tabel_kosong(rule_, view):
    checked = False
    for evaluation, found_groups, _ in evaluation_index(view) if view.evaluations else ():
        checked = True
        for (_, level), group in found_groups.items():
            filled = [e for e in group if e.values]
            if not filled:
                continue
            for entry in group:
                if entry.written or entry.level == TOTAL:
                    continue
                if level == "program" and not entry.summary_is_program_table:
                    continue  # a program's heading row above its kegiatan carries no figures of its own
                other = filled[0]
                yield rule_.finding(
                    entry.table,
                    f"Evaluasi {evaluation.tahun}: baris kosong di tabel {entry.table}: "
                    f"{LEVEL_WORDS.get(level, 'baris')} “{clip(entry.label, 70)}” tidak berisi angka, padahal "
                    f"{other.where} mengisi {', '.join(column_label(c) for c in other.values)}.",
                    row=entry.label, found=", ".join(other.values))
    for row, node in review_pairs(view):
        checked = True
        side = row.kebutuhan
        if side.pagu is None and is_blank(side.pagu_teks or "") and not side.indikator and node.total_n:
            yield rule_.finding(
                "T-C.31",
                f"Baris kosong di tabel T-C.31 (Hasil Analisis Kebutuhan): {LEVEL_WORDS[node.level]} "
                f"“{clip(row.label, 70)}” tidak berisi pagu maupun indikator, padahal T-C.33 "
                f"({node.code or node.label}) memberi pagu Rp {format_rupiah(node.total_n)}.",
                code=node.code, row=row.label, found="pagu")
    if not checked:
        raise NotApplicable("tidak ada tabel yang menulis baris yang sama (evaluasi BAB II, T-C.31)")


# --- the plan's year: T-C.33, T-C.31 and T-C.32 ------------------------------------------------------------


def review_pairs(view):
    """(T-C.31 row, T-C.33 node) pairs, as CROSS-TC31-TC33 makes them (computed once per check, shared with it)."""
    from .cross import match_review

    if not view.review:
        return []
    pairs = shared(view, "cross.match_review", match_review)
    return [(row, pairs[id(row)]) for row in view.review if id(row) in pairs]


def _indicator_key(text):
    return " ".join(re.sub(r"[^0-9a-z]+", " ", re.sub(r"(\w)-\s+(\w)", r"\1\2", (text or "").lower())).split())


def _targets(indicators):
    """{indicator key: target text} of a list of {"uraian", "target"} (a key written twice is left out)."""
    found, seen = {}, Counter(_indicator_key(i.get("uraian")) for i in indicators)
    for i in indicators:
        key = _indicator_key(i.get("uraian"))
        text = clean_cell(i.get("target") or "")
        if key and seen[key] == 1 and text:
            found[key] = (i.get("uraian"), text)
    return found


def _same_target(a, b):
    """Two targets as written: the same number (a line break inside a word aside). The unit is not compared: the
    same indicator's unit is often spelled two ways ("Dok" / "Dokumen"), and the unit rules look at units."""
    ta, tb = parse_target(re.sub(r"(\w)-\s+(\w)", r"\1\2", a)), parse_target(re.sub(r"(\w)-\s+(\w)", r"\1\2", b))
    if ta.nilai is None or tb.nilai is None:
        return _indicator_key(a) == _indicator_key(b)
    return ta.nilai == tb.nilai


@rule(
    "TABEL-TARGET",
    "Target indikator T-C.31 (Hasil Analisis Kebutuhan) = target T-C.33",
    "Program, kegiatan dan sub kegiatan tahun rencana yang ditulis di T-C.33 dan di sisi Hasil Analisis "
    "Kebutuhan T-C.31 harus memberi target yang sama untuk indikator yang sama, seperti pagunya "
    "(CROSS-TC31-TC33). Baris dipasangkan seperti CROSS-TC31-TC33 (kode, lalu nama), indikator menurut "
    "uraiannya (huruf besar/kecil, tanda baca dan pemenggalan kata diabaikan). Target dibandingkan angkanya "
    "(satuan diperiksa aturan satuan); target kosong tidak dibandingkan; target tanpa angka dibandingkan "
    "teksnya. T-C.32 (usulan pemangku kepentingan) tidak dibandingkan: usulan boleh berbeda dari rencana. "
    "Diharapkan: target T-C.33; ditemukan: target T-C.31.",
    "error", "program",
)
def tabel_target(rule_, view):
    if not view.review:
        raise NotApplicable("T-C.31 (reviu Rancangan Awal RKPD) tidak ada")
    nodes = {id(row): node for row, node in review_pairs(view)}
    for row in view.review:
        need = _targets(row.kebutuhan.indikator)
        node = nodes.get(id(row))
        if node is not None and need:
            planned = _targets([{"uraian": i.uraian, "target": i.target_n.teks} for i in node.indicators])
            for key in need.keys() & planned.keys():
                if not _same_target(need[key][1], planned[key][1]):
                    yield rule_.finding(
                        "T-C.31",
                        f"Target indikator “{clip(need[key][0], 60)}” {LEVEL_WORDS[node.level]} "
                        f"“{clip(row.label, 60)}” di T-C.31 (Hasil Analisis Kebutuhan) {need[key][1]}, tetapi di "
                        f"T-C.33 ({node.code or node.label}) {planned[key][1]}.",
                        code=node.code, row=row.label, expected=planned[key][1], found=need[key][1])


# --- the plan's rows as other parts of the document state them ----------------------------------------------


def _node_index(view):
    """T-C.33 rows by code, and by name where one row of the plan carries it."""
    by_code, by_name = {}, {}
    for node in view.nodes():
        if node.kode:
            by_code.setdefault(node.kode, node)
        key = name_key(node.nama)
        if key:
            by_name.setdefault(key, []).append(node)
    return by_code, {key: nodes[0] for key, nodes in by_name.items() if len(nodes) == 1}


def _statement_node(view, statement):
    by_code, by_name = shared(view, "tables.nodes", _node_index)
    if statement.code:
        try:
            node = by_code.get(str(parse_kode(statement.code)))
        except KodeError:
            node = None
        if node is not None:
            return node
    return by_name.get(name_key(statement.row)) if statement.row else None


ROW_MONEY_KEYS = ("pagu_n", "pagu_n1", *OTHER_KEYS)


@rule(
    "TABEL-PERNYATAAN",
    "Pagu sebuah program/kegiatan yang disebut di luar T-C.33 = pagunya di T-C.33",
    "Pagu tahun n, n+1 (dan kolom pagu lain) sebuah program, kegiatan atau sub kegiatan yang disebut bagian lain "
    "dokumen (BAB IV, tabel ringkasan, T-C.33 format lama …) harus sama dengan pagu baris yang sama di T-C.33 "
    "(dihitung dari pagu sub kegiatan). Baris dipasangkan menurut kode, lalu menurut nama (huruf besar/kecil, "
    "spasi, tanda baca, nomor urut dan kata \"Program\"/\"Kegiatan\" di depan diabaikan; nama yang dipakai dua "
    "baris tidak dipasangkan). Pernyataan yang barisnya tidak ditemukan dilaporkan sebagai info. Diharapkan: "
    "pagu T-C.33; ditemukan: pagu yang disebut.",
    "error", "program",
)
def tabel_pernyataan(rule_, view):
    statements = [s for s in view.statements
                  if s.table != "T-C.33" and s.key in ROW_MONEY_KEYS and (s.code or s.row) and money(s) is not None]
    if not statements:
        raise NotApplicable("dokumen tidak menyebut pagu program, kegiatan atau sub kegiatan di luar T-C.33")
    if not has_money(view):
        raise NotApplicable("T-C.33 belum berisi pagu sub kegiatan")
    for statement in statements:
        found = money(statement)
        node = _statement_node(view, statement)
        where = " ".join(filter(None, (statement.code, statement.row)))
        if node is None:
            yield rule_.finding(
                statement.table,
                f"{statement.table} menyebut pagu “{clip(where, 70)}” Rp {format_rupiah(found)}, tetapi baris itu "
                "tidak ditemukan di T-C.33 menurut kode maupun namanya; pagunya tidak dapat dibandingkan.",
                code=statement.code, row=statement.row, found=found, severity="info")
            continue
        if unreadable_subs([node]):
            continue
        expected = node.total(statement.key)
        if expected == found:
            continue
        yield rule_.finding(
            statement.table,
            f"{_what(view, statement.key)} {LEVEL_WORDS[node.level]} “{clip(where, 70)}” di {statement.table} "
            f"Rp {format_rupiah(found)}, tetapi di T-C.33 ({node.code or node.label}) Rp {format_rupiah(expected)} "
            f"(selisih Rp {format_rupiah(abs(found - expected))}).",
            code=node.code, row=statement.row or node.label, expected=expected, found=found)

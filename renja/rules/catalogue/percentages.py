"""Percentages of the evaluation (BAB II): a stated realisation percentage against its own amounts, a summary
percentage against the pagu-weighted mean of its parts, percentages out of range, the stated overall
attainment and its verdict, and the performance scale itself.

The measures (weighted mean, realisation %, capaian, category on a scale) live in
`renja.monitoring.measures`; these rules only find the figures to compare and say what differs.

Who reports what (one finding per defect):
- PCT-AMOUNT: a percentage stated on a row (or Total row) that also states both amounts.
- PCT-WEIGHTED: a percentage that summarises other rows (a Total row without both amounts, a summary row
  matched to its detail table, a sentence about the whole year).
- PCT-RANGE: entered percentages only (row values no other rule derives); a derived value out of range is
  wrong against its parts and reported by the two rules above.
"""

import difflib
import re
from decimal import Decimal

from renja.core.numbers import (
    clean_cell,
    format_decimal,
    format_rupiah,
    is_blank,
)
from renja.monitoring import measures

from ..engine import NotApplicable, reading_of, rule
from ..readings import note_of, read_amount, row_items
from .sums import money as stated_money

TOLERANCE = Decimal("0.01")
HUNDRED = Decimal(100)
KEY_LABELS = {
    "fisik": "realisasi fisik",
    "keuangan": "realisasi keuangan",
    "persen": "persentase realisasi",
    "persen_realisasi": "persentase realisasi",
}
MONEY_PERCENT_KEYS = ("keuangan", "persen", "persen_realisasi")
NAME_MATCH = 0.9  # similarity of two normalised kegiatan names that are the same kegiatan


# --- small helpers ----------------------------------------------------------------------------------------


def persen(value):
    """`Decimal("3.44")` → `3,44 %`; a stated value keeps the precision it was written with (`0 %`)."""
    places = 2
    if isinstance(value, Decimal) and value.is_finite():
        places = min(2, max(0, -value.as_tuple().exponent))
    return f"{format_decimal(value, places)} %"


def rupiah(value):
    return format_rupiah(value)


def written_places(text):
    """How many decimals the document wrote; 2 when the text says nothing (a plain number)."""
    text = clean_cell(text or "").replace("%", "").strip()
    numbers = re.findall(r"\d+(?:[.,]\d+)*", text)
    if not numbers:
        return 2
    number = numbers[-1]
    if "," in number:
        return len(number.rsplit(",", 1)[1])
    if "." in number:
        tail = number.rsplit(".", 1)[1]
        return 0 if len(tail) == 3 else len(tail)
    return 0


def places_of(text):
    """The precision to compare at: what the document wrote, at most 2 decimals."""
    return min(2, written_places(text))


def stated(value, text):
    """A stated percentage as written (its precision kept), or None when blank or unreadable."""
    if value is None:
        return None
    return measures.round_percent(value, written_places(text))


def same_percent(computed, found, text):
    """Equal after rounding the computed value to the precision the document wrote, within 0,01 point."""
    places = places_of(text)
    return abs(measures.round_percent(computed, places) - measures.round_percent(found, places)) <= TOLERANCE


def statement_amount(statement, readings=None):
    """An amount a statement states, or None when it is blank or not a readable amount of Rupiah; with a list
    `readings`, a malformed amount with one sensible reading is read with its repair (appended to the list)."""
    return stated_money(statement, readings)


def cell_amount(row, field, readings=None, table=None, label=None):
    """A money cell of an evaluation row (or spending row): the loader's value; with a list `readings`, a
    malformed cell read again (repaired, or split per sub-item of its row), its reading appended."""
    value = getattr(row, field)
    if value is not None or readings is None:
        return value
    reading = read_amount(None, getattr(row, f"{field}_teks"), row_items(row))
    if not reading.usable:
        return None
    readings.append(reading_of(reading, table, label or row_label(row), field))
    return reading.value


def unreadable(value, text):
    return value is None and not is_blank(text)


def row_label(row):
    label = f"{row.nomor or ''} {row.uraian or ''}".strip()
    return label or (row.indikator or "")[:100] or "(tanpa uraian)"


def normalise(name):
    name = clean_cell(name or "").lower()
    name = re.sub(r"^(kegiatan|program)\s+", "", name)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", name).split())


def similar(a, b):
    a, b = normalise(a), normalise(b)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    matcher = difflib.SequenceMatcher(None, a, b)
    if matcher.real_quick_ratio() < NAME_MATCH or matcher.quick_ratio() < NAME_MATCH:
        return 0.0  # cheap upper bounds: not the same name
    return matcher.ratio()


def keys_label(keys):
    labels = []
    for key in keys:
        if KEY_LABELS[key] not in labels:
            labels.append(KEY_LABELS[key])
    if labels == ["realisasi fisik", "realisasi keuangan"]:
        return "realisasi fisik dan keuangan"
    return " dan ".join(labels)


def grouped(results):
    """[(key, expected, found, extra)] → [(keys, expected, found, extra)]: columns stating the same wrong value
    (fisik and keuangan often repeat each other) are one defect."""
    groups = {}
    for key, expected, found, extra in results:
        groups.setdefault((expected, found), ([], expected, found, extra))[0].append(key)
    return list(groups.values())


def need_evaluations(view):
    if not view.evaluations:
        raise NotApplicable("rencana ini tidak memuat evaluasi tahun lalu (BAB II: tabel realisasi)")


def where(evaluation, table):
    return f"{table} (evaluasi {evaluation.tahun})"


# --- PCT-AMOUNT -------------------------------------------------------------------------------------------


def _amount_results(alokasi, realisasi, percents):
    """Compare each stated money percentage with realisasi / alokasi × 100."""
    computed = measures.realisation_percent(realisasi, alokasi)
    if computed is None:
        return []
    results = []
    for key, (value, text) in percents.items():
        found = stated(value, text)
        if found is None or same_percent(computed, found, text):
            continue
        results.append((key, measures.round_percent(computed, 2), found, text))
    return grouped(results)


def _statement_rows(evaluation):
    """Statements of an evaluation grouped by the row that states them: {(table, code, row): {key: s}}."""
    rows = {}
    for s in evaluation.statements:
        if not (s.row or s.code):
            continue
        rows.setdefault((s.table, s.code or "", s.row or ""), {}).setdefault(s.key, s)
    return rows


@rule(
    "PCT-AMOUNT",
    "Persentase realisasi = realisasi ÷ alokasi × 100",
    "Pada tabel evaluasi BAB II (Tabel belanja per rekening, tabel realisasi program/kegiatan, tabel capaian, "
    "dan baris Total), persentase realisasi yang tertulis pada sebuah baris harus sama dengan realisasi (Rp) "
    "dibagi alokasi/anggaran (Rp) pada baris yang sama dikali 100, dibulatkan ke ketelitian yang ditulis "
    "dokumen (selisih paling banyak 0,01 poin). Persentase yang salah membuat capaian terlihat lebih baik atau "
    "lebih buruk dari kenyataan. Yang diharapkan adalah persentase hasil hitung; yang ditemukan adalah yang "
    "tertulis. Rupiah yang salah tulis tetapi hanya dapat dibaca satu cara dibaca dengan perbaikan yang "
    "disebutkan; baris yang angkanya tetap tidak terbaca dilewati (dilaporkan oleh UANG-FORMAT).",
    "error", "evaluasi",
)
def pct_amount(rule_, view):
    need_evaluations(view)
    for evaluation in view.evaluations:
        for table in evaluation.tables:
            for row in table.rows:
                relied = []
                alokasi = cell_amount(row, "alokasi", relied, table.id)
                realisasi = cell_amount(row, "realisasi", relied, table.id)
                percents = {key: (getattr(row, key), getattr(row, f"{key}_teks")) for key in ("keuangan", "persen")}
                for keys, expected, found, _ in _amount_results(alokasi, realisasi, percents):
                    yield rule_.finding(
                        table.id,
                        f"{where(evaluation, table.id)}, baris “{row_label(row)}”: {keys_label(keys)} tertulis "
                        f"{persen(found)}, padahal realisasi Rp {rupiah(realisasi)} dari alokasi "
                        f"Rp {rupiah(alokasi)} = {persen(expected)}.{note_of(relied)}",
                        row=row_label(row), expected=expected, found=found, readings=relied)
        for spending in evaluation.spending:
            percents = {"persen": (spending.persen, spending.persen_teks)}
            label = " ".join(f"{spending.kode_rekening} {spending.uraian}".split())
            relied = []
            anggaran = cell_amount(spending, "anggaran", relied, spending.tabel, label)
            realisasi = cell_amount(spending, "realisasi", relied, spending.tabel, label)
            for keys, expected, found, _ in _amount_results(anggaran, realisasi, percents):
                yield rule_.finding(
                    spending.tabel,
                    f"{where(evaluation, spending.tabel)}, rekening “{label}”: persentase realisasi tertulis "
                    f"{persen(found)}, padahal realisasi Rp {rupiah(realisasi)} dari anggaran "
                    f"Rp {rupiah(anggaran)} = {persen(expected)}.{note_of(relied)}",
                    code=spending.kode_rekening or None, row=spending.uraian, expected=expected, found=found,
                    readings=relied)
        for (table, code, row), statements in _statement_rows(evaluation).items():
            relied = []
            alokasi = statement_amount(statements.get("alokasi"), relied)
            realisasi = statement_amount(statements.get("realisasi"), relied)
            percents = {key: (statements[key].value, statements[key].text)
                        for key in MONEY_PERCENT_KEYS if key in statements}
            for keys, expected, found, _ in _amount_results(alokasi, realisasi, percents):
                label = " ".join(f"{code} {row}".split())
                yield rule_.finding(
                    table,
                    f"{where(evaluation, table)}, baris “{label}”: {keys_label(keys)} tertulis {persen(found)}, "
                    f"padahal realisasi Rp {rupiah(realisasi)} dari alokasi Rp {rupiah(alokasi)} pada baris yang "
                    f"sama = {persen(expected)}.{note_of(relied)}",
                    code=code or None, row=row or None, expected=expected, found=found, readings=relied)


# --- PCT-WEIGHTED -----------------------------------------------------------------------------------------


def _has_data(row):
    return any(getattr(row, name) is not None or not is_blank(getattr(row, f"{name}_teks"))
               for name in ("alokasi", "realisasi", "fisik", "keuangan", "persen"))


def combine(rows, key, total_alokasi=None, readings=None, table=None):
    """What the rows give for a summary of column `key`: (value, notes, stated parts), or None.

    Money percentages of rows that state realisasi in Rupiah: Σ realisasi / Σ alokasi × 100 (over the
    Total's alokasi when a row's alokasi is unreadable). Otherwise the mean of the rows' percentages weighted
    by their alokasi; a blank percentage on a row with an alokasi counts as 0 (nothing realised). None when a
    needed figure is unreadable or missing. With a list `readings`, malformed amounts with one sensible reading
    are read with their repair (appended to the list).
    """
    rows = [r for r in rows if _has_data(r)]
    if not rows or any(r.triwulan for r in rows):
        return None  # quarterly rows of one kegiatan are not parts of a whole
    parts = [getattr(r, key) for r in rows if getattr(r, key) is not None]
    notes = []
    used = []
    alokasi = {id(r): cell_amount(r, "alokasi", used if readings is not None else None, table) for r in rows}
    realisasi = {id(r): cell_amount(r, "realisasi", used if readings is not None else None, table) for r in rows}
    if readings is not None:
        readings.extend(used)
    if key in MONEY_PERCENT_KEYS and all(realisasi[id(r)] is not None for r in rows):
        realised = sum(realisasi[id(r)] for r in rows)
        if all(alokasi[id(r)] is not None for r in rows):
            allocated = sum(alokasi[id(r)] for r in rows)
            value = measures.realisation_percent(realised, allocated)
            notes.append(f"realisasi Rp {rupiah(realised)} dari alokasi Rp {rupiah(allocated)}")
        elif total_alokasi:
            value = measures.realisation_percent(realised, total_alokasi)
            notes.append(f"realisasi Rp {rupiah(realised)} dari alokasi baris Total Rp {rupiah(total_alokasi)}, "
                         "karena alokasi sebagian baris tidak terbaca")
        else:
            return None
        return (value, notes, parts) if value is not None else None
    pairs, blanks = [], 0
    for r in rows:
        value, text = getattr(r, key), getattr(r, f"{key}_teks")
        if unreadable(value, text) or alokasi[id(r)] is None:
            return None
        if value is None:
            blanks += 1
            value = Decimal(0)
        pairs.append((value, alokasi[id(r)]))
    if blanks == len(pairs):
        return None
    value = measures.weighted_mean(pairs)
    if value is None:
        return None
    notes.append(f"rata-rata tertimbang pagu dari {len(pairs)} baris")
    if blanks:
        notes.append(f"{blanks} baris tanpa angka realisasi dihitung 0")
    return value, notes, parts


def _plain_note(found, parts, text):
    """Say so when the stated summary is the plain sum (or plain mean) of two or more non-zero parts."""
    if len([p for p in parts if p]) < 2:
        return ""
    places = places_of(text)
    total = sum(parts)
    if abs(measures.round_percent(total, places) - found) <= TOLERANCE:
        addends = " + ".join(format_decimal(p, 2) for p in parts) if len(parts) <= 8 else f"{len(parts)} angka"
        return (f" Angka tertulis sama dengan jumlah biasa persentase bagiannya ({addends} = "
                f"{format_decimal(total, 2)}): persentase tidak boleh dijumlahkan, melainkan dirata-ratakan "
                "dengan bobot pagu.")
    mean = measures.plain_mean(parts)
    if abs(measures.round_percent(mean, places) - found) <= TOLERANCE:
        return " Angka tertulis sama dengan rata-rata biasa tanpa bobot pagu."
    return ""


def _table_amounts_stated(table):
    return (statement_amount(table.total.get("alokasi"), []) is not None
            and statement_amount(table.total.get("realisasi"), []) is not None)


def unreadable_cells(rows, key, table):
    """The cells of `rows` (alokasi, realisasi, the percentage `key`) that stay unreadable after every repair:
    the reason a summary cannot be computed, as finding readings."""
    cells = []
    for r in rows:
        if not _has_data(r):
            continue
        for field in ("alokasi", "realisasi"):
            if getattr(r, field) is None and not is_blank(getattr(r, f"{field}_teks")):
                reading = read_amount(None, getattr(r, f"{field}_teks"), row_items(r))
                if not reading.usable:
                    cells.append(reading_of(reading, table, row_label(r), field))
        if unreadable(getattr(r, key), getattr(r, f"{key}_teks")):
            text = getattr(r, f"{key}_teks")
            cells.append({"table": table, "row": row_label(r), "column": key, "text": text, "value": None,
                          "note": "unreadable", "repair": "persentase tidak terbaca"})
    return cells


def _undecidable(rule_, table_id, where_, value, text, key, cells, row):
    """An info finding: the stated percentage cannot be checked because a part stays unreadable."""
    named = ", ".join(f"'{c['text']}' ({c['row']}, {c['column']})" for c in cells[:3])
    found = stated(value, text)
    return rule_.finding(
        table_id,
        f"{where_}: {KEY_LABELS[key]} tertulis {persen(found)} tidak dapat diperiksa terhadap bagiannya karena "
        f"{named} tidak terbaca.", row=row, expected=None, found=found, severity="info", readings=cells)


def _total_findings(rule_, evaluation, table):
    if not table.total:
        return
    relied = []
    total_alokasi = statement_amount(table.total.get("alokasi"), relied)
    results = []
    for key in ("fisik", "keuangan", "persen"):
        statement = table.total.get(key)
        if statement is None or statement.value is None:
            continue
        if key in MONEY_PERCENT_KEYS and _table_amounts_stated(table):
            continue  # PCT-AMOUNT compares it with the Total's own amounts
        combined = combine(table.rows, key, total_alokasi, relied, table.id)
        if combined is None:
            cells = unreadable_cells(table.rows, key, table.id)
            if cells:
                yield _undecidable(rule_, table.id, f"{where(evaluation, table.id)}, baris Total", statement.value,
                                   statement.text, key, cells, "Total")
            continue
        value, notes, parts = combined
        found = stated(statement.value, statement.text)
        if same_percent(value, found, statement.text):
            continue
        results.append((key, measures.round_percent(value, 2), found, (statement.text, notes, parts)))
    for keys, expected, found, (text, notes, parts) in grouped(results):
        yield rule_.finding(
            table.id,
            f"{where(evaluation, table.id)}, baris Total: {keys_label(keys)} tertulis {persen(found)}, padahal "
            f"baris-barisnya memberi {persen(expected)} ({'; '.join(notes)}).{_plain_note(found, parts, text)}"
            f"{note_of(_unique(relied))}",
            row="Total", expected=expected, found=found, readings=_unique(relied))


def _unique(readings):
    seen, out = set(), []
    for r in readings:
        key = (r["table"], r["row"], r["column"], r["text"])
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def is_program_table(table):
    names = [r.uraian for r in table.rows if r.uraian]
    return bool(names) and all(clean_cell(n).lower().startswith("program") for n in names)


def _sum_alokasi(rows):
    rows = [r for r in rows if _has_data(r)]
    if not rows or any(r.alokasi is None for r in rows):
        return None
    return sum(r.alokasi for r in rows)


def detail_for(evaluation, table, row):
    """The detail table whose kegiatan heading names this row and whose alokasi agrees with it, or None."""
    if not row.uraian or row.alokasi is None:
        return None
    best, score = None, NAME_MATCH
    for detail in evaluation.tables:
        if detail is table or not detail.kegiatan:
            continue
        similarity = similar(detail.kegiatan, row.uraian)
        if similarity >= score:
            best, score = detail, similarity
    if best is None:
        return None
    agreeing = {_sum_alokasi(best.rows), statement_amount(best.total.get("alokasi"))}
    return best if row.alokasi in agreeing else None


def summary_matches(evaluation):
    """[(summary table, row, detail table)] for the rows of heading-less tables that summarise a detail table."""
    matches = []
    for table in evaluation.tables:
        if table.program or table.kegiatan or is_program_table(table):
            continue
        for row in table.rows:
            detail = detail_for(evaluation, table, row)
            if detail is not None:
                matches.append((table, row, detail))
    return matches


def kegiatan_summary(evaluation):
    """The table that lists the evaluated year's kegiatan: heading-less, not a program table, its rows with
    alokasi and fisik/keuangan; the one with most rows matched to detail tables (or the only candidate)."""
    candidates = [
        t for t in evaluation.tables
        if not t.program and not t.kegiatan and not is_program_table(t) and t.rows
        and all(r.alokasi is not None or not is_blank(r.alokasi_teks) for r in t.rows if r.uraian)
        and any(r.fisik is not None or r.keuangan is not None for r in t.rows)
    ]
    if not candidates:
        return None
    matched = {}
    for table, _, _ in summary_matches(evaluation):
        matched[table.id] = matched.get(table.id, 0) + 1
    ranked = sorted(candidates, key=lambda t: matched.get(t.id, 0), reverse=True)
    if len(ranked) > 1 and matched.get(ranked[0].id, 0) == matched.get(ranked[1].id, 0):
        return None
    return ranked[0]


def _summary_findings(rule_, evaluation):
    for table, row, detail in summary_matches(evaluation):
        results = []
        for key in ("fisik", "keuangan", "persen"):
            found = stated(getattr(row, key), getattr(row, f"{key}_teks"))
            if found is None:
                continue
            if key in MONEY_PERCENT_KEYS and row.alokasi is not None and row.realisasi is not None:
                continue  # PCT-AMOUNT compares it with the row's own amounts
            relied = []
            combined = combine(detail.rows, key, statement_amount(detail.total.get("alokasi"), relied), relied,
                               detail.id)
            if combined is None:
                cells = unreadable_cells(detail.rows, key, detail.id)
                if cells:
                    yield _undecidable(rule_, table.id, f"{where(evaluation, table.id)}, baris “{row_label(row)}” "
                                       f"(rincian {detail.id})", getattr(row, key), getattr(row, f"{key}_teks"),
                                       key, cells, row_label(row))
                continue
            value, notes, parts = combined
            text = getattr(row, f"{key}_teks")
            if not same_percent(value, found, text):
                results.append((key, measures.round_percent(value, 2), found, (text, notes, parts, relied)))
        for keys, expected, found, (text, notes, parts, relied) in grouped(results):
            relied = _unique(relied)
            yield rule_.finding(
                table.id,
                f"{where(evaluation, table.id)}, baris “{row_label(row)}”: {keys_label(keys)} tertulis "
                f"{persen(found)}, padahal tabel rinciannya ({detail.id}, kegiatan “{detail.kegiatan}”) memberi "
                f"{persen(expected)} ({'; '.join(notes)}).{_plain_note(found, parts, text)}{note_of(relied)}",
                row=row_label(row), expected=expected, found=found, readings=relied)


def _overall_findings(rule_, evaluation):
    """A sentence about the whole year ("dari seluruh kegiatan baru mencapai … %") against the kegiatan
    summary table."""
    table_ids = {t.id for t in evaluation.tables}
    statements = [s for s in evaluation.statements
                  if s.key in ("persen_realisasi", "fisik", "keuangan") and not s.row and not s.code
                  and s.table not in table_ids and s.value is not None]
    if not statements:
        return
    summary = kegiatan_summary(evaluation)
    if summary is None:
        return
    computed = {}
    relied = []
    for key in ("fisik", "keuangan"):
        combined = combine(summary.rows, key, statement_amount(summary.total.get("alokasi"), relied), relied,
                           summary.id)
        if combined is not None:
            computed[key] = combined
    relied = _unique(relied)
    for s in statements:
        keys = [s.key] if s.key in computed else [k for k in ("fisik", "keuangan") if k in computed]
        if not keys:
            continue
        found = stated(s.value, s.text)
        if any(same_percent(computed[k][0], found, s.text) for k in keys):
            continue
        key = keys[0]
        value, notes, parts = computed[key]
        expected = measures.round_percent(value, 2)
        others = [f"{KEY_LABELS[k]} {persen(measures.round_percent(computed[k][0], 2))}" for k in keys[1:]
                  if measures.round_percent(computed[k][0], 2) != expected]
        yield rule_.finding(
            s.table,
            f"{where(evaluation, s.table)}: teks menyebut realisasi seluruh kegiatan {persen(found)}, padahal "
            f"tabel ringkasan kegiatan ({summary.id}) memberi {KEY_LABELS[key]} {persen(expected)} "
            f"({'; '.join(notes)}){' dan ' + ', '.join(others) if others else ''}."
            f"{_plain_note(found, parts, s.text)}{note_of(relied)}",
            row=s.row or None, expected=expected, found=found, readings=relied)


@rule(
    "PCT-WEIGHTED",
    "Persentase ringkasan = rata-rata tertimbang pagu bagiannya",
    "Persentase realisasi (fisik, keuangan) pada baris Total sebuah tabel evaluasi, pada baris tabel ringkasan "
    "yang merangkum satu tabel rincian (dicocokkan dengan judul kegiatan tabel rincian dan alokasinya), dan "
    "dalam kalimat tentang seluruh kegiatan harus sama dengan rata-rata persentase bagiannya yang ditimbang "
    "dengan alokasi (pagu) masing-masing, atau Σ realisasi ÷ Σ alokasi bila realisasi rupiah tersedia. "
    "Persentase tidak boleh dijumlahkan: bagian 10 % dan 20 % tidak menjadi 30 %. Yang diharapkan adalah rata-rata "
    "tertimbang hasil hitung; yang ditemukan adalah yang tertulis (pesan menyebut bila angka tertulis ternyata "
    "jumlah biasa). Rupiah yang salah tulis tetapi hanya dapat dibaca satu cara dibaca dengan perbaikan yang "
    "disebutkan; bila angka sebuah baris tetap tidak terbaca, temuan info menyebut sel yang membuat persentase "
    "ringkasan tidak dapat diperiksa (UANG-FORMAT melaporkan selnya).",
    "error", "evaluasi",
)
def pct_weighted(rule_, view):
    need_evaluations(view)
    for evaluation in view.evaluations:
        for table in evaluation.tables:
            yield from _total_findings(rule_, evaluation, table)
        yield from _summary_findings(rule_, evaluation)
        yield from _overall_findings(rule_, evaluation)


# --- PCT-RANGE --------------------------------------------------------------------------------------------


def _out_of_range(value, money):
    """The bound a percentage breaks (0 or 100), or None. Capaian (no money) may exceed 100."""
    if value is None:
        return None
    if value < 0:
        return Decimal(0)
    if money and value > HUNDRED:
        return HUNDRED
    return None


@rule(
    "PCT-RANGE",
    "Persentase realisasi di antara 0 dan 100",
    "Realisasi fisik dan realisasi keuangan (%) yang diisikan pada baris tabel evaluasi harus di antara 0 dan "
    "100; realisasi rupiah tidak boleh melebihi alokasi/anggaran. Persentase capaian indikator boleh di atas "
    "100 (melampaui target) tetapi tidak boleh negatif. Angka di luar rentang itu mustahil dan menandakan salah "
    "ketik atau salah kolom. Yang diharapkan adalah batas yang dilanggar (0 atau 100 %, atau alokasi dalam "
    "rupiah bila realisasi melebihinya); yang ditemukan adalah angka yang tertulis. Angka turunan (baris Total, ringkasan) diperiksa oleh PCT-AMOUNT dan PCT-WEIGHTED.",
    "error", "evaluasi",
)
def pct_range(rule_, view):
    need_evaluations(view)
    for evaluation in view.evaluations:
        summarised = {id(row) for _, row, _ in summary_matches(evaluation)}  # PCT-WEIGHTED checks them
        for table in evaluation.tables:
            for row in table.rows:
                if id(row) in summarised:
                    continue
                label = row_label(row)
                amounts = row.alokasi is not None and row.realisasi is not None
                if amounts and row.alokasi and row.realisasi > row.alokasi:
                    computed = measures.round_percent(measures.realisation_percent(row.realisasi, row.alokasi))
                    yield rule_.finding(
                        table.id,
                        f"{where(evaluation, table.id)}, baris “{label}”: realisasi Rp {rupiah(row.realisasi)} "
                        f"melebihi alokasi Rp {rupiah(row.alokasi)} ({persen(computed)}).",
                        row=label, expected=row.alokasi, found=row.realisasi)
                values = [("fisik", row.fisik, row.fisik_teks, True)]
                if not amounts:  # with both amounts, PCT-AMOUNT checks these against them
                    money_row = row.alokasi is not None or not is_blank(row.alokasi_teks)
                    values += [("keuangan", row.keuangan, row.keuangan_teks, True),
                               ("persen", row.persen, row.persen_teks, money_row)]
                for key, value, text, money in values:
                    bound = _out_of_range(value, money)
                    if bound is None:
                        continue
                    found = stated(value, text)
                    limit = "paling rendah 0 %" if bound == 0 else "paling tinggi 100 %"
                    yield rule_.finding(
                        table.id,
                        f"{where(evaluation, table.id)}, baris “{label}”: {KEY_LABELS[key]} tertulis "
                        f"{persen(found)}; seharusnya {limit}.",
                        row=label, expected=bound, found=found)
        for spending in evaluation.spending:
            label = " ".join(f"{spending.kode_rekening} {spending.uraian}".split())
            if spending.anggaran is not None and spending.realisasi is not None:
                if spending.anggaran and spending.realisasi > spending.anggaran:
                    computed = measures.round_percent(
                        measures.realisation_percent(spending.realisasi, spending.anggaran))
                    yield rule_.finding(
                        spending.tabel,
                        f"{where(evaluation, spending.tabel)}, rekening “{label}”: realisasi "
                        f"Rp {rupiah(spending.realisasi)} melebihi anggaran Rp {rupiah(spending.anggaran)} "
                        f"({persen(computed)}).",
                        code=spending.kode_rekening or None, row=spending.uraian, expected=spending.anggaran,
                        found=spending.realisasi)
                continue
            bound = _out_of_range(spending.persen, True)
            if bound is not None:
                found = stated(spending.persen, spending.persen_teks)
                yield rule_.finding(
                    spending.tabel,
                    f"{where(evaluation, spending.tabel)}, rekening “{label}”: persentase realisasi tertulis "
                    f"{persen(found)}; seharusnya di antara 0 % dan 100 %.",
                    code=spending.kode_rekening or None, row=spending.uraian, expected=bound, found=found)


# --- scales -----------------------------------------------------------------------------------------------


def label_key(label):
    return " ".join(clean_cell(label or "").lower().split())


def scales(evaluation):
    """The scales an evaluation states: [(source, table, [(Band, label)], unreadable band texts)]; the first
    is the scale the evaluation uses (skala_capaian), the others are bands that statements give
    (kategori_capaian statements whose row is a band), one per table."""
    found = []
    if evaluation.scale:
        bands = measures.read_scale(evaluation.scale)
        bad = [text for text, _ in evaluation.scale if measures.parse_band(text) is None]
        found.append(("skala capaian", "Skala capaian", bands, bad))
    by_table = {}
    for s in evaluation.statements:
        if s.key != "kategori_capaian" or not s.text:
            continue
        band = measures.parse_band(s.row)
        if band is not None:
            by_table.setdefault(s.table, []).append((band, s.text))
    for table, bands in by_table.items():
        found.append((f"kategori capaian {table}", table, bands, []))
    return found


def evaluation_category(evaluation, value):
    """(label, source) of a value on the evaluation's own scale, then on the other bands it states, then on
    the regulation's default scale; (None, None) when no band holds it."""
    stated_scales = scales(evaluation)
    primary_labels = {label_key(label): label for band, label in (stated_scales[0][2] if stated_scales else [])}
    for source, _, bands, _ in stated_scales:
        label = measures.category(value, bands)
        if label is not None:
            return primary_labels.get(label_key(label), label), source
    if not stated_scales:
        label = measures.category(value)
        return (label, "skala Permendagri 86/2017") if label else (None, None)
    return None, None


def band_text(band):
    return " ".join(band.text.split())


def _gaps(bands):
    """Values of 0–100 that no band holds, as texts ("0 – < 55"). Bands written with whole numbers
    ("55 - 70", "71 - 85") are read as meeting each other."""
    gaps = []
    cursor, closed = Decimal(0), False
    for band in sorted(bands, key=lambda b: (b.low, not b.low_closed)):
        if band.high < 0 or band.low > HUNDRED:
            continue
        if band.low > cursor or (band.low == cursor and not closed and not band.low_closed):
            whole_numbers = (closed and band.low_closed and cursor == cursor.to_integral_value()
                             and band.low - cursor == 1)
            if not whole_numbers:
                start = f"> {measures.number_text(cursor)}" if closed else measures.number_text(cursor)
                end = f"< {measures.number_text(band.low)}" if band.low_closed else measures.number_text(band.low)
                gaps.append(f"{start} – {end}")
        if band.high > cursor or (band.high == cursor and band.high_closed):
            cursor, closed = band.high, band.high_closed or (band.high == cursor and closed)
    if cursor < HUNDRED or (cursor == HUNDRED and not closed):
        start = f"> {measures.number_text(cursor)}" if closed else measures.number_text(cursor)
        gaps.append(f"{start} – 100")
    return gaps


def _overlaps(bands):
    pairs = []
    for i, (a, label_a) in enumerate(bands):
        for b, label_b in bands[i + 1:]:
            if label_key(label_a) != label_key(label_b) and a.overlaps(b):
                pairs.append(((a, label_a), (b, label_b)))
    return pairs


def _repair(bands, band):
    """The mirrored band ("< 55" for "> 55") when it alone makes the scale free of overlaps, else None."""
    mirrored = band.mirrored()
    if mirrored is None:
        return None
    repaired = [(mirrored if b is band else b, label) for b, label in bands]
    return mirrored if not _overlaps(repaired) and len(_gaps([b for b, _ in repaired])) <= len(
        _gaps([b for b, _ in bands])) else None


@rule(
    "SKALA-KONSISTEN",
    "Skala capaian kinerja tidak tumpang tindih, tidak berlubang, dan sama di seluruh dokumen",
    "Pita-pita skala capaian (mis. 85–100 Sangat Berhasil, 70–< 85 Berhasil, …) tidak boleh tumpang tindih "
    "(satu nilai masuk dua kategori) dan harus menutup 0–100 tanpa celah (pita yang ditulis dengan bilangan "
    "bulat seperti 55–70 dan 71–85 dianggap bersambung). Bila dokumen menuliskan skala lebih dari sekali "
    "(tabel skala, uraian, tabel kategori), batas tiap kategori harus sama dengan skala capaian yang dipakai. "
    "Skala yang keliru membuat kategori capaian tidak dapat ditentukan. Yang diharapkan adalah pita yang "
    "konsisten (atau pita skala capaian yang dipakai); yang ditemukan adalah pita yang tertulis. Celah pada skala "
    "yang dipakai saja dilaporkan sebagai peringatan; penyebutan ulang skala boleh tidak lengkap.",
    "error", "evaluasi",
)
def skala_konsisten(rule_, view):
    need_evaluations(view)
    if not any(scales(e) for e in view.evaluations):
        raise NotApplicable("evaluasi tahun lalu tidak memuat skala capaian kinerja")
    for evaluation in view.evaluations:
        found_scales = scales(evaluation)
        for index, (source, table, bands, bad) in enumerate(found_scales):
            problems, expected, found, severity = [], None, None, "warning"
            overlaps = _overlaps(bands)
            if overlaps:
                severity = "error"
                involved = {}
                for (a, label_a), (b, label_b) in overlaps:
                    involved.setdefault((a, label_a), []).append(f"{band_text(b)} ({label_b})")
                    involved.setdefault((b, label_b), []).append(f"{band_text(a)} ({label_a})")
                # the band that overlaps most is the culprit
                (culprit, culprit_label), others = max(involved.items(), key=lambda item: len(item[1]))
                problems.append(f"pita “{band_text(culprit)}” ({culprit_label}) tumpang tindih dengan "
                                + ", ".join(others))
                repaired = _repair(bands, culprit)
                found = band_text(culprit)
                if repaired is not None:
                    expected = repaired.text
                    problems[-1] += f" (maksudnya tampaknya “{repaired.text}”)"
                rest = [pair for pair in overlaps if (culprit, culprit_label) not in pair]
                for (a, label_a), (b, label_b) in rest:
                    problems.append(f"pita “{band_text(a)}” ({label_a}) tumpang tindih dengan “{band_text(b)}” "
                                    f"({label_b})")
            gaps = _gaps([b for b, _ in bands]) if index == 0 else []  # a repeated scale may be partial
            if gaps:
                problems.append("nilai " + "; ".join(gaps) + " tidak masuk kategori mana pun")
            if bad:
                problems.append("pita yang tidak terbaca: " + "; ".join(f"“{t}”" for t in bad))
            if problems:
                yield rule_.finding(
                    table, f"{source[0].upper() + source[1:]} evaluasi {evaluation.tahun}: " + "; ".join(problems) + ".",
                    row=found, expected=expected, found=found, severity=severity)
        if len(found_scales) < 2:
            continue
        _, primary_table, primary, _ = found_scales[0]
        by_label = {label_key(label): band for band, label in primary}
        for source, table, bands, _ in found_scales[1:]:
            differences, expected, found = [], [], []
            for band, label in bands:
                reference = by_label.get(label_key(label))
                if reference is None:
                    differences.append(f"{label} “{band_text(band)}” tidak ada pada skala capaian")
                    found.append(f"{band_text(band)} {label}")
                elif not reference.same_as(band):
                    differences.append(f"{label}: “{band_text(band)}” lawan “{band_text(reference)}”")
                    expected.append(f"{band_text(reference)} {label}")
                    found.append(f"{band_text(band)} {label}")
            if differences:
                yield rule_.finding(
                    table,
                    f"{source[0].upper() + source[1:]} (evaluasi {evaluation.tahun}) berbeda dari skala capaian yang dipakai "
                    f"({primary_table}): " + "; ".join(differences) + ".",
                    expected="; ".join(expected) or None, found="; ".join(found))


# --- PCT-CAPAIAN ------------------------------------------------------------------------------------------


def verdict_parts(text):
    return {label_key(part) for part in re.split(r"\s*/\s*|\s+atau\s+|\s*,\s*", clean_cell(text or "")) if part}


@rule(
    "PCT-CAPAIAN",
    "Nilai dan kategori capaian kinerja sesuai tabel indikator dan skala",
    "Nilai capaian kinerja keseluruhan yang dinyatakan di BAB II harus sesuai dengan tabel indikator "
    "evaluasinya sendiri: yang diharapkan adalah rata-rata capaian indikator (capaian = realisasi ÷ target × "
    "100, indikator yang angkanya tidak terbaca dilewati; dokumen yang memakai bobot antarindikator perlu "
    "menunjukkan bobotnya). Kategori yang dinyatakan (mis. SANGAT BERHASIL) harus kategori nilai itu pada skala "
    "capaian yang dipakai dokumen. Bila selisih nilai mengubah kategorinya, temuan adalah kesalahan; bila "
    "tidak, peringatan. Yang ditemukan adalah nilai atau kategori yang tertulis.",
    "error", "evaluasi",
)
def pct_capaian(rule_, view):
    need_evaluations(view)
    for evaluation in view.evaluations:
        values = [s for s in evaluation.statements if s.key == "nilai_capaian" and s.value is not None]
        verdicts = [s for s in evaluation.statements if s.key == "kategori_capaian" and s.text
                    and measures.parse_band(s.row) is None]
        if not values and not verdicts:
            continue
        indicators = measures.indicator_table(evaluation)
        computed = None
        if indicators is not None:
            table, usable, skipped = indicators
            computed = measures.round_percent(measures.plain_mean([c for _, c in usable]), 2)
            basis = (f"rata-rata capaian {len(usable)} indikator pada {table.id}"
                     + (f" ({skipped} indikator yang angkanya tidak terbaca dilewati)" if skipped else ""))
        for s in values:
            found = stated(s.value, s.text)
            if computed is None or same_percent(computed, found, s.text):
                continue
            expected_category, source = evaluation_category(evaluation, computed)
            found_category, _ = evaluation_category(evaluation, found)
            changes = expected_category is not None and label_key(expected_category) != label_key(found_category)
            yield rule_.finding(
                s.table,
                f"Evaluasi {evaluation.tahun}: nilai capaian kinerja tertulis {persen(found)}, padahal {basis} = "
                f"{persen(computed)}"
                + (f", yang pada {source} termasuk “{expected_category}”, bukan “{found_category}”" if changes
                   else "") + ".",
                row=s.row or None, expected=computed, found=found, severity="error" if changes else "warning")
        for s in verdicts:
            reference = computed if computed is not None else (
                stated(values[0].value, values[0].text) if values else None)
            if reference is None:
                continue
            expected_category, source = evaluation_category(evaluation, reference)
            if expected_category is None or label_key(expected_category) in verdict_parts(s.text):
                continue
            why = f"{basis} = {persen(computed)}" if computed is not None else f"nilai tertulis {persen(reference)}"
            note = ""
            if computed is not None and values:
                value = stated(values[0].value, values[0].text)
                value_category, _ = evaluation_category(evaluation, value)
                if value_category and label_key(value_category) in verdict_parts(s.text):
                    note = f" Kategori tertulis hanya cocok dengan nilai capaian yang tertulis ({persen(value)})."
            yield rule_.finding(
                s.table,
                f"Evaluasi {evaluation.tahun}: kategori capaian tertulis “{s.text}”, padahal {why}, yang pada "
                f"{source} termasuk “{expected_category}”.{note}",
                row=s.row or None, expected=expected_category, found=s.text)

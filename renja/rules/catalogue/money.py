"""Money: amounts and percentages that cannot be read, sub kegiatan without money, a forecast (n+1) that grows
unlike the rest of the plan, and a level counted twice in a stated total."""

import math
from decimal import Decimal
from functools import lru_cache
from statistics import median

from renja.core.numbers import (
    AMBIGUOUS,
    CLEAN,
    REPAIRED,
    UNREADABLE,
    NumberError,
    format_decimal,
    format_rupiah,
    is_blank,
    parse_decimal,
    parse_rupiah,
)
from renja.plans.view import LEVEL_LABELS

from ..engine import NotApplicable, clip, reading_of, rule
from ..readings import read_amount, read_number, row_items, shown

YEAR_KEYS = (("pagu_n", "n"), ("pagu_n1", "n+1"))

# Statement keys (docs/exchange-format.md) whose value is an amount of Rupiah, and those that are percentages.
MONEY_KEYS = {
    "pagu_n", "pagu_n1", "pagu_rancangan", "pagu_kebutuhan", "total_pagu_n", "total_pagu_n1", "pagu_urusan",
    "pagu_non_urusan", "alokasi", "realisasi",
}
PERCENT_KEYS = {"persen_realisasi", "fisik", "keuangan", "persen", "nilai_capaian"}
OTHER_NUMERIC_KEYS = {"target"}
COUNT_PREFIX = "jumlah_"

KEY_LABELS = {
    "pagu_n": "pagu tahun n", "pagu_n1": "pagu tahun n+1", "pagu_rancangan": "pagu rancangan awal RKPD",
    "pagu_kebutuhan": "pagu hasil analisis kebutuhan", "total_pagu_n": "total pagu tahun n",
    "total_pagu_n1": "total pagu tahun n+1", "pagu_urusan": "pagu program urusan",
    "pagu_non_urusan": "pagu program non urusan", "alokasi": "alokasi dana", "realisasi": "realisasi keuangan",
    "persen_realisasi": "persentase realisasi", "fisik": "realisasi fisik (%)", "keuangan": "realisasi keuangan (%)",
    "persen": "persentase", "nilai_capaian": "nilai capaian", "target": "target",
    "anggaran": "anggaran",
}


@lru_cache(maxsize=65536, typed=True)  # the same cells are re-read by several rules; the parsers are pure
def _reason(text, parser):
    """Why `text` cannot be read by `parser` (None when it can)."""
    try:
        parser(text)
    except NumberError as exc:
        return str(exc)
    return None


def readable_amount(statement):
    """The amount a statement states, or None when it states none or its text is not a readable Rupiah amount
    (UANG-FORMAT reports those; rules comparing amounts skip them)."""
    if statement is None or statement.value is None:
        return None
    text = statement.text
    if not is_blank(text) and (
            _rupiah_reason(text) if isinstance(text, str) else _reason(text, parse_rupiah)) is not None:
        return None
    return int(statement.value)


@lru_cache(maxsize=65536)  # several rules read every stated amount again; parsing a text is pure
def _rupiah_reason(text):
    """_reason(text, parse_rupiah) of a text."""
    return _reason(text, parse_rupiah)


def _evaluation_table(name):
    """How an evaluation table is named in a finding: "Tabel 2" stays, a BAB II table id gets its chapter."""
    if not name or name.upper().startswith(("BAB", "TABEL", "T-C", "TC")):
        return name or "BAB II"
    return f"BAB II {name}"


# --- UANG-FORMAT ---------------------------------------------------------------------------------------------


def _cell_finding(rule_, reading, table, where, kind, row, column, code=None, stored=False):
    """The finding for one cell as read: an error when it stays unreadable (a cell that lists one value per
    sub-item of its row is split and not malformed), a warning naming the reading when it was read with a
    repair or by the column's meaning; None for a clean, blank or split cell. `stored`: a figure of the plan
    itself (a sub kegiatan's pagu, the ceiling), which the plan keeps without a value until it is written
    right: an error even when repaired (the sums read it repaired, the plan's totals do not count it)."""
    if reading.note == CLEAN or (reading.parts and reading.note == REPAIRED):
        return None
    cell = reading_of(reading, table, row, column)
    if reading.note == UNREADABLE:
        return rule_.finding(table, f"{where} dan tidak dapat dibaca sebagai {kind}: {reading.repair}.",
                             code=code, row=row, expected=None, found=reading.text, readings=[cell])
    if reading.note == AMBIGUOUS:
        how = f"ambigu, {reading.repair}"
    else:
        how = f"dibaca {shown(reading.value)} ({reading.repair})"
    if stored:
        return rule_.finding(table, f"{where}: {how} untuk pemeriksaan jumlah, tetapi rencana belum menyimpannya "
                             "sebagai angka; tulislah angkanya dengan benar.", code=code, row=row,
                             expected=reading.value, found=reading.text, readings=[cell])
    return rule_.finding(table, f"{where}: {how}; tulislah angkanya dengan benar.", code=code, row=row,
                         expected=reading.value, found=reading.text, severity="warning", readings=[cell])


def _unreadable(text, value, parser):
    """The reason a cell written as `text` was not read, or None when the cell is blank or was read."""
    if is_blank(text):
        return None
    if value is None:
        return _reason(text, parser) or "tidak dapat dibaca"
    return None


def _looks_numeric(text):
    """A target cell without letters is a number (or several) that should have been read; text targets
    ("23 kegiatan", "Terwujudnya …") are the indicator rules' business."""
    return not is_blank(text) and not any(ch.isalpha() for ch in str(text))


def _statement_problem(statement):
    """(reason, kind) when a numeric statement cannot be read, else None."""
    key, text = statement.key, statement.text
    if is_blank(text):
        return None
    if key in MONEY_KEYS:
        # Re-read the text as Rupiah: a misread amount ("212.931704" read as 212,93) is as wrong as none.
        reason = _rupiah_reason(text) if isinstance(text, str) else _reason(text, parse_rupiah)
        return (reason, "jumlah rupiah") if reason else None
    if key in PERCENT_KEYS:
        return (_reason(text, parse_decimal) or "tidak dapat dibaca", "angka") if statement.value is None else None
    if key in OTHER_NUMERIC_KEYS or key.startswith(COUNT_PREFIX):
        return (_reason(text, parse_decimal) or "bukan angka", "angka") if statement.value is None else None
    return None


@rule(
    "UANG-FORMAT",
    "Angka rupiah dan persentase dapat dibaca",
    "Setiap pagu, alokasi, anggaran, realisasi dan persentase yang tertulis harus dapat dibaca sebagai angka: rupiah "
    "sebagai bilangan bulat dengan titik pemisah ribuan (12.239.200.000), persentase dengan koma desimal (6,62). "
    "Diperiksa: pagu sub kegiatan T-C.33, pagu T-C.31, plafon, baris tabel evaluasi BAB II (alokasi, realisasi, "
    "fisik, keuangan, persentase, target berupa angka), belanja per rekening, dan pernyataan dokumen yang berupa "
    "angka (total, jumlah, persentase). Angka yang tidak terbaca (kelompok ribuan tidak tiga angka, "
    "koma dan titik tercampur, dua angka dalam satu sel, angka terpotong) tidak dapat dijumlahkan atau "
    "dibandingkan; satu temuan per sel (kesalahan). Angka yang salah tulis tetapi hanya dapat dibaca satu cara "
    "(titik-strip atau titik di akhir, koma di antara titik ribuan, titik ribuan yang hilang pada kelompok enam "
    "angka, titik desimal) dibaca dengan perbaikan itu dan dilaporkan sebagai peringatan (tetap kesalahan untuk "
    "pagu sub kegiatan dan plafon, yang belum tersimpan sebagai angka); angka ambigu (1.286) "
    "dibaca menurut arti kolomnya dan juga diperingatkan. Sel tabel evaluasi yang mendaftar satu nilai per butir "
    "barisnya (mis. '0 0 0 0' pada baris yang indikatornya empat butir) dibaca per butir dan bukan kesalahan; bila "
    "jumlah nilainya tidak sama dengan jumlah butir, tetap dilaporkan. Yang ditemukan adalah teks sebagaimana "
    "tertulis; yang diharapkan adalah nilai hasil perbaikan (kosong bila tidak terbaca).",
    "error", "dokumen",
)
def uang_format(rule_, view):
    for sub in view.subs():
        if sub.pagu_n is not None and sub.pagu_n1 is not None:
            continue  # both read by the loader (the usual case)
        for key, year in YEAR_KEYS:
            text, value = getattr(sub, f"{key}_teks"), getattr(sub, key)
            if value is not None or is_blank(text):
                continue  # read by the loader, or nothing written: nothing to say (the common case, fast)
            tahun = view.tahun if year == "n" else view.tahun + 1
            finding = _cell_finding(rule_, read_amount(value, text), "T-C.33",
                                    f"Pagu {tahun} sub kegiatan {sub.label} tertulis '{text}'", "jumlah rupiah",
                                    sub.label, key, code=sub.code, stored=True)
            if finding is not None:
                yield finding

    finding = _cell_finding(rule_, read_amount(view.ceiling, view.ceiling_teks), "Plafon",
                            f"Plafon pagu {view.tahun} tertulis '{view.ceiling_teks}'", "jumlah rupiah", "Plafon",
                            "pagu", stored=True)
    if finding is not None:
        yield finding

    for row in view.review:
        for side_name, side in (("rancangan awal RKPD", row.rancangan), ("hasil analisis kebutuhan", row.kebutuhan)):
            finding = _cell_finding(
                rule_, read_amount(side.pagu, side.pagu_teks), "T-C.31",
                f"Pagu {side_name} pada baris {row.tingkat.replace('_', ' ')} {row.label} tertulis '{side.pagu_teks}'",
                "jumlah rupiah", row.label, f"pagu {side_name}")
            if finding is not None:
                yield finding

    for evaluation in view.evaluations:
        for table in evaluation.tables:
            name = _evaluation_table(table.id)
            title = clip(table.judul or table.id)
            for r in table.rows:
                label = " ".join(p for p in (r.nomor, clip(r.uraian)) if p) or "(tanpa uraian)"
                items = row_items(r)
                cells = [("alokasi", "jumlah rupiah"), ("realisasi", "jumlah rupiah"), ("fisik", "persentase"),
                         ("keuangan", "persentase"), ("persen", "persentase")]
                if _looks_numeric(r.target_teks):
                    cells.append(("target", "angka"))
                for field, kind in cells:
                    text, value = getattr(r, f"{field}_teks"), getattr(r, field)
                    if kind == "jumlah rupiah":
                        reading = read_amount(value, text, items)
                    else:
                        reading = read_number(value, text, "persen" if kind == "persentase" else "angka", items)
                    finding = _cell_finding(
                        rule_, reading, name, f"Evaluasi {evaluation.tahun}, tabel '{title}', baris {label}: "
                        f"{KEY_LABELS[field]} tertulis '{text}'", kind, label, field)
                    if finding is not None:
                        yield finding
        for s in evaluation.spending:
            label = " ".join(p for p in (s.kode_rekening, s.uraian) if p) or "(tanpa uraian)"
            for field, kind in (("anggaran", "jumlah rupiah"), ("realisasi", "jumlah rupiah"),
                                ("persen", "persentase")):
                text, value = getattr(s, f"{field}_teks"), getattr(s, field)
                reading = read_amount(value, text) if kind == "jumlah rupiah" else read_number(value, text)
                table_name = s.tabel or "belanja per rekening"
                finding = _cell_finding(
                    rule_, reading, s.tabel or "BAB II", f"Evaluasi {evaluation.tahun}, {table_name}, rekening "
                    f"{label}: {KEY_LABELS[field]} tertulis '{text}'", kind, label, field, code=s.kode_rekening)
                if finding is not None:
                    yield finding

    statements = [(s, None) for s in view.statements]
    statements += [(s, e.tahun) for e in view.evaluations for s in e.statements]
    for s, tahun in statements:
        reading = problem = None
        if s.key in MONEY_KEYS and not is_blank(s.text):
            # Re-read the text as Rupiah: a misread amount ("212.931704" read as 212,93) is as wrong as none.
            reading = read_amount(None, s.text)
            if reading.note == CLEAN or (reading.parts and reading.note == REPAIRED):
                continue  # _cell_finding has nothing to say (the usual case): no message to write
        else:
            problem = _statement_problem(s)
            if problem is None:
                continue
        table = _evaluation_table(s.table) if tahun is not None else s.table
        where = f"Evaluasi {tahun}, {table}" if tahun is not None else table
        row = s.row or s.code or None
        label = KEY_LABELS.get(s.key, s.key.replace("_", " "))
        message = f"{where}{', baris ' + clip(row) if row else ''}: {label} tertulis '{s.text}'"
        if reading is not None:
            finding = _cell_finding(rule_, reading, table, message, "jumlah rupiah", row, s.key, code=s.code)
            if finding is not None:
                yield finding
            continue
        reason, kind = problem
        yield rule_.finding(
            table, f"{message} dan tidak dapat dibaca sebagai {kind}: {reason}.",
            code=s.code, row=row, expected=None, found=s.text)


# --- UANG-NOL ------------------------------------------------------------------------------------------------


def _funded_row(sub):
    """A named sub kegiatan that is a row of the plan (it has an indicator or writes some pagu). Rows without a
    name, or with only a name, are BARIS-KOSONG's business."""
    if not (sub.nama or "").strip():
        return False
    for indicator in sub.indicators:  # has an indicator, else writes some pagu
        if (indicator.uraian or "").strip():
            return True
    return (sub.pagu_n is not None or not is_blank(sub.pagu_n_teks) or sub.pagu_n1 is not None
            or not is_blank(sub.pagu_n1_teks))


def _missing_money(value, text):
    """'kosong' / 'nol' / 'negatif', or None when the amount is positive or unreadable (UANG-FORMAT)."""
    if value is None:
        return "kosong" if is_blank(text) else None
    if value == 0:
        return "nol"
    if value < 0:
        return "negatif"
    return None


@rule(
    "UANG-NOL",
    "Sub kegiatan berpagu",
    "Sub kegiatan adalah satuan penganggaran: setiap sub kegiatan yang direncanakan di T-C.33 harus mempunyai pagu "
    "indikatif tahun n yang lebih dari nol, dan prakiraan maju tahun n+1. Pagu yang kosong, nol atau negatif berarti "
    "sub kegiatan tidak dapat dilaksanakan atau pagunya lupa diisi (kesalahan untuk tahun n; peringatan bila hanya "
    "prakiraan maju n+1 yang kosong atau nol, karena sub kegiatan dapat berakhir pada tahun n). Pagu yang tertulis "
    "tetapi tidak terbaca dilaporkan oleh UANG-FORMAT; baris tanpa nama atau tanpa indikator dan pagu oleh "
    "BARIS-KOSONG. Yang ditemukan adalah pagu yang tertulis (kosong bila tidak ada); nilai yang diharapkan tidak "
    "dapat dihitung (pagu lebih dari nol).",
    "error", "sub_kegiatan",
)
def uang_nol(rule_, view):
    for sub in view.subs():
        n, n1 = sub.pagu_n, sub.pagu_n1
        if n is not None and n > 0 and n1 is not None and n1 > 0:
            continue  # both pagu positive (the usual case): nothing missing
        if not _funded_row(sub):
            continue
        problems = []
        for key, year in YEAR_KEYS:
            what = _missing_money(getattr(sub, key), getattr(sub, f"{key}_teks"))
            if what:
                problems.append((key, year, what))
        if not problems:
            continue
        parts = []
        for key, year, what in problems:
            tahun = view.tahun if year == "n" else view.tahun + 1
            value = getattr(sub, key)
            shown = f"Rp {format_rupiah(value)}" if what == "negatif" else what
            parts.append(f"pagu {'indikatif' if year == 'n' else 'prakiraan maju'} {tahun} {shown}")
        severity = None if any(year == "n" for _, year, _ in problems) else "warning"
        first_key = problems[0][0]
        yield rule_.finding(
            "T-C.33",
            f"Sub kegiatan {sub.label}: {' dan '.join(parts)}; sub kegiatan yang direncanakan harus berpagu lebih "
            f"dari nol.",
            code=sub.code, row=sub.label, expected=None, found=getattr(sub, first_key), severity=severity)


# --- UANG-PERTUMBUHAN ----------------------------------------------------------------------------------------

MIN_ROWS = 3
MIN_DEVIATION = math.log(Decimal("1.25"))  # a ratio more than 25 % above, or 20 % below, the typical ratio
MAD_FACTOR = 3 * 1.4826  # three robust standard deviations (1,4826 × MAD estimates σ for normal data)
RATIO_PLACES = Decimal("0.0001")


def _ratio(number):
    return f"×{format_decimal(number, 2)}"


@rule(
    "UANG-PERTUMBUHAN",
    "Kenaikan prakiraan maju sesuai pola rencana",
    "Prakiraan maju (pagu n+1) biasanya disusun dengan satu faktor kenaikan untuk seluruh rencana (mis. ×1,10). "
    "Rasio pagu n+1 / pagu n setiap sub kegiatan dibandingkan dengan rasio yang lazim pada rencana ini, yaitu "
    "median rasio semua sub kegiatan yang mempunyai kedua pagu. Sub kegiatan dilaporkan bila rasionya menyimpang "
    "jauh: lebih dari 25 % di atas atau 20 % di bawah median (selisih logaritma lebih dari ln 1,25), dan lebih jauh "
    "dari tiga simpangan baku yang diperkirakan secara robust (1,4826 × median simpangan absolut logaritma rasio) "
    "bila rasio rencana memang beragam. Median dan MAD tidak terpengaruh oleh satu atau dua baris yang salah, "
    "sehingga baris yang salah ketik (mis. pagu n+1 dua kali lipat) menonjol tanpa menandai variasi wajar. "
    "Peringatan, karena kenaikan yang berbeda dapat disengaja. Perlu sedikitnya tiga sub kegiatan. Pagu kosong "
    "atau nol dilaporkan oleh UANG-NOL. Baris program dan kegiatan diperiksa dengan pagu yang tertulis padanya "
    "(pagu n dan n+1 keduanya terbaca), karena di sanalah dokumen sering menyimpang. Nilai yang diharapkan adalah "
    "rasio yang lazim (median); yang ditemukan adalah rasio baris itu.",
    "warning", "sub_kegiatan",
)
def uang_pertumbuhan(rule_, view):
    rows = [s for s in view.subs() if s.pagu_n and s.pagu_n1 and s.pagu_n > 0 and s.pagu_n1 > 0]
    if len(rows) < MIN_ROWS:
        raise NotApplicable(
            f"perlu sedikitnya {MIN_ROWS} sub kegiatan dengan pagu n dan n+1 lebih dari nol untuk mengetahui rasio "
            f"kenaikan yang lazim (ada {len(rows)})")
    ratios = {id(s): Decimal(s.pagu_n1) / Decimal(s.pagu_n) for s in rows}
    typical = median(ratios.values())
    logs = {key: abs(math.log(ratio / typical)) for key, ratio in ratios.items()}
    mad = median(logs.values())
    threshold = max(MIN_DEVIATION, MAD_FACTOR * mad)
    candidates = [(sub, sub.pagu_n, sub.pagu_n1, "") for sub in rows]
    for node in list(view.nodes("program")) + list(view.nodes("kegiatan")):
        n, n1 = readable_amount(node.stated.get("pagu_n")), readable_amount(node.stated.get("pagu_n1"))
        if n and n1 and n > 0 and n1 > 0:
            candidates.append((node, n, n1, " (angka yang tertulis pada baris ini)"))
    for node, n, n1, note in candidates:
        if note:
            ratio = Decimal(n1) / Decimal(n)
            deviation = abs(math.log(ratio / typical))
        else:  # a sub kegiatan: its ratio and deviation as computed above
            ratio, deviation = ratios[id(node)], logs[id(node)]
        if deviation <= threshold + 1e-12:
            continue
        yield rule_.finding(
            "T-C.33",
            f"Prakiraan maju {LEVEL_LABELS[node.level]} {node.label}{note}: Rp {format_rupiah(n)} ({view.tahun}) menjadi "
            f"Rp {format_rupiah(n1)} ({view.tahun + 1}), {_ratio(ratio)}; rasio yang lazim pada rencana ini "
            f"{_ratio(typical)} (median {len(rows)} sub kegiatan). Dengan rasio itu pagu {view.tahun + 1} menjadi "
            f"sekitar Rp {format_rupiah(int((typical * n).to_integral_value()))}.",
            code=node.code, row=node.label, expected=typical.quantize(RATIO_PLACES), found=ratio.quantize(RATIO_PLACES))


# --- UANG-GANDA ----------------------------------------------------------------------------------------------


def _child_figure(child, key):
    """A child's figure as the document gives it: its stated pagu when readable, else its computed total."""
    stated = readable_amount(child.stated.get(key)) if child.level != "sub_kegiatan" else None
    if stated is not None:
        return stated, True
    return child.total(key) if child.level != "sub_kegiatan" else (getattr(child, key) or 0), False


def _double_counts(stated, computed, children, key, child_label):
    """How `stated` counts a level twice, as (explanation) or None."""
    if computed <= 0 or stated == computed:
        return None
    if stated == 2 * computed:
        return f"tepat dua kali jumlah sub kegiatannya (2 × Rp {format_rupiah(computed)})"
    figures = [_child_figure(child, key) for child in children]
    if any(is_stated for _, is_stated in figures):
        children_sum = sum(value for value, _ in figures)
        if stated == computed + children_sum:
            return (f"Rp {format_rupiah(children_sum)} (jumlah pagu {child_label} yang tertulis) + Rp {format_rupiah(computed)} "
                    f"(jumlah pagu sub kegiatannya)")
    return None


@rule(
    "UANG-GANDA",
    "Pagu tidak dihitung dua kali",
    "Pagu program, kegiatan dan total rencana yang tertulis dibandingkan dengan jumlah pagu sub kegiatannya. Bila "
    "angka yang tertulis sama dengan jumlah itu ditambah pagu tingkat di bawahnya (mis. pagu program = jumlah pagu "
    "kegiatan yang tertulis + jumlah pagu sub kegiatan), atau tepat dua kalinya, satu tingkat terhitung dua kali "
    "saat menjumlahkan di lembar kerja (baris kegiatan ikut dijumlahkan bersama baris sub kegiatannya). Temuan ini "
    "menjelaskan penyebab selisih yang juga dilaporkan aturan jumlah (PAGU-SUM-*). Nilai yang diharapkan adalah "
    "jumlah pagu sub kegiatan; yang ditemukan adalah pagu yang tertulis.",
    "error", "program",
)
def uang_ganda(rule_, view):
    for node in view.nodes():
        if node.level == "sub_kegiatan":
            continue
        child_label = "kegiatan" if node.level == "program" else "sub kegiatan"
        for key, year in YEAR_KEYS:
            stated = readable_amount(node.stated.get(key))
            if stated is None:
                continue
            computed = node.total(key)
            how = _double_counts(stated, computed, node.children, key, child_label)
            if how:
                tahun = view.tahun if year == "n" else view.tahun + 1
                yield rule_.finding(
                    "T-C.33",
                    f"Pagu {tahun} {LEVEL_LABELS[node.level]} {node.label} tertulis Rp {format_rupiah(stated)} = {how}: "
                    f"satu tingkat terhitung dua kali. Jumlah pagu sub kegiatannya Rp {format_rupiah(computed)}.",
                    code=node.code, row=node.label, expected=computed, found=stated)

    totals = {"total_pagu_n": "pagu_n", "total_pagu_n1": "pagu_n1"}
    seen = set()
    for s in view.statements:
        key = totals.get(s.key)
        stated = readable_amount(s) if key else None
        if stated is None or (s.table, key, stated) in seen:
            continue
        seen.add((s.table, key, stated))
        computed = view.total_n if key == "pagu_n" else view.total_n1
        how = _double_counts(stated, computed, view.programs, key, "program")
        if how:
            tahun = view.tahun if key == "pagu_n" else view.tahun + 1
            yield rule_.finding(
                s.table,
                f"Total pagu {tahun} tertulis Rp {format_rupiah(stated)} = {how}: satu tingkat terhitung dua kali. "
                f"Jumlah pagu semua sub kegiatan Rp {format_rupiah(computed)}.",
                row=s.row or None, expected=computed, found=stated)

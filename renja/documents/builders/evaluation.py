"""BAB II: the evaluation of earlier years (2.1 tables, spending by account, T-C.29) and the checker's findings.

- "BAB II": one table per evaluation table of the view (the per-kegiatan summary, the detail tables per
  program/kegiatan, Tabel 2, 4, 5, 6 …), with the columns the table uses and a computed Total row: amounts
  are `SumOf` the rows, percentages the pagu-weighted mean of the rows (`WeightedMean`), never their sum.
- "Belanja": spending per account (Tabel 1, Tabel 3) with group rows (5.1 BELANJA OPERASI, 5.2 BELANJA MODAL …)
  and TOTAL BELANJA computed from the account rows by code prefix; % = realisasi / anggaran.
- "T-C.29": Rekapitulasi Evaluasi Hasil Pelaksanaan Renja dan Pencapaian Renstra; columns 8, 10 and 11
  computed (10 = 5+7+9 only for cumulative indicators; lower-is-better indicators attain (2T − R)/T).
- "Temuan": what `renja.rules.engine.run` finds, as an appendix table.

Values come from the data: an amount or percentage that cannot be read prints as written (text) and is left
out of every sum, with a note under the table saying so. What the document states for a Total row is a
statement for the checker, never copied here.
"""

import re
from decimal import Decimal

from renja.core.numbers import clean_cell, is_blank
from renja.core.targets import parse_target
from renja.monitoring import measures
from renja.reference.units import is_counted, is_percent, normal_unit
from renja.rules import engine
from renja.rules.engine import SEVERITY_LABELS

from ..tables import (
    CODE,
    MONEY,
    NUMBER,
    PERCENT,
    TEXT,
    Add,
    Cell,
    Column,
    HeaderCell,
    InverseRatio,
    Latest,
    Ratio,
    Row,
    SumOf,
    Table,
    WeightedMean,
    cells,
    total_row,
)
from . import builder

SHEET_NAME_SIZE = 31
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


# --- small helpers ----------------------------------------------------------------------------------------


def _text(value):
    return "" if value is None else " ".join(clean_cell(value).split())


def _unreadable(value, text):
    return value is None and not is_blank(text)


def _value_cell(value, text):
    """A data cell: the value read from the document, else the text as written (unreadable), else empty."""
    if value is not None:
        return Cell(value)
    if not is_blank(text):
        return Cell(_text(text))
    return Cell(None)


def _sheet_names(ids, prefix="", used=None):
    """Sheet names (≤ 31 characters, without the characters a spreadsheet forbids), unique among themselves
    and `used`."""
    used = set() if used is None else used
    names = []
    for table_id in ids:
        base = _SHEET_FORBIDDEN.sub("-", f"{prefix}{table_id}").strip()[:SHEET_NAME_SIZE].strip() or "Tabel"
        name, n = base, 2
        while name.casefold() in used:
            suffix = f" ({n})"
            name = base[:SHEET_NAME_SIZE - len(suffix)].rstrip() + suffix
            n += 1
        used.add(name.casefold())
        names.append(name)
    return names


def _year_line(evaluation):
    line = f"Tahun {evaluation.tahun}"
    if evaluation.keterangan:
        line += f" ({evaluation.keterangan})"
    return line


def _row_label(row):
    label = " ".join(p for p in (_text(row.nomor), _text(row.uraian)) if p)
    return label or _text(row.indikator)[:60] or "(tanpa uraian)"


# --- BAB II: the evaluation tables ------------------------------------------------------------------------

DEFAULT_LABELS = {
    "nomor": "No",
    "uraian": "Kegiatan",
    "indikator": "Hasil yang dicapai",
    "alokasi": "Alokasi Dana",
    "target_percent": "Target %",
    "target_text": "Target",
    "realisasi": "Realisasi (Rp)",
    "realisasi_group": "Keu (Rp)",
    "fisik": "Fisik %",
    "keuangan": "Keu %",
    "persen": "Realisasi %",
    "triwulan": "Triwulan",
    "group": "Realisasi",
}
# The seed's own wording of its numbered tables (other documents name these columns the same way).
LABELS = {
    "tabel 2": {"uraian": "Program / Kegiatan", "realisasi": "Realisasi Capaian Dana"},
    "tabel 4": {"nomor": "No.", "uraian": "Sasaran", "indikator": "Indikator Kinerja", "alokasi": "Anggaran (Rp)"},
    "tabel 5": {"nomor": "No.", "uraian": "Sasaran", "indikator": "Indikator Kinerja", "target_text": "Target Kinerja",
                "alokasi": "Jumlah Target (Rp)", "realisasi": "Realisasi Capaian (Rp)", "persen": "%"},
    "tabel 6": {"nomor": "No.", "uraian": "Sasaran", "indikator": "Indikator Kinerja",
                "target_percent": "Target Kinerja %", "persen": "Realisasi Capaian Kinerja (%)"},
}
WIDTHS = {"nomor": 5, "uraian": 40, "indikator": 36, "alokasi": 17, "realisasi": 17, "target": 10, "fisik": 9,
          "keuangan": 9, "persen": 11, "triwulan": 9}
MONEY_FIELDS = ("alokasi", "realisasi")
PERCENT_FIELDS = ("fisik", "keuangan", "persen")


def _labels(table):
    labels = dict(DEFAULT_LABELS)
    labels.update(LABELS.get(" ".join(table.id.lower().split()), {}))
    return labels


def _used(rows, name):
    return any(getattr(r, name) is not None or not is_blank(getattr(r, f"{name}_teks")) for r in rows)


def _target_is_percent(rows):
    """True when the targets that read as numbers are plain numbers or percentages (the "Target %" column); a
    target that does not read as one number (``100 100 100``) prints as written and does not decide."""
    targets = [parse_target(r.target_teks) for r in rows if not is_blank(r.target_teks)]
    readable = [t for t in targets if t.nilai is not None]
    return bool(readable) and all(is_percent(t.satuan or "%") for t in readable)


def evaluation_layout(table):
    """The columns of one evaluation table: [(key, kind, label, in the Realisasi group)], in document order."""
    rows = table.rows
    labels = _labels(table)
    target_used = any(not is_blank(r.target_teks) or r.target is not None for r in rows)
    target_percent = target_used and _target_is_percent(rows)
    fisik, keuangan = _used(rows, "fisik"), _used(rows, "keuangan")
    grouped = fisik or keuangan
    columns = [("nomor", TEXT, labels["nomor"], False), ("uraian", TEXT, labels["uraian"], False)]
    if any(not is_blank(r.indikator) for r in rows):
        columns.append(("indikator", TEXT, labels["indikator"], False))
    if target_used and not target_percent:
        columns.append(("target", TEXT, labels["target_text"], False))
    if _used(rows, "alokasi"):
        columns.append(("alokasi", MONEY, labels["alokasi"], False))
    if grouped:
        if target_percent:
            columns.append(("target", PERCENT, labels["target_percent"], False))
        if fisik:
            columns.append(("fisik", PERCENT, labels["fisik"], True))
        if _used(rows, "realisasi"):
            columns.append(("realisasi", MONEY, labels["realisasi_group"], True))
        if keuangan:
            columns.append(("keuangan", PERCENT, labels["keuangan"], True))
    else:
        if _used(rows, "realisasi"):
            columns.append(("realisasi", MONEY, labels["realisasi"], False))
        if target_percent:
            columns.append(("target", PERCENT, labels["target_percent"], False))
    if _used(rows, "persen"):
        columns.append(("persen", PERCENT, labels["persen"], False))
    if any(r.triwulan for r in rows):
        columns.append(("triwulan", NUMBER, labels["triwulan"], False))
    return columns


def _header(layout, group_label):
    if not any(grouped for *_, grouped in layout):
        return [[HeaderCell(label) for _, _, label, _ in layout]]
    top, bottom = [], []
    group_started = False
    for _, _, label, grouped in layout:
        if grouped:
            if not group_started:
                top.append(HeaderCell(group_label, colspan=sum(1 for *_, g in layout if g)))
                group_started = True
            bottom.append(HeaderCell(label))
        else:
            top.append(HeaderCell(label, rowspan=2))
    return [top, bottom]


def _evaluation_cell(row, key, target_percent):
    if key in ("nomor", "uraian", "indikator"):
        return Cell(_text(getattr(row, key)))
    if key == "target":
        if target_percent and row.target is not None:
            return Cell(row.target)
        return Cell(_text(row.target_teks) or None)
    if key == "triwulan":
        return Cell(row.triwulan)
    return _value_cell(getattr(row, key), getattr(row, f"{key}_teks"))


def _sum_cell(rows, key, label, notes):
    """SumOf the rows whose amount is readable; the others are named in `notes`."""
    indices, skipped = [], []
    for i, row in enumerate(rows):
        value, text = getattr(row, key), getattr(row, f"{key}_teks")
        if value is not None:
            indices.append(i)
        elif _unreadable(value, text):
            skipped.append(f"baris {_row_label(row)} ('{_text(text)}')")
    if skipped:
        notes.append(f"{label}: {len(skipped)} nilai tidak terbaca sebagai angka dan tidak ikut dijumlahkan: "
                     + "; ".join(skipped) + ".")
    if not indices:
        return Cell(None)
    return Cell(sum(getattr(rows[i], key) for i in indices), SumOf(tuple(indices)))


def weighted_parts(rows, key, weight="alokasi"):
    """The rows a weighted mean of column `key` takes: (indices, (value, weight) pairs, skipped labels, blanks).

    A row takes part when its weight (alokasi) is readable and its value is readable or blank (a blank counts
    as 0, as in a spreadsheet); rows with an unreadable value or weight are left out.
    """
    indices, pairs, skipped, blanks = [], [], [], 0
    for i, row in enumerate(rows):
        value = row.target if key == "target" else getattr(row, key)
        text = row.target_teks if key == "target" else getattr(row, f"{key}_teks")
        w_value, w_text = getattr(row, weight), getattr(row, f"{weight}_teks")
        if value is None and is_blank(text) and w_value is None and is_blank(w_text):
            continue  # an empty row
        if _unreadable(value, text) or w_value is None:
            skipped.append(_row_label(row))
            continue
        if value is None:
            blanks += 1
        indices.append(i)
        pairs.append((value if value is not None else Decimal(0), w_value))
    return indices, pairs, skipped, blanks


def _mean_cell(rows, key, label, notes):
    indices, pairs, skipped, blanks = weighted_parts(rows, key)
    if skipped:
        notes.append(f"{label}: {len(skipped)} baris tidak ikut dalam rata-rata tertimbang karena angkanya tidak "
                     "terbaca atau alokasinya kosong/tidak terbaca: " + "; ".join(skipped) + ".")
    if not pairs or blanks == len(pairs):
        return Cell(None)
    value = measures.weighted_mean(pairs)
    if value is None:
        return Cell(None)
    if blanks:
        notes.append(f"{label}: {blanks} baris tanpa angka dihitung 0 dalam rata-rata tertimbang.")
    return Cell(value, WeightedMean(key, "alokasi", tuple(indices)))


def evaluation_table(view, evaluation, table, table_id, sheet_name):
    layout = evaluation_layout(table)
    keys = [key for key, *_ in layout]
    kinds = {key: kind for key, kind, *_ in layout}
    target_percent = kinds.get("target") == PERCENT
    labels = {key: label for key, _, label, _ in layout}
    rows = [Row({key: _evaluation_cell(r, key, target_percent) for key in keys}) for r in table.rows]
    notes = []
    quarterly = any(r.triwulan for r in table.rows)
    money = [key for key in MONEY_FIELDS if key in keys]
    if rows and money and not quarterly:
        cells = {"uraian": Cell("Total")}
        for key in money:
            cells[key] = _sum_cell(table.rows, key, labels[key], notes)
        means = [key for key in ("target", *PERCENT_FIELDS) if kinds.get(key) == PERCENT]
        if "alokasi" in keys and means:
            for key in means:
                cells[key] = _mean_cell(table.rows, key, labels[key], notes)
            notes.append("Persentase pada baris Total adalah rata-rata tertimbang pagu (alokasi) dari persentase "
                         "baris-barisnya, bukan jumlahnya.")
        rows.append(Row(cells, bold=True, kind="total"))
    elif quarterly:
        notes.append("Baris per triwulan bukan bagian dari satu keseluruhan; tabel ini tidak diberi baris Total.")
    title = [table.judul or table.id]
    if table.program:
        title.append(f"Program: {table.program}")
    if table.kegiatan:
        title.append(f"Kegiatan: {table.kegiatan}")
    title += [view.pd_nama, _year_line(evaluation)]
    return Table(
        id=table_id, title=[line for line in title if line],
        columns=[Column(key, kind, WIDTHS.get(key, 14)) for key, kind, *_ in layout],
        header=_header(layout, DEFAULT_LABELS["group"]), rows=rows,
        numbering=[str(i) for i in range(1, len(layout) + 1)], notes=notes, sheet_name=sheet_name,
    )


def _several(view):
    return len(view.evaluations) > 1


@builder("BAB II", "Evaluasi Pelaksanaan Renja Tahun Lalu", section="2.1", order=10)
def build_evaluation_tables(view):
    tables, used = [], set()
    for evaluation in view.evaluations:
        year = f"{evaluation.tahun} " if _several(view) else ""
        ids = [f"BAB II {year}{t.id}" for t in evaluation.tables]
        names = _sheet_names([f"{year}{t.id}" for t in evaluation.tables], prefix="II ", used=used)
        for table, table_id, name in zip(evaluation.tables, ids, names, strict=True):
            tables.append(evaluation_table(view, evaluation, table, table_id, name))
    return tables


# --- Belanja: spending by account -------------------------------------------------------------------------

# The groups of the chart of spending accounts (Permendagri 90/2019, Kepmendagri 050-5889/2021).
ACCOUNT_GROUPS = {
    "5.1": "BELANJA OPERASI",
    "5.2": "BELANJA MODAL",
    "5.3": "BELANJA TIDAK TERDUGA",
    "5.4": "BELANJA TRANSFER",
}
# An account written without a code belongs to its group by its name.
GROUP_WORDS = (
    ("5.2", ("modal",)),
    ("5.3", ("tidak terduga",)),
    ("5.4", ("transfer", "bagi hasil", "bantuan keuangan")),
    ("5.1", ("pegawai", "barang", "jasa", "hibah", "bunga", "subsidi", "bantuan sosial")),
)


def _account_code(text):
    code = _text(text).rstrip(".")
    return code if re.fullmatch(r"\d+(\.\d+)*", code) else ""


def _name_key(text):
    return re.sub(r"[^a-z0-9]", "", _text(text).lower())


def account_group(row, codes_by_name):
    """The group ("5.1" …) of a spending row: by its code; without one, by the code another table of the same
    evaluation gives the same account; else by its name. None when none says."""
    code = _account_code(row.kode_rekening) or codes_by_name.get(_name_key(row.uraian), "")
    if code:
        parts = code.split(".")
        return ".".join(parts[:2]) if len(parts) >= 2 else None
    name = _text(row.uraian).lower()
    for group, words in GROUP_WORDS:
        if any(word in name for word in words):
            return group
    return None


def _spending_label(row):
    return " ".join(p for p in (_text(row.kode_rekening), _text(row.uraian)) if p) or "(tanpa uraian)"


def _ratio_cell(anggaran, realisasi):
    if isinstance(anggaran.value, int) and isinstance(realisasi.value, int) and anggaran.value:
        return Cell(measures.realisation_percent(realisasi.value, anggaran.value), Ratio("realisasi", "anggaran"))
    return Cell(None)


def spending_table(view, evaluation, tabel, accounts, table_id, sheet_name):
    codes_by_name = {}
    for s in evaluation.spending:
        code = _account_code(s.kode_rekening)
        if code:
            codes_by_name.setdefault(_name_key(s.uraian), code)
    written_codes = any(_account_code(a.kode_rekening) for a in accounts)
    grouped = {}
    for account in accounts:
        grouped.setdefault(account_group(account, codes_by_name), []).append(account)
    order = [g for g in ACCOUNT_GROUPS if g in grouped] + sorted(
        g for g in grouped if g is not None and g not in ACCOUNT_GROUPS) + ([None] if None in grouped else [])

    rows, placed, notes = [], [], []  # placed: (row index, account) of account rows
    rows.append(Row({"kode": Cell("5" if written_codes else ""), "uraian": Cell("BELANJA")}, bold=True,
                    kind="section"))
    for group in order:
        group_index = None
        if group is not None:
            group_index = len(rows)
            rows.append(None)  # the group row, filled once its accounts are placed
        members = []
        for account in grouped[group]:
            members.append(len(rows))
            placed.append((len(rows), account))
            anggaran = _value_cell(account.anggaran, account.anggaran_teks)
            realisasi = _value_cell(account.realisasi, account.realisasi_teks)
            rows.append(Row({"kode": Cell(_text(account.kode_rekening)), "uraian": Cell(_text(account.uraian)),
                             "anggaran": anggaran, "realisasi": realisasi,
                             "persen": _ratio_cell(anggaran, realisasi)}, level=1))
        if group_index is not None:
            rows[group_index] = _group_row(rows, members, group, written_codes)
    total = {"uraian": Cell("TOTAL BELANJA")}
    for key, label in (("anggaran", "Anggaran"), ("realisasi", "Realisasi")):
        readable = tuple(i for i, _ in placed if isinstance(rows[i].value(key), int))
        total[key] = Cell(sum(rows[i].value(key) for i in readable), SumOf(readable)) if readable else Cell(None)
        for _, account in placed:
            text = getattr(account, f"{key}_teks")
            if _unreadable(getattr(account, key), text):
                notes.append(f"{label} {_spending_label(account)} ('{_text(text)}') tidak terbaca sebagai angka dan "
                             "tidak ikut dijumlahkan.")
    total["persen"] = _ratio_cell(total["anggaran"], total["realisasi"])
    rows.append(Row(total, bold=True, kind="total"))
    if None in grouped:
        notes.append("Akun tanpa kode rekening yang kelompoknya tidak dapat ditentukan hanya dijumlahkan pada "
                     "TOTAL BELANJA.")
    notes.append("Baris kelompok (5.1, 5.2, …) dan TOTAL BELANJA dijumlahkan dari baris akun; % = realisasi / "
                 "anggaran × 100.")
    header = [
        [HeaderCell("Kode Rekening", rowspan=2), HeaderCell("Uraian", rowspan=2),
         HeaderCell(f"TA {evaluation.tahun}", colspan=3)],
        [HeaderCell("Anggaran"), HeaderCell("Realisasi (Rp)"), HeaderCell("%")],
    ]
    return Table(
        id=table_id,
        title=[tabel, "Alokasi dan Realisasi Belanja per Kode Rekening", view.pd_nama, _year_line(evaluation)],
        columns=[Column("kode", CODE, 12), Column("uraian", TEXT, 40), Column("anggaran", MONEY, 18),
                 Column("realisasi", MONEY, 18), Column("persen", PERCENT, 9)],
        header=header, rows=rows, numbering=["1", "2", "3", "4", "5"], notes=notes, landscape=False,
        sheet_name=sheet_name,
    )


def _group_row(rows, members, group, written_codes):
    cells = {"kode": Cell(group if written_codes else ""), "uraian": Cell(ACCOUNT_GROUPS.get(group, f"BELANJA {group}"))}
    for key in ("anggaran", "realisasi"):
        readable = tuple(i for i in members if isinstance(rows[i].value(key), int))
        cells[key] = Cell(sum(rows[i].value(key) for i in readable), SumOf(readable)) if readable else Cell(None)
    cells["persen"] = _ratio_cell(cells["anggaran"], cells["realisasi"])
    return Row(cells, level=0, bold=True, kind="total")


@builder("Belanja", "Alokasi dan Realisasi Belanja", section="2.1", order=15)
def build_spending_tables(view):
    tables, used = [], set()
    for evaluation in view.evaluations:
        by_table = {}
        for account in evaluation.spending:
            by_table.setdefault(_text(account.tabel) or "Belanja", []).append(account)
        year = f"{evaluation.tahun} " if _several(view) else ""
        taken = {t.id for t in evaluation.tables}
        ids = [f"BAB II {year}{t if t not in taken else f'Belanja {t}'}" for t in by_table]
        names = _sheet_names([f"{year}Belanja {t}" for t in by_table], prefix="II ", used=used)
        for (tabel, accounts), table_id, name in zip(by_table.items(), ids, names, strict=True):
            tables.append(spending_table(view, evaluation, tabel, accounts, table_id, name))
    return tables


# --- T-C.29 -----------------------------------------------------------------------------------------------

TC29_KEYS = {
    "4": "target_renstra", "5": "realisasi_n3", "6": "target_n2", "7": "realisasi_n2", "8": "tingkat_realisasi",
    "9": "target_n1", "10": "realisasi_n1", "11": "tingkat_capaian", "12": "catatan",
}
VALUE_COLUMNS = ("4", "5", "6", "7", "9", "10")
NOT_CUMULATIVE = "perlu penjelasan: indikator bukan kumulatif"
_KIND_WORDS = {
    "jumlah": "jumlah", "banyaknya": "jumlah",
    "persentase": "persen", "prosentase": "persen", "presentase": "persen", "persen": "persen", "cakupan": "persen",
    "rasio": "rasio", "indeks": "indeks", "indek": "indeks", "index": "indeks",
}
_MODIFIERS = {"penurunan", "peningkatan", "meningkatnya", "menurunnya", "nilai", "tingkat", "angka", "capaian"}
_LOWER_WORDS = {"penurunan", "menurunnya", "berkurangnya", "turunnya", "menurunkan"}
_SERVED_WORDS = ("dilayani", "ditangani", "ditindaklanjuti", "penanganan", "tertangani", "terlayani", "pelayanan",
                 "layanan")


def indicator_kind(text):
    """"jumlah", "persen", "rasio", "indeks", "nilai" or None, by the first significant word of the wording."""
    words = re.findall(r"[a-z]+", (text or "").lower())
    score = False
    for word in words[:4]:
        if word in _KIND_WORDS:
            return _KIND_WORDS[word]
        if word not in _MODIFIERS:
            break
        score = score or word == "nilai"
    return "nilai" if score else None


def _normal_name(text):
    return " ".join(re.findall(r"[a-z0-9]+", (text or "").lower()))


def _known_polarities(view):
    known = {}
    for indicator in view.renstra:
        known.setdefault(_normal_name(indicator.uraian), indicator.polaritas)
    for node in view.nodes():
        for indicator in node.indicators:
            known.setdefault(_normal_name(indicator.uraian), indicator.polaritas)
    return known


def polarity(indicator, known=None):
    """"negatif" for a lower-is-better indicator, else "positif": as the Renstra or T-C.33 says for the same
    wording, else by the wording ("Penurunan …", a ratio of violence, a count of violence cases)."""
    name = _normal_name(indicator)
    if known and name in known:
        return known[name]
    words = name.split()
    if any(word in _LOWER_WORDS for word in words[:3]):
        return "negatif"
    counted_violence = "rasio" in words[:3] or "angka" in words[:2] or "prevalensi" in words[:2] or (
        "kasus" in words[:3])
    if "kekerasan" in words and counted_violence and not any(word in name for word in _SERVED_WORDS):
        return "negatif"
    return "positif"


def is_cumulative(indicator, unit):
    """An indicator whose yearly values add up: "Jumlah …", or counted in a unit of things (Dokumen, Orang, Kali)
    when its wording does not say it is a percentage, ratio, index or score. Percentages never add up."""
    if unit == "%":
        return False
    kind = indicator_kind(indicator)
    if kind == "jumlah":
        return True
    if kind is not None:
        return False
    return is_counted(unit)


def _code_level(code, uraian):
    """0 program (or urusan/bidang), 1 kegiatan, 2 sub kegiatan: by the depth of the normalised code, else by
    the wording."""
    parts = code.split(".") if code else []
    if _text(uraian).lower().startswith(("program", "urusan", "bidang")) or 2 <= len(parts) <= 3:
        return 0
    return 2 if len(parts) >= 6 else 1


def tc29_row(item, known=None):
    """One row of T-C.29 with its computed columns, from a tc29 entry of the view (kolom = cells as written)."""
    kolom = {str(k): v for k, v in (item.get("kolom") or {}).items()}
    targets = {k: parse_target(kolom.get(k)) for k in VALUE_COLUMNS}
    unit = next((normal_unit(targets[k].satuan) for k in ("4", "6", "9", "7", "5", "10")
                 if targets[k].nilai is not None and targets[k].satuan), None)

    def numeric(k):
        t = targets[k]
        return t.nilai is not None and (t.satuan is None or normal_unit(t.satuan) == unit)

    indicator = _text(item.get("indikator"))
    code = item.get("kode") or " ".join((item.get("kode_asli") or "").split())
    cells = {"kode": Cell(code or None), "uraian": Cell(_text(item.get("uraian")) or None)}
    level = _code_level(item.get("kode"), item.get("uraian"))
    written_12 = _text(kolom.get("12")) or None
    if not indicator:
        # Without an indicator there is nothing to attain: the cells print as written (the seed's first program
        # row carries the header's years there).
        cells["indikator"] = Cell(None)
        for k in ("4", "5", "6", "7", "8", "9", "10", "11"):
            cells[TC29_KEYS[k]] = Cell(_text(kolom.get(k)) or None)
        cells["catatan"] = Cell(written_12)
        return Row(cells, level=level, bold=level == 0)
    unit_text = next((targets[k].satuan.strip() for k in ("4", "6", "9", "7", "5", "10")
                      if targets[k].nilai is not None and targets[k].satuan and normal_unit(targets[k].satuan) == unit),
                     None)
    cells["indikator"] = Cell(f"{indicator} ({unit_text})" if unit_text else indicator)
    for k in VALUE_COLUMNS:
        cells[TC29_KEYS[k]] = Cell(targets[k].nilai if numeric(k) else (_text(targets[k].teks) or None))
    sign = polarity(indicator, known)
    marks, notes = [], []

    def attainment(r, t, label):
        """Column 8 or 11 from columns r (realisation) and t (target), by the indicator's polarity; None when the
        target is 0 on a higher-is-better indicator (no attainment can be computed)."""
        rk, tk = TC29_KEYS[r], TC29_KEYS[t]
        value = measures.capaian(cells[rk].value, cells[tk].value, sign)
        if value is None:
            notes.append(f"{label} tidak dihitung: target 0 pada indikator yang makin tinggi makin baik.")
            return None
        formula = InverseRatio(rk, tk) if sign == "negatif" else Ratio(rk, tk)
        return Cell(value, formula)

    written_8 = Cell(_text(kolom.get("8")) or None)
    cells["tingkat_realisasi"] = written_8
    if numeric("6") and numeric("7"):
        cells["tingkat_realisasi"] = attainment("7", "6", "Tingkat realisasi (kolom 8)") or Cell(None)

    present = [k for k in ("5", "7", "9") if not is_blank(targets[k].teks)]
    if present:
        if not all(numeric(k) for k in present):
            unread = ", ".join(f"kolom {k} '{_text(targets[k].teks)}'" for k in present if not numeric(k))
            notes.append(f"Kolom 10 tidak dihitung: {unread} bukan angka dengan satuan yang sama.")
        elif sign == "positif" and is_cumulative(indicator, unit):
            value = sum(targets[k].nilai for k in present)
            cells["realisasi_n1"] = Cell(value, Add((TC29_KEYS["5"], TC29_KEYS["7"], TC29_KEYS["9"])))
        else:
            cells["realisasi_n1"] = Cell(targets[present[-1]].nilai,
                                         Latest((TC29_KEYS["5"], TC29_KEYS["7"], TC29_KEYS["9"])))
            marks.append(NOT_CUMULATIVE)
            notes.append("Indikator bukan kumulatif: kolom 10 memakai nilai terakhir, bukan 5+7+9.")

    cells["tingkat_capaian"] = Cell(_text(kolom.get("11")) or None)
    if isinstance(cells["realisasi_n1"].value, Decimal) and numeric("4") and (
            cells["realisasi_n1"].computed or numeric("10")):
        cells["tingkat_capaian"] = attainment("10", "4", "Tingkat capaian (kolom 11)") or Cell(None)

    cells["catatan"] = Cell("; ".join(p for p in [written_12, *marks] if p) or None)
    return Row(cells, level=level, bold=level == 0, note=" ".join(notes))


def _tc29_header(view):
    n = view.tahun
    renstra_end = view.renstra_period[1] if view.renstra_period else None
    renstra = "Target Kinerja Capaian Program (Renstra Perangkat Daerah)" + (
        f" Tahun {renstra_end}" if renstra_end else "")
    return [
        [HeaderCell("Kode", rowspan=2),
         HeaderCell("Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan", rowspan=2),
         HeaderCell("Indikator Kinerja Program (outcomes)/ Kegiatan (output)", rowspan=2),
         HeaderCell(renstra, rowspan=2),
         HeaderCell(f"Realisasi Target Kinerja Hasil Program dan Keluaran Kegiatan s/d Tahun {n - 3} (n-3)",
                    rowspan=2),
         HeaderCell(f"Target dan Realisasi Kinerja Program dan Kegiatan Tahun Lalu ({n - 2}, n-2)", colspan=3),
         HeaderCell(f"Target Program dan Kegiatan (Renja Perangkat Daerah Tahun {n - 1}, n-1)", rowspan=2),
         HeaderCell("Perkiraan Realisasi Capaian Target Renstra Perangkat Daerah s/d Tahun Berjalan", colspan=2),
         HeaderCell("Catatan / Unit Penanggung Jawab", rowspan=2)],
        [HeaderCell(f"Target Renja Perangkat Daerah Tahun {n - 2} (n-2)"),
         HeaderCell(f"Realisasi Renja Perangkat Daerah Tahun {n - 2} (n-2)"),
         HeaderCell("Tingkat Realisasi (%)"),
         HeaderCell(f"Realisasi Capaian Program dan Kegiatan s/d Tahun Berjalan ({n - 1}, n-1)"),
         HeaderCell("Tingkat Capaian Realisasi Target Renstra (%)")],
    ]


TC29_TITLE = ("REKAPITULASI EVALUASI HASIL PELAKSANAAN RENJA PERANGKAT DAERAH DAN PENCAPAIAN RENSTRA PERANGKAT "
              "DAERAH SAMPAI DENGAN TAHUN {tahun}")
TC29_NUMBERING = ["1", "2", "3", "4", "5", "6", "7", "8=(7/6)", "9", "10=(5+7+9)", "11=(10/4)", "12"]


def tc29_table(view, evaluation, table_id, sheet_name):
    known = _known_polarities(view)
    rows = [tc29_row(item, known) for item in evaluation.tc29]
    columns = [
        Column("kode", CODE, 14), Column("uraian", TEXT, 36), Column("indikator", TEXT, 34),
        Column("target_renstra", NUMBER, 11), Column("realisasi_n3", NUMBER, 11), Column("target_n2", NUMBER, 11),
        Column("realisasi_n2", NUMBER, 11), Column("tingkat_realisasi", PERCENT, 10), Column("target_n1", NUMBER, 11),
        Column("realisasi_n1", NUMBER, 11), Column("tingkat_capaian", PERCENT, 10), Column("catatan", TEXT, 24),
    ]
    notes = [
        ("Kolom 8 = 7/6 × 100 dan kolom 11 = 10/4 × 100, dihitung bila kedua angka terbaca dengan satuan yang sama; "
         "untuk indikator yang makin rendah makin baik (mis. penurunan atau rasio kekerasan) capaian = (2T − R)/T × "
         "100 dan tidak kurang dari 0."),
        ("Kolom 10 = 5 + 7 + 9 hanya untuk indikator kumulatif (Jumlah …, satuan hitungan); untuk persentase, rasio "
         "dan indeks berlaku nilai terakhir dan baris diberi catatan perlu penjelasan."),
        "Satuan indikator ditulis dalam kurung pada kolom 3; angka yang tidak terbaca ditulis seperti aslinya.",
    ]
    return Table(
        id=table_id,
        title=[TC29_TITLE.format(tahun=evaluation.tahun), view.pd_nama],
        columns=columns, header=_tc29_header(view), rows=rows, numbering=list(TC29_NUMBERING), notes=notes,
        sheet_name=sheet_name,
    )


@builder("T-C.29", "Rekapitulasi Evaluasi Hasil Pelaksanaan Renja dan Pencapaian Renstra", section="2.1", order=20)
def build_tc29(view):
    tables = []
    with_rows = [e for e in view.evaluations if e.tc29]
    for evaluation in with_rows:
        suffix = f" {evaluation.tahun}" if len(with_rows) > 1 else ""
        tables.append(tc29_table(view, evaluation, f"T-C.29{suffix}", f"T-C.29{suffix}"))
    return tables


# --- Temuan: the checker's findings -----------------------------------------------------------------------

NO_FINDINGS = "Tidak ada temuan pemeriksa."


def findings_table(view, findings):
    columns = [Column("aturan", TEXT, 14), Column("tingkat", TEXT, 11), Column("tabel", TEXT, 12),
               Column("kode", CODE, 14), Column("baris", TEXT, 30), Column("pesan", TEXT, 60),
               Column("seharusnya", TEXT, 16), Column("tertulis", TEXT, 16)]
    labels = ["Aturan", "Tingkat", "Tabel", "Kode", "Baris", "Pesan", "Seharusnya", "Tertulis"]
    rows = [Row({"aturan": Cell(f.rule), "tingkat": Cell(SEVERITY_LABELS.get(f.severity, f.severity)),
                 "tabel": Cell(f.table), "kode": Cell(f.code), "baris": Cell(f.row), "pesan": Cell(f.message),
                 "seharusnya": Cell(engine.shown(f.expected) or None), "tertulis": Cell(engine.shown(f.found) or None)},
                bold=f.severity == "error")
            for f in findings]
    if not rows:
        rows = [Row({"pesan": Cell(NO_FINDINGS)})]
    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITY_LABELS}
    summary = ", ".join(f"{counts[s]} {SEVERITY_LABELS[s].lower()}" for s in SEVERITY_LABELS)
    return Table(
        id="Temuan", title=["TEMUAN PEMERIKSAAN RENJA", view.pd_nama, f"Renja Tahun {view.tahun}"],
        columns=columns, header=[[HeaderCell(label) for label in labels]], rows=rows,
        numbering=[str(i) for i in range(1, len(labels) + 1)],
        notes=[f"Jumlah temuan: {len(findings)} ({summary})."], sheet_name="Temuan",
    )


@builder("Temuan", "Temuan Pemeriksa", section="lampiran", order=1000)
def build_findings(view):
    return [findings_table(view, engine.run(view))]


# --- Tabel 7 and 8: the performance scale and the indicators per category -------------------------------------


@builder("Skala", "Skala Pengukuran dan Kategori Capaian", section="2.2", order=35)
def build_scale_tables(view):
    """The scale the document uses (its Tabel 7), and the number of indicators of the evaluation's indicator
    table in each band, computed with that scale (its Tabel 8; the document's own counts are statements)."""
    tables = []
    for evaluation in view.evaluations:
        if not evaluation.scale:
            continue
        year = evaluation.tahun
        scale_table = Table(
            id=f"Tabel 7 ({year})" if len(view.evaluations) > 1 else "Tabel 7",
            title=["Tabel 7", f"Skala Pengukuran Ordinal Kinerja Tahun {year}", view.pd_nama],
            columns=[Column("no", TEXT, 6), Column("skala", TEXT, 30), Column("kategori", TEXT, 30)],
            header=[[HeaderCell("No."), HeaderCell("Skala pengukuran ordinal"), HeaderCell("Kategori")]],
            numbering=["1", "2", "3"], landscape=False,
        )
        scale_table.rows = [Row(cells(no=f"{i}.", skala=band, kategori=label))
                            for i, (band, label) in enumerate(evaluation.scale, start=1)]
        tables.append(scale_table)

        found = measures.indicator_table(evaluation)
        values = [c for _, c in found[1]] if found else []
        categories = [measures.category(v, evaluation.scale) for v in values]
        count_table = Table(
            id=f"Tabel 8 ({year})" if len(view.evaluations) > 1 else "Tabel 8",
            title=["Tabel 8", f"Kategori Capaian Indikator Tahun {year}", view.pd_nama],
            columns=[Column("no", TEXT, 6), Column("skala", TEXT, 22), Column("kategori", TEXT, 26),
                     Column("jumlah", NUMBER, 14), Column("persen", PERCENT, 14)],
            header=[[HeaderCell("No.", rowspan=2), HeaderCell("Kategori capaian", colspan=2),
                     HeaderCell("Jumlah indikator", rowspan=2), HeaderCell("Persentase", rowspan=2)],
                    [HeaderCell("Skala"), HeaderCell("Kategori")]],
            numbering=["1", "2", "3", "4", "5"], landscape=False,
        )
        total = len(values)
        for i, (band, label) in enumerate(evaluation.scale, start=1):
            count = sum(1 for c in categories if c == label)
            share = Decimal(count * 100) / Decimal(total) if total else None
            count_table.rows.append(Row(cells(no=f"{i}.", skala=band, kategori=label, jumlah=count,
                                              persen=measures.round_percent(share, 2) if share is not None else None)))
        outside = sum(1 for c in categories if c is None)
        if outside:  # a scale with a gap (the checker's SKALA-KONSISTEN says which)
            share = Decimal(outside * 100) / Decimal(total)
            count_table.rows.append(Row(cells(no="", skala="di luar skala", kategori="tidak masuk kategori mana pun",
                                              jumlah=outside, persen=measures.round_percent(share, 2))))
        count_table.rows.append(total_row(count_table.rows, ["jumlah"], "kategori", label="JUMLAH"))
        source = found[0].id if found else None
        count_table.notes.append(
            f"Dihitung dari {total} indikator tabel {source} (capaian = realisasi / target × 100) dengan skala "
            f"Tabel 7." if source else "Tidak ada tabel indikator dengan target dan realisasi untuk dihitung.")
        tables.append(count_table)
    return tables

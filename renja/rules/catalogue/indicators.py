"""Performance indicators of T-C.33 (and the units of T-C.29): present, with targets for n and n+1, with a unit
that fits the kind of indicator, at a fitting level, and a forecast that does not go backwards."""

import re
from functools import lru_cache

from renja.core.numbers import is_blank
from renja.core.targets import parse_target
from renja.plans.view import LEVEL_LABELS
from renja.reference.units import normal_unit, unit_in_name, unit_kind

from ..engine import rule, shared
from .rows import empty_rows, missing_parts, named_indicators, nearly_empty

# Units and their synonyms ("Persentase", "(%)" are %; "Dok" is Dokumen) are data: renja/reference/units.py.
# Wording of the kind of an indicator, by its first significant word.
KIND_WORDS = {
    "jumlah": "jumlah", "banyaknya": "jumlah",
    "persentase": "persen", "prosentase": "persen", "presentase": "persen", "persen": "persen", "cakupan": "persen",
    "rasio": "rasio",
    "indeks": "indeks", "indek": "indeks", "index": "indeks",
}
# Words that may stand before the kind ("Penurunan Rasio KDRT", "Nilai Indeks Pembangunan Keluarga").
MODIFIERS = {"penurunan", "peningkatan", "meningkatnya", "menurunnya", "nilai", "tingkat", "angka", "capaian"}
KIND_LABELS = {"jumlah": "jumlah", "persen": "persentase", "rasio": "rasio", "indeks": "indeks"}
TC29_VALUE_COLUMNS = ("4", "5", "6", "7", "9", "10")  # 8 and 11 are rates of attainment, always in %
TC29_COLUMN_LABELS = {
    "4": "target Renstra", "5": "realisasi s/d n-3", "6": "target n-2", "7": "realisasi n-2", "9": "target n-1",
    "10": "perkiraan realisasi s/d n-1",
}


_WORD = re.compile(r"[a-z]+")

# Pure functions of an indicator's text that several rules run on every indicator: cached.
_CACHE = 65536


@lru_cache(maxsize=_CACHE)
def indicator_kind(uraian):
    """"jumlah", "persen", "rasio", "indeks", "nilai" (a score: "Nilai SAKIP") or None when the wording does not say."""
    score = False
    for position, match in enumerate(_WORD.finditer((uraian or "").lower())):  # the first words only: not all split
        if position == 4:
            break
        word = match.group()
        if word in KIND_WORDS:
            return KIND_WORDS[word]
        if word not in MODIFIERS:
            break
        score = score or word == "nilai"
    return "nilai" if score else None


def written_unit(target, indicator=None):
    """The unit a target is given: its own, else the indicator's unit column (normalised; None when neither)."""
    return normal_unit(target.satuan or (indicator.satuan if indicator is not None else None))


def unit_of(target, indicator=None):
    """The unit of a target: as written_unit, else the unit the indicator's name writes ("Persentase … (%)")."""
    unit = written_unit(target, indicator)
    if unit is None and indicator is not None:
        unit = unit_in_name(indicator.uraian)
    return unit


def blank(target):
    return _blank_text(target.teks)


_blank_text = lru_cache(maxsize=_CACHE, typed=True)(is_blank)


def _row(node):
    return " ".join([LEVEL_LABELS[node.level]] + [p for p in (node.code, node.nama) if p])


def _sentence(text):
    return text[:1].upper() + text[1:]


def _indicators(view):
    """(node, indicator) for every named indicator of T-C.33 (the indicator rules all walk them)."""
    return shared(view, "named indicators", _named_indicators)


def _named_indicators(view):
    return [(node, indicator) for node in view.nodes() for indicator in named_indicators(node)]


# Where _units puts each unit of an indicator, by target.
UNIT_OF = {"target_n": 0, "target_n1": 1}
WRITTEN_UNIT = {"target_n": 2, "target_n1": 3}


def _units(view):
    """id(indicator) → (unit_of n, unit_of n+1, written_unit n, written_unit n+1) for every named indicator of
    T-C.33: the unit rules compare them all."""
    return shared(view, "indicator units", _read_units)


def _read_units(view):
    units = {}
    for _, indicator in _indicators(view):
        written_n, written_n1 = written_unit(indicator.target_n, indicator), written_unit(indicator.target_n1, indicator)
        named = unit_in_name(indicator.uraian) if written_n is None or written_n1 is None else None
        units[id(indicator)] = (named if written_n is None else written_n, named if written_n1 is None else written_n1,
                                written_n, written_n1)
    return units


def empty_row_lacks(node):
    """What BARIS-KOSONG reports missing on this row (nothing when the row is not (nearly) empty)."""
    return missing_parts(node) if nearly_empty(node) else []


def _years(view):
    return {"target_n": view.tahun, "target_n1": view.tahun + 1}


# --- IND-ADA --------------------------------------------------------------------------------------------


@rule(
    "IND-ADA",
    "Setiap program, kegiatan dan sub kegiatan memiliki indikator",
    "Setiap program (indikator outcome), kegiatan (indikator hasil/keluaran) dan sub kegiatan (indikator keluaran) "
    "T-C.33 harus memiliki sedikitnya satu indikator kinerja; tanpa indikator kinerja baris tidak dapat diukur "
    "maupun dievaluasi. Baris yang hampir kosong (hanya kode, atau nama tanpa indikator dan pagu) dilaporkan oleh "
    "BARIS-KOSONG. Nilai yang diharapkan "
    "adalah 1 (sedikitnya satu indikator); yang ditemukan adalah 0.",
    "error", "renja",
)
def ind_ada(rule_, view):
    empty = empty_rows(view)
    for node in view.nodes():
        if id(node) in empty or named_indicators(node):
            continue
        yield rule_.finding(
            "T-C.33", f"{_sentence(_row(node))} tidak memiliki indikator kinerja.",
            code=node.code, row=node.label, expected=1, found=0)


# --- IND-TARGET -----------------------------------------------------------------------------------------


@rule(
    "IND-TARGET",
    "Setiap indikator memiliki target tahun n",
    "Setiap indikator kinerja di T-C.33 harus memiliki target untuk tahun rencana (kolom 5); indikator tanpa target "
    "tidak dapat dicapai maupun dievaluasi. Baris yang hampir kosong tanpa target sama sekali dilaporkan oleh "
    "BARIS-KOSONG. Nilai yang diharapkan dan yang ditemukan tidak berlaku (sel target "
    "kosong).",
    "error", "renja",
)
def ind_target(rule_, view):
    for node, indicator in _indicators(view):
        if not _blank_text(indicator.target_n.teks) or "target" in empty_row_lacks(node):  # blank(), inlined
            continue
        yield rule_.finding(
            "T-C.33",
            f"Indikator '{indicator.uraian}' pada {_row(node)} tidak memiliki target tahun {view.tahun}.",
            code=node.code, row=node.label)


# --- IND-SATUAN -----------------------------------------------------------------------------------------


@rule(
    "IND-SATUAN",
    "Target memiliki satuan bila indikatornya memerlukan",
    "Target indikator 'Jumlah …' harus bersatuan hitungan (Dokumen, Orang, Kali, Unit …) dan target indikator "
    "'Persentase …'/'Cakupan …' bersatuan %; tanpa satuan, angka target tidak jelas maknanya (0,0207 dapat berarti "
    "2,07 % atau 0,0207 %). Indikator rasio, indeks dan nilai tidak memerlukan satuan; target majemuk ('11 Kecamatan "
    "62 Kelurahan') sudah bersatuan, dan satuan yang ditulis pada nama indikator ('Persentase … (%)', '… dalam "
    "persen', 'Jumlah Laporan …') berlaku bagi targetnya. Satuan dibaca menurut daftar sinonim satuan "
    "(renja/reference/satuan_sinonim.yaml: Persen, Persentase dan (%) adalah %; Dok adalah Dokumen). Satu temuan per "
    "indikator (tahun n dan n+1 bersama). Nilai yang diharapkan "
    "adalah satuan yang diperlukan; yang ditemukan adalah target sebagaimana tertulis.",
    "warning", "renja",
)
def ind_satuan(rule_, view):
    years = _years(view)
    units = _units(view)
    for node, indicator in _indicators(view):
        kind = indicator_kind(indicator.uraian)
        if kind not in ("jumlah", "persen"):
            continue
        unit_n, unit_n1 = units[id(indicator)][:2]
        if unit_n is not None and unit_n1 is not None:
            continue  # both targets have a unit: nothing lacks one
        lacking = [key for key in years
                   if getattr(indicator, key).nilai is not None and units[id(indicator)][UNIT_OF[key]] is None]
        if not lacking:
            continue
        expected = "%" if kind == "persen" else "satuan hitungan (mis. Dokumen, Orang, Kali)"
        targets = " dan ".join(f"{years[key]} '{getattr(indicator, key).teks}'" for key in lacking)
        yield rule_.finding(
            "T-C.33",
            f"Target {targets} indikator '{indicator.uraian}' pada {_row(node)} tidak bersatuan; indikator "
            f"{KIND_LABELS[kind]} memerlukan {expected}.",
            code=node.code, row=node.label, expected=expected, found=getattr(indicator, lacking[0]).teks)


# --- IND-SATUAN-COCOK -----------------------------------------------------------------------------------


def unit_mismatch(kind, unit):
    """(expected unit, severity) when a target's unit does not fit the kind of indicator, else None."""
    if unit is None or kind is None:
        return None
    if kind == "persen" and unit != "%":
        return "%", "error"
    if kind == "jumlah" and unit == "%":
        return "satuan hitungan (bukan %)", "error"
    if kind in ("rasio", "indeks") and unit == "%":
        return f"tanpa satuan ({KIND_LABELS[kind]})", "warning"
    return None


@rule(
    "IND-SATUAN-COCOK",
    "Satuan target sesuai jenis indikator",
    "Satuan target harus sesuai dengan yang diukur indikatornya: indikator 'Persentase …' bertarget %, bukan "
    "'9 kali'; indikator 'Jumlah …' bertarget satuan hitungan, bukan %; rasio dan indeks tidak dinyatakan dalam % "
    "(peringatan: periksa apakah indikator atau targetnya yang keliru). Satuan dibaca menurut daftar sinonim "
    "satuan ('75 Persentase', '75 (%)' dan '75 persen' bersatuan %). Diperiksa pada T-C.33 (target n dan n+1) "
    "dan T-C.29 (kolom target dan realisasi; kolom 8 dan 11 selalu %). Satu temuan per indikator. Nilai yang "
    "diharapkan adalah satuan yang sesuai; yang ditemukan adalah target sebagaimana tertulis.",
    "error", "renja",
)
def ind_satuan_cocok(rule_, view):
    years = _years(view)
    units = _units(view)
    for node, indicator in _indicators(view):
        kind = indicator_kind(indicator.uraian)
        if kind is None:
            continue  # unit_mismatch finds nothing without a kind
        written = units[id(indicator)]
        if unit_mismatch(kind, written[2]) is None and unit_mismatch(kind, written[3]) is None:
            continue  # both units fit (or are absent): nothing to report, whatever the targets
        wrong = [(key, unit_mismatch(kind, units[id(indicator)][WRITTEN_UNIT[key]])) for key in years
                 if getattr(indicator, key).nilai is not None]
        wrong = [(key, problem) for key, problem in wrong if problem]
        if not wrong:
            continue
        (expected, severity) = wrong[0][1]
        targets = " dan ".join(f"{years[key]} '{getattr(indicator, key).teks}'" for key, _ in wrong)
        yield rule_.finding(
            "T-C.33",
            f"Indikator {KIND_LABELS[kind]} '{indicator.uraian}' pada {_row(node)} bertarget {targets}; "
            f"satuan yang sesuai: {expected}.",
            code=node.code, row=node.label, expected=expected, found=getattr(indicator, wrong[0][0]).teks,
            severity=severity)
    yield from _tc29_units(rule_, view)


def _tc29_units(rule_, view):
    for evaluation in view.evaluations:
        for row in evaluation.tc29:
            kind = indicator_kind(row.get("indikator"))
            if kind is None:
                continue
            wrong = []
            for column in TC29_VALUE_COLUMNS:
                text = (row.get("kolom") or {}).get(column)
                if text is None or is_blank(str(text)):
                    continue
                target = parse_target(text)
                problem = unit_mismatch(kind, normal_unit(target.satuan)) if target.nilai is not None else None
                if problem:
                    wrong.append((column, target.teks, problem))
            if not wrong:
                continue
            expected, severity = wrong[0][2]
            cells = ", ".join(f"kolom {c} ({TC29_COLUMN_LABELS[c]}) '{t}'" for c, t, _ in wrong)
            code = row.get("kode") or " ".join((row.get("kode_asli") or "").split()) or None
            label = row.get("uraian") or row.get("indikator")
            yield rule_.finding(
                "T-C.29",
                f"T-C.29 (evaluasi {evaluation.tahun}), {label}: indikator {KIND_LABELS[kind]} "
                f"'{row.get('indikator')}' berisi {cells}; satuan yang sesuai: {expected}.",
                code=code, row=label, expected=expected, found=wrong[0][1], severity=severity)


# --- IND-TINGKAT ----------------------------------------------------------------------------------------


def output_style(indicator):
    kind = indicator_kind(indicator.uraian)
    if kind == "jumlah":
        return True
    if kind is not None:
        return False
    return any(unit_kind(unit_of(t, indicator)) == "keluaran" for t in (indicator.target_n, indicator.target_n1))


def outcome_style(indicator):
    return indicator_kind(indicator.uraian) in ("persen", "rasio", "indeks")


@rule(
    "IND-TINGKAT",
    "Jenis indikator sesuai tingkat baris",
    "Program diukur dengan indikator hasil (outcome: persentase, rasio, indeks), sub kegiatan dengan indikator "
    "keluaran (output: 'Jumlah …' dengan satuan Dokumen, Laporan, Kali, Orang …). Indikator keluaran pada program "
    "menandakan program yang tidak diukur hasilnya (peringatan); indikator hasil pada sub kegiatan hanya dicatat "
    "sebagai info. Nilai yang diharapkan adalah jenis indikator yang sesuai tingkatnya; yang ditemukan adalah "
    "uraian indikatornya.",
    "warning", "renja",
)
def ind_tingkat(rule_, view):
    for node, indicator in _indicators(view):
        if node.level == "program" and output_style(indicator):
            yield rule_.finding(
                "T-C.33",
                f"Indikator '{indicator.uraian}' ({indicator.target_n.teks or 'tanpa target'}) pada {_row(node)} "
                f"adalah indikator keluaran; program seharusnya diukur dengan indikator hasil (outcome).",
                code=node.code, row=node.label, expected="indikator hasil (outcome)", found=indicator.uraian)
        elif node.level == "sub_kegiatan" and outcome_style(indicator):
            yield rule_.finding(
                "T-C.33",
                f"Indikator '{indicator.uraian}' pada {_row(node)} adalah indikator hasil; sub kegiatan biasanya "
                f"diukur dengan indikator keluaran ('Jumlah …' dengan satuan).",
                code=node.code, row=node.label, expected="indikator keluaran (output)", found=indicator.uraian,
                severity="info")


# --- IND-N1 ---------------------------------------------------------------------------------------------


@rule(
    "IND-N1",
    "Indikator memiliki target tahun n+1",
    "T-C.33 memuat prakiraan maju: setiap indikator yang bertarget tahun n juga harus bertarget tahun n+1 "
    "(kolom 9), agar kesinambungan kinerja dapat direncanakan. Indikator tanpa target tahun n dilaporkan oleh "
    "IND-TARGET. Nilai yang diharapkan dan yang ditemukan tidak berlaku (sel target n+1 kosong).",
    "warning", "renja",
)
def ind_n1(rule_, view):
    for node, indicator in _indicators(view):
        if _blank_text(indicator.target_n.teks) or not _blank_text(indicator.target_n1.teks):  # blank(), inlined
            continue
        hint = ""
        if node.catatan and parse_target(node.catatan).nilai is not None:
            hint = (f" Kolom Catatan Penting baris ini berisi '{node.catatan}'; bila itu target {view.tahun + 1}, "
                    f"tempatkan di kolom target tahun n+1.")
        yield rule_.finding(
            "T-C.33",
            f"Indikator '{indicator.uraian}' pada {_row(node)} bertarget '{indicator.target_n.teks}' untuk "
            f"{view.tahun}, tetapi tidak memiliki target {view.tahun + 1}.{hint}",
            code=node.code, row=node.label, expected=None, found=None)


# --- IND-N1-TURUN ---------------------------------------------------------------------------------------


@rule(
    "IND-N1-TURUN",
    "Target tahun n+1 tidak mundur",
    "Untuk indikator positif (makin tinggi makin baik) target tahun n+1 tidak lebih rendah dari target tahun n; "
    "untuk indikator negatif (makin rendah makin baik, mis. rasio KDRT) tidak lebih tinggi. Target yang mundur "
    "perlu dijelaskan. Hanya dibandingkan bila kedua target berangka dengan satuan yang sama. Nilai yang "
    "diharapkan adalah target tahun n (batas); yang ditemukan adalah target tahun n+1.",
    "warning", "renja",
)
def ind_n1_turun(rule_, view):
    units = _units(view)
    for node, indicator in _indicators(view):
        n, n1 = indicator.target_n, indicator.target_n1
        if n.nilai is None or n1.nilai is None or units[id(indicator)][0] != units[id(indicator)][1]:
            continue
        negatif = indicator.polaritas == "negatif"
        if (n1.nilai > n.nilai) if negatif else (n1.nilai < n.nilai):
            direction = "lebih tinggi" if negatif else "lebih rendah"
            polarity = "negatif (makin rendah makin baik)" if negatif else "positif"
            yield rule_.finding(
                "T-C.33",
                f"Target {view.tahun + 1} indikator {polarity} '{indicator.uraian}' pada {_row(node)} ('{n1.teks}') "
                f"{direction} dari target {view.tahun} ('{n.teks}').",
                code=node.code, row=node.label, expected=n.nilai, found=n1.nilai)


# --- IND-SATUAN-N1 --------------------------------------------------------------------------------------


@rule(
    "IND-SATUAN-N1",
    "Satuan target tahun n dan n+1 sama",
    "Target tahun n dan n+1 satu indikator harus bersatuan sama (huruf besar/kecil diabaikan, sinonim dalam daftar "
    "satuan dianggap sama: 'Dok' dan 'Dokumen', 'Orang' dan 'Jiwa', '%' dan 'Persen'); satuan yang berbeda "
    "('3 Orang' dan '3 orng') menandakan salah tulis atau indikator yang berubah, dan kedua target tidak dapat "
    "dibandingkan. Nilai yang diharapkan adalah satuan tahun n; yang ditemukan adalah satuan tahun n+1.",
    "warning", "renja",
)
def ind_satuan_n1(rule_, view):
    units = _units(view)
    for node, indicator in _indicators(view):
        n, n1 = indicator.target_n, indicator.target_n1
        unit_n, unit_n1 = units[id(indicator)][:2]
        if n.nilai is None or n1.nilai is None or unit_n is None or unit_n1 is None or unit_n == unit_n1:
            continue
        yield rule_.finding(
            "T-C.33",
            f"Indikator '{indicator.uraian}' pada {_row(node)}: satuan target {view.tahun} ('{n.teks}') berbeda "
            f"dengan satuan target {view.tahun + 1} ('{n1.teks}').",
            code=node.code, row=node.label, expected=n.satuan, found=n1.satuan)


# --- IND-GABUNG -----------------------------------------------------------------------------------------


def merged_indicators(uraian):
    """The parts of an indicator cell that holds several indicators, each starting with the same leading word
    ("Jumlah A Jumlah B Jumlah C"); a single part when it holds one."""
    words = (uraian or "").split()
    if not words or KIND_WORDS.get(words[0].lower()) is None:
        return [uraian]
    lead = words[0].lower()
    if (uraian or "").lower().count(lead) < 2:  # the usual case: one indicator (fewer as text, fewer as words)
        return [" ".join(words)]
    lowered = [w.lower() for w in words]
    if lowered.count(lead) < 2:
        return [" ".join(words)]
    parts, current = [], []
    for word, low in zip(words, lowered):
        if low == lead and current:
            parts.append(" ".join(current))
            current = []
        current.append(word)
    parts.append(" ".join(current))
    return parts


def _single(uraian):
    """True when merged_indicators(uraian) is sure to give one part, by its first tests alone (the first word only
    split off): the usual indicator, passed without splitting its text."""
    text = uraian or ""
    head = text.split(None, 1)
    if not head or KIND_WORDS.get(head[0].lower()) is None:
        return True
    return text.lower().count(head[0].lower()) < 2


@rule(
    "IND-GABUNG",
    "Satu indikator per baris indikator",
    "Setiap indikator kinerja ditulis terpisah dengan targetnya sendiri. Satu sel yang memuat beberapa indikator "
    "('Jumlah Alat … Jumlah Jasa … Jumlah Rapat …') dengan satu sel target berisi beberapa angka tidak dapat "
    "diukur per indikator. Nilai yang diharapkan adalah jumlah indikator yang terbaca dalam sel itu; yang "
    "ditemukan adalah 1 (satu sel).",
    "warning", "renja",
)
def ind_gabung(rule_, view):
    for node, indicator in _indicators(view):
        if _single(indicator.uraian):
            continue
        parts = merged_indicators(indicator.uraian)
        if len(parts) < 2:
            continue
        shown = ", ".join(f"'{p}'" for p in parts)
        target = f" dengan target '{indicator.target_n.teks}'" if not blank(indicator.target_n) else ""
        yield rule_.finding(
            "T-C.33",
            f"Satu sel indikator pada {_row(node)} memuat {len(parts)} indikator ({shown}){target}; tulis "
            f"masing-masing sebagai indikator tersendiri dengan targetnya.",
            code=node.code, row=node.label, expected=len(parts), found=1)

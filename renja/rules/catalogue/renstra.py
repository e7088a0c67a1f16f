"""The Renja against its Renstra (Permendagri 86/2017: the Renja is drafted from the Renstra's matrix): rows
the Renstra does not plan, pagu and targets far from the Renstra's for the year, the period's pagu beyond the
Renstra's indicative total, IKU no program serves, and targets that go the wrong way over the period. Rules that
need the matrix do not apply to a PD whose Renstra has none loaded (they say so once)."""

import operator
from decimal import Decimal
from functools import lru_cache

from renja.core.numbers import format_persen, format_rupiah
from renja.plans.view import LEVEL_LABELS
from renja.reference.units import normal_unit

from ..engine import NotApplicable, rule

# How far (in % of the Renstra's figure) a Renja's pagu or target may lie from the Renstra's for the same year
# before it is worth a verifier's question, unless the Pemda sets its own (PengaturanMonitoring.toleransi_renstra).
TOLERANCE = Decimal(20)
TOLERANCE_TEXT = f"toleransi yang ditetapkan Pemda (Pengaturan monitoring; bawaan {TOLERANCE:.0f} %)"


def _tolerance(view):
    return TOLERANCE if view.renstra_tolerance is None else Decimal(view.renstra_tolerance)


def _matrix(view):
    if not view.renstra_matrix:
        raise NotApplicable("Renstra PD ini belum memuat matriks program, kegiatan dan sub kegiatan.")
    return view.renstra_matrix


def _gap_percent(value, reference):
    """|value − reference| in % of the reference (None when the reference is zero)."""
    if not reference:
        return None
    return abs(Decimal(value) - Decimal(reference)) * 100 / abs(Decimal(reference))


@lru_cache(maxsize=65536)  # the same indicator texts are compared for every row of the matrix
def _key(text):
    return " ".join((text or "").lower().split())


@rule(
    "RENSTRA-BARIS",
    "Program, kegiatan dan sub kegiatan Renja ada di Renstra",
    "Renja disusun dari Renstra: setiap program, kegiatan dan sub kegiatan T-C.33 semestinya ada di matriks "
    "Renstra PD (Rencana Program, Kegiatan, Sub Kegiatan dan Pendanaan). Baris yang tidak ada perlu dijelaskan "
    "(perubahan Renstra, penugasan baru) atau diperbaiki kodenya. Nilai yang diharapkan adalah kode baris di "
    "Renstra; yang ditemukan adalah kode baris Renja.",
    "warning", "renja",
)
def renstra_baris(rule_, view):
    matrix = _matrix(view)
    for node in view.nodes():
        if node.kode and node.kode not in matrix:
            yield rule_.finding(
                "T-C.33", f"{LEVEL_LABELS[node.level].capitalize()} {node.kode} {node.nama[:60]} tidak ada di matriks Renstra "
                f"{view.renstra_period[0]}–{view.renstra_period[1]}.", code=node.kode, row=node.label,
                expected=None, found=node.kode)


@rule(
    "RENSTRA-PAGU",
    "Pagu sub kegiatan dekat dengan pagu indikatif Renstra tahun itu",
    f"Pagu indikatif tahun n setiap sub kegiatan dibandingkan dengan pagu indikatif Renstra untuk tahun yang sama; "
    f"selisih lebih dari {TOLERANCE_TEXT} dari pagu Renstra dilaporkan agar dijelaskan. Sub kegiatan yang tidak "
    f"ada di Renstra dilaporkan oleh RENSTRA-BARIS. Nilai yang diharapkan adalah pagu Renstra; yang ditemukan "
    f"adalah pagu Renja.",
    "warning", "sub_kegiatan",
)
def renstra_pagu(rule_, view):
    matrix = _matrix(view)
    tolerance = _tolerance(view)
    for sub in view.subs():
        row = matrix.get(sub.kode)
        if row is None or sub.pagu_n is None:
            continue
        reference = row.pagu.get(view.tahun)
        if reference is None or (reference == sub.pagu_n and tolerance >= 0):
            continue  # equal (the usual case): no gap to report, without computing it
        gap = _gap_percent(sub.pagu_n, reference)
        if gap is not None and gap > tolerance:
            yield rule_.finding(
                "T-C.33", f"Pagu {view.tahun} sub kegiatan {sub.kode} Rp {format_rupiah(sub.pagu_n)} berselisih "
                f"{format_persen(gap)} dari pagu indikatif Renstra Rp {format_rupiah(reference)}.",
                code=sub.kode, row=sub.label, expected=reference, found=sub.pagu_n)
        elif reference == 0 and sub.pagu_n:
            yield rule_.finding(
                "T-C.33", f"Sub kegiatan {sub.kode} berpagu Rp {format_rupiah(sub.pagu_n)} pada {view.tahun}, "
                "sedangkan Renstra tidak mengalokasikan pagu pada tahun itu.",
                code=sub.kode, row=sub.label, expected=0, found=sub.pagu_n)


@rule(
    "RENSTRA-TARGET",
    "Target indikator dekat dengan target Renstra tahun itu",
    f"Target tahun n setiap indikator dibandingkan dengan target indikator yang sama (uraian sama) pada baris yang "
    f"sama di matriks Renstra; selisih lebih dari {TOLERANCE_TEXT} dilaporkan. Target bersatuan berbeda (menurut "
    f"daftar sinonim satuan) tidak dibandingkan. Nilai yang diharapkan adalah "
    f"target Renstra; yang ditemukan adalah target Renja.",
    "warning", "renja",
)
def renstra_target(rule_, view):
    matrix = _matrix(view)
    tolerance = _tolerance(view)
    tahun = view.tahun
    for node in view.nodes():
        if not node.indicators:
            continue
        row = matrix.get(node.kode)
        if row is None:
            continue
        if len(row.indicators) == 1:  # the usual row: one indicator, compared without a table of keys
            only, planned = row.indicators[0], None
        else:
            planned = {_key(i.uraian): i for i in row.indicators}
        for indicator in node.indicators:
            if planned is None:  # the same text has the same key: the keys are made only when the texts differ
                same = indicator.uraian == only.uraian or _key(indicator.uraian) == _key(only.uraian)
                source = only if same else None
            else:
                source = planned.get(_key(indicator.uraian))
            reference = source.targets.get(tahun) if source else None
            if reference is None or reference.nilai is None or indicator.target_n.nilai is None:
                continue
            if reference.nilai == indicator.target_n.nilai and tolerance >= 0:
                continue  # equal (the usual case): no gap, whatever the units
            units = {normal_unit(t.satuan) for t in (reference, indicator.target_n) if t.satuan}
            if len(units) > 1:
                continue  # '40 Orang' and '40 %' are not comparable ('40 Jiwa' and '40 Orang' are: synonyms)
            gap = _gap_percent(indicator.target_n.nilai, reference.nilai)
            if gap is not None and gap > tolerance:
                yield rule_.finding(
                    "T-C.33", f"Target {view.tahun} indikator '{indicator.uraian[:60]}' ({node.kode}) "
                    f"'{indicator.target_n.teks}' berselisih {format_persen(gap)} dari target Renstra "
                    f"'{reference.teks}'.", code=node.kode, row=node.label, expected=reference.nilai,
                    found=indicator.target_n.nilai)


@rule(
    "RENSTRA-PERIODE",
    "Pagu Renja selama periode Renstra dalam pagu indikatif Renstra",
    f"Pagu Renja PD tahun-tahun periode Renstra yang sudah direncanakan (untuk setiap tahun: Renja yang berlaku, "
    f"yaitu tahap terakhir yang ditetapkan, atau tahap terakhir tahun itu; untuk tahun Renja yang diperiksa: Renja "
    f"ini) dijumlahkan dan dibandingkan dengan jumlah pagu indikatif sub kegiatan di matriks Renstra untuk "
    f"tahun-tahun yang sama. Jumlah Renja yang melebihi jumlah Renstra lebih dari {TOLERANCE_TEXT} dilaporkan. "
    f"Nilai yang diharapkan adalah jumlah pagu Renstra tahun-tahun itu; yang ditemukan adalah jumlah pagu Renja.",
    "warning", "renja",
)
def renstra_periode(rule_, view):
    _matrix(view)
    tolerance = _tolerance(view)
    pagu = {y: p.pagu_n for y, p in view.period_plans.items()} | {view.tahun: view.total_n}
    years = sorted(pagu)
    found = sum(pagu.values())
    expected = sum(view.renstra_pagu_years.get(y, 0) for y in years)
    if found <= expected * (1 + tolerance / 100):
        return
    mulai, selesai = view.renstra_period
    those = "tahun itu" if len(years) == 1 else "tahun-tahun itu"
    if expected:
        how = (f"{format_persen((found - expected) * 100 / expected)} di atas pagu indikatif Renstra {those} "
               f"Rp {format_rupiah(expected)} (toleransi {format_persen(tolerance)})")
    else:
        how = f"padahal Renstra tidak mengalokasikan pagu sub kegiatan pada {those}"
    parts = "; ".join(
        f"{y} Rp {format_rupiah(pagu[y])} ({view.period_plans[y].label if y in view.period_plans else 'Renja ini'})"
        for y in years)
    yield rule_.finding(
        "T-C.33", f"Pagu Renja {_years_text(years)} berjumlah Rp {format_rupiah(found)}, {how}; pagu indikatif "
        f"Renstra seluruh periode {mulai}–{selesai} Rp {format_rupiah(sum(view.renstra_pagu_years.values()))}. "
        f"Rinciannya: {parts}.", expected=expected, found=found)


def _years_text(years):
    return f"tahun {years[0]}" if len(years) == 1 else "tahun " + ", ".join(map(str, years[:-1])) + f" dan {years[-1]}"


@rule(
    "RENSTRA-IKU",
    "Setiap IKU dilayani sedikitnya satu program",
    "Indikator Kinerja Utama mengukur sasaran Renstra; sasaran itu dicapai lewat program. IKU yang sasarannya "
    "tidak dilayani program mana pun di matriks Renstra tidak dapat dicapai oleh rencana. Nilai yang diharapkan "
    "adalah 1 (sedikitnya satu program); yang ditemukan adalah 0.",
    "warning", "renja",
)
def renstra_iku(rule_, view):
    matrix = _matrix(view)
    served = {nomor for row in matrix.values() if row.level == "program" for nomor in row.sasaran}
    for indicator in view.renstra:
        if indicator.jenis == "iku" and indicator.owner and indicator.owner not in served:
            yield rule_.finding(
                "Renstra", f"IKU '{indicator.uraian[:70]}' mengukur sasaran {indicator.owner}, yang tidak dilayani "
                "program mana pun di matriks Renstra.", row=indicator.uraian[:80], expected=1, found=0)


@rule(
    "RENSTRA-ARAH",
    "Target Renstra bergerak ke arah yang baik dari tahun ke tahun",
    "Target indikator yang makin tinggi makin baik (polaritas positif) tidak semestinya turun dari satu tahun ke "
    "tahun berikutnya selama periode Renstra, dan target indikator berpolaritas negatif tidak semestinya naik. "
    "Berlaku untuk indikator tujuan, sasaran, IKU dan indikator matriks Renstra. Nilai yang diharapkan adalah "
    "target tahun sebelumnya; yang ditemukan adalah target tahun itu.",
    "warning", "renja",
)
def renstra_arah(rule_, view):
    if not view.renstra:
        raise NotApplicable("PD ini belum memiliki Renstra yang mencakup tahun Renja.")
    indicators = list(view.renstra) + [i for row in view.renstra_matrix.values() for i in row.indicators]
    for indicator in indicators:
        targets = indicator.targets
        if len(targets) < 2:
            continue
        negatif = indicator.polaritas == "negatif"
        values = [t.nilai for _, t in sorted(targets.items()) if t.nilai is not None]
        if not any(map(operator.gt if negatif else operator.lt, values[1:], values)):
            continue  # the usual case: no step the wrong way (compared in C, as the loop below compares)
        years = [y for y in sorted(targets) if targets[y].nilai is not None]
        for before, after in zip(years, years[1:], strict=False):
            a, b = targets[before].nilai, targets[after].nilai
            worse = b > a if negatif else b < a
            if worse:
                where = f" ({indicator.owner})" if indicator.jenis == "matriks" else ""
                direction = "naik" if indicator.polaritas == "negatif" else "turun"
                yield rule_.finding(
                    "Renstra", f"Target indikator '{indicator.uraian[:70]}'{where} {direction} dari "
                    f"'{indicator.targets[before].teks}' ({before}) menjadi '{indicator.targets[after].teks}' "
                    f"({after}).", code=indicator.owner if indicator.jenis == "matriks" else None,
                    row=indicator.uraian[:80], expected=a, found=b)

"""False errors the checker used to raise, each in a small synthetic document (tests/corpus/documents/false_*.yaml)
with a real defect of the same kind beside it: the exact findings of the rules concerned, and no other error.

- a unit written "Persentase" / "Persen" / "(%)" (in the target, the unit column or the indicator's name), or
  a synonym of a unit (Dok/Dokumen, Jiwa/Orang, Frekuensi/Kali, Buah/Unit), is that unit;
- a Renja for year n drafted "pada tahun n-1", evaluating n-2 beside n-1, citing regulations of other years;
- a gap against T-C.33 that is its blank rows: the blank rows are the finding, the gap is computed without them.
"""

import pytest

from renja.rules.engine import _plain

pytestmark = pytest.mark.django_db

UNIT_RULES = ("IND-SATUAN", "IND-SATUAN-COCOK", "IND-SATUAN-N1", "IND-TINGKAT")
GAP_RULES = ("CROSS-TOTAL", "CROSS-URUSAN", "CROSS-URUSAN-TOTAL", "CROSS-TC31-TC33", "CROSS-PLAFON", "BARIS-KOSONG",
             "COUNT-PROGRAM", "COUNT-KEGIATAN", "COUNT-SUB-KEGIATAN", "PAGU-SUM-PROGRAM", "PAGU-SUM-KEGIATAN",
             "PAGU-SUM-TOTAL")


def of(findings, rules):
    return sorted((f.rule, f.severity, f.code or f.row or f.table, _plain(f.expected), _plain(f.found))
                  for f in findings if f.rule in rules and f.severity != "info")


def errors(findings):
    return sorted((f.rule, f.code or f.row) for f in findings if f.severity == "error")


def test_units_written_every_way_are_accepted_and_real_unit_defects_found(corpus_check):
    _, found = corpus_check("false_units")
    assert of(found, UNIT_RULES) == [
        ("IND-SATUAN-COCOK", "error", "1.06.01.2.01.0001", "%", "9 Kali"),
        ("IND-SATUAN-N1", "warning", "1.06.04.2.01.0006", "Keluarga", "Kelg"),
    ]
    assert errors(found) == [("IND-SATUAN-COCOK", "1.06.01.2.01.0001")]


def test_the_years_a_renja_names_are_accepted_and_copied_years_found(corpus_check):
    _, found = corpus_check("false_years")
    assert of(found, ("NARASI-TAHUN",)) == [
        ("NARASI-TAHUN", "error", "3.3 Program dan Kegiatan", "2026", "2025"),
        ("NARASI-TAHUN", "warning", "Tabel 6", "2025", "2024"),
    ]
    assert errors(found) == [("NARASI-TAHUN", "3.3 Program dan Kegiatan")]


def test_blank_rows_are_the_finding_and_not_a_gap(corpus_check):
    _, found = corpus_check("false_blank_rows")
    assert of(found, GAP_RULES) == [
        ("BARIS-KOSONG", "error", "1.06.01.2.01", "nama, indikator, target, pagu", "1.06.01.2.01"),
        ("BARIS-KOSONG", "error", "1.06.01.2.01.0001", "nama, indikator, target, pagu", "1.06.01.2.01.0001"),
    ]
    [kegiatan, _] = [f for f in found if f.rule == "BARIS-KOSONG"]
    assert "Menurut T-C.31 'Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah' kebutuhan dananya " \
           "Rp 60.000.000" in kegiatan.message
    assert errors(found) == [("BARIS-KOSONG", "1.06.01.2.01"), ("BARIS-KOSONG", "1.06.01.2.01.0001")]
    # T-C.31's kegiatan is the blank row, not a row missing from T-C.33
    assert not [f for f in found if f.rule == "CROSS-TC31-TC33"]


def test_a_gap_beyond_the_blank_rows_is_reported_without_them(corpus_check):
    _, found = corpus_check("false_blank_rows_gap")
    assert of(found, GAP_RULES) == [
        ("BARIS-KOSONG", "error", "1.06.01.2.01", "nama, indikator, target, pagu", "1.06.01.2.01"),
        ("BARIS-KOSONG", "error", "1.06.01.2.01.0001", "nama, indikator, target, pagu", "1.06.01.2.01.0001"),
        ("CROSS-TOTAL", "error", "total pagu", 750000000, 760000000),
    ]
    [total] = [f for f in found if f.rule == "CROSS-TOTAL"]
    assert "(selisih Rp 10.000.000)" in total.message and "Rp 70.000.000" not in total.message


# --- the demo: none of the false errors above is raised, and the real defects still are -------------------------


def test_demo_raises_none_of_the_false_errors(demo_view):
    from renja.rules.engine import run

    found = run(demo_view)
    # the drafting year: BAB I "… disesuaikan dengan RKPD … pada Tahun 2021" for the Renja 2022
    assert not [f for f in found if f.rule == "NARASI-TAHUN" and f.row == "1.1. LATAR BELAKANG"]
    # the 2021 evaluation speaking of 2020 (n-2) is not a wrong year, except a progress date "Per Februari 2020"
    assert [(f.table, f.found) for f in found if f.rule == "NARASI-TAHUN" and f.severity == "warning"] == [
        ("Tabel 6", "2020")]
    # years are text: never printed "2.021"
    assert all(isinstance(f.expected, str) for f in found if f.rule == "NARASI-TAHUN")
    # the Program Penunjang's blank kegiatan (2.08.01.2.01, 2.08.01.2.02) do not inflate the gaps against T-C.33
    gaps = {(f.rule, f.table, f.code): _plain(f.found) - _plain(f.expected) for f in found
            if f.rule in ("CROSS-TOTAL", "CROSS-URUSAN", "CROSS-TC31-TC33") and f.severity == "error"}
    assert gaps[("CROSS-TOTAL", "BAB IV", None)] == 142012046  # not 3.448.672.679
    assert gaps[("CROSS-TC31-TC33", "T-C.31", "2.08.01")] == 15200  # not 3.306.675.833
    assert 15200 in gaps.values() and 3306675833 not in gaps.values()
    # no unit is refused for being written "Persen"/"(%)": the demo's unit findings are its real ones
    assert sorted((f.rule, f.found) for f in found if f.rule in UNIT_RULES and f.severity != "info") == [
        ("IND-SATUAN", "0.0207"), ("IND-SATUAN-COCOK", "0,019%"), ("IND-SATUAN-COCOK", "100%"),
        ("IND-SATUAN-COCOK", "100%"), ("IND-SATUAN-COCOK", "35%"), ("IND-SATUAN-COCOK", "35%"),
        ("IND-SATUAN-COCOK", "9 kali"), ("IND-SATUAN-N1", "orng")]

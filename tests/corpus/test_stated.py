"""Regression corpus for "parents against their stated children" and "an unlabelled subtotal row taken as the
plan's total": small synthetic documents (tests/corpus/documents/stated_*.yaml, none a copy of a real plan),
each checked by every rule, asserting the exact error findings and the absence of any other."""

from pathlib import Path

import pytest
import yaml

from renja.exchange.loader import load_document
from renja.plans.view import build_view
from renja.rules.engine import run

pytestmark = pytest.mark.django_db

DOCUMENTS = Path(__file__).resolve().parent / "documents"


def check(name):
    document = yaml.safe_load((DOCUMENTS / name).read_text(encoding="utf-8"))
    return run(build_view(load_document(document, replace=True).renja))


def errors(found):
    return sorted((f.rule, f.code or f.row, f.expected, f.found) for f in found if f.severity == "error")


def test_unlabelled_subtotals_in_a_clean_plan_raise_no_error():
    found = check("stated_subtotal_bersih.yaml")
    assert errors(found) == []
    subtotals = [f for f in found if f.severity == "info" and "dibaca sebagai subtotal" in f.message]
    assert sorted((f.rule, f.found) for f in subtotals) == [
        ("PAGU-SUM-TOTAL", 200000000), ("PAGU-SUM-TOTAL", 300000000), ("PAGU-SUM-TOTAL", 700000000),
        ("TC31-SUM-TOTAL", 700000000)]
    # the bidang urusan rows were checked (not "not applicable") and add up
    assert not [f for f in found if f.rule in ("PAGU-SUM-BIDANG", "PAGU-ANAK-BIDANG")]


def test_each_disagreement_between_a_parent_and_its_rows_is_found_once():
    found = check("stated_anak_salah.yaml")
    assert errors(found) == sorted([
        ("PAGU-ANAK-BIDANG", "2.08", 820000000, 800000000),
        ("PAGU-ANAK-PROGRAM", "2.08.07", 520000000, 500000000),
        ("PAGU-SUM-BIDANG", "2.13", 200000000, 250000000),
        ("PAGU-SUM-KEGIATAN", "2.08.07.2.01", 500000000, 520000000),
        ("PAGU-SUM-PROGRAM", "2.08.01", 300000000, 320000000),
    ])
    by_rule = {f.rule: f for f in found if f.severity == "error"}
    assert "program 2.08.01 (tertulis Rp 320.000.000, sub kegiatannya Rp 300.000.000)" in \
        by_rule["PAGU-ANAK-BIDANG"].message
    assert "kegiatan 2.08.07.2.01 (tertulis Rp 520.000.000" in by_rule["PAGU-ANAK-PROGRAM"].message
    [subtotal] = [f for f in found if f.rule == "PAGU-SUM-TOTAL"]
    assert subtotal.severity == "info" and "subtotal bidang urusan 2.08" in subtotal.message


def test_evaluation_programs_and_spending_against_their_parts_as_written():
    found = check("stated_evaluasi_induk.yaml")
    assert errors(found) == [("BELANJA-ANAK", "TOTAL BELANJA", 910000000, 900000000),
                             ("BELANJA-SUM", "5.1", 800000000, 810000000)]
    [anak] = [f for f in found if f.rule == "BELANJA-ANAK"]
    assert "BELANJA OPERASI 5.1 (tertulis Rp 810.000.000, rekeningnya Rp 800.000.000)" in anak.message
    warnings = [(f.rule, f.row, f.expected, f.found) for f in found if f.severity == "warning"]
    assert warnings == [("EVAL-SUM-PROGRAM", "Program Perlindungan Khusus Anak", 420000000, 250000000)]
    # the detail table's unlabelled subtotal row is not counted in its Total
    assert not [f for f in found if f.rule in ("EVAL-SUM-TOTAL", "EVAL-SUM-SUBTOTAL", "EVAL-ANAK-PROGRAM")
                and f.severity != "info"]

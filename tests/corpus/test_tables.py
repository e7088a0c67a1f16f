"""The regression corpus of the tables family: small synthetic documents (tests/corpus/documents/tables_*.yaml,
written for this, not copies of a real plan), each loaded through the real loader and checked by the whole
checker. Each asserts the exact findings of the family and that the clean document raises no error at all
from it (nor any other rule's error on rows the family reads)."""

from pathlib import Path

import pytest
from django.db import transaction

from renja.exchange.loader import load_file
from renja.plans.view import build_view
from renja.rules.engine import _plain, all_rules, run

DOCUMENTS = Path(__file__).resolve().parent / "documents"
FAMILY = "tables"


@pytest.fixture(scope="module")
def checked(django_db_setup, django_db_blocker):
    """name → every finding of the whole checker on that document (read once per module)."""
    results = {}
    with django_db_blocker.unblock():
        for path in sorted(DOCUMENTS.glob("tables_*.yaml")):
            with transaction.atomic():
                view = build_view(load_file(path, replace=True).renja)
                transaction.set_rollback(True)
            results[path.stem] = run(view)
    return results


def family(findings, severity=None):
    """The family's findings, without the notes of rules that did not apply."""
    rules = {r.id for r in all_rules() if r.family == FAMILY}
    return sorted((f.rule, f.severity, f.table, f.row, _plain(f.expected), _plain(f.found)) for f in findings
                  if f.rule in rules and f.table != "Pemeriksaan" and (severity is None or f.severity == severity))


def test_the_corpus_is_there(checked):
    assert {"tables_clean", "tables_evaluation_rows", "tables_blank_row", "tables_targets", "tables_statements"} <= set(
        checked)


def test_clean_document_has_no_error_and_no_finding_of_the_family(checked):
    assert family(checked["tables_clean"]) == []
    assert [(f.rule, f.message) for f in checked["tables_clean"] if f.severity == "error"] == []


def test_rows_written_differently_by_two_evaluation_tables(checked):
    assert family(checked["tables_evaluation_rows"]) == [
        ("TABEL-EVAL", "error", "Tabel 2", "Total", 92.22, 9.22),
        ("TABEL-EVAL", "error", "Tabel 2.1.b", "Total", 550000000, 500000000),
        ("TABEL-EVAL", "error", "Tabel 3", "BELANJA BARANG DAN JASA", 495000000, 459000000),
    ]
    messages = [f.message for f in checked["tables_evaluation_rows"] if f.rule == "TABEL-EVAL"]
    assert any("di Tabel 3 (baris “BELANJA BARANG DAN JASA”) Rp 459.000.000, tetapi di Tabel 1 (baris “5.1.02 "
               "Belanja Barang dan Jasa”) Rp 495.000.000 (selisih Rp 36.000.000)" in m for m in messages)


def test_a_blank_row_is_one_warning_not_a_disagreement_per_column(checked):
    assert family(checked["tables_blank_row"]) == [
        ("TABEL-KOSONG", "warning", "Tabel 3", "Belanja Pegawai", None, "alokasi, realisasi, persen")]
    [finding] = [f for f in checked["tables_blank_row"] if f.rule == "TABEL-KOSONG"]
    assert "baris kosong di tabel Tabel 3" in finding.message


def test_a_target_written_differently_in_tc31(checked):
    assert family(checked["tables_targets"]) == [
        ("TABEL-TARGET", "error", "T-C.31",
         "Pencegahan Kekerasan terhadap Anak yang Melibatkan para Pihak Lingkup Daerah Kabupaten/Kota",
         "10 Kali", "12 Kali")]


def test_row_pagu_stated_outside_tc33(checked):
    assert family(checked["tables_statements"]) == [
        ("TABEL-PERNYATAAN", "error", "BAB IV", "Program Perlindungan Khusus Anak", 500000000, 450000000),
        ("TABEL-PERNYATAAN", "info", "BAB IV", "Program yang tidak ada", None, 1000000),
    ]


def test_no_document_of_the_corpus_has_a_false_error_of_the_family(checked):
    """Every error of the family is one of the defects its document was written with (asserted above)."""
    expected = {"tables_clean": 0, "tables_evaluation_rows": 3, "tables_blank_row": 0, "tables_targets": 1,
                "tables_statements": 1}
    assert {name: len(family(found, "error")) for name, found in checked.items()} == expected

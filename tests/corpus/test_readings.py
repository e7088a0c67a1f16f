"""Regression corpus, readings: synthetic documents (tests/corpus/documents/readings_*.yaml, written for these
tests) with malformed cells. Each asserts the exact findings of the rules that read amounts, and as important,
the absence of false ones; then the demo's own malformed cells, through `renja check --json`."""

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from renja.cli import app
from renja.demo.setup import DATA
from renja.rules.engine import all_rules, run

from ..rules.helpers import findings, view_of

pytestmark = pytest.mark.django_db
DOCUMENTS = Path(__file__).resolve().parent / "documents"
READING_RULES = ("UANG-FORMAT", "EVAL-SUM-TOTAL", "BELANJA-SUM", "PCT-AMOUNT", "PCT-WEIGHTED", "PCT-RANGE")
runner = CliRunner()


def document(name):
    return yaml.safe_load((DOCUMENTS / f"readings_{name}.yaml").read_text(encoding="utf-8"))


def found(view, rules=READING_RULES):
    """(rule, severity, table, expected, found) of the findings that are not "cannot apply" notes."""
    return {(f.rule, f.severity, f.table, f.expected, f.found)
            for rule_id in rules for f in findings(rule_id, view)
            if not f.message.startswith("Aturan tidak dapat diterapkan")}


def test_clean_document_has_no_error_at_all_and_no_reading_finding():
    view = view_of(document("clean"))
    errors = [f for f in run(view) if f.severity == "error"]
    assert errors == []
    # cells listing one value per sub-item of their row ("100.000.000,00 50.000.000 25.000.000" on a row of
    # three indicators; "0 0 0" under a list of three; "100 95,5" under two codes) are not malformed
    assert found(view) == set()


def test_a_total_is_compared_with_repaired_and_split_parts_and_says_how_it_read_them():
    view = view_of(document("repaired"))
    assert found(view) == {
        ("EVAL-SUM-TOTAL", "error", "Tabel 4", 375000000, 400000000),
        ("UANG-FORMAT", "warning", "Tabel 4", 200000000, "200.000.000,00.-"),
        ("UANG-FORMAT", "warning", "Tabel 4", 400000000, "400.000.000,00.-"),
        ("UANG-FORMAT", "warning", "Tabel 1", 1250000000, "1,250.000.000"),
    }  # BELANJA-SUM and PCT-AMOUNT hold once Belanja Pegawai is read as 1.250.000.000: no finding
    [total] = findings("EVAL-SUM-TOTAL", view)
    assert [(r["row"], r["text"], r["value"], r["note"], r["repair"]) for r in total.readings] == [
        ("Total", "400.000.000,00.-", 400000000, "repaired", "titik-strip di akhir dibuang"),
        ("1. Meningkatnya tata kelola keuangan", "100.000.000,00 50.000.000 25.000.000", 175000000, "repaired",
         "satu nilai per butir (3 butir): 100.000.000,00 + 50.000.000 + 25.000.000"),
        ("2. Terlindunginya anak dari kekerasan", "200.000.000,00.-", 200000000, "repaired",
         "titik-strip di akhir dibuang"),
    ]
    assert {r["table"] for r in total.readings} == {"Tabel 4"}
    assert "'200.000.000,00.-' dibaca Rp 200.000.000 (titik-strip di akhir dibuang)" in total.message


def test_an_unreadable_part_is_decided_when_it_can_be_and_named_when_it_cannot():
    view = view_of(document("unreadable"))
    assert found(view) == {
        ("UANG-FORMAT", "error", "Tabel 2", None, "500.000.000 20.000.000"),
        ("UANG-FORMAT", "error", "Tabel 3", None, "12.345.6789"),
        ("UANG-FORMAT", "error", "Tabel 4", None, "100.000.000 50.000."),
        # the readable row alone (900.000.000) exceeds the Total (800.000.000): an error whatever the other is
        ("EVAL-SUM-TOTAL", "error", "Tabel 3", 900000000, 800000000),
        # the readable parts fall short of the Total: not decidable, said so with the cell that stops it
        ("EVAL-SUM-TOTAL", "info", "Tabel 2", None, 700000000),
        ("EVAL-SUM-TOTAL", "info", "Tabel 4", None, 150000000),
        ("UANG-FORMAT", "error", "Tabel 5", None, "200.000.000 5.000.000"),
        ("EVAL-SUM-TOTAL", "info", "Tabel 5", None, 500000000),
        ("PCT-WEIGHTED", "info", "Tabel 5", None, 72),
    }
    by_table = {f.table: f for f in findings("EVAL-SUM-TOTAL", view)}
    assert "'500.000.000 20.000.000' (Tabel 2, 2 Program Perlindungan Khusus Anak)" in by_table["Tabel 2"].message
    assert "tidak dapat diputuskan" in by_table["Tabel 4"].message
    [weighted] = findings("PCT-WEIGHTED", view)
    assert "'200.000.000 5.000.000' (2 Pencegahan Kekerasan terhadap Anak, alokasi) tidak terbaca" in weighted.message
    assert [(r["text"], r["note"]) for r in weighted.readings] == [("200.000.000 5.000.000", "unreadable")]
    [cut] = [f for f in findings("UANG-FORMAT", view) if f.table == "Tabel 4"]
    assert "nilai ke-2 dari 2 ('50.000.')" in cut.message and "terpotong" in cut.message


def test_a_row_count_that_does_not_match_the_values_is_still_malformed():
    doc = document("clean")
    doc["evaluasi"][0]["tabel"][1]["baris"][0]["persen"] = "0 0"  # two values under three indicators
    [finding] = findings("UANG-FORMAT", view_of(doc))
    assert (finding.severity, finding.found) == ("error", "0 0") and "lebih dari satu angka" in finding.message


def test_demo_check_json_lists_the_readings_each_finding_relied_on():
    all_rules()
    result = runner.invoke(app, ["check", str(DATA), "--json"])
    items = json.loads(result.output)
    assert all(isinstance(f["readings"], list) for f in items)
    relied = {(f["rule"], f["table"], r["text"], r["value"], r["note"])
              for f in items for r in f["readings"]}
    assert ("BELANJA-SUM", "Tabel 1", "3,458.571.116", 3458571116, "repaired") in relied
    assert ("PCT-WEIGHTED", "2.1-07a-pemeliharaan-bmd", "275.884.120.", 275884120, "repaired") in relied
    assert ("EVAL-SUM-TOTAL", "Tabel 4", "9.167.000.000,00.-", 9167000000, "repaired") in relied
    assert ("EVAL-SUM-TOTAL", "Tabel 4", "1.032.570.000,00 571.677. 357.809.861 1.199.999.684", None,
            "unreadable") in relied
    # the cells listing one value per sub-item are not reported as malformed
    malformed = {f["found"] for f in items if f["rule"] == "UANG-FORMAT"}
    assert not malformed & {"0 0 0 0", "100 100 100 100", "1.188.224.430,00 63.387.421 488.086.070 289.999.803"}
    assert "3.411.703.751 212.931.704" in malformed  # two amounts on a row of one program: still reported


def test_demo_human_output_shows_how_a_cell_was_read():
    result = runner.invoke(app, ["check", str(DATA)], env={"COLUMNS": "200"})
    assert "dibaca: '9.167.000.000,00.-' → 9.167.000.000 (titik-strip di akhir dibuang)" in result.output


def test_stored_findings_keep_their_readings_exactly():
    from decimal import Decimal

    from renja.rules import stored
    from renja.rules.engine import Finding

    finding = Finding(rule="EVAL-SUM-TOTAL", severity="error", table="Tabel 4", code=None, row="Total", message="…",
                      expected=375000000, found=400000000, readings=[
                          {"table": "Tabel 4", "row": "Total", "column": "alokasi", "text": "400.000.000,00.-",
                           "value": 400000000, "note": "repaired", "repair": "titik-strip di akhir dibuang"},
                          {"table": "Tabel 6", "row": "1.", "column": "fisik", "text": "1.286",
                           "value": Decimal("1.286"), "note": "ambiguous", "repair": "dibaca 1,286 (persentase)"}])
    data = json.loads(json.dumps(stored._plain(finding)))  # as the JSON field keeps it
    assert stored._finding(data) == finding
    older = {key: value for key, value in data.items() if key != "readings"}  # stored before readings existed
    assert stored._finding(older).readings == []

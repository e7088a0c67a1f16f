from decimal import Decimal

import pytest

from renja.plans.view import Node, PlanView, Section, StatementView
from renja.rules.catalogue.counts import plan_counts

from .helpers import clean_document, findings, view_of

pytestmark = pytest.mark.django_db

RULES = ("COUNT-PROGRAM", "COUNT-KEGIATAN", "COUNT-SUB-KEGIATAN", "COUNT-SASARAN", "COUNT-BAB", "COUNT-EVALUASI")


def statements(document, *items):
    document["renja"]["statements"] += [dict(item) for item in items]
    return document


def evaluation(document):
    return document["evaluasi"][0]


def test_the_clean_plan_has_no_finding_of_these_rules():
    view = view_of(clean_document())
    for rule_id in RULES:
        assert findings(rule_id, view) == [], rule_id


# --- programs, kegiatan, sub kegiatan -------------------------------------------------------------------


def test_counts_that_match_the_plan_pass():
    document = statements(
        clean_document(),
        {"table": "Tabel 4.1", "key": "jumlah_program_urusan", "value": "1"},
        {"table": "Tabel 4.1", "key": "jumlah_program_non_urusan", "value": "1"},
        {"table": "Tabel 4.1", "key": "jumlah_kegiatan", "value": "2"},
        {"table": "Tabel 4.1", "key": "jumlah_kegiatan_non_urusan", "value": "1"},
        {"table": "BAB IV", "key": "jumlah_sub_kegiatan", "value": "3 (tiga) Sub Kegiatan"},
        {"table": "BAB IV", "key": "jumlah_sub_kegiatan_non_urusan", "value": "2"},
    )
    view = view_of(document)
    for rule_id in ("COUNT-PROGRAM", "COUNT-KEGIATAN", "COUNT-SUB-KEGIATAN"):
        assert findings(rule_id, view) == [], rule_id


def test_a_wrong_program_count_is_found_with_expected_and_found():
    document = clean_document()
    document["renja"]["statements"][1]["value"] = "5"
    [finding] = findings("COUNT-PROGRAM", view_of(document))
    assert (finding.table, finding.expected, finding.found, finding.severity) == ("BAB IV", 2, 5, "error")
    assert "tertulis 5" in finding.message and "2 program" in finding.message


def test_a_wrong_count_per_scope_is_found():
    document = statements(
        clean_document(),
        {"table": "Tabel 4.1", "key": "jumlah_kegiatan_urusan", "row": "DP3A", "value": "12"},
        {"table": "BAB IV", "key": "jumlah_sub_kegiatan_non_urusan", "value": "23"},
    )
    view = view_of(document)
    [kegiatan] = findings("COUNT-KEGIATAN", view)
    assert (kegiatan.table, kegiatan.row, kegiatan.expected, kegiatan.found) == ("Tabel 4.1", "DP3A", 1, 12)
    assert "kegiatan urusan" in kegiatan.message
    [sub] = findings("COUNT-SUB-KEGIATAN", view)
    assert (sub.expected, sub.found) == (2, 23) and "Program Penunjang" in sub.message


def test_a_placeholder_kegiatan_without_code_and_name_is_not_counted():
    placeholder = Node("kegiatan")
    sub = Node("sub_kegiatan", nama="Advokasi Kebijakan", parent=placeholder)
    placeholder.children = [sub]
    program = Node("program", kode="2.08.06", nama="PROGRAM PEMENUHAN HAK ANAK", children=[placeholder])
    penunjang = Node("program", kode_asli="2\t0\t0", nama="PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH",
                     children=[Node("kegiatan", kode="2.08.01.2.01")])
    view = PlanView(programs=[penunjang, program], statements=[
        StatementView(table="Tabel 4.1", key="jumlah_kegiatan", value=Decimal(2)),
        StatementView(table="Tabel 4.1", key="jumlah_kegiatan_non_urusan", value=Decimal(1)),
    ])
    assert plan_counts(view, "kegiatan") == {"": (1, 1), "_urusan": (0, 1), "_non_urusan": (1, 0)}
    assert plan_counts(view, "sub_kegiatan")[""] == (1, 0)
    [finding] = findings("COUNT-KEGIATAN", view)
    assert (finding.expected, finding.found) == (1, 2)
    assert "1 baris kegiatan tanpa kode dan nama tidak dihitung" in finding.message


def test_a_count_without_a_plan_cannot_be_checked():
    view = PlanView(statements=[StatementView(table="BAB IV", key="jumlah_program", value=Decimal(5))])
    [finding] = findings("COUNT-PROGRAM", view)
    assert finding.severity == "info"


def test_demo_counts(demo_view):
    program = {(f.table, f.expected, f.found) for f in findings("COUNT-PROGRAM", demo_view)}
    # BAB IV: "5 (lima) program"; T-C.33 has 8 (7 urusan, 1 Program Penunjang: Tabel 4.1 and BAB III are right)
    assert program == {("BAB IV", 8, 5)}
    kegiatan = {(f.table, f.expected, f.found) for f in findings("COUNT-KEGIATAN", demo_view)}
    # 7 kegiatan of the Program Penunjang + 10 urusan kegiatan (the Program Pemenuhan Hak Anak's row without
    # code and name is not one): BAB IV "30 kegiatan", Tabel 4.1 "12" urusan and "19" in all
    assert kegiatan == {("BAB IV", 17, 30), ("Tabel 4.1", 10, 12), ("Tabel 4.1", 17, 19)}
    # BAB IV: "23 (Dua Puluh Tiga) Sub. Kegiatan" of the Program Penunjang; T-C.33 (and BAB IV's own list) has 18
    sub = [(f.table, f.expected, f.found) for f in findings("COUNT-SUB-KEGIATAN", demo_view)]
    assert sub == [("BAB IV", 18, 23)]


# --- sasaran, bab, evaluation ---------------------------------------------------------------------------


def test_sasaran_count_against_the_renstra():
    document = statements(clean_document(), {"table": "BAB III", "key": "jumlah_sasaran", "value": "1 (satu)"})
    assert findings("COUNT-SASARAN", view_of(document)) == []
    document["renja"]["statements"][-1]["value"] = "6 (enam)"
    [finding] = findings("COUNT-SASARAN", view_of(document))
    assert (finding.table, finding.expected, finding.found, finding.severity) == ("BAB III", 1, 6, "error")


def test_sasaran_count_without_renstra_cannot_be_checked():
    document = statements(clean_document(), {"table": "BAB III", "key": "jumlah_sasaran", "value": "6"})
    del document["renstra"]
    [finding] = findings("COUNT-SASARAN", view_of(document))
    assert finding.severity == "info"


def test_demo_sasaran(demo_view):
    found = {(f.table, f.expected, f.found, f.severity) for f in findings("COUNT-SASARAN", demo_view)}
    # BAB III: "dalam 6 (enam) Sasaran Strategik" but five are listed and Tabel 3.2.2 has five; BAB II says the
    # 2020/2021 evaluation covered "9 (sembilan) sasaran" of the same Renstra 2018–2023
    assert found == {("BAB III", 5, 6, "error"), ("BAB II", 5, 9, "warning")}


def test_bab_count():
    document = statements(clean_document(), {"table": "BAB I", "key": "jumlah_bab", "value": "1 (satu)"})
    assert findings("COUNT-BAB", view_of(document)) == []
    document["renja"]["statements"][-1]["value"] = "5 (lima)"
    [finding] = findings("COUNT-BAB", view_of(document))
    assert (finding.expected, finding.found) == (1, 5) and "BAB I" in finding.message


def test_bab_count_on_a_hand_made_view():
    view = PlanView(sections=[Section("I"), Section("I", "1.1"), Section("II"), Section("V")],
                    statements=[StatementView(table="BAB I", key="jumlah_bab", value=Decimal(4))])
    [finding] = findings("COUNT-BAB", view)
    assert (finding.expected, finding.found) == (3, 4)


def test_demo_bab(demo_view):
    [finding] = findings("COUNT-BAB", demo_view)
    # "dituangkan kedalam 4 (empat) Bab" while the document has BAB I to BAB V
    assert (finding.table, finding.row, finding.expected, finding.found) == (
        "BAB I", "1.4. SISTEMATIKA PENULISAN", 5, 4)


def evaluation_with_program_table(document):
    evaluation(document)["tabel"].append({"id": "Tabel 2", "baris": [
        {"nomor": "1", "uraian": "Program Penunjang Urusan Pemerintahan Daerah", "alokasi": "400.000.000",
         "realisasi": "380.000.000", "persen": "95"},
        {"nomor": "2", "uraian": "Program Perlindungan Khusus Anak", "alokasi": "500.000.000",
         "realisasi": "0", "persen": "0"},
    ]})
    return document


def test_evaluation_counts_against_its_tables():
    document = evaluation_with_program_table(clean_document())
    evaluation(document)["statements"] = [
        {"table": "BAB II", "key": "jumlah_program", "value": "2 (Dua)"},
        {"table": "BAB II", "key": "jumlah_kegiatan", "value": "1 (Satu)"},
    ]
    assert findings("COUNT-EVALUASI", view_of(document)) == []
    evaluation(document)["statements"][0]["value"] = "8"
    evaluation(document)["statements"][1]["value"] = "20"
    found = {(f.table, f.expected, f.found) for f in findings("COUNT-EVALUASI", view_of(document))}
    assert found == {("BAB II", 2, 8), ("BAB II", 1, 20)}


def test_demo_evaluation_counts(demo_view):
    # "terdiri dari 8 (Delapan) Program dan 20 (Dua Puluh) kegiatan": Tabel 2 has 8 programs (right), the
    # summary table of 2.1 has 19 kegiatan
    [finding] = findings("COUNT-EVALUASI", demo_view)
    assert (finding.table, finding.expected, finding.found, finding.severity) == ("BAB II", 19, 20, "warning")
    assert "2.1-ringkasan" in finding.message

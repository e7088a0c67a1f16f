"""The Renja against its Renstra matrix: each rule on the clean plan with a matching matrix (passes), and on
one change that breaks it (found, with expected and found)."""

import pytest

from .helpers import clean_document, findings, view_of

pytestmark = pytest.mark.django_db

RULES = ("RENSTRA-BARIS", "RENSTRA-PAGU", "RENSTRA-TARGET", "RENSTRA-IKU", "RENSTRA-ARAH")


def matrix_of(document):
    """The matrix that plans exactly the clean plan's 2025 rows, with their pagu and targets."""
    programs = []
    for program in document["renja"]["program"]:
        kegiatan = []
        for k in program["kegiatan"]:
            subs = [{"kode": s["kode"], "nama": s["nama"], "pagu": {"2025": s["pagu_n"], "2026": s["pagu_n1"]},
                     "indikator": [{"uraian": i["uraian"], "target": {"2025": i["target_n"], "2026": i["target_n1"]}}
                                   for i in s["indikator"]]}
                    for s in k["sub_kegiatan"]]
            kegiatan.append({"kode": k["kode"], "nama": k["nama"], "sub_kegiatan": subs})
        programs.append({"kode": program["kode"], "nama": program["nama"], "sasaran": ["1"], "kegiatan": kegiatan})
    return programs


def with_matrix():
    document = clean_document()
    document["renstra"]["program"] = matrix_of(document)
    return document


def messages(rule_id, document):
    return [f.message for f in findings(rule_id, view_of(document)) if f.severity != "info"]


def test_a_plan_drawn_from_its_renstra_passes_every_renstra_rule():
    document = with_matrix()
    view = view_of(document)
    for rule_id in RULES:
        assert [f for f in findings(rule_id, view) if f.severity != "info"] == [], rule_id


def test_without_a_matrix_the_matrix_rules_say_they_do_not_apply():
    view = view_of(clean_document())
    for rule_id in ("RENSTRA-BARIS", "RENSTRA-PAGU", "RENSTRA-TARGET", "RENSTRA-IKU"):
        (finding,) = findings(rule_id, view)
        assert finding.severity == "info" and "belum memuat matriks" in finding.message


def test_a_row_the_renstra_does_not_plan_is_found():
    document = with_matrix()
    del document["renstra"]["program"][1]["kegiatan"][0]["sub_kegiatan"][0]
    (message,) = messages("RENSTRA-BARIS", document)
    assert message.startswith("Sub kegiatan 2.08.07.2.01.0002") and "tidak ada di matriks Renstra 2021–2026" in message


def test_a_pagu_far_from_the_renstra_is_found_and_one_within_the_tolerance_is_not():
    document = with_matrix()
    sub = document["renstra"]["program"][0]["kegiatan"][0]["sub_kegiatan"][0]
    sub["pagu"]["2025"] = "300.000.000"  # the plan's 350.000.000 lies 16,67 % above: within 20 %
    assert messages("RENSTRA-PAGU", document) == []
    sub["pagu"]["2025"] = "250.000.000"  # 40 % above
    (finding,) = [f for f in findings("RENSTRA-PAGU", view_of(document)) if f.severity != "info"]
    assert (finding.code, finding.expected, finding.found) == ("2.08.01.2.02.0001", 250_000_000, 350_000_000)
    assert "berselisih 40,00 % dari pagu indikatif Renstra Rp 250.000.000" in finding.message


def test_a_target_far_from_the_renstra_is_found():
    document = with_matrix()
    indicator = document["renstra"]["program"][0]["kegiatan"][0]["sub_kegiatan"][0]["indikator"][0]
    indicator["target"]["2025"] = "60 Orang"  # the plan says 40 Orang
    (message,) = messages("RENSTRA-TARGET", document)
    assert "'40 Orang' berselisih 33,33 % dari target Renstra '60 Orang'" in message


def test_an_iku_no_program_serves_is_found():
    document = with_matrix()
    for program in document["renstra"]["program"]:
        program["sasaran"] = []
    (message,) = messages("RENSTRA-IKU", document)
    assert "IKU 'Rasio kekerasan terhadap anak' mengukur sasaran 1" in message


def test_targets_going_the_wrong_way_are_found_for_both_polarities():
    document = with_matrix()
    document["renstra"]["iku"][0]["target"] = {"2024": "0,02", "2025": "0,03"}  # negatif: going up is worse
    document["renstra"]["tujuan"][0]["indikator"][0]["target"] = {"2025": "70", "2026": "68"}
    found = messages("RENSTRA-ARAH", document)
    assert any("'Rasio kekerasan terhadap anak' naik dari '0,02' (2024) menjadi '0,03' (2025)" in m for m in found)
    assert any("'Indeks Perlindungan Anak' turun dari '70' (2025) menjadi '68' (2026)" in m for m in found)
    assert len(found) == 2

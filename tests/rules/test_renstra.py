"""The Renja against its Renstra matrix: each rule on the clean plan with a matching matrix (passes), and on
one change that breaks it (found, with expected and found)."""

from decimal import Decimal

import pytest

from renja.exchange.loader import load_document
from renja.monitoring.models import PengaturanMonitoring
from renja.organizations.models import Pemda
from renja.plans.models import Renja

from .helpers import clean_document, findings, view_of

pytestmark = pytest.mark.django_db

RULES = ("RENSTRA-BARIS", "RENSTRA-PAGU", "RENSTRA-TARGET", "RENSTRA-PERIODE", "RENSTRA-IKU", "RENSTRA-ARAH")


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
    for rule_id in ("RENSTRA-BARIS", "RENSTRA-PAGU", "RENSTRA-TARGET", "RENSTRA-PERIODE", "RENSTRA-IKU"):
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


def test_targets_are_compared_only_in_the_same_unit_synonyms_included():
    document = with_matrix()
    indicator = document["renstra"]["program"][0]["kegiatan"][0]["sub_kegiatan"][0]["indikator"][0]
    indicator["target"]["2025"] = "60 %"  # another unit than the plan's 40 Orang: not comparable
    assert messages("RENSTRA-TARGET", document) == []
    indicator["target"]["2025"] = "60 Jiwa"  # Jiwa is Orang
    (message,) = messages("RENSTRA-TARGET", document)
    assert "berselisih 33,33 % dari target Renstra '60 Jiwa'" in message


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


def set_tolerance(percent):
    PengaturanMonitoring.objects.update_or_create(pemda=Pemda.objects.get(kode="99.01"),
                                                  defaults={"toleransi_renstra": Decimal(percent)})


def test_the_pemda_sets_the_tolerance_of_pagu_and_targets():
    document = with_matrix()
    sub = document["renstra"]["program"][0]["kegiatan"][0]["sub_kegiatan"][0]
    sub["pagu"]["2025"] = "250.000.000"  # the plan's 350.000.000 lies 40 % above
    view_of(document)  # loaded: the Pemda exists
    set_tolerance(50)
    assert messages("RENSTRA-PAGU", document) == []
    set_tolerance(10)
    sub["pagu"]["2025"] = "300.000.000"  # 16,67 %: within the default 20 %, not within the Pemda's 10 %
    (message,) = messages("RENSTRA-PAGU", document)
    assert "berselisih 16,67 % dari pagu indikatif Renstra Rp 300.000.000" in message
    sub["pagu"]["2025"] = "350.000.000"
    sub["indikator"][0]["target"]["2025"] = "50 Orang"  # the plan's 40 Orang: 20 %, not above the default
    (message,) = messages("RENSTRA-TARGET", document)
    assert "'40 Orang' berselisih 20,00 % dari target Renstra '50 Orang'" in message
    set_tolerance(20)
    assert messages("RENSTRA-TARGET", document) == []


def other_year(tahun, tahap="rancangan", factor=1):
    """The clean plan as the PD's plan of another year (the Renstra left as loaded), its pagu × factor."""
    document = clean_document()
    del document["renstra"]
    document["renja"]["tahun"] = tahun
    document["renja"]["tahap"] = tahap
    for program in document["renja"]["program"]:
        for k in program["kegiatan"]:
            for s in k["sub_kegiatan"]:
                s["pagu_n"] = int(int(str(s["pagu_n"]).replace(".", "")) * factor)
    return document


def test_the_period_sums_each_year_s_plan_against_the_renstra_total_of_those_years():
    document = with_matrix()
    view_of(document)  # the PD and its Renstra, then its 2024 plan: the matrix plans nothing in 2024
    load_document(other_year(2024), replace=True)
    (finding,) = [f for f in findings("RENSTRA-PERIODE", view_of(document)) if f.severity != "info"]
    assert (finding.expected, finding.found) == (900_000_000, 1_800_000_000)
    assert finding.message == (
        "Pagu Renja tahun 2024 dan 2025 berjumlah Rp 1.800.000.000, 100,00 % di atas pagu indikatif Renstra "
        "tahun-tahun itu Rp 900.000.000 (toleransi 20,00 %); pagu indikatif Renstra seluruh periode 2021–2026 "
        "Rp 1.890.000.000. Rinciannya: 2024 Rp 900.000.000 (Rancangan Renja, Draf); 2025 Rp 900.000.000 "
        "(Renja ini).")


def test_the_period_counts_the_plan_in_force_else_the_latest_stage_within_the_tolerance():
    document = with_matrix()
    for program in document["renstra"]["program"]:  # the matrix plans 2024 as 2025
        for k in program["kegiatan"]:
            for s in k["sub_kegiatan"]:
                s["pagu"]["2024"] = s["pagu"]["2025"]
    view_of(document)
    load_document(other_year(2024, "rancangan_awal", factor=3), replace=True)  # an earlier stage: not counted
    load_document(other_year(2024, "rancangan", factor=1.5), replace=True)  # the latest stage: 25 % above
    (finding,) = [f for f in findings("RENSTRA-PERIODE", view_of(document)) if f.severity != "info"]
    assert (finding.expected, finding.found) == (1_800_000_000, 2_250_000_000)
    assert "25,00 % di atas" in finding.message and "2024 Rp 1.350.000.000 (Rancangan Renja, Draf)" in finding.message
    set_tolerance(30)
    assert messages("RENSTRA-PERIODE", document) == []
    set_tolerance(20)
    load_document(other_year(2024, "rancangan_awal", factor=1), replace=True)
    Renja.objects.filter(tahun=2024, tahap="rancangan_awal").update(status=Renja.Status.DITETAPKAN)
    assert messages("RENSTRA-PERIODE", document) == []  # the plan in force (900.000.000) counts, not the latest

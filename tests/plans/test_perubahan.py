"""A Renja Perubahan keeps what it states: pagu and targets before the change beside the values after it, and
each further pagu column of a workbook (RKPD, APBD …) as its own figure. Loaded, read, totalled and checked
like pagu n; nothing of a plan without them changes."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from typer.testing import CliRunner

from renja.cli import app
from renja.exchange.loader import LoadError, load_document
from renja.plans.models import Indikator, PaguKolom, Pernyataan, Renja, SubKegiatan
from renja.plans.rollup import renja_totals
from renja.plans.summary import build_summary, extra_lines
from renja.plans.view import build_view
from tests.plans.test_loader import row_counts
from tests.rules.helpers import clean_document, findings, sub_kegiatan, view_of

pytestmark = pytest.mark.django_db


def perubahan_document():
    """The clean plan as a Renja Perubahan: before-values on every sub kegiatan, pagu columns on two, the
    program rows stating their before-totals (the second one wrong: 500 written, 520 summed)."""
    document = clean_document()
    document["renja"]["tahap"] = "perubahan"
    first, second, third = (sub_kegiatan(document, 0, 0, 0), sub_kegiatan(document, 0, 0, 1),
                            sub_kegiatan(document, 1, 0, 0))
    first.update(pagu_sebelum="300.000.000", pagu_kolom={"apbd": "Rp 310.000.000", "rkpd": "300.000.000"})
    first["indikator"][0]["target_sebelum"] = "38 Orang"
    second["pagu_sebelum"] = 50000000
    third.update(pagu_sebelum="520.000.000", pagu_kolom={"apbd": "520.000.000", "rkpd_perubahan": None})
    programs = document["renja"]["program"]
    programs[0]["stated"].update(pagu_sebelum="350.000.000", pagu_kolom={"apbd": "310.000.000"})
    programs[1]["stated"]["pagu_sebelum"] = "500.000.000"
    document["renja"]["statements"] += [
        {"table": "T-C.33", "key": "total_pagu_sebelum", "row": "Total", "value": "870.000.000"},
        {"table": "T-C.33", "key": "total_pagu_apbd", "row": "Total", "value": "800.000.000"},
    ]
    return document


def subs_of(renja):
    return {s.kode: s for s in SubKegiatan.objects.filter(kegiatan__program__renja=renja)}


# --- the loader --------------------------------------------------------------------------------------------


def test_loader_reads_before_values_and_pagu_columns():
    report = load_document(perubahan_document())
    assert report.problems == []
    subs = subs_of(report.renja)
    first = subs["2.08.01.2.02.0001"]
    assert (first.pagu_sebelum, first.pagu_sebelum_teks, first.pagu_n) == (300000000, "300.000.000", 350000000)
    assert (subs["2.08.01.2.02.0007"].pagu_sebelum, subs["2.08.01.2.02.0007"].pagu_sebelum_teks) == (
        50000000, "50000000")
    assert sorted(first.pagu_kolom.values_list("kolom", "nilai", "teks")) == [
        ("apbd", 310000000, "Rp 310.000.000"), ("rkpd", 300000000, "300.000.000")]
    # a blank column is not a figure
    assert list(subs["2.08.07.2.01.0002"].pagu_kolom.values_list("kolom", "nilai")) == [("apbd", 520000000)]
    indicator = Indikator.objects.get(sub_kegiatan=first)
    assert (indicator.target_sebelum_teks, indicator.target_sebelum, indicator.target_sebelum_satuan) == (
        "38 Orang", Decimal("38"), "Orang")
    assert (indicator.target_n_teks, indicator.target_n) == ("40 Orang", Decimal("40"))
    # each column's first history record is written with the load, like the plan's rows
    assert PaguKolom.history.filter(sub_kegiatan_id=first.pk).count() == 2


def test_stated_before_and_column_totals_become_statements_of_their_row():
    report = load_document(perubahan_document())
    stated = {(s.program.kode if s.program else None, s.kunci): s.nilai
              for s in Pernyataan.objects.filter(renja=report.renja, tabel="T-C.33")}
    assert stated[("2.08.01", "pagu_sebelum")] == Decimal("350000000")
    assert stated[("2.08.01", "pagu_apbd")] == Decimal("310000000")
    assert stated[("2.08.07", "pagu_sebelum")] == Decimal("500000000")
    assert stated[(None, "total_pagu_apbd")] == Decimal("800000000")


def test_unreadable_before_values_and_columns_are_kept_as_written_and_reported():
    document = perubahan_document()
    sub_kegiatan(document, 0, 0, 1)["pagu_sebelum"] = "50.000.00"
    sub_kegiatan(document, 1, 0, 0)["pagu_kolom"]["apbd"] = "275.884.120."
    sub_kegiatan(document, 1, 0, 0)["indikator"][0]["target_sebelum"] = "1.2.3 Kali"
    report = load_document(document)
    problems = {(p.field, p.text): p for p in report.problems}
    assert set(problems) == {("pagu_sebelum", "50.000.00"), ("pagu_kolom.apbd", "275.884.120."),
                             ("target_sebelum", "1.2.3 Kali")}
    assert "kelompok tiga angka" in problems[("pagu_sebelum", "50.000.00")].why
    assert problems[("pagu_kolom.apbd", "275.884.120.")].row.startswith("2.08.07.2.01.0002")
    assert all(p.table == "T-C.33" for p in report.problems)
    subs = subs_of(report.renja)
    assert (subs["2.08.01.2.02.0007"].pagu_sebelum, subs["2.08.01.2.02.0007"].pagu_sebelum_teks) == (
        None, "50.000.00")
    column = PaguKolom.objects.get(sub_kegiatan=subs["2.08.07.2.01.0002"])
    assert (column.kolom, column.nilai, column.teks) == ("apbd", None, "275.884.120.")


def test_an_unknown_pagu_column_is_refused_and_changes_nothing():
    document = perubahan_document()
    sub_kegiatan(document)["pagu_kolom"]["apbn"] = "1.000"
    before = row_counts()
    with pytest.raises(LoadError) as refused:
        load_document(document)
    assert any("pagu_kolom" in e and "apbn" in e for e in refused.value.errors), refused.value.errors
    assert row_counts() == before


def test_a_negative_before_value_is_reported_not_stored():
    document = perubahan_document()
    sub_kegiatan(document)["pagu_sebelum"] = -5
    report = load_document(document)
    [problem] = report.problems
    assert (problem.field, problem.text, problem.why) == ("pagu_sebelum", "-5", "pagu/anggaran tidak boleh negatif")
    sub = subs_of(report.renja)["2.08.01.2.02.0001"]
    assert (sub.pagu_sebelum, sub.pagu_sebelum_teks) == (None, "-5")


# --- the view, totals and summary ----------------------------------------------------------------------------


def test_the_view_carries_before_values_and_columns():
    view = view_of(perubahan_document())
    first = view.programs[0].children[0].children[0]
    assert (first.pagu_sebelum, first.pagu_kolom) == (
        300000000, {"apbd": (310000000, "Rp 310.000.000"), "rkpd": (300000000, "300.000.000")})
    assert first.indicators[0].target_sebelum.teks == "38 Orang"
    assert view.money_keys() == ["pagu_n", "pagu_n1", "pagu_sebelum", "pagu_rkpd", "pagu_apbd"]
    assert [p.total("pagu_sebelum") for p in view.programs] == [350000000, 520000000]
    assert (view.total("pagu_sebelum"), view.total("pagu_apbd"), view.total("pagu_rkpd")) == (
        870000000, 830000000, 300000000)
    assert view_of(clean_document()).money_keys() == ["pagu_n", "pagu_n1"]


def test_roll_ups_total_each_column_per_program_and_part():
    renja = load_document(perubahan_document()).renja
    programs, urusan, non_urusan, total = renja_totals(renja)
    assert [(p.program.kode, p.pagu_sebelum, p.pagu_kolom) for p in programs] == [
        ("2.08.01", 350000000, {"rkpd": 300000000, "apbd": 310000000}),
        ("2.08.07", 520000000, {"apbd": 520000000})]
    assert (non_urusan.pagu_sebelum, non_urusan.pagu_kolom) == (350000000, {"rkpd": 300000000, "apbd": 310000000})
    assert (urusan.pagu_sebelum, urusan.pagu_kolom) == (520000000, {"apbd": 520000000})
    assert (total.pagu_n, total.pagu_sebelum, total.pagu_kolom) == (
        900000000, 870000000, {"rkpd": 300000000, "apbd": 830000000})


def test_summary_adds_the_figures_only_for_a_plan_that_has_them():
    data = build_summary(load_document(perubahan_document()).renja)
    assert [(p["pagu_sebelum"], p["pagu_kolom"]) for p in data["program"]] == [
        (350000000, {"rkpd": 300000000, "apbd": 310000000}), (520000000, {"rkpd": 0, "apbd": 520000000})]
    assert (data["total"]["pagu_sebelum"], data["total"]["pagu_kolom"]) == (
        870000000, {"rkpd": 300000000, "apbd": 830000000})
    assert {s["key"] for s in data["total"]["stated"]} >= {"total_pagu_sebelum", "total_pagu_apbd"}
    lines = extra_lines(data)
    assert lines[0] == "Pagu 2025 sebelum perubahan (dihitung): total Rp 870.000.000; tertulis 870.000.000 (T-C.33)"
    assert "Pagu APBD (dihitung): total Rp 830.000.000; tertulis 800.000.000 (T-C.33)" in lines
    assert "  2.08.07 PROGRAM PERLINDUNGAN KHUSUS ANAK: Rp 520.000.000" in lines

    clean = build_summary(load_document(clean_document()).renja)
    keys = {"pagu_sebelum", "pagu_kolom"}
    assert not keys & set(clean["total"]) and not any(keys & set(p) for p in clean["program"])
    assert extra_lines(clean) == []


def test_summary_command_prints_the_lines_for_a_perubahan_only(tmp_path):
    import yaml

    path = tmp_path / "perubahan.yaml"
    path.write_text(yaml.safe_dump(perubahan_document(), allow_unicode=True), encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["load", str(path)]).exit_code == 0
    result = runner.invoke(app, ["summary", "--stage", "perubahan"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Pagu 2025 sebelum perubahan (dihitung): total Rp 870.000.000" in result.output
    document = clean_document()
    document["renja"]["tahap"] = "final"
    load_document(document)
    result = runner.invoke(app, ["summary", "--stage", "final"], env={"COLUMNS": "200"})
    assert result.exit_code == 0 and "sebelum perubahan" not in result.output and "APBD" not in result.output


# --- the checker ------------------------------------------------------------------------------------------


def test_program_before_totals_are_confronted_with_their_sub_kegiatan():
    view = view_of(perubahan_document())
    [finding] = findings("PAGU-SUM-PROGRAM", view)
    assert (finding.code, finding.expected, finding.found) == ("2.08.07", 520000000, 500000000)
    assert finding.message.startswith("Pagu 2025 sebelum perubahan program tertulis Rp 500.000.000")


def test_total_rows_of_other_columns_are_confronted():
    view = view_of(perubahan_document())
    found = findings("PAGU-SUM-TOTAL", view)
    assert [(f.expected, f.found) for f in found] == [(830000000, 800000000)]  # total_pagu_sebelum holds
    assert found[0].message.startswith("Total pagu APBD 2025 di T-C.33 tertulis Rp 800.000.000")


def test_a_stated_column_no_sub_kegiatan_carries_is_not_summed():
    document = clean_document()
    document["renja"]["program"][0]["stated"]["pagu_kolom"] = {"rkpd": "1.000.000"}
    assert findings("PAGU-SUM-PROGRAM", view_of(document)) == []


# --- migrations --------------------------------------------------------------------------------------------


def test_models_and_migrations_agree():
    call_command("makemigrations", "plans", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_the_migration_applies_backwards_and_forwards():
    from django.db import connection

    def columns(table):
        with connection.cursor() as cursor:
            return {c.name for c in connection.introspection.get_table_description(cursor, table)}

    call_command("migrate", "plans", "0004", verbosity=0)
    try:
        assert "pagu_sebelum" not in columns("plans_subkegiatan")
        assert "plans_pagukolom" not in connection.introspection.table_names()
    finally:
        # every app: going back unapplied the later migrations of apps that depend on plans (workflow, renstra…)
        call_command("migrate", verbosity=0)
    assert {"pagu_sebelum", "pagu_sebelum_teks"} <= columns("plans_subkegiatan")
    assert {"target_sebelum", "target_sebelum_teks", "target_sebelum_satuan"} <= columns("plans_indikator")
    assert {"kolom", "nilai", "teks", "sub_kegiatan_id"} <= columns("plans_pagukolom")
    assert Renja.objects.count() == 0
    renja = load_document(perubahan_document()).renja
    assert build_view(renja).total("pagu_apbd") == 830000000


def test_a_changed_pagu_column_raises_the_data_version():
    """Findings and documents read the columns: changing one stales what was made from the plan."""
    from renja.plans import versions

    renja = load_document(perubahan_document()).renja
    before = versions.current(renja)
    column = PaguKolom.objects.filter(sub_kegiatan__kegiatan__program__renja=renja).first()
    column.nilai = 1
    column.save()
    assert versions.current(renja) > before
    after_save = versions.current(renja)
    column.delete()
    assert versions.current(renja) > after_save

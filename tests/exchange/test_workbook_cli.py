"""`renja load` and `renja check` with workbooks: load, --dry-run, check on a fresh database, refusals."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from renja.cli import app
from renja.organizations.models import Pemda, PerangkatDaerah
from renja.plans.models import Program, Renja, SubKegiatan

from .test_workbook_support import build, sample_rows

runner = CliRunner()
CLEAN_PLAN = str(Path(__file__).resolve().parents[1] / "fixtures" / "exchange" / "clean_plan.yaml")


@pytest.fixture
def workbook(tmp_path):
    rows = sample_rows()
    rows[5]["pagu_n"] = "0.286"
    return build(tmp_path / "renja.xlsx", rows)


@pytest.fixture
def pd_contoh(db):
    pemda = Pemda.objects.create(kode="99.01", nama="Kota Contoh", jenis="kota")
    return PerangkatDaerah.objects.create(pemda=pemda, kode="2.08.0.00.0.00.01.0000", nama="Dinas P3A Kota Contoh",
                                          singkatan="DP3A")


def counts():
    return Renja.objects.count(), Program.objects.count(), SubKegiatan.objects.count(), PerangkatDaerah.objects.count()


def test_load_a_workbook_reports_the_cells(workbook, pd_contoh):
    result = runner.invoke(app, ["load", str(workbook), "--pd", "DP3A", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["counts"]["sub_kegiatan"] == 2 and data["renja"]["tahun"] == 2026
    assert data["workbook"]["layout"] == "tc33"
    (cell,) = [p for p in data["workbook"]["problems"] if p["value"] == "0.286"]
    assert (cell["sheet"], cell["row"], cell["column"]) == ("T-C.33", 13, "L") and "ambigu" in cell["why"]
    assert Renja.objects.get().perangkat_daerah == pd_contoh


def test_load_in_a_terminal_names_sheet_row_and_column(workbook, pd_contoh):
    result = runner.invoke(app, ["load", str(workbook), "--pd", "DP3A"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "tata letak tc33" in result.output and "0.286" in result.output and "Dimuat:" in result.output


def test_dry_run_reports_and_changes_nothing(workbook, pd_contoh):
    before = counts()
    result = runner.invoke(app, ["load", str(workbook), "--pd", "DP3A", "--dry-run", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["dry_run"] is True and data["renja"]["id"] is None
    assert data["summary"]["total"]["pagu_n"] == 750000000  # the unreadable 0.286 is not counted
    assert data["summary"]["program"][0]["jumlah_sub_kegiatan"] == 2
    assert counts() == before
    text = runner.invoke(app, ["load", str(workbook), "--pd", "DP3A", "--dry-run"], env={"COLUMNS": "200"})
    assert "Uji muat, tidak ada yang disimpan" in text.output and "750.000.000" in text.output
    assert counts() == before


def test_dry_run_of_an_exchange_file(db):
    result = runner.invoke(app, ["load", CLEAN_PLAN, "--dry-run", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["counts"]["sub_kegiatan"] > 0
    assert Renja.objects.count() == 0


def test_load_of_an_unknown_pd_is_refused_and_changes_nothing(workbook):
    result = runner.invoke(app, ["load", str(workbook)])
    assert result.exit_code == 1
    assert "perangkat daerah belum terdaftar" in result.output.replace("\n", " ")
    assert counts() == (0, 0, 0, 0)


def test_check_a_workbook_on_a_fresh_database(workbook):
    result = runner.invoke(app, ["check", str(workbook), "--json"])
    assert result.exit_code in (0, 1), result.output
    findings = json.loads(result.output)
    assert any(f["rule"] == "BUKU-KERJA" and f["found"] == "0.286" for f in findings)
    assert counts() == (0, 0, 0, 0)


def test_workbook_options_on_an_exchange_file_are_refused(db):
    result = runner.invoke(app, ["load", CLEAN_PLAN, "--pagu", "apbd"])
    assert result.exit_code == 1 and "hanya berlaku untuk buku kerja" in result.output


def test_an_unsafe_file_is_refused_by_load_and_check(tmp_path, db):
    bad = tmp_path / "rusak.xlsx"
    bad.write_text("bukan excel", encoding="utf-8")
    load = runner.invoke(app, ["load", str(bad)])
    assert load.exit_code == 1 and "bukan buku kerja Excel" in load.output
    check = runner.invoke(app, ["check", str(bad)])
    assert check.exit_code == 2 and "bukan buku kerja Excel" in check.output


def test_check_a_perubahan_workbook_needs_pagu_when_no_column_is_for_n(tmp_path):
    from .test_workbook_perubahan import TITLE, without_pagu_n
    from .test_workbook_support import build as build_book

    columns, data = without_pagu_n()
    path = build_book(tmp_path / "perubahan.xlsx", data, columns=columns, title=TITLE)
    refused = runner.invoke(app, ["check", str(path), "--json"])
    assert refused.exit_code == 2 and "--pagu" in refused.output
    result = runner.invoke(app, ["check", str(path), "--pagu", "apbd", "--json"])
    assert result.exit_code in (0, 1), result.output
    assert isinstance(json.loads(result.output), list)
    assert counts() == (0, 0, 0, 0)

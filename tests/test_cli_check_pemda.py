"""`renja check --pemda`: every plan of a Pemda or a province checked at once (in worker processes on a database
they can reach), its findings stored, a line per Pemda, the time and the peak memory."""

import json

import pytest
from django.db import connection
from typer.testing import CliRunner

from renja.cli import app
from renja.core.processes import in_one_process_only
from renja.plans.models import Renja
from renja.plans.view import build_view
from renja.rules import engine, stored
from renja.rules.batch import check_plans

runner = CliRunner()


def province():
    result = runner.invoke(app, ["synth", "--pemda", "2", "--pd", "2", "--sub", "6", "--provinsi", "15"])
    assert result.exit_code == 0, result.output
    return list(Renja.objects.order_by("id"))


def expected_counts(renja):
    findings = engine.run(build_view(renja))
    return tuple(sum(1 for f in findings if f.severity == s) for s in engine.SEVERITIES)


@pytest.mark.django_db(transaction=True)  # worker processes read what this test has committed
def test_checking_a_province_counts_what_the_checker_finds_and_stores_it():
    plans = province()
    result = check_plans([p.id for p in plans], workers=2)
    assert result.workers == (1 if in_one_process_only() else 2)
    assert [c.renja_id for c in result.plans] == [p.id for p in plans]
    for checked, renja in zip(result.plans, plans, strict=True):
        assert (checked.errors, checked.warnings, checked.infos) == expected_counts(renja)
        assert checked.pemda == renja.perangkat_daerah.pemda.kode
        assert stored.is_fresh(renja)  # stored by the worker: the pages read it
    assert result.peak_worker_mib > 10 and result.peak_caller_mib > 10


@pytest.mark.django_db(transaction=True)
def test_the_command_prints_a_line_per_pemda_and_its_memory():
    plans = province()
    result = runner.invoke(app, ["check", "--pemda", "15", "--workers", "2", "--json"])
    assert result.exit_code in (0, 1), result.output
    data = json.loads(result.output)
    assert sorted(data["pemda"]) == ["15.01", "15.71"]
    assert sum(line["renja"] for line in data["pemda"].values()) == len(plans)
    errors = sum(expected_counts(p)[0] for p in plans)
    assert sum(line["kesalahan"] for line in data["pemda"].values()) == errors
    assert result.exit_code == (1 if errors else 0)
    assert data["memori_puncak_pekerja_mib"] > 0 and data["proses"] == (1 if connection.vendor == "sqlite"
                                                                          and connection.is_in_memory_db() else 2)

    result = runner.invoke(app, ["check", "--pemda", "15.71", "--workers", "1"], env={"COLUMNS": "200"})
    assert "Pemeriksaan Renja 2026 · 15.71 · 2 Renja" in result.output and "memori puncak" in result.output
    assert "15.01" not in result.output


@pytest.mark.django_db
def test_an_unknown_pemda_or_a_file_with_pemda_is_refused_in_words():
    result = runner.invoke(app, ["check", "--pemda", "77"])
    assert result.exit_code == 2 and "Pemda atau provinsi berkode '77' tidak ada" in " ".join(result.output.split())
    result = runner.invoke(app, ["check", "renja.yaml", "--pemda", "15"])
    assert result.exit_code == 2 and "jangan disertai berkas atau --pd" in " ".join(result.output.split())


@pytest.mark.django_db(transaction=True)
def test_a_plan_that_cannot_be_checked_is_named_and_the_others_are_still_checked(monkeypatch):
    plans = province()
    broken = plans[1].id
    real = stored.refresh

    def refresh(renja):
        if renja.id == broken:
            raise RuntimeError("kerusakan buatan untuk uji")
        return real(renja)

    monkeypatch.setattr(stored, "refresh", refresh)
    result = check_plans([p.id for p in plans], workers=1)
    assert [p.renja_id for p in result.failed] == [broken]
    assert "kerusakan buatan" in result.failed[0].failure
    assert all(stored.is_fresh(p) for p in plans if p.id != broken)
    outcome = runner.invoke(app, ["check", "--pemda", "15", "--workers", "1"], env={"COLUMNS": "200"})
    assert outcome.exit_code == 2
    assert f"Renja {broken} " in outcome.output and "tidak dapat diperiksa" in outcome.output

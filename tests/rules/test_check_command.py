"""`renja check` and `renja rules`: exit status, JSON shape, the generated catalogue."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from renja.cli import app
from renja.demo.setup import DATA
from renja.plans.models import Renja
from renja.rules.docs import catalogue_markdown
from renja.rules.engine import SEVERITIES, all_rules

from .helpers import CLEAN_PLAN

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()
pytestmark = pytest.mark.django_db
KEYS = {"rule", "severity", "table", "code", "row", "message", "expected", "found", "readings"}


def test_clean_file_passes_without_being_loaded():
    result = runner.invoke(app, ["check", str(CLEAN_PLAN), "--json"])
    assert result.exit_code == 0, result.output
    findings = json.loads(result.output)
    assert [f for f in findings if f["severity"] == "error"] == []
    assert not Renja.objects.exists()  # checked, not loaded


def test_demo_file_has_errors_and_each_finding_has_exactly_the_agreed_keys():
    result = runner.invoke(app, ["check", str(DATA), "--json"])
    assert result.exit_code == 1
    findings = json.loads(result.output)
    assert findings and all(set(f) == KEYS for f in findings)
    assert all(f["severity"] in SEVERITIES and f["message"] for f in findings)
    pug = [f for f in findings if f["rule"] == "PAGU-SUM-PROGRAM" and f["code"] == "2.08.02"]
    assert {(f["expected"], f["found"]) for f in pug} >= {(786876409, 1573752601)}
    assert not Renja.objects.exists()


def test_loaded_plan_is_checked_and_printed_by_table():
    runner.invoke(app, ["load", str(DATA)])
    result = runner.invoke(app, ["check"], env={"COLUMNS": "160"})
    assert result.exit_code == 1
    assert "T-C.33" in result.output and "PAGU-SUM-PROGRAM" in result.output
    assert "seharusnya: 786.876.409" in result.output and "belum dapat diajukan" in result.output


def test_check_that_cannot_run_exits_2(tmp_path):
    assert runner.invoke(app, ["check"]).exit_code == 2  # nothing loaded
    assert runner.invoke(app, ["check", str(tmp_path / "tidak-ada.yaml")]).exit_code == 2
    broken = tmp_path / "rusak.yaml"
    broken.write_text("format: renja-exchange\nversion: 1\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(broken)])
    assert result.exit_code == 2 and "kunci wajib" in result.output


def test_every_rule_has_an_id_title_explanation_and_severity():
    rules = all_rules()
    assert len({r.id for r in rules}) == len(rules)
    for rule_ in rules:
        assert rule_.id == rule_.id.upper() and rule_.title and len(rule_.explanation) > 40
        assert rule_.severity in SEVERITIES


def test_docs_rules_md_is_generated_from_the_code():
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8").rstrip("\n") == catalogue_markdown().rstrip("\n"), (
        "docs/rules.md is out of date: run `renja rules --markdown > docs/rules.md`")


def test_submission_is_blocked_exactly_by_errors():
    from renja.exchange.loader import load_file
    from renja.rules.checker import check_renja, submission_blockers

    clean = load_file(CLEAN_PLAN).renja
    assert submission_blockers(clean) == []
    demo = load_file(DATA).renja
    blockers = submission_blockers(demo)
    assert blockers and blockers == [f for f in check_renja(demo) if f.severity == "error"]


def test_every_rule_is_exercised_by_tests_of_its_own():
    """Adding a rule is adding its tests: each rule id must appear in the tests of its family."""
    texts = {path.stem: path.read_text(encoding="utf-8") for path in (ROOT / "tests" / "rules").glob("test_*.py")}
    for rule_ in all_rules():
        own = texts.get(f"test_{rule_.family}", "")
        assert f'"{rule_.id}"' in own, f"{rule_.id} has no test in tests/rules/test_{rule_.family}.py"

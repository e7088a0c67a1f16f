"""Helpers for rule tests: a plan from an exchange document (through the real loader) or made by hand."""

import copy
from pathlib import Path

import yaml

from renja.exchange.loader import load_document
from renja.plans.view import build_view
from renja.rules.engine import REGISTRY, all_rules, run_rule

CLEAN_PLAN = Path(__file__).resolve().parents[1] / "fixtures" / "exchange" / "clean_plan.yaml"


def clean_document():
    """A fresh copy of the hand-made clean plan (tests/fixtures/exchange/clean_plan.yaml): its sums all hold."""
    return copy.deepcopy(yaml.safe_load(CLEAN_PLAN.read_text(encoding="utf-8")))


def view_of(document):
    """Load the document (needs the django_db mark) and read it back as a PlanView."""
    return build_view(load_document(document, replace=True).renja)


def findings(rule_id, view):
    all_rules()
    return run_rule(REGISTRY[rule_id], view)


def sub_kegiatan(document, program=0, kegiatan=0, sub=0):
    """The sub kegiatan entry of a document, to change it in a test."""
    return document["renja"]["program"][program]["kegiatan"][kegiatan]["sub_kegiatan"][sub]

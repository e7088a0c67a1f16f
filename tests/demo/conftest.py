"""Fixtures shared by the tests that prove the demo data matches the seed document."""

from pathlib import Path

import pytest

from renja.exchange.merge import read_document

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "fixtures" / "seed_renja_2022_dpmppa_kota_jambi.txt"
DEMO = ROOT / "renja" / "demo" / "jambi_2022"


@pytest.fixture(scope="session")
def seed_text():
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_lines(seed_text):
    """The seed as a list of lines (no trailing newline); line i of the file is seed_lines[i - 1]."""
    return seed_text.split("\n")


@pytest.fixture(scope="session")
def demo_document():
    """The whole demo exchange document, all files merged."""
    return read_document(DEMO)

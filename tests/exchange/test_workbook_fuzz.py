"""Fuzz: generated workbooks and damaged files through read_workbook and the loader, in a rolled-back transaction.

Only a refusal (`InputRefused`, of which `LoadError` is one) may come out, never another exception, and a refused
load leaves every table as it was. RENJA_FUZZ_EXAMPLES sets the number of examples (default 200; the issue's
run is 10,000: `RENJA_FUZZ_EXAMPLES=10000 pytest tests/exchange/test_workbook_fuzz.py`).
"""

import os

import pytest
from django.db import transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from renja.core.errors import InputRefused
from renja.exchange.loader import LoadError, load_document
from renja.exchange.workbook import read_workbook
from renja.organizations.models import Pemda, PerangkatDaerah
from renja.plans.models import Indikator, Kegiatan, Pernyataan, Program, Renja, SubKegiatan

from ..fuzz.targets import damage
from .test_workbook_support import PERUBAHAN_COLUMNS, TC33_COLUMNS, TITLE, build, sample_rows

EXAMPLES = int(os.environ.get("RENJA_FUZZ_EXAMPLES", "200"))
# No shrinking: a workbook takes tens of milliseconds, and the failing example is printed as generated.
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 200, report_multiple_bugs=False,
                phases=[Phase.explicit, Phase.reuse, Phase.generate],
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])

CODES = ["2", "2.08", "2.08.02", "2.08.02.2.01", "2.08.02.2.01.0001", "2.08.02.2.01.01", "2 081 02.01 01",
         "2\t08\t02", "1.06.02.2.01.0007 Nama", "2 0 0 2.01 0", "X.XX.01", "9.99.99.9.99.9999", "02.02", "abc",
         "", "-", "…", "0", "2.08.02.2", "2.08.02.2.01.00001"]
# What a cell can hold (openpyxl refuses control characters other than tab and newline, as Excel does).
CHARS = st.one_of(st.characters(exclude_categories=["Cs", "Cc"]), st.sampled_from("\n\t .,%-"))
AMOUNTS = st.one_of(
    st.none(), st.integers(min_value=-10, max_value=10**15), st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["18.130.291.362,00", "Rp 1.000.000", "0.286", "1.286", "1.500.00", "12,5", "-", "Rp.", "",
                     "3,458.571.116", "275.884.120.", "1e9", "١٢٣", "=SUM(A1)", "#REF!"]),
    st.text(CHARS, max_size=12))
TEXTS = st.one_of(st.none(), st.text(CHARS, max_size=40), st.sampled_from([
    "PROGRAM PENUNJANG", "Jumlah dokumen\nJumlah rapat", "3 Dokumen\n12 Kali", "80 %", "0,8", "1.286 %", "…",
    "JUMLAH", "Total", "Kode", "1", "-", "\t", "x" * 300]))
TARGETS = st.one_of(TEXTS, st.integers(min_value=-5, max_value=10**9), st.floats(allow_nan=False, width=32))
TITLES = [TITLE, [], ["TAHUN 2026"], ["Perangkat Daerah : 2.08.0.00.0.00.01.0000 Dinas X Kota Contoh", "Tahun 2026"],
          ["RENJA PERUBAHAN TAHUN 2026", "DINAS SOSIAL KABUPATEN CONTOH"], ["Tahun 1900"]]


def cell_strategy(key):
    if key.startswith("k") and len(key) == 2 or key == "kode":
        return st.one_of(st.none(), st.sampled_from(CODES), st.integers(min_value=0, max_value=99),
                         st.floats(min_value=0, max_value=10, allow_nan=False))
    if key.startswith("pagu") or key in ("rkpd", "apbd", "rkpd_perubahan"):
        return AMOUNTS
    if key.startswith("target") or key == "renstra":
        return TARGETS
    return TEXTS


@st.composite
def workbooks(draw):
    layout = draw(st.sampled_from([TC33_COLUMNS, PERUBAHAN_COLUMNS]))
    columns = [c for c in layout if draw(st.booleans()) or c[0] in ("uraian", "pagu_n")]
    if draw(st.booleans()):
        columns = draw(st.permutations(columns))
    keys = [c[0] for c in columns]
    rows = draw(st.lists(st.fixed_dictionaries({k: cell_strategy(k) for k in keys}), max_size=12))
    if draw(st.booleans()):  # a readable plan underneath, mixed with the generated rows
        rows = sample_rows() + rows
    return {
        "columns": columns, "rows": rows, "title": draw(st.sampled_from(TITLES)), "numbering": draw(st.booleans()),
        "repeat": draw(st.none() | st.integers(min_value=0, max_value=len(rows))),
        "percent": {(i, k) for i in range(len(rows)) for k in keys if draw(st.integers(0, 20)) == 0},
        "options": draw(st.fixed_dictionaries({
            "pd": st.sampled_from([None, "DP3A", "9.99"]), "year": st.sampled_from([None, 2026]),
            "stage": st.sampled_from([None, "final", "perubahan", "salah"]),
            "pagu": st.sampled_from([None, "apbd", "rkpd", "Z"])})),
    }


def table_counts():
    return tuple(model.objects.count() for model in (Pemda, PerangkatDaerah, Renja, Program, Kegiatan, SubKegiatan,
                                                      Indikator, Pernyataan))


def read_and_load(path, options):
    """Read, then load in a transaction that is rolled back; a refusal must leave the tables as they were."""
    before = table_counts()
    try:
        reading = read_workbook(path, **options)
    except InputRefused as exc:
        assert exc.errors and all(isinstance(e, str) and e for e in exc.errors)
        assert table_counts() == before
        return "refused"
    for problem in reading.problems:
        assert problem.sheet is not None and problem.why
    try:
        with transaction.atomic():
            load_document(reading.document, replace=True)
            transaction.set_rollback(True)
    except LoadError as exc:
        assert exc.errors
        # the reader writes only documents of the exchange format: a refusal is never about their structure
        assert not [e for e in exc.errors if e.startswith("$")], exc.errors
        assert table_counts() == before  # 0 partial writes
        return "load refused"
    assert table_counts() == before
    return "read"


@pytest.fixture
def known_pd(db):
    pemda = Pemda.objects.create(kode="99.01", nama="Kota Contoh", jenis="kota")
    PerangkatDaerah.objects.create(pemda=pemda, kode="2.08.0.00.0.00.01.0000", nama="Dinas X", singkatan="DP3A")


@FUZZ
@given(workbooks())
def test_generated_workbooks_never_crash_nor_half_load(tmp_path, known_pd, book):
    path = build(tmp_path / "fuzz.xlsx", book["rows"], columns=book["columns"], title=book["title"],
                 numbering=book["numbering"], repeat_header_at=book["repeat"], percent=book["percent"])
    read_and_load(path, book["options"])


@FUZZ
@given(st.integers(min_value=0, max_value=2**32), st.integers(min_value=1, max_value=40))
def test_damaged_files_are_refused_or_read_never_crash(tmp_path, known_pd, seed, flips):
    good = build(tmp_path / "good.xlsx", sample_rows()).read_bytes()
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(damage(good, seed, flips))
    read_and_load(path, {})

"""Every parser of user input fed a small derandomized sample of the fuzz bench's inputs (bench/fuzz_bench.py runs
10,000 each): no exception but the parser's refusal, and a refused input writes nothing."""

import copy
import os

import pytest

from .targets import DRIVERS, drive, table

EXAMPLES = int(os.environ.get("RENJA_FUZZ_SAMPLE", "120"))
TALLIES = []


@pytest.mark.django_db(transaction=False)
@pytest.mark.parametrize("driver", DRIVERS, ids=[d.name for d in DRIVERS])
def test_parser_never_crashes_nor_half_writes(driver):
    tally = drive(driver, EXAMPLES, derandomize=True)
    TALLIES.append(tally)
    print("\n" + table([tally]))
    assert tally.inputs > 0
    assert tally.crashes == 0, tally.samples
    assert tally.partial == 0, tally.samples


@pytest.mark.django_db(transaction=False)
def test_the_base_document_has_every_field_kind_of_the_demo_and_loads():
    """The exchange drivers mutate a cut-down demo document: it must keep every key path of the whole one (so no
    section or field goes unfuzzed), be a fraction of its size, and load as it is."""
    from renja.demo.setup import DATA
    from renja.exchange.loader import load_document
    from renja.exchange.merge import read_document

    from .targets import _base_document, _known_pd, shapes

    whole = read_document(DATA)
    base, paths = _base_document()
    assert shapes(base) == shapes(whole)
    assert len(repr(base)) * 5 < len(repr(whole))
    assert paths and all(paths)
    _known_pd()
    report = load_document(copy.deepcopy(base), replace=True)
    assert report.counts["sub_kegiatan"] > 0 and report.counts["baris_realisasi"] > 0


@pytest.mark.django_db(transaction=False)
def test_the_ceilings_driver_reaches_the_workbook():
    """The ceilings' fuzz user may set ceilings: a clean workbook is accepted, so a refused input was refused by
    the reader, not by the permission check in front of it (as every input was, before)."""
    from .targets import BY_NAME, _grid_bytes

    driver = BY_NAME["workbook.plafon"]
    world = driver.setup()
    good = {"title": [], "header": ["Kode", "Perangkat Daerah", "Pagu Indikatif"],
            "rows": [["2.08.0.00.0.00.01.0000", "Dinas X", 1_000_000]]}
    assert _grid_bytes(good) and driver.run(world, ("grid", good)) == "accepted"


@pytest.mark.django_db(transaction=False)
def test_the_realisation_driver_undoes_its_edits_of_the_template():
    """The realisation driver opens its template once and edits it for each input: after an input the template
    must be as it was, cell by cell and in size, or the next input would not be the template plus its edits."""
    import io

    import openpyxl

    from .targets import BY_NAME, _edited

    driver = BY_NAME["workbook.realisasi"]
    world = driver.setup()

    def cells(book):
        return [(ws.title, ws.max_row, ws.max_column, [[c.value for c in row] for row in ws.iter_rows()])
                for ws in book.worksheets]

    fresh = cells(openpyxl.load_workbook(io.BytesIO(world["template"])))
    book = openpyxl.load_workbook(io.BytesIO(world["template"]))
    edits = [(0, 3, 5, "12,5"), (1, 500, 40, 7), (0, 3, 5, None), (2, 2, 2, float("inf"))]
    data = _edited(book, edits)
    assert cells(book) == fresh
    edited = openpyxl.load_workbook(io.BytesIO(data))
    assert edited.worksheets[0].cell(3, 5).value == "12,5" and edited.worksheets[1].cell(500, 40).value == 7

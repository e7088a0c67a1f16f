"""Every parser of user input fed a small derandomized sample of the fuzz bench's inputs (bench/fuzz_bench.py runs
10,000 each): no exception but the parser's refusal, and a refused input writes nothing."""

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

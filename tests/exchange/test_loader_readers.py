"""The loader's quick readers (a code as the nomenclature writes it, an amount as most documents write it, a
target read once per text) give exactly what parse_kode, parse_rupiah and parse_target give, problems included."""

from hypothesis import given, settings
from hypothesis import strategies as st

from renja.core.codes import KodeError, parse_kode
from renja.core.numbers import NumberError, parse_rupiah
from renja.core.targets import parse_target
from renja.exchange import loader

LEVELS = [None, "urusan", "bidang_urusan", "program", "kegiatan", "sub_kegiatan"]
# Codes as the nomenclature writes them, and near misses: other widths, spaces, tabs, X, other digits.
segment = st.text(alphabet="0123456789", min_size=1, max_size=5) | st.sampled_from(["X", "٣", " 1", "0", "00"])
codes = st.lists(segment, min_size=1, max_size=7).map(".".join) | st.from_regex(
    r"[0-9](\.[0-9]{2}(\.[0-9]{2}(\.[0-9]\.[0-9]{2}(\.[0-9]{2,4})?)?)?)?", fullmatch=True)
amounts = st.from_regex(r"(Rp ?)?[0-9٣]{0,4}([.,][0-9]{1,4}){0,6}(,00|,-)?", fullmatch=True) | st.integers(
    min_value=0, max_value=10**19).map(lambda n: f"{n:,}".replace(",", "."))


class Reader(loader._Loader):
    def __init__(self):
        self.problems = []


def slow_kode(raw, level):
    problems = []
    try:
        kode = parse_kode(raw, level=level)
    except KodeError as exc:
        return ("", raw), [str(exc)]
    problems = [f"dibaca sebagai {kode} dengan anggapan ({a})" for a in kode.assumptions]
    return (str(kode), raw), problems


@settings(max_examples=3000, deadline=None)
@given(codes, st.sampled_from(LEVELS))
def test_a_code_is_read_as_parse_kode_reads_it(raw, level):
    reader = Reader()
    read = reader.kode(raw, "T", "baris", level=level)
    expected, problems = slow_kode(raw, level)
    assert read == expected
    assert [p.why for p in reader.problems] == problems
    if read[0]:
        kode = parse_kode(read[0])
        assert loader.kode_level(read[0]) == kode.level
        assert loader.kode_parent(read[0]) == (None if kode.parent is None else str(kode.parent))


@settings(max_examples=3000, deadline=None)
@given(amounts)
def test_an_amount_is_read_as_parse_rupiah_reads_it(text):
    reader = Reader()
    try:
        expected, why = parse_rupiah(text), []
    except NumberError as exc:
        expected, why = None, [str(exc)]
    assert reader.rupiah(text, "T", "baris", "pagu") == (expected, text)
    assert [p.why for p in reader.problems] == why


@settings(max_examples=500, deadline=None)
@given(st.from_regex(r"[0-9.,]{0,6} ?(%|Dokumen|orang|)", fullmatch=True) | st.text(max_size=8))
def test_a_target_read_once_per_text_is_the_same_target(text):
    for _ in range(2):  # the second time from the cache
        assert Reader().target_quietly(text) == parse_target(text)

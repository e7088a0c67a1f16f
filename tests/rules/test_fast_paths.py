"""The checker's shortcuts for the usual row give what the full reading gives: an indicator passed as single
before its text is split, plain amounts read at once, a Renstra indicator matched by its text before its key."""

import random

import pytest

from renja.core.numbers import NumberError, _parse_rupiah_text
from renja.rules.catalogue.indicators import _single, merged_indicators


def generated(alphabet, count, longest, seed=15):
    chooser = random.Random(seed)
    return ["".join(chooser.choice(alphabet) for _ in range(chooser.randint(0, longest))) for _ in range(count)]


def test_an_indicator_passed_as_single_is_one_indicator():
    texts = ["Jumlah Laporan", "Jumlah A Jumlah B", "jumlah a JUMLAH b", "Persentase x persentase y", "Jumlahnya",
             "Cakupan layanan", "", "  ", "Indeks A Indeks", "Nilai SAKIP"]
    texts += generated(["Jumlah ", "jumlah ", "Persentase ", "Indeks ", "a ", "b", " ", "Jumlahnya "], 5_000, 6)
    for text in texts:
        if _single(text):
            assert len(merged_indicators(text)) == 1, text
    assert any(not _single(t) and len(merged_indicators(t)) > 1 for t in texts)


@pytest.mark.parametrize("text", ["0", "7", "1500000", "1.500.000", "12.345", "0.286", "00.000", "1.500,00",
                                  "Rp 1.500.000", "1.5000", "1,5", "1 500", "-5", "1.500.000,-", "1.500.000\n"])
def test_plain_amounts_read_at_once_as_the_full_reading_reads_them(text):
    def full(text):  # the steps of _parse_rupiah_text without its shortcuts, as they were before them
        from renja.core import numbers

        text = numbers._RP_PREFIX.sub("", text)
        text = numbers._DASH_SUFFIX.sub("", text).strip()
        text = numbers._ZERO_SEN.sub("", text)
        if not text or numbers._SPACED_DIGITS.search(text) or text.startswith("-"):
            return "error"
        if numbers._DIGITS.match(text):
            return int(text)
        if numbers._LEADING_ZERO_GROUP.match(text):
            return "error"
        if numbers._THOUSANDS.match(text):
            return int(text.replace(".", ""))
        return "error"

    try:
        read = _parse_rupiah_text(text)
    except NumberError:
        read = "error"
    assert read == full(text)


@pytest.mark.django_db
def test_a_renstra_indicator_written_otherwise_is_still_the_same_indicator():
    """A matrix row with one indicator whose text differs from the plan's only in case and spacing is compared
    (by key), one whose text differs is not."""
    from .test_renstra import messages, with_matrix

    document = with_matrix()
    indicator = document["renstra"]["program"][0]["kegiatan"][0]["sub_kegiatan"][0]["indikator"][0]
    indicator["target"]["2025"] = "60 Orang"  # the plan says 40 Orang
    indicator["uraian"] = "  " + indicator["uraian"].upper().replace(" ", "  ") + " "
    assert len(messages("RENSTRA-TARGET", document)) == 1
    indicator["uraian"] += " lain"
    assert messages("RENSTRA-TARGET", document) == []

import pytest
from hypothesis import given
from hypothesis import strategies as st

from renja.core.words import kata_bilangan, terbilang


@pytest.mark.parametrize(
    "amount, words",
    [
        (12_239_200_000, "Dua Belas Miliar Dua Ratus Tiga Puluh Sembilan Juta Dua Ratus Ribu Rupiah"),
        (0, "Nol Rupiah"),
        (1_000, "Seribu Rupiah"),
        (1_000_000, "Satu Juta Rupiah"),
        (1_001_000, "Satu Juta Seribu Rupiah"),
        (2_001_000, "Dua Juta Seribu Rupiah"),
        (1_000_001_000, "Satu Miliar Seribu Rupiah"),
        (201_000, "Dua Ratus Satu Ribu Rupiah"),
        (11_000, "Sebelas Ribu Rupiah"),
        (100, "Seratus Rupiah"),
        (10_922_004_616, "Sepuluh Miliar Sembilan Ratus Dua Puluh Dua Juta Empat Ribu Enam Ratus Enam Belas Rupiah"),
        (1_000_000_000_000, "Satu Triliun Rupiah"),
    ],
)
def test_terbilang_as_indonesian_documents_write_it(amount, words):
    assert terbilang(amount) == words


def test_none_is_empty_and_bad_amounts_are_refused():
    assert terbilang(None) == ""
    with pytest.raises(ValueError):
        terbilang(-5)
    with pytest.raises(ValueError):
        terbilang(1.5)


@given(st.integers(min_value=0, max_value=10**15))
def test_never_writes_satu_ribu_for_a_single_thousand(amount):
    words = kata_bilangan(amount)
    assert words == " ".join(words.split())
    if (amount // 1000) % 1000 == 1:
        assert "seribu" in words.split() and "satu ribu" not in words

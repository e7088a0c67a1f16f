from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from renja.core.numbers import (
    NumberError,
    format_decimal,
    format_persen,
    format_rupiah,
    parse_decimal,
    parse_rupiah,
)


@pytest.mark.parametrize(
    "text, amount",
    [
        ("12.239.200.000", 12239200000),
        ("<b>92.050.000</b>", 92050000),
        ("Rp. 10.922.004.616,-", 10922004616),
        ("Rp 930.710.829,-", 930710829),
        ("1.500,00", 1500),
        ("0", 0),
        (" 385677840 ", 385677840),
        (5000, 5000),
        (None, None),
        ("", None),
        ("-", None),
    ],
)
def test_reads_amounts_as_written(text, amount):
    assert parse_rupiah(text) == amount


@pytest.mark.parametrize(
    "text, reason",
    [
        ("275.884.120.", "titik di akhir"),
        ("109.716110", "pemisah ribuan tidak teratur"),
        ("3,458.571.116", "koma dan titik tercampur"),
        ("212.931704", "pemisah ribuan tidak teratur"),
        ("3.411.703.751 212.931.704", "lebih dari satu angka"),
        ("571.677.", "titik di akhir"),
        ("-5.000", "negatif"),
        ("12,5", "koma desimal"),
        ("abc", "bukan angka"),
    ],
)
def test_malformed_amounts_say_why(text, reason):
    with pytest.raises(NumberError, match=reason):
        parse_rupiah(text)


@pytest.mark.parametrize(
    "text, number",
    [("6,62", Decimal("6.62")), ("0,0207", Decimal("0.0207")), ("46 %", Decimal("46")), ("46%", Decimal("46")),
     ("100", Decimal("100")), ("72.53", Decimal("72.53")), ("1.500,5", Decimal("1500.5")), ("-2,5", Decimal("-2.5"))],
)
def test_reads_decimals(text, number):
    assert parse_decimal(text) == number


def test_formats_as_indonesians_write():
    assert format_rupiah(12239200000) == "12.239.200.000"
    assert format_rupiah(0) == "0"
    assert format_decimal(Decimal("6.62")) == "6,62"
    assert format_persen(Decimal("6.62")) == "6,62 %"
    assert format_decimal(Decimal("1234.5"), 1) == "1.234,5"


@given(st.integers(min_value=0, max_value=10**15))
def test_rupiah_round_trip(amount):
    assert parse_rupiah(format_rupiah(amount)) == amount


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_decimal_round_trip(number):
    assert parse_decimal(format_decimal(number, 2)) == number

"""Readings that keep going (renja.core.numbers.read_rupiah / read_decimal / read_split): every cell gets a value
and a note; repairs only where the text has one sensible reading, each named."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from renja.core.numbers import (
    AMBIGUOUS,
    CLEAN,
    REPAIRED,
    UNREADABLE,
    NumberError,
    format_rupiah,
    parse_rupiah,
    read_decimal,
    read_rupiah,
    read_split,
)

amounts = st.integers(min_value=0, max_value=10**15)
millions = st.integers(min_value=10**6, max_value=10**15)


@given(amounts)
def test_a_well_written_amount_is_clean(amount):
    reading = read_rupiah(format_rupiah(amount))
    assert (reading.value, reading.note, reading.repair) == (amount, CLEAN, None)


@given(st.integers(min_value=1000, max_value=10**15), st.sampled_from([",00.-", ",00. -", ".-", " .-"]))
def test_a_dot_and_dash_at_the_end_is_dropped(amount, tail):
    reading = read_rupiah(format_rupiah(amount) + tail)
    assert (reading.value, reading.note, reading.repair) == (amount, REPAIRED, "titik-strip di akhir dibuang")


@given(millions, st.data())
def test_a_comma_among_the_thousands_dots_is_read_as_a_dot(amount, data):
    groups = format_rupiah(amount).split(".")
    at = data.draw(st.integers(min_value=1, max_value=len(groups) - 2))  # a dot follows the comma
    text = ".".join(groups[:at]) + "," + ".".join(groups[at:])
    reading = read_rupiah(text)
    assert (reading.value, reading.note) == (amount, REPAIRED)
    assert reading.repair == "koma di antara pemisah ribuan dibaca sebagai titik"


@given(millions, st.data())
def test_a_missing_thousands_dot_between_full_groups_is_added(amount, data):
    groups = format_rupiah(amount).split(".")
    at = data.draw(st.integers(min_value=2, max_value=len(groups) - 1))  # not the dot after the first group
    text = ".".join(groups[:at - 1]) + "." + groups[at - 1] + groups[at] + ("." + ".".join(groups[at + 1:])
                                                                            if at + 1 < len(groups) else "")
    reading = read_rupiah(text)
    assert (reading.value, reading.note, reading.repair) == (amount, REPAIRED, "titik pemisah ribuan yang hilang ditambahkan")


@given(st.text(alphabet="0123456789.,- Rp", max_size=24))
def test_reading_never_stops_and_never_repairs_silently(text):
    reading = read_rupiah(text)
    try:
        strict = parse_rupiah(text)
    except NumberError as exc:
        assert reading.note in (REPAIRED, UNREADABLE) and reading.repair
        if reading.note == UNREADABLE:
            assert reading.value is None and reading.repair == str(exc)
    else:
        assert (reading.value, reading.note) == (strict, CLEAN)


@given(st.integers(min_value=10**6, max_value=10**12))
def test_an_amount_cut_short_among_several_stays_unreadable(amount):
    cut = format_rupiah(amount)[:-3]  # "571.677." of "571.677.622"
    reading = read_split(f"1.000.000 {cut} 2.000.000", 3, lambda t: read_rupiah(t, whole_cell=False))
    assert reading.note == UNREADABLE and reading.value is None and "terpotong" in reading.repair
    assert reading.known == 3000000  # what the readable values add up to, a lower bound


@given(st.lists(amounts, min_size=2, max_size=6))
def test_one_amount_per_sub_item_is_split_when_the_count_matches(values):
    text = " ".join(format_rupiah(v) for v in values)
    reading = read_split(text, len(values), read_rupiah)
    assert (reading.value, reading.note) == (sum(values), REPAIRED)
    assert [p.value for p in reading.parts] == values
    assert read_split(text, len(values) + 1, read_rupiah) is None  # a count the row does not give: not split


@pytest.mark.parametrize("text, value, note", [
    ("9.167.000.000,00.-", 9167000000, REPAIRED),
    ("2.422.223.486,00. -", 2422223486, REPAIRED),
    ("3,458.571.116", 3458571116, REPAIRED),
    ("1.188,224.430", 1188224430, REPAIRED),
    ("212.931704", 212931704, REPAIRED),
    ("275.884.120.", 275884120, REPAIRED),
    ("1.500,500", None, UNREADABLE),  # a comma last: a decimal comma or a thousands separator?
    ("0.286", None, UNREADABLE),  # a decimal where an amount belongs
    ("1.500.00", None, UNREADABLE),
    ("3.411.703.751 212.931.704", None, UNREADABLE),
    ("12.239.200.000", 12239200000, CLEAN),
])
def test_the_malformed_amounts_met_in_documents(text, value, note):
    reading = read_rupiah(text)
    assert (reading.value, reading.note) == (value, note)


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=999))
def test_one_dot_three_digits_is_ambiguous_and_read_by_the_columns_meaning(whole, tail):
    text = f"{whole}.{tail:03d}"
    as_percent, as_number = read_decimal(text, "persen"), read_decimal(text, "angka")
    assert as_percent.note == as_number.note == AMBIGUOUS
    assert as_percent.value == Decimal(text) and as_number.value == Decimal(f"{whole}{tail:03d}")
    assert "bisa juga" in as_percent.repair and "bisa juga" in as_number.repair


@given(st.text(alphabet="0123456789.,-% ", max_size=16))
def test_decimal_reading_never_raises(text):
    reading = read_decimal(text)
    assert reading.note in (CLEAN, REPAIRED, AMBIGUOUS, UNREADABLE)
    assert (reading.value is None) == (reading.note == UNREADABLE) or reading.note == CLEAN


def test_a_decimal_point_is_named_never_silent():
    for text in ("0.286", "12.5", "0.0207"):
        reading = read_decimal(text)
        assert (reading.note, reading.repair) == (REPAIRED, "titik dibaca sebagai koma desimal"), text
    assert read_decimal("6,62").note == CLEAN

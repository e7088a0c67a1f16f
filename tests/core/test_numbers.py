from decimal import Decimal

import pytest
from hypothesis import example, given
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


@given(st.one_of(st.decimals(allow_nan=False, allow_infinity=False),
                 st.decimals(places=3, min_value=-10**6, max_value=10**6),  # ties to round: 0,125 to 2 places
                 st.integers(min_value=-10**20, max_value=10**20)),
       st.integers(min_value=0, max_value=6))
@example(Decimal("99999999999999999999999"), 6)  # more digits than the decimal context holds: both fail
@example(Decimal("0.125"), 2)
def test_decimals_are_formatted_as_babel_formats_them(number, places):
    # format_decimal's fast path must give Babel's very digits, rounding included (and fail where Babel does: a
    # number of more digits than the decimal context holds)
    from decimal import InvalidOperation

    from babel.numbers import format_decimal as babel_format_decimal

    def outcome(format_):
        try:
            return format_()
        except InvalidOperation:
            return InvalidOperation

    pattern = "#,##0" + ("." + "0" * places if places else "")
    assert outcome(lambda: format_decimal(number, places)) == outcome(
        lambda: babel_format_decimal(number, format=pattern, locale="id_ID"))


@given(st.integers(min_value=0, max_value=10**15))
def test_rupiah_round_trip(amount):
    assert parse_rupiah(format_rupiah(amount)) == amount


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_decimal_round_trip(number):
    assert parse_decimal(format_decimal(number, 2)) == number


# --- ambiguous figures: "0.286" is never silently 286 -------------------------------------------------------


def test_a_leading_zero_group_is_not_an_amount():
    with pytest.raises(NumberError, match="ambigu"):
        parse_rupiah("0.286")
    with pytest.raises(NumberError, match="ambigu"):
        parse_rupiah("Rp 0.500.000")


def test_a_leading_zero_group_is_a_decimal_fraction():
    assert parse_decimal("0.286") == Decimal("0.286")
    assert parse_decimal("0.0207") == Decimal("0.0207")
    assert parse_decimal("0.286 %") == Decimal("0.286")


@given(st.integers(min_value=0, max_value=999))
def test_zero_point_three_digits_never_reads_as_thousands(fraction):
    text = f"0.{fraction:03d}"
    with pytest.raises(NumberError):
        parse_rupiah(text)
    assert parse_decimal(text) == Decimal(text)


@given(st.integers(min_value=1000, max_value=999999))
def test_one_dot_group_is_thousands_and_flagged_ambiguous(amount):
    from renja.core.numbers import is_ambiguous_decimal

    text = format_rupiah(amount)
    assert parse_rupiah(text) == amount
    assert is_ambiguous_decimal(text)  # 1.286: thousands, or a decimal point? A reader must say which it chose
    assert not is_ambiguous_decimal(format_rupiah(amount * 1000))  # 1.286.000 can only be thousands


def test_the_exchange_loader_reports_zero_point_286_instead_of_storing_286(db):
    import yaml

    from renja.exchange.loader import load_document
    from renja.plans.models import SubKegiatan
    from tests.conftest import CLEAN_PLAN

    document = yaml.safe_load(CLEAN_PLAN.read_text(encoding="utf-8"))
    sub = document["renja"]["program"][0]["kegiatan"][0]["sub_kegiatan"][0]
    sub["pagu_n"] = "0.286"
    report = load_document(document)
    assert any(p.text == "0.286" and "ambigu" in p.why for p in report.problems)
    stored = SubKegiatan.objects.get(kegiatan__program__renja=report.renja, kode_asli=sub["kode"])
    assert stored.pagu_n is None and stored.pagu_n_teks == "0.286"


def test_an_amount_beyond_any_budget_is_refused_not_a_database_error():
    with pytest.raises(NumberError, match="terlalu besar"):
        parse_rupiah(10**25)
    with pytest.raises(NumberError, match="terlalu besar"):
        parse_rupiah("9" * 25)
    assert parse_rupiah(10**15) == 10**15

"""A finding's expected and found values read the same on the findings page, in `renja check` and in the
documents' appendix (one function: engine.shown)."""

from decimal import Decimal

import pytest

from renja.rules import engine


@pytest.mark.parametrize("value, text", [
    (None, ""),
    (True, "ya"),
    (False, "tidak"),
    (12239200000, "12.239.200.000"),
    (2025, "2025"),  # a year or a count, not an amount
    (-15000, "-15.000"),
    (Decimal("1500000000.00"), "1.500.000.000"),
    (Decimal("6.62"), "6,62"),
    (Decimal("6.5"), "6,5"),
    (Decimal("33.333333"), "33,33"),
    (Decimal("0.125"), "0,125"),
    (Decimal("0.123456"), "0,1235"),
    (6.62, "6,62"),
    (Decimal("NaN"), "NaN"),
    (["1.02.01", "1.02.02"], "1.02.01, 1.02.02"),
    ({"b", "a"}, "a, b"),
    ("teks", "teks"),
])
def test_values_are_shown_as_users_write_them(value, text):
    assert engine.shown(value) == text


def test_renja_check_prints_the_values_as_the_page_shows_them(monkeypatch):
    import io
    from types import SimpleNamespace

    from rich.console import Console

    from renja import cli

    out = io.StringIO()
    monkeypatch.setattr(cli, "console", Console(file=out, width=200, color_system=None))
    finding = engine.Finding("SUM-X", "error", "T-C.33", "1.02", None, "pesan", expected=Decimal("6.62"),
                             found=[1500000000, Decimal("0.5")])
    cli.print_findings(SimpleNamespace(pd_nama="Dinas Uji", tahun=2026, tahap="rancangan"), [finding])
    assert "seharusnya: 6,62  tertulis: 1.500.000.000, 0,5" in out.getvalue()

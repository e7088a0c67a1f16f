from decimal import Decimal

import pytest

from renja.core.targets import parse_target


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("46 %", Decimal("46"), "%"),
        ("100%", Decimal("100"), "%"),
        ("12 Dokumen", Decimal("12"), "Dokumen"),
        ("0,0207", Decimal("0.0207"), None),
        ("1794 surat", Decimal("1794"), "surat"),
        ("72.53 B", Decimal("72.53"), "B"),
        ("37 Organisasi Perempuan", Decimal("37"), "Organisasi Perempuan"),
        ("13,51%", Decimal("13.51"), "%"),
    ],
)
def test_reads_number_and_unit(text, value, unit):
    target = parse_target(text)
    assert (target.nilai, target.satuan, target.teks, target.masalah) == (value, unit, text, None)


@pytest.mark.parametrize(
    "text, problem",
    [
        ("11 Kecamatan 62 Kelurahan", "majemuk"),
        ("IPG=94.10% IDG =68,11 %", "majemuk"),
        ("34 Item 5 Orang 41 Orang 6 Kali", "majemuk"),
        ("BB", "tidak berisi angka"),
    ],
)
def test_keeps_text_of_targets_it_cannot_read(text, problem):
    target = parse_target(text)
    assert target.nilai is None
    assert target.teks == text
    assert problem in target.masalah


def test_blank_target_is_not_a_problem():
    assert parse_target(None).masalah is None
    assert parse_target("-").masalah is None

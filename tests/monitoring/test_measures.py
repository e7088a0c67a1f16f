from decimal import Decimal

import pytest

from renja.monitoring.measures import (
    DEFAULT_SCALE,
    Band,
    capaian,
    category,
    parse_band,
    plain_mean,
    read_scale,
    realisation_percent,
    round_percent,
    weighted_mean,
)

D = Decimal
INF = D("Infinity")


def test_realisation_percent_is_realisasi_over_alokasi():
    assert round_percent(realisation_percent(246646704, 7176909883)) == D("3.44")
    assert realisation_percent(0, 485107261) == 0
    assert realisation_percent(5, 0) is None
    assert realisation_percent(None, 10) is None


def test_weighted_mean_weights_by_pagu_not_a_sum():
    parts = [(D("7.69"), 58448400), (D("9.54"), 265000000)]
    assert round_percent(weighted_mean(parts)) == D("9.21")
    assert weighted_mean([]) is None
    assert weighted_mean([(D(5), 0)]) is None
    assert weighted_mean([(None, 10), (D(1), 10)]) is None


def test_plain_mean():
    assert plain_mean([D(1), D(2), D(6)]) == 3
    assert plain_mean([]) is None


def test_round_percent_rounds_half_up():
    assert round_percent(D("3.435")) == D("3.44")
    assert round_percent(D("99.995"), 0) == D("100")


@pytest.mark.parametrize("realisasi, target, polaritas, expected", [
    (80, 100, "positif", D(80)),
    (120, 100, "positif", D(120)),
    (D("0.0190"), D("0.0207"), "negatif", D("108.2125603864734299516908213")),
    (50, 20, "negatif", D(0)),  # (2T − R)/T would be −150 %: not below 0
    (0, 0, "negatif", D(100)),
    (3, 0, "negatif", D(0)),
    (3, 0, "positif", None),
    (None, 10, "positif", None),
])
def test_capaian(realisasi, target, polaritas, expected):
    assert capaian(realisasi, target, polaritas) == expected


@pytest.mark.parametrize("text, band", [
    ("85 s/d 100", Band(D(85), True, D(100), True)),
    ("70 – < 85", Band(D(70), True, D(85), False)),
    ("55 % - 70 %", Band(D(55), True, D(70), True)),
    ("86 – 100", Band(D(86), True, D(100), True)),
    ("> 55", Band(D(55), False, INF, False)),
    ("< 55 %", Band(-INF, False, D(55), False)),
    ("≥ 91", Band(D(91), True, INF, False)),
    ("≤ 50", Band(-INF, False, D(50), True)),
    ("91 ≤ 100", Band(D(91), True, D(100), True)),
    ("50 < x ≤ 65", Band(D(50), False, D(65), True)),
    ("70,5 - 80", Band(D("70.5"), True, D(80), True)),
])
def test_parse_band(text, band):
    assert parse_band(text).same_as(band)
    assert parse_band(text).text == text


@pytest.mark.parametrize("text", ["", None, "Sangat Berhasil", "lima puluh"])
def test_parse_band_refuses_what_is_not_an_interval(text):
    assert parse_band(text) is None


def test_band_overlap_and_mirror():
    assert parse_band("> 55").overlaps(parse_band("85 s/d 100"))
    assert not parse_band("55 – < 70").overlaps(parse_band("70 – < 85"))
    assert parse_band("55 - 70").overlaps(parse_band("70 - 85"))
    assert parse_band("> 55").mirrored().same_as(parse_band("< 55"))
    assert parse_band("≥ 91").mirrored().same_as(parse_band("≤ 91"))
    assert parse_band("55 - 70").mirrored() is None


SEED_TABLE_7 = [("85 s/d 100", "Sangat Berhasil"), ("70 – < 85", "Berhasil"), ("55 – < 70", "Cukup Berhasil"),
                ("< 55", "Kurang Berhasil")]


def test_category_on_a_document_scale():
    assert category(D("95.20"), SEED_TABLE_7) == "Sangat Berhasil"
    assert category(D("85"), SEED_TABLE_7) == "Sangat Berhasil"
    assert category(D("84.99"), SEED_TABLE_7) == "Berhasil"
    assert category(D("13.97"), SEED_TABLE_7) == "Kurang Berhasil"
    assert category(D("120"), SEED_TABLE_7) == "Sangat Berhasil"  # above the target stays in the top band


def test_category_on_the_default_scale_and_whole_number_bands():
    assert category(D(95)) == "Sangat Tinggi"
    assert category(D("90.4")) == "Tinggi"  # 90,4 lies between "76–90" and "91–100": read as 90
    assert category(D("90.6")) == "Sangat Tinggi"
    assert category(D(50)) == "Sangat Rendah"
    assert category(None) is None
    assert [label for _, label in DEFAULT_SCALE] == ["Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah"]


def test_category_of_an_inconsistent_scale_takes_the_narrowest_band():
    scale = [("85 s/d 100", "Sangat Berhasil"), ("> 55", "Kurang Berhasil")]
    assert category(D(95), scale) == "Sangat Berhasil"
    assert category(D(60), scale) == "Kurang Berhasil"
    assert category(D(10), scale) is None


def test_read_scale_leaves_out_unreadable_bands():
    assert len(read_scale([("85 s/d 100", "A"), ("baik", "B")])) == 1

"""Chart geometry (renja.web.charts): round axis maxima and ticks, the S-curve's coordinates and labels, bars per
quarter, one bar per table row, and a colour per category from the top band down. Expectations computed by
hand from the drawing area (line chart 640 × 300: plot x 78..622, y 16..266; bars 640 × 260: y 16..226)."""

from decimal import Decimal as D

import pytest

from renja.monitoring.measures import DEFAULT_SCALE, read_scale
from renja.monitoring.progress import QuarterFigures
from renja.web import charts


@pytest.mark.parametrize("value, expected", [
    (None, 1.0), (0, 1.0), (-3, 1.0), (7, 10.0), (10, 10.0), (23, 25.0), (100, 100.0), (101, 200.0),
    (0.3, 0.5), (2_600_000_000, 5_000_000_000.0), (D("1.5"), 2.0),
])
def test_nice_max_is_the_smallest_round_number_not_below(value, expected):
    assert charts.nice_max(value) == pytest.approx(expected)


def test_ticks_run_from_zero_on_a_round_step_to_the_first_not_below_the_maximum():
    assert charts.ticks(100) == [0, 25, 50, 75, 100]
    assert charts.ticks(110) == [0, 50, 100, 150]  # step nice_max(27,5) = 50
    assert charts.ticks(1_000_000_000) == [0, 250_000_000, 500_000_000, 750_000_000, 1_000_000_000]
    assert charts.ticks(0) == [0, 1]


def test_compact_rupiah_labels_the_indonesian_way():
    assert charts.compact_rupiah(950_000) == "950 rb"
    assert charts.compact_rupiah(12_500_000) == "12,5 jt"
    assert charts.compact_rupiah(250_000_000) == "250 jt"
    assert charts.compact_rupiah(1_000_000_000) == "1 M"
    assert charts.compact_rupiah(2_730_000_000) == "2,73 M"
    assert charts.compact_rupiah(1_200_000_000_000) == "1,2 T"
    assert charts.compact_rupiah(500) == "500"


def quarters(pagu, planned, realised, fisik):
    """4 cumulative QuarterFigures: planned % per quarter; realised % and fisik for the quarters reported."""
    result = []
    for q in (1, 2, 3, 4):
        reported = q <= len(realised)
        persen = D(realised[q - 1]) if reported else None
        result.append(QuarterFigures(
            triwulan=q, rencana=pagu * planned[q - 1] // 100,
            realisasi=pagu * realised[q - 1] // 100 if reported else pagu * realised[-1] // 100,
            persen_rencana=D(planned[q - 1]), persen_keuangan=persen if reported else D(realised[-1]),
            fisik=D(fisik[q - 1]) if reported else None, ada_data=reported))
    return result


def test_s_curve_in_percent_places_points_on_the_quarters_and_stops_at_the_last_reported():
    figures = quarters(1_000_000_000, [25, 50, 75, 100], [10, 30], [20, 40])
    chart = charts.s_curve(figures, "persen", title="Kurva S", desc="uji")
    # x: the plot (78..622) split in 4, each point in the middle of its quarter: 78 + 136 × (i + ½)
    assert [t.pos for t in chart.x_ticks] == [146.0, 282.0, 418.0, 554.0]
    assert [t.label for t in chart.x_ticks] == ["TW I", "TW II", "TW III", "TW IV"]
    # y: 0..100 % over 266..16, i.e. 2,5 px per point
    assert [(t.value, t.pos, t.label) for t in chart.y_ticks] == [
        (0, 266.0, "0 %"), (25, 203.5, "25 %"), (50, 141.0, "50 %"), (75, 78.5, "75 %"), (100, 16.0, "100 %")]
    planned, realised = chart.series
    assert (planned.key, planned.dashed, realised.key, realised.dashed) == ("rencana", True, "realisasi", False)
    assert [(p.x, p.y) for p in planned.points] == [(146.0, 203.5), (282.0, 141.0), (418.0, 78.5), (554.0, 16.0)]
    # realised: 10 % → 266 − 25 = 241; 30 % → 266 − 75 = 191; nothing after TW II (not reported, not zero)
    assert [(p.x, p.y) for p in realised.points] == [(146.0, 241.0), (282.0, 191.0)]
    assert realised.path == "M 146.0 241.0 L 282.0 191.0"
    assert [p.label for p in realised.points] == ["10,00 %", "30,00 %"]
    # labels: the higher point of a quarter is labelled above (y − 9), the lower one below (y + 17)
    assert planned.points[0].label_y == 194.5 and realised.points[0].label_y == 258.0
    assert (chart.title, chart.desc, chart.empty) == ("Kurva S", "uji", False)


def test_s_curve_in_rupiah_rounds_the_axis_and_labels_compactly():
    figures = quarters(1_000_000_000, [25, 50, 75, 100], [10], [20])
    chart = charts.s_curve(figures, "rupiah")
    assert [t.label for t in chart.y_ticks] == ["0", "250 jt", "500 jt", "750 jt", "1 M"]
    planned, realised = chart.series
    assert [p.value for p in planned.points] == [250_000_000, 500_000_000, 750_000_000, 1_000_000_000]
    assert [(p.y, p.label) for p in realised.points] == [(241.0, "Rp 100 jt")]


def test_fisik_and_keuangan_bars_per_quarter_with_the_planned_mark():
    figures = quarters(1_000_000_000, [25, 50, 75, 100], [10, 30], [20, 40])
    chart = charts.progress_bars(figures)
    # y: 0..100 over 226..16, 2,1 px per point
    bars = [(b.key, b.y, b.height, b.label) for b in chart.bars]
    assert bars == [("fisik", 184.0, 42.0, "20,00 %"), ("keuangan", 205.0, 21.0, "10,00 %"),
                    ("fisik", 142.0, 84.0, "40,00 %"), ("keuangan", 163.0, 63.0, "30,00 %")]
    assert [(m.y, m.label) for m in chart.marks] == [(173.5, "Rencana 25,00 %"), (121.0, "Rencana 50,00 %"),
                                                      (68.5, "Rencana 75,00 %"), (16.0, "Rencana 100,00 %")]
    assert [name for name, _ in chart.legend] == ["Fisik", "Keuangan", "Rencana"]
    # the two bars of a quarter sit side by side inside the quarter's group (141 px wide from x 58)
    fisik, keuangan = chart.bars[0], chart.bars[1]
    assert 58 < fisik.x < keuangan.x < 58 + 141 and keuangan.x + keuangan.width < 58 + 141


def test_hbar_cuts_a_value_over_the_axis_and_flags_it():
    over = charts.hbar(D("130.5"), 120, width=220)
    assert over.over is True and over.length == 220.0
    assert over.hundred == 183.3  # 100 / 120 × 220
    assert over.label == "130,50 %"
    inside = charts.hbar(D(60), 120, width=220)
    assert (inside.over, inside.length) == (False, 110.0)
    exact = charts.hbar(D(120), 120, width=220)
    assert (exact.over, exact.length) == (False, 220.0)  # at the axis' end is not over it
    assert charts.hbar(50, 100, width=200).hundred == 200.0
    assert charts.hbar(50, 80, width=200).hundred is None  # the axis ends before 100
    empty = charts.hbar(None, 100)
    assert (empty.length, empty.over, empty.label) == (0.0, False, "—")
    assert charts.hbar(D(-5), 100).length == 0.0


def test_hbar_svg_draws_the_bar_its_marks_and_escapes_its_texts():
    import re

    over = charts.hbar_svg(charts.hbar(D("130.5"), 120, colour='<"x">', width=220), 91.5, "Rencana & <b>")
    assert '<svg class="hbar" width="298" height="14" viewBox="0 0 298 14"' in over
    assert 'aria-label="130,50 % (melewati ujung sumbu)"' in over
    assert '<rect x="0" y="0" width="220.0" height="14" fill="&lt;&quot;x&quot;&gt;"/>' in over
    assert '<line class="hundred" x1="183.3" x2="183.3" y1="0" y2="14"><title>100 %</title></line>' in over
    assert '<line class="planned" x1="91.5" x2="91.5" y1="0" y2="14"><title>Rencana &amp; &lt;b&gt;</title></line>' in over
    assert '<polygon class="over" points="213.0,1 220.0,7.0 213.0,13.0"/>' in over
    assert '<text x="226.0" y="11.0">130,50 %</text>' in over
    plain = charts.hbar_svg(charts.hbar(D("12.5"), 100, width=200))
    assert 'aria-label="12,50 %"' in plain and 'width="25.0"' in plain
    assert not re.search(r"planned|polygon|class=\"hundred\"", plain)  # 100 is the axis' end: no mark there
    assert plain.count("<svg") == 1 and plain.endswith("</svg>\n")


def test_category_colours_run_from_the_top_band_down():
    colours = charts.category_colours(DEFAULT_SCALE)
    assert list(colours) == ["Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah"]
    assert list(colours.values()) == charts.PALETTE
    # the seed's own 4-band scale (Tabel 7), given in any order: green for the top, red for the lowest
    document = read_scale([("55 – < 70", "Cukup Berhasil"), ("< 55", "Kurang Berhasil"),
                           ("85 s/d 100", "Sangat Berhasil"), ("70 – < 85", "Berhasil")])
    colours = charts.category_colours(document)
    assert list(colours) == ["Sangat Berhasil", "Berhasil", "Cukup Berhasil", "Kurang Berhasil"]
    # 4 labels over 5 colours: palette positions round(i × 4 / 3) = 0, 1, 3, 4
    assert list(colours.values()) == [charts.PALETTE[0], charts.PALETTE[1], charts.PALETTE[3], charts.PALETTE[4]]
    assert charts.category_colours([]) == {}


def test_indicator_rows_escape_what_was_written_and_show_the_reason_or_the_bar():
    from types import SimpleNamespace

    from renja.web.views.monitoring import IndicatorLine, indicator_rows

    def line(**indicator):
        values = {"id": 7, "uraian": "Cakupan <b>& layanan</b>", "polaritas": "negatif", "akumulasi": "jumlah",
                  "triwulan": [D("1"), D("2.5"), None, None], "target_teks": "90", "target": D("90"), "satuan": "%",
                  "realisasi": D("3.5"), "catatan": "", "di_atas_skala": False, **indicator}
        return IndicatorLine(SimpleNamespace(kode="1.02.01", nama="Program \"Sehat\""), "Program",
                             SimpleNamespace(**values), charts.hbar(D("50"), 150, "#123456"), "#123456")

    shown = indicator_rows([line(di_atas_skala=True, catatan="lihat <catatan>")])
    assert 'id="indikator-7"' in shown and "Cakupan &lt;b&gt;&amp; layanan&lt;/b&gt;" in shown
    assert "Program &quot;Sehat&quot;" in shown and "makin rendah makin baik · jumlah triwulan" in shown
    assert '<td class="num">1</td><td class="num">2,50</td><td class="num"></td>' in shown
    assert "<td>90 %</td>" in shown and '<td class="num">3,50</td>' in shown
    assert 'class="hbar"' in shown and "di atas skala" in shown and "lihat &lt;catatan&gt;" in shown
    reason = indicator_rows([line(realisasi=None)], without=True)
    assert 'class="hbar"' not in reason and '<td class="small">Belum ada realisasi.</td>' in reason
    assert '<td class="num">—</td>' in reason and "di atas skala" not in reason

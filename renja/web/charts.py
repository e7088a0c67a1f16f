"""Charts as geometry: plain functions that turn figures into the coordinates, paths and labels an inline SVG
in a template draws. No JavaScript, no chart library; every chart also has its data as a table beside it.

- `line_chart(categories, series, unit)`: lines over a few categories (the S-curve: planned and realised
  cumulative spending per quarter), y axis on "nice" round ticks, each point labelled the Indonesian way.
- `s_curve(quarters, unit)`: the S-curve of a plan or row from its 4 `QuarterFigures`.
- `grouped_bars(categories, series, ...)`: vertical bars side by side per category (fisik and keuangan % per
  quarter), with an optional reference mark per category (the planned %).
- `hbar(value, axis_max)`: one horizontal bar in a row of a table (capaian of an indicator, realisation of a
  program), with a mark at 100 and a flag when the value runs past the axis.
- `category_colours(scale)`: a colour per category of a performance scale, from the top band (green) down
  to the lowest (red).

Coordinates are floats rounded to 0,1 px and written with a dot (SVG is not localised); labels are text.
"""

import html
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from renja.core.numbers import format_decimal, format_persen, format_rupiah

QUARTERS = ["TW I", "TW II", "TW III", "TW IV"]
NICE_STEPS = (1, 2, 2.5, 5, 10)
# From the top category down: green, light green, amber, orange, red (colour-blind readers get the label too).
PALETTE = ["#0b6e4f", "#5aa469", "#d4a017", "#e07b24", "#b42318"]
NO_CATEGORY = "#8a96a3"
PLANNED, REALISED, FISIK = "#7b8794", "#0b6e4f", "#175cd3"


def _float(value):
    return float(value) if value is not None else None


def _coord(value):
    """An SVG coordinate: rounded, a dot for decimals, whatever the locale."""
    return round(float(value), 1)


# --- numbers on axes and labels -------------------------------------------------------------------------


def nice_max(value):
    """The smallest round number (1, 2, 2,5 or 5 × 10^k) not below `value`; 1 for nothing to show."""
    value = _float(value) or 0.0
    if value <= 0:
        return 1.0
    magnitude = 10.0 ** math.floor(math.log10(value))
    for step in NICE_STEPS:
        if step * magnitude >= value * (1 - 1e-12):
            return step * magnitude
    return 10 * magnitude


def ticks(maximum, count=4):
    """Gridline values from 0 on a round step (about `count` steps), up to the first one not below `maximum`."""
    maximum = _float(maximum) or 0.0
    step = nice_max(maximum / count) if maximum > 0 else 1.0
    steps = max(1, math.ceil(maximum / step - 1e-9))
    return [round(step * i, 10) for i in range(steps + 1)]


def compact_rupiah(value):
    """Rupiah for a chart label, short the Indonesian way: 950 rb, 12,5 jt, 2,73 M, 1,2 T."""
    if value is None:
        return ""
    value = Decimal(value)
    for size, unit in ((10 ** 12, "T"), (10 ** 9, "M"), (10 ** 6, "jt"), (10 ** 3, "rb")):
        if abs(value) >= size:
            scaled = value / size
            places = 2 if abs(scaled) < 10 else 1 if abs(scaled) < 100 else 0
            text = format_decimal(scaled, places)
            if "," in text:
                text = text.rstrip("0").rstrip(",")
            return f"{text} {unit}"
    return format_rupiah(value)


def axis_label(value, unit):
    """A tick label: compact Rupiah, or a percentage without needless decimals (25 %, 12,5 %)."""
    if unit == "persen":
        value = Decimal(str(value))
        places = 0 if value == value.to_integral_value() else 1
        return format_persen(value, places)
    return compact_rupiah(int(round(value)))


def value_label(value, unit):
    if value is None:
        return ""
    return format_persen(value, 2) if unit == "persen" else f"Rp {compact_rupiah(value)}"


# --- line chart (the S-curve) -----------------------------------------------------------------------------


@dataclass
class Tick:
    value: float
    pos: float  # x or y of the tick in the SVG
    label: str


@dataclass
class Point:
    x: float
    y: float
    value: object
    label: str
    label_y: float = 0.0  # where the label sits: above or below the point, away from the other line


@dataclass
class Series:
    key: str
    name: str
    colour: str
    points: list = field(default_factory=list)
    dashed: bool = False

    @property
    def path(self):
        return " ".join(f"{'M' if i == 0 else 'L'} {p.x} {p.y}" for i, p in enumerate(self.points))


@dataclass
class LineChart:
    width: int
    height: int
    left: float
    top: float
    right: float
    bottom: float
    unit: str
    x_ticks: list
    y_ticks: list
    series: list
    title: str = ""
    desc: str = ""

    @property
    def plot_width(self):
        return _coord(self.right - self.left)

    @property
    def plot_height(self):
        return _coord(self.bottom - self.top)

    @property
    def empty(self):
        return not any(s.points for s in self.series)

    @property
    def y_label_x(self):
        return _coord(self.left - 6)

    @property
    def x_label_y(self):
        return _coord(self.bottom + 20)


def _y_of(value, top_value, top, bottom):
    return _coord(bottom - (float(value) / top_value) * (bottom - top))


def line_chart(categories, series, unit="rupiah", width=640, height=300, title="", desc="", minimum_top=None):
    """A line chart: `categories` along x (evenly spaced), `series` = [(key, name, colour, values, dashed)]
    with one value (or None: no point) per category. y runs from 0 to a round maximum over every value (and
    `minimum_top`, e.g. 100 for percentages)."""
    left, right, top, bottom = 78.0, width - 18.0, 16.0, height - 34.0
    values = [_float(v) for *_, vals, _ in series for v in vals if v is not None]
    highest = max(values + [_float(minimum_top) or 0.0] + [0.0])
    y_values = ticks(highest)
    top_value = y_values[-1]
    step = (right - left) / len(categories)
    xs = [_coord(left + step * (i + 0.5)) for i in range(len(categories))]
    chart = LineChart(
        width=width, height=height, left=left, top=top, right=right, bottom=bottom, unit=unit,
        x_ticks=[Tick(i, x, label) for i, (x, label) in enumerate(zip(xs, categories, strict=True))],
        y_ticks=[Tick(v, _y_of(v, top_value, top, bottom), axis_label(v, unit)) for v in y_values],
        series=[], title=title, desc=desc,
    )
    for key, name, colour, vals, dashed in series:
        points = [Point(xs[i], _y_of(v, top_value, top, bottom), v, value_label(v, unit))
                  for i, v in enumerate(vals) if v is not None]
        chart.series.append(Series(key, name, colour, points, dashed))
    _place_labels(chart)
    return chart


def _place_labels(chart):
    """Each point's label above it, except where another line's point at the same x lies higher (or level):
    then below, so that two close points do not print their labels over each other."""
    by_x = {}
    for s in chart.series:
        for p in s.points:
            by_x.setdefault(p.x, []).append(p)
    for points in by_x.values():
        for rank, p in enumerate(sorted(points, key=lambda q: q.y)):
            label_y = p.y - 9 if rank == 0 else p.y + 17
            p.label_y = _coord(min(max(label_y, chart.top + 10), chart.bottom - 3))


def s_curve(quarters, unit="rupiah", **options):
    """The S-curve of planned against realised cumulative spending, from 4 QuarterFigures (cumulative).

    The realised line runs up to the last quarter with any realisation entered: cumulative spending of a
    quarter not yet reported is unknown, not zero."""
    last = max((q.triwulan for q in quarters if q.ada_data), default=0)
    if unit == "persen":
        planned = [q.persen_rencana for q in quarters]
        realised = [q.persen_keuangan if q.triwulan <= last else None for q in quarters]
    else:
        planned = [q.rencana for q in quarters]
        realised = [q.realisasi if q.triwulan <= last else None for q in quarters]
    return line_chart(
        QUARTERS, [("rencana", "Rencana kumulatif", PLANNED, planned, True),
                   ("realisasi", "Realisasi kumulatif", REALISED, realised, False)],
        unit=unit, minimum_top=100 if unit == "persen" else None, **options)


# --- grouped vertical bars (fisik and keuangan per quarter) -------------------------------------------------


@dataclass
class Bar:
    key: str
    name: str
    colour: str
    x: float
    y: float
    width: float
    height: float
    value: object
    label: str

    @property
    def centre(self):
        return _coord(self.x + self.width / 2)

    @property
    def label_y(self):
        return _coord(self.y - 4)


@dataclass
class Mark:
    """A reference line across one category's bars (the planned cumulative % of the quarter)."""

    x1: float
    x2: float
    y: float
    label: str


@dataclass
class BarChart:
    width: int
    height: int
    left: float
    top: float
    right: float
    bottom: float
    x_ticks: list
    y_ticks: list
    bars: list
    marks: list
    legend: list  # [(name, colour)]
    title: str = ""
    desc: str = ""

    @property
    def plot_width(self):
        return _coord(self.right - self.left)

    @property
    def y_label_x(self):
        return _coord(self.left - 6)

    @property
    def x_label_y(self):
        return _coord(self.bottom + 20)


def grouped_bars(categories, series, marks=None, unit="persen", width=640, height=260, title="", desc="",
                 mark_name="Rencana"):
    """Bars side by side per category: `series` = [(key, name, colour, values)], one value (or None) per
    category; `marks` = one reference value (or None) per category, drawn as a line across the group."""
    left, right, top, bottom = 58.0, width - 18.0, 16.0, height - 34.0
    values = [_float(v) for *_, vals in series for v in vals if v is not None]
    values += [_float(m) for m in (marks or []) if m is not None]
    y_values = ticks(max(values + [100.0 if unit == "persen" else 0.0]))
    top_value = y_values[-1]
    group = (right - left) / len(categories)
    inner = group * 0.7
    bar_width = inner / max(len(series), 1)
    chart = BarChart(
        width=width, height=height, left=left, top=top, right=right, bottom=bottom,
        x_ticks=[Tick(i, _coord(left + group * (i + 0.5)), label) for i, label in enumerate(categories)],
        y_ticks=[Tick(v, _y_of(v, top_value, top, bottom), axis_label(v, unit)) for v in y_values],
        bars=[], marks=[], legend=[(name, colour) for _, name, colour, _ in series], title=title, desc=desc,
    )
    for i in range(len(categories)):
        start = left + group * i + (group - inner) / 2
        for j, (key, name, colour, vals) in enumerate(series):
            value = vals[i]
            if value is None:
                continue
            y = _y_of(value, top_value, top, bottom)
            chart.bars.append(Bar(key, name, colour, _coord(start + bar_width * j + 1), y, _coord(bar_width - 2),
                                  _coord(bottom - y), value, value_label(value, unit)))
        if marks and marks[i] is not None:
            chart.marks.append(Mark(_coord(start - 3), _coord(start + inner + 3),
                                    _y_of(marks[i], top_value, top, bottom),
                                    f"{mark_name} {value_label(marks[i], unit)}"))
    if marks and any(m is not None for m in marks):
        chart.legend.append((mark_name, PLANNED))
    return chart


def progress_bars(quarters, **options):
    """Fisik against keuangan (% of pagu) per quarter, with the planned cumulative % as a mark; quarters after
    the last one reported are left empty."""
    last = max((q.triwulan for q in quarters if q.ada_data), default=0)
    fisik = [q.fisik if q.triwulan <= last else None for q in quarters]
    keuangan = [q.persen_keuangan if q.triwulan <= last else None for q in quarters]
    return grouped_bars(QUARTERS, [("fisik", "Fisik", FISIK, fisik), ("keuangan", "Keuangan", REALISED, keuangan)],
                        marks=[q.persen_rencana for q in quarters], **options)


# --- one horizontal bar per table row --------------------------------------------------------------------------


@dataclass
class HBar:
    width: int
    height: int
    length: float  # the bar's length in px
    hundred: float | None  # x of the 100 mark (None when the axis ends before 100)
    over: bool  # the value runs past the axis: the bar is cut and flagged
    colour: str
    label: str
    value: object

    @property
    def svg_width(self):
        return self.width + 78  # room for the value label after the track

    @property
    def label_x(self):
        return _coord(self.width + 6)

    @property
    def text_y(self):
        return _coord(self.height - 3)

    @property
    def arrow(self):
        """A small triangle at the end of a cut bar, pointing on."""
        w, h = self.width, self.height
        return f"{_coord(w - 7)},1 {_coord(w)},{_coord(h / 2)} {_coord(w - 7)},{_coord(h - 1)}"


def hbar_svg(bar, mark_x=None, mark_title=""):
    """The SVG of one bar (`hbar`) in a table cell, with the planned mark at `mark_x` when given. Written here, not
    as a template: a plan's progress page has a bar for each of its hundreds of indicators, and including a
    template per bar cost more than the rest of the page. Values as the template wrote them (unlocalised,
    escaped)."""
    def v(value):
        kind = type(value)
        if kind is str:
            return html.escape(value)  # what Django's escape does, without its lazy-string wrapper
        if kind is int or (kind is float and "e" not in repr(value)):
            return str(value)  # as unlocalised: no grouping, a dot
        return conditional_escape(localize(value, use_l10n=False))

    width, height = v(bar.width), v(bar.height)
    over = " (melewati ujung sumbu)" if bar.over else ""
    parts = [
        f'<svg class="hbar" width="{v(bar.svg_width)}" height="{height}" viewBox="0 0 {v(bar.svg_width)} {height}" '
        f'role="img" aria-label="{v(bar.label)}{over}">\n',
        f'<rect class="track" x="0" y="0" width="{width}" height="{height}"/>\n',
        f'<rect x="0" y="0" width="{v(bar.length)}" height="{height}" fill="{v(bar.colour)}"/>\n',
    ]
    if bar.hundred is not None and bar.hundred < bar.width:
        parts.append(f'<line class="hundred" x1="{v(bar.hundred)}" x2="{v(bar.hundred)}" y1="0" y2="{height}">'
                     f'<title>100 %</title></line>')
    parts.append("\n")
    if mark_x is not None and mark_x != "":
        parts.append(f'<line class="planned" x1="{v(mark_x)}" x2="{v(mark_x)}" y1="0" y2="{height}">'
                     f'<title>{v(mark_title)}</title></line>')
    parts.append("\n")
    if bar.over:
        parts.append(f'<polygon class="over" points="{v(bar.arrow)}"/>')
    parts.append(f'\n<text x="{v(bar.label_x)}" y="{v(bar.text_y)}">{v(bar.label)}</text>\n</svg>\n')
    return mark_safe("".join(parts))  # noqa: S308 (every value above is escaped)


def hbar(value, axis_max=100, colour=REALISED, width=220, height=14, label=None):
    """A bar from 0 to `value` on an axis 0..`axis_max`, cut at the axis' end (then `over` is set)."""
    axis = float(axis_max) or 100.0
    number = max(_float(value) or 0.0, 0.0)
    over = number > axis
    length = _coord(min(number, axis) / axis * width)
    hundred = _coord(100.0 / axis * width) if axis >= 100 else None
    if label is None:
        label = format_persen(value, 2) if value is not None else "—"
    return HBar(width, height, length, hundred, over, colour, label, value)


def category_colours(scale):
    """{label: colour} for a scale [(Band, label)]: the top band green, the lowest red, evenly between."""
    ordered = sorted(scale, key=lambda item: (item[0].high, item[0].low), reverse=True)
    labels = []
    for _, label in ordered:
        if label not in labels:
            labels.append(label)
    if not labels:
        return {}
    if len(labels) == 1:
        return {labels[0]: PALETTE[0]}
    last = len(PALETTE) - 1
    return {label: PALETTE[round(i * last / (len(labels) - 1))] for i, label in enumerate(labels)}

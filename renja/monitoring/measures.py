"""Measures of performance and spending, as plain functions (no models, no database).

- `realisation_percent(realisasi, alokasi)`: realisasi / alokasi × 100.
- `weighted_mean(parts)`: the mean of percentages weighted by pagu (alokasi); this is how a Total row or a
  summary row of a realisation table is formed from its parts, never by adding the parts up.
- `capaian(realisasi, target, polaritas)`: achievement of one indicator, higher-is-better R/T × 100,
  lower-is-better (2T − R)/T × 100 and not below 0 (Permendagri 86/2017); `capaian_explained` also says why
  there is none.
- `infer_akumulasi(uraian, satuan, akumulasi)` and `year_realisation(values, akumulasi)`: how an indicator's
  quarterly realisations make the year's (counts add up, levels and rates take the last value).
- `parse_band(text)` and `category(value, scale)`: the category (Sangat Tinggi … / Sangat Berhasil …) a value
  falls in on a performance scale; labels and bounds are configurable, `DEFAULT_SCALE` is the regulation's.

Percentages are `Decimal` in percent (`Decimal("3.44")` is 3,44 %); money is `int` Rupiah.
"""

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from renja.core.numbers import (
    NumberError,
    clean_cell,
    format_decimal,
    is_blank,
    parse_decimal,
)

HUNDRED = Decimal(100)
INFINITY = Decimal("Infinity")


def _decimal(value):
    if value is None:
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def round_percent(value, places=2):
    """Round half up, as documents do: `Decimal("3.4367")` → `Decimal("3.44")`."""
    if value is None:
        return None
    return _decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def realisation_percent(realisasi, alokasi):
    """realisasi / alokasi × 100, or None when there is no allocation to relate to."""
    if realisasi is None or alokasi is None or alokasi == 0:
        return None
    return _decimal(realisasi) * HUNDRED / _decimal(alokasi)


def weighted_mean(parts):
    """Mean of (value, weight) pairs weighted by weight (pagu). None when the weights add up to 0 or a part
    lacks its value or weight (the caller decides what to do with incomplete parts)."""
    parts = list(parts)
    if not parts or any(value is None or weight is None for value, weight in parts):
        return None
    total = sum(_decimal(weight) for _, weight in parts)
    if total == 0:
        return None
    return sum(_decimal(value) * _decimal(weight) for value, weight in parts) / total


def plain_mean(values):
    values = [_decimal(v) for v in values]
    if not values or any(v is None for v in values):
        return None
    return sum(values) / len(values)


TARGET_NOL = "target 0: capaian tidak dapat dihitung"
TANPA_TARGET = "target tidak terbaca: capaian tidak dapat dihitung"
TANPA_REALISASI = "belum ada realisasi"


def capaian_explained(realisasi, target, polaritas="positif"):
    """Achievement of an indicator in percent, and why there is none: (value | None, reason).

    Higher-is-better (`positif`): R / T × 100. Lower-is-better (`negatif`): (2T − R) / T × 100, not below 0.
    Target 0 cannot divide. Lower-is-better: R = 0 met the target (100), anything above it failed (0).
    Higher-is-better: R = 0 is read as the target met (100: nothing was asked and nothing is missing); any
    other R has no achievement (None, with the reason).
    """
    if target is None:
        return None, TANPA_TARGET
    if realisasi is None:
        return None, TANPA_REALISASI
    r, t = _decimal(realisasi), _decimal(target)
    if t == 0:
        if r == 0:
            return HUNDRED, ""
        if polaritas == "negatif":
            return Decimal(0), ""
        return None, TARGET_NOL
    if polaritas == "negatif":
        return max(Decimal(0), (2 * t - r) * HUNDRED / t), ""
    return r * HUNDRED / t, ""


def capaian(realisasi, target, polaritas="positif"):
    """Achievement of an indicator in percent; None when there is none (see `capaian_explained`)."""
    return capaian_explained(realisasi, target, polaritas)[0]


# --- an indicator's year from its quarters -------------------------------------------------------------------

JUMLAH = "jumlah"
AKHIR = "akhir"

# Units of a level or a rate: the year's value is the last one measured, never a sum.
_LEVEL_UNITS = {"%", "persen", "prosen", "persentase", "indeks", "index", "rasio", "nilai", "skor", "predikat",
                "opini", "level", "tingkat", "poin"}
# Indicators named as a level or a rate ("Persentase …", "Indeks Kepuasan …", "Angka Kematian …").
_LEVEL_WORDS = ("persentase", "prosentase", "presentase", "indeks", "index", "rasio", "nilai", "tingkat",
                "angka", "prevalensi", "cakupan", "proporsi", "rata-rata", "rerata", "laju", "derajat", "skor",
                "predikat", "opini", "kualitas", "capaian")


def infer_akumulasi(uraian, satuan, akumulasi=""):
    """"jumlah" (the year is the sum of its quarters) or "akhir" (the year is the last quarter's value).

    An explicit choice wins. Otherwise a level or rate (unit %, persen, indeks, rasio, nilai, skor, predikat,
    opini; or named Persentase …, Indeks …, Rasio …, Nilai …, Tingkat …, Angka …, Prevalensi …, Cakupan …)
    takes the last value, and anything else (Jumlah …, Dokumen, Orang, Kegiatan) adds up.
    """
    if akumulasi in (JUMLAH, AKHIR):
        return akumulasi
    unit = " ".join((satuan or "").lower().split())
    if "%" in unit or (unit and re.split(r"[\s()/.,-]+", unit)[0] in _LEVEL_UNITS):
        return AKHIR
    words = " ".join((uraian or "").lower().split())
    if any(words == w or words.startswith(w + " ") for w in _LEVEL_WORDS):
        return AKHIR
    return JUMLAH


def year_realisation(values, akumulasi):
    """The year's realisation (so far) from the quarters' values (None: not entered, skipped).

    "jumlah": the sum of the quarters entered; "akhir": the last quarter entered. None when none is entered.
    """
    entered = [_decimal(v) for v in values if v is not None]
    if not entered:
        return None
    if akumulasi == AKHIR:
        return entered[-1]
    return sum(entered, Decimal(0))


# --- performance scales ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Band:
    """An interval of a scale: low ≤/< value ≤/< high (infinite ends for "< 55", "≥ 91")."""

    low: Decimal
    low_closed: bool
    high: Decimal
    high_closed: bool
    text: str = ""

    def contains(self, value):
        value = _decimal(value)
        above = value >= self.low if self.low_closed else value > self.low
        below = value <= self.high if self.high_closed else value < self.high
        return above and below

    @property
    def width(self):
        return self.high - self.low

    def overlaps(self, other):
        """True when some value lies in both bands."""
        if self.low != other.low:
            low, low_closed = max((self.low, self.low_closed), (other.low, other.low_closed), key=lambda e: e[0])
        else:
            low, low_closed = self.low, self.low_closed and other.low_closed
        if self.high != other.high:
            high, high_closed = min((self.high, self.high_closed), (other.high, other.high_closed), key=lambda e: e[0])
        else:
            high, high_closed = self.high, self.high_closed and other.high_closed
        return low < high or (low == high and low_closed and high_closed)

    def same_as(self, other):
        return (self.low, self.low_closed, self.high, self.high_closed) == (
            other.low, other.low_closed, other.high, other.high_closed)

    def mirrored(self):
        """"> 55" ↔ "< 55", "≥ 91" ↔ "≤ 91" (for a one-sided band); None for a two-sided band."""
        if self.high == INFINITY:
            sign = "≤" if self.low_closed else "<"
            return Band(-INFINITY, False, self.low, self.low_closed, f"{sign} {number_text(self.low)}")
        if self.low == -INFINITY:
            sign = "≥" if self.high_closed else ">"
            return Band(self.high, self.high_closed, INFINITY, False, f"{sign} {number_text(self.high)}")
        return None


def number_text(value):
    """A bound as documents write it: `55`, `70,5`."""
    value = _decimal(value)
    return format_decimal(value, 0 if value == value.to_integral_value() else 2)


_NUM = r"\d+(?:[.,]\d+)?"
_DASH = r"(?:-|–|—|s\.?/d\.?|sampai(?:\s+dengan)?|hingga)"
_BAND_PATTERNS = [
    # "70 – < 85", "55 - <70": low inclusive, high exclusive
    (re.compile(rf"^(?P<a>{_NUM})\s*{_DASH}\s*<\s*(?P<b>{_NUM})$"), "a_open_b"),
    # "85 s/d 100", "55 - 70", "86 – 100", "91 ≤ 100" (Permendagri writes the band this way)
    (re.compile(rf"^(?P<a>{_NUM})\s*(?:{_DASH}|≤|<=)\s*(?P<b>{_NUM})$"), "a_b"),
    # "91 ≤ x ≤ 100", "50 < x ≤ 65"
    (re.compile(rf"^(?P<a>{_NUM})\s*(?P<lo><=|≤|<)\s*[xX]\s*(?P<hi><=|≤|<)\s*(?P<b>{_NUM})$"), "a_x_b"),
    (re.compile(rf"^(?:≥|>=|=>)\s*(?P<a>{_NUM})$"), "ge"),
    (re.compile(rf"^>\s*(?P<a>{_NUM})$"), "gt"),
    (re.compile(rf"^(?:≤|<=|=<)\s*(?P<b>{_NUM})$"), "le"),
    (re.compile(rf"^<\s*(?P<b>{_NUM})$"), "lt"),
]


def _band_number(text):
    try:
        return parse_decimal(text)
    except NumberError:
        return None


def parse_band(text):
    """Read the interval of a scale band as documents write it; None when it is not an interval."""
    if text is None:
        return None
    original = clean_cell(text)
    body = original.replace("%", " ").replace("\u2264", "≤").replace("\u2265", "≥")
    body = re.sub(r"\s+", " ", body).strip()
    for pattern, kind in _BAND_PATTERNS:
        match = pattern.match(body)
        if not match:
            continue
        a = _band_number(match.group("a")) if "a" in pattern.groupindex else None
        b = _band_number(match.group("b")) if "b" in pattern.groupindex else None
        if ("a" in pattern.groupindex and a is None) or ("b" in pattern.groupindex and b is None):
            return None
        if kind == "a_open_b":
            return Band(a, True, b, False, original)
        if kind == "a_b":
            return Band(min(a, b), True, max(a, b), True, original)
        if kind == "a_x_b":
            return Band(a, match.group("lo") != "<", b, match.group("hi") != "<", original)
        if kind == "ge":
            return Band(a, True, INFINITY, False, original)
        if kind == "gt":
            return Band(a, False, INFINITY, False, original)
        if kind == "le":
            return Band(-INFINITY, False, b, True, original)
        if kind == "lt":
            return Band(-INFINITY, False, b, False, original)
    return None


def read_scale(rows):
    """[(band text, label)] → [(Band, label)], leaving out rows whose band cannot be read."""
    scale = []
    for band_text, label in rows:
        band = band_text if isinstance(band_text, Band) else parse_band(band_text)
        if band is not None:
            scale.append((band, label))
    return scale


# Permendagri 86/2017 (evaluation of the Renja): the default when a Pemda sets none.
DEFAULT_SCALE = read_scale([
    ("91 ≤ x ≤ 100", "Sangat Tinggi"),
    ("76 ≤ x ≤ 90", "Tinggi"),
    ("66 ≤ x ≤ 75", "Sedang"),
    ("51 ≤ x ≤ 65", "Rendah"),
    ("≤ 50", "Sangat Rendah"),
])


def category(value, scale=None):
    """The label of the band a value falls in; None when no band holds it.

    Several bands holding it (an inconsistent scale): the narrowest wins. A value no band holds is read as
    the nearest whole number (scales written "55 - 70", "71 - 85" leave 70,5 between two bands). Above the
    top of the scale (capaian over 100 %) stays in the top band.
    """
    if value is None:
        return None
    scale = read_scale(scale) if scale is not None else DEFAULT_SCALE
    if not scale:
        return None
    value = _decimal(value)
    for candidate in (value, value.quantize(Decimal(1), rounding=ROUND_HALF_UP)):
        holding = [(band, label) for band, label in scale if band.contains(candidate)]
        if holding:
            return min(holding, key=lambda item: item[0].width)[1]
    top_band, top_label = max(scale, key=lambda item: (item[0].high, item[0].low))
    if top_band.high != INFINITY and value > top_band.high:
        return top_label
    return None


def categorise(value, scale=None):
    """(label | None, above_top): the category of `value` (as `category` reads it: a value between two
    whole-number bands, like 90,5 between "76–90" and "91–100", is read as the nearest whole number, half up,
    so 90,5 is 91) and whether it lies above the top of the scale (capaian over 100 % on "91 ≤ x ≤ 100"): such
    a value keeps the top label and is marked. A scale whose top band is open ("≥ 91") marks values over 100,
    the target itself."""
    label = category(value, scale)
    if value is None or label is None:
        return label, False
    bands = read_scale(scale) if scale is not None else DEFAULT_SCALE
    top = max(band.high for band, _ in bands)
    limit = top if top != INFINITY else HUNDRED
    return label, _decimal(value) > limit


def indicator_table(evaluation):
    """The evaluation's indicator table: rows with a target and a realisation (%) and no money; the one with
    most such rows. Returns (table, [(row, capaian)], skipped rows) or None."""
    best = None
    for table in evaluation.tables:
        if any(r.alokasi is not None or not is_blank(r.alokasi_teks) for r in table.rows):
            continue
        usable = [(r, capaian(r.persen, r.target)) for r in table.rows
                  if r.indikator and r.persen is not None and r.target is not None]
        usable = [(r, c) for r, c in usable if c is not None]
        if not usable:
            continue
        skipped = sum(1 for r in table.rows if r.indikator and (r.persen is None or r.target is None))
        if best is None or len(usable) > len(best[1]):
            best = (table, usable, skipped)
    return best

"""Cell values of a plan table read by the column's meaning: amounts, targets, codes and texts.

Each reader returns what goes into the exchange document (as written, or the number the cell holds) and, when
the cell is not what its column needs or could be read two ways, the reason (Bahasa Indonesia) to report.
A figure is never guessed silently: an ambiguous one is either read by its column's meaning and reported, or
kept as written and refused (the loader then keeps the text and reports it too).
"""

import datetime
import re
from decimal import Decimal

from renja.core.codes import SEGMENTS_OF_LEVEL, KodeError, parse_kode, split_segments
from renja.core.numbers import (
    BLANK_MARKS,
    NumberError,
    clean_cell,
    format_decimal,
    is_ambiguous_decimal,
    parse_decimal,
    parse_rupiah,
)

PLACEHOLDERS = {"...", "…", "xxx", "x", "n/a", "na", "#n/a", "null", "none", "?", "--", "---"}
_CODE_TOKEN = r"[0-9Xx]{1,4}"
_AMBIGUOUS_TARGET = re.compile(r"^(\d{1,3}\.\d{3})(?![\d.,])\s*([^\d]*)$")
_CODE_PREFIX = re.compile(rf"^\s*({_CODE_TOKEN}(?:[.\s\t]+{_CODE_TOKEN})*)\s*[.:\-–]?\s+(?=\S)(.*)$", re.S)


def text_of(value):
    """A cell as text as written; None when blank. Numbers keep the digits the cell holds."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, float) and value == int(value) and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d-%m-%Y")
    text = clean_cell(value)
    return text or None


def is_blank(value):
    text = text_of(value)
    return text is None or text in BLANK_MARKS


def is_placeholder(value):
    text = text_of(value)
    return text is not None and text.lower() in PLACEHOLDERS


def amount(value, percent=False, scale=1):
    """(document value, why or None) of a money cell; `scale` 1.000 or 1.000.000 for a column printed in
    thousands or millions of Rupiah (the value is then the whole Rupiah it stands for)."""
    if value is None or is_blank(value):
        return None, None
    if scale != 1 and not percent and not isinstance(value, bool | datetime.datetime | datetime.date):
        return _scaled(value, scale)
    if isinstance(value, bool) or isinstance(value, datetime.datetime | datetime.date):
        return text_of(value), "bukan jumlah rupiah"
    if isinstance(value, int):
        return (value, None) if value >= 0 else (value, "pagu tidak boleh negatif")
    if isinstance(value, float):
        if percent:
            return text_of(value), "sel berformat persen di kolom rupiah"
        if value != int(value):
            # 0.286 is a fraction of a Rupiah: most likely a decimal written where an amount belongs
            return repr(value).replace(".", ","), "rupiah harus bilangan bulat (sel berisi pecahan desimal)"
        return int(value), None if value >= 0 else "pagu tidak boleh negatif"
    text = text_of(value)
    try:
        parse_rupiah(text)
    except NumberError as exc:
        return text, str(exc)
    return text, None


def _scaled(value, scale):
    """A figure in thousands or millions read into whole Rupiah: `1.500,5` (ribuan) → 1500500."""
    text = text_of(value)
    try:
        number = Decimal(str(value)) if isinstance(value, int | float) else parse_decimal(
            re.sub(r"^rp\.?\s*", "", text, flags=re.IGNORECASE))
    except NumberError as exc:
        return text, str(exc)
    if number < 0:
        return text, "pagu tidak boleh negatif"
    rupiah = number * scale
    if rupiah != rupiah.to_integral_value():
        return text, f"'{text}' dikalikan {scale:,} bukan rupiah bulat".replace(",", ".")
    return int(rupiah), None


def target(value, percent=False):
    """(document text, why or None) of a target cell: text as written; a number as Indonesians write it."""
    if value is None:
        return None, None
    if isinstance(value, bool):
        return text_of(value), None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = Decimal(str(value))
        if percent:
            # A cell formatted as a percentage holds the fraction: 0.8 shown as 80 %.
            return f"{_plain(number * 100)} %", None
        return _plain(number), None
    text = text_of(value)
    if text is None:
        return None, None
    match = _AMBIGUOUS_TARGET.match(text)
    if match and is_ambiguous_decimal(match.group(1)):
        number, unit = match.group(1), match.group(2).strip()
        if unit == "%":
            # A percentage above 100 % from a thousands reading is unlikely: the point is a decimal point.
            return f"{number.replace('.', ',')} %", f"'{text}' dibaca sebagai {number.replace('.', ',')} % (titik desimal)"
        return text, (f"'{text}' ambigu: dibaca {number.replace('.', '')} (titik ribuan); tulis "
                      f"{number.replace('.', ',')} bila yang dimaksud pecahan")
    return text, None


def _plain(number):
    """1500 → "1500", 0.8 → "0,8", 12.50 → "12,5": a target as planners write it (no thousands dots)."""
    number = number.normalize() if number == number.to_integral() else number
    if number == number.to_integral():
        return str(int(number))
    places = max(0, -number.normalize().as_tuple().exponent)
    return format_decimal(number, places).replace(".", "")


def code_of(value):
    """A code cell as text: an integer stays its digits ("2"), a float keeps what it shows ("2.08")."""
    if value is None:
        return None
    if isinstance(value, float) and value != int(value):
        return repr(value)
    return text_of(value)


def split_code_name(text):
    """"2.08.01 PROGRAM PENUNJANG …" → ("2.08.01", "PROGRAM PENUNJANG …"); (None, text) without a leading code."""
    if not text:
        return None, text
    match = _CODE_PREFIX.match(text)
    if not match or not re.search(r"\d", match.group(1)):
        return None, text
    code, name = match.group(1).strip(), match.group(2).strip()
    if not name or not re.match(r"[^\W\d_]", name):  # the rest must be words, not more numbers
        return None, text
    if len(split_segments(code)) < 2 and "." not in code:  # "1 Dokumen": a number, not a code
        return None, text
    return code, name


LEVEL_BY_SEGMENTS = {1: "urusan", 2: "bidang_urusan", 3: "program", 5: "kegiatan", 6: "sub_kegiatan"}


def read_code(text):
    """(level, normalised code, note) of a code as written, or (None, "", why). A code whose cells a printout
    merged ("2 081 02.01 01") is read at the level its segments can fill, and the reading noted."""
    try:
        kode = parse_kode(text)
        return kode.level, str(kode), None
    except KodeError as exc:
        first_error = str(exc)
    count = len(split_segments(text))
    for level, wanted in sorted(SEGMENTS_OF_LEVEL.items(), key=lambda item: item[1]):
        if wanted <= count:
            continue
        try:
            kode = parse_kode(text, level=level)
        except KodeError:
            continue
        if kode.assumptions:
            return kode.level, str(kode), "; ".join(kode.assumptions)
    return None, "", first_error

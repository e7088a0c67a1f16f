"""Numbers as Indonesian planners write them: `12.239.200.000` (dot = thousands), `6,62` (comma = decimal).

Money is whole Rupiah (`int`); percentages and ratios are `Decimal`. Parsers raise `NumberError` with the
reason in Bahasa Indonesia, so that a loader can report *why* a cell could not be read. The readers
(`read_rupiah`, `read_decimal`, `read_split`) never stop: they return a `Reading` (value and note) for the
checker, which confronts totals with parts that may be malformed.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from babel.numbers import format_decimal as babel_format_decimal

LOCALE = "id_ID"

# Above a quintillion Rupiah no amount is real, and the database's 64-bit integers end just after it.
MAX_RUPIAH = 10**18

# Cells that mean "nothing here" in Indonesian tables.
BLANK_MARKS = {"", "-", "–", "—"}

_TAGS = re.compile(r"</?[a-zA-Z][^>]*>")
_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")
# "0.286": a group of thousands never starts with a lone 0, so this is a decimal written with a point.
_LEADING_ZERO_GROUP = re.compile(r"^0+(\.\d{3})+$")
# "1.286": thousands as Indonesians write them, or a decimal as an English-language spreadsheet writes it.
_ONE_DOT_THREE = re.compile(r"^[1-9]\d{0,2}\.\d{3}$")
_DIGITS = re.compile(r"^\d+$")


class NumberError(ValueError):
    """A cell that is not a number; `args[0]` says why, in Bahasa Indonesia."""


def clean_cell(text):
    """Strip markup and whitespace that documents carry around a value."""
    text = str(text)
    if "<" in text:  # markup needs a "<": most cells have none
        text = _TAGS.sub("", text)
    return text.replace("\xa0", " ").strip()


def is_blank(value):
    return value is None or (isinstance(value, str) and clean_cell(value) in BLANK_MARKS)


def parse_rupiah(value):
    """Read an amount of Rupiah. `None` for a blank cell; `NumberError` when it is not an amount."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise NumberError("bukan angka")
    if isinstance(value, int):
        amount = value
    elif isinstance(value, float | Decimal):
        if not Decimal(str(value) if isinstance(value, float) else value).is_finite():
            raise NumberError("bukan angka terhingga")  # int() of inf or NaN would fail
        if value != int(value):
            raise NumberError("rupiah harus bilangan bulat")
        amount = int(value)
    else:
        amount = _parse_rupiah_text(clean_cell(value))
    if amount < 0:
        raise NumberError("pagu/anggaran tidak boleh negatif")
    if amount > MAX_RUPIAH:
        raise NumberError("angka terlalu besar untuk jumlah rupiah")
    return amount


# _parse_rupiah_text's patterns, compiled once (the checker reads thousands of amounts per plan).
_RP_PREFIX = re.compile(r"^rp\.?\s*", re.IGNORECASE)
_DASH_SUFFIX = re.compile(r",-$")
_ZERO_SEN = re.compile(r",0{1,2}$")
_SPACED_DIGITS = re.compile(r"\d\s+\d")
_DIGITS_AND_DOTS = re.compile(r"[\d.]+")


def _parse_rupiah_text(text):
    # The usual amounts ("1500000", "1.500.000") read at once: the steps below would leave them as they are.
    if _DIGITS.match(text):
        return int(text)
    if _THOUSANDS.match(text) and not _LEADING_ZERO_GROUP.match(text):
        return int(text.replace(".", ""))
    original = text
    text = _RP_PREFIX.sub("", text)
    text = _DASH_SUFFIX.sub("", text).strip()
    text = _ZERO_SEN.sub("", text)  # "1.500,00": zero sen is still a whole amount
    if not text:
        raise NumberError(f"'{original}' tidak berisi angka")
    if _SPACED_DIGITS.search(text):
        raise NumberError("lebih dari satu angka dalam satu sel")
    if text.startswith("-"):
        raise NumberError("pagu/anggaran tidak boleh negatif")
    if _DIGITS.match(text):
        return int(text)
    if _LEADING_ZERO_GROUP.match(text):
        # Read as thousands it would be 286, silently a thousand times the decimal it more likely is.
        raise NumberError(f"'{text}' ambigu: pecahan desimal {text.replace('.', ',')} atau {int(text.replace('.', ''))}?"
                          " rupiah harus bilangan bulat; tulis tanpa titik bila yang dimaksud ribuan")
    if _THOUSANDS.match(text):
        return int(text.replace(".", ""))
    if text.endswith("."):
        raise NumberError("ada titik di akhir angka")
    if "," in text and "." in text:
        raise NumberError("koma dan titik tercampur sebagai pemisah ribuan")
    if "," in text:
        raise NumberError("rupiah tidak boleh berisi koma desimal")
    if _DIGITS_AND_DOTS.fullmatch(text):
        raise NumberError("pemisah ribuan tidak teratur (harus kelompok tiga angka)")
    raise NumberError("bukan angka")


def parse_decimal(value):
    """Read a decimal number (percentages, ratios, indices): `6,62`, `0,0207`, `46`, `46 %`, `1.500,5`."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise NumberError("bukan angka")
    if isinstance(value, int | Decimal | float):
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
        if not number.is_finite():  # a cell of inf or NaN: no target or percentage is infinite
            raise NumberError("bukan angka terhingga")
        return number
    text = clean_cell(value)
    text = re.sub(r"\s*%$", "", text).strip()
    if not text:
        raise NumberError("tidak berisi angka")
    negative = text.startswith("-")
    if negative:
        text = text[1:].strip()
    if re.fullmatch(r"0+\.\d+", text):
        # "0.286": a decimal point, since no group of thousands starts with a lone 0 (not 286).
        number = text
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", text):
        number = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d+(,\d+)?", text):
        number = text.replace(",", ".")
    elif re.fullmatch(r"\d+\.\d+", text):
        # A decimal point (as a spreadsheet writes it): not thousands, since the group is not 3 digits.
        number = text
    elif re.search(r"\d\s+\d", text):
        raise NumberError("lebih dari satu angka dalam satu sel")
    elif text.endswith((".", ",")):
        raise NumberError("ada tanda baca di akhir angka")
    else:
        raise NumberError("bukan angka")
    try:
        result = Decimal(number)
    except InvalidOperation as exc:  # pragma: no cover - the patterns above admit only valid numbers
        raise NumberError("bukan angka") from exc
    return -result if negative else result


def is_ambiguous_decimal(value):
    """True for a text such as `1.286` that reads as 1286 (Indonesian thousands) or as 1,286 (a decimal point):
    the parsers read it as thousands; a reader that knows the column's meaning should say which it chose."""
    return isinstance(value, str) and bool(_ONE_DOT_THREE.match(re.sub(r"\s*%$", "", clean_cell(value))))


def format_rupiah(amount):
    """`12239200000` → `12.239.200.000`; `None` → empty string."""
    if amount is None:
        return ""
    if isinstance(amount, int):  # the common case, a page has hundreds: Babel's general path is 50× slower
        return f"{amount:,}".replace(",", ".")
    return format_decimal(amount, 0)  # the pattern #,##0


_STEPS = {places: Decimal(1).scaleb(-places) for places in range(7)}
_INDONESIAN = str.maketrans(",.", ".,")  # Python's 1,234.50 → 1.234,50


def format_decimal(number, places=2):
    """`Decimal('6.62')` → `6,62` (thousands with dots)."""
    if number is None:
        return ""
    value = Decimal(number) if type(number) in (Decimal, int) else None
    if value is not None and places in _STEPS and value.is_finite():
        # The common case (a progress page has thousands): the digits Babel gives (rounded half to even, as
        # Babel does; tests/core/test_numbers.py compares the two), 15× faster than its general path.
        try:
            return f"{value.quantize(_STEPS[places]):,.{places}f}".translate(_INDONESIAN)
        except InvalidOperation:  # more digits than the decimal context holds: Babel's own way
            pass
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return babel_format_decimal(number, format=pattern, locale=LOCALE)


def format_persen(number, places=2):
    """`Decimal('6.62')` → `6,62 %`."""
    if number is None:
        return ""
    return f"{format_decimal(number, places)} %"


# --- readings that keep going -----------------------------------------------------------------------------
#
# A strict parser stops at the first problem; a checker that confronts a total with its parts should not be
# blinded by one malformed cell. `read_rupiah` / `read_decimal` always return a `Reading`: the value and a note
# saying how it was read. Repairs are made only where the text allows one sensible reading, and are named.

CLEAN, REPAIRED, AMBIGUOUS, UNREADABLE = "clean", "repaired", "ambiguous", "unreadable"
NOTE_LABELS = {CLEAN: "terbaca", REPAIRED: "diperbaiki", AMBIGUOUS: "ambigu", UNREADABLE: "tidak terbaca"}


@dataclass(frozen=True)
class Reading:
    """How one cell was read. `repair`: for a repaired cell the repair made, for an ambiguous one the reading
    not chosen, for an unreadable one why; None for a clean cell. `parts`: the readings of a cell that holds
    one value per sub-item of its row."""

    text: str
    value: int | Decimal | None
    note: str = CLEAN
    repair: str | None = None
    parts: tuple = ()

    @property
    def usable(self):
        return self.value is not None and self.note != UNREADABLE

    @property
    def known(self):
        """What the readable parts of a split cell add up to (a lower bound of an amount), else its value."""
        if self.parts:
            return sum(p.value for p in self.parts if p.usable)
        return self.value if self.usable else None


_END_DOT_DASH = re.compile(r"\s*\.\s*-\s*$")
_GROUPS_WITH_COMMA = re.compile(r"^[1-9]\d{0,2}([.,]\d{3})+$")
_MISSING_DOT = re.compile(r"^[1-9]\d{0,2}((\.\d{3})|(\.\d{6}))+$")


def _text_of(value):
    return "" if value is None else str(value)


def read_rupiah(value, whole_cell=True):
    """Read an amount of Rupiah, never stopping at the first problem: a `Reading` with the amount (clean or
    repaired) or why it could not be read. `whole_cell=False` for one value among several in a cell: a dot at
    its end is then where the amount was cut (the cell wrapped), not a full stop."""
    text = _text_of(value)
    try:
        return Reading(text, parse_rupiah(value), CLEAN)
    except NumberError as exc:
        reason = str(exc)
    repaired = _repair_rupiah(clean_cell(text), whole_cell)
    if repaired is None:
        if not whole_cell and clean_cell(text).endswith("."):
            reason = "angka terpotong (titik di akhir, kelompok ribuan terakhir tidak ada)"
        return Reading(text, None, UNREADABLE, reason)
    amount, repairs = repaired
    return Reading(text, amount, REPAIRED, "; ".join(repairs))


def _repair_rupiah(text, whole_cell):
    """(amount, [repairs named]) when a malformed amount has one sensible reading, else None."""
    repairs = []
    body = re.sub(r"^rp\.?\s*", "", text, flags=re.IGNORECASE)
    if _END_DOT_DASH.search(body):
        body = _END_DOT_DASH.sub("", body)
        repairs.append("titik-strip di akhir dibuang")
    elif whole_cell and re.search(r"\d\.$", body):
        body = body[:-1]
        repairs.append("titik di akhir dibuang")
    body = re.sub(r",-$", "", body).strip()
    body = re.sub(r",0{1,2}$", "", body)
    if body.count(",") == 1 and "." in body.split(",", 1)[1] and _GROUPS_WITH_COMMA.match(body):
        # "3,458.571.116": every group has three digits and a dot follows the comma, so the comma cannot be a
        # decimal comma (it would come last): it was typed for a dot.
        body = body.replace(",", ".")
        repairs.append("koma di antara pemisah ribuan dibaca sebagai titik")
    elif "." in body and "," not in body and not _THOUSANDS.match(body) and _MISSING_DOT.match(body):
        # "212.931704": a group of six digits is two groups of three without their dot; every digit is there.
        body = ".".join(_regroup(body.split(".")))
        repairs.append("titik pemisah ribuan yang hilang ditambahkan")
    if not repairs:
        return None
    try:
        amount = parse_rupiah(body)
    except NumberError:
        return None
    return (amount, repairs) if amount is not None else None


def _regroup(groups):
    out = [groups[0]]
    for group in groups[1:]:
        out += [group[:3], group[3:]] if len(group) == 6 else [group]
    return out


def read_decimal(value, meaning="persen"):
    """Read a decimal (percentage, ratio, target) as a `Reading`. `1.286` is ambiguous: read by the column's
    meaning (`persen`: 1,286 with a decimal point; `angka`: 1.286 thousands), the other reading named. A point
    written for the decimal comma (`0.286`, `12.5`) is repaired and named, so that it is never read silently."""
    text = _text_of(value)
    try:
        number = parse_decimal(value)
    except NumberError as exc:
        return Reading(text, None, UNREADABLE, str(exc))
    if number is None or not isinstance(value, str):
        return Reading(text, number, CLEAN)
    body = re.sub(r"\s*%$", "", clean_cell(value)).lstrip("-").strip()
    if is_ambiguous_decimal(value):
        as_point = Decimal(body)
        as_thousands = Decimal(body.replace(".", ""))
        sign = -1 if clean_cell(value).startswith("-") else 1
        if meaning == "persen":
            return Reading(text, sign * as_point, AMBIGUOUS,
                           f"dibaca {format_decimal(as_point, 3)} (persentase); bisa juga {format_rupiah(int(as_thousands))}")
        return Reading(text, sign * as_thousands, AMBIGUOUS,
                       f"dibaca {format_rupiah(int(as_thousands))} (ribuan); bisa juga {format_decimal(as_point, 3)}")
    if re.fullmatch(r"\d+\.\d+", body) and (not _THOUSANDS.match(body) or _LEADING_ZERO_GROUP.match(body)):
        return Reading(text, number, REPAIRED, "titik dibaca sebagai koma desimal")
    return Reading(text, number, CLEAN)


def split_values(text):
    """The values of a cell that lists several numbers separated by spaces or line breaks ("0 0 0 0",
    "1.188.224.430,00 63.387.421 …"), or None when the cell holds at most one."""
    if not isinstance(text, str):
        return None
    body = _END_DOT_DASH.sub("", clean_cell(text))
    tokens = body.split()
    if len(tokens) < 2 or not all(re.fullmatch(r"\d[\d.,]*-?", t) for t in tokens):
        return None
    return tokens


def read_split(text, count, reader):
    """A cell holding one value per sub-item of its row, read when it lists exactly `count` values: a Reading
    whose parts are the values' readings and whose value is their sum (for amounts) when all are readable.
    None when the cell does not list `count` values."""
    tokens = split_values(text)
    if tokens is None or count is None or len(tokens) != count:
        return None
    parts = tuple(reader(t) for t in tokens)
    bad = [(i, p) for i, p in enumerate(parts, start=1) if not p.usable]
    if bad:
        why = "; ".join(f"nilai ke-{i} dari {count} ('{p.text}') tidak terbaca: {p.repair}" for i, p in bad)
        return Reading(text, None, UNREADABLE, why, parts)
    shown = " + ".join(p.text for p in parts) if count <= 6 else f"{count} nilai"
    total = sum(p.value for p in parts)
    return Reading(text, total, REPAIRED, f"satu nilai per butir ({count} butir): {shown}", parts)

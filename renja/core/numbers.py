"""Numbers as Indonesian planners write them: `12.239.200.000` (dot = thousands), `6,62` (comma = decimal).

Money is whole Rupiah (`int`); percentages and ratios are `Decimal`. Parsers raise `NumberError` with the
reason in Bahasa Indonesia, so that a loader can report *why* a cell could not be read.
"""

import re
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
    return _TAGS.sub("", str(text)).replace("\xa0", " ").strip()


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


def _parse_rupiah_text(text):
    original = text
    text = re.sub(r"^rp\.?\s*", "", text, flags=re.IGNORECASE)
    text = re.sub(r",-$", "", text).strip()
    text = re.sub(r",0{1,2}$", "", text)  # "1.500,00": zero sen is still a whole amount
    if not text:
        raise NumberError(f"'{original}' tidak berisi angka")
    if re.search(r"\d\s+\d", text):
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
    if re.fullmatch(r"[\d.]+", text):
        raise NumberError("pemisah ribuan tidak teratur (harus kelompok tiga angka)")
    raise NumberError("bukan angka")


def parse_decimal(value):
    """Read a decimal number (percentages, ratios, indices): `6,62`, `0,0207`, `46`, `46 %`, `1.500,5`."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise NumberError("bukan angka")
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
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
    return babel_format_decimal(amount, format="#,##0", locale=LOCALE)


def format_decimal(number, places=2):
    """`Decimal('6.62')` → `6,62` (thousands with dots)."""
    if number is None:
        return ""
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return babel_format_decimal(number, format=pattern, locale=LOCALE)


def format_persen(number, places=2):
    """`Decimal('6.62')` → `6,62 %`."""
    if number is None:
        return ""
    return f"{format_decimal(number, places)} %"

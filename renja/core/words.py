"""Amounts in words (*terbilang*), as Indonesian documents write them next to a figure:
`12.239.200.000` → "Dua Belas Miliar Dua Ratus Tiga Puluh Sembilan Juta Dua Ratus Ribu Rupiah".
"""

import re

from num2words import num2words

# num2words writes a thousands group of exactly one as "satu ribu" after a larger scale
# (1.001.000 → "satu juta satu ribu"); Indonesian writes "seribu" there, as it does alone.
_SATU_RIBU = re.compile(r"(^|\b(?:juta|miliar|triliun|kuadriliun) )satu ribu\b")


def kata_bilangan(number):
    """A whole number ≥ 0 in Indonesian words, lower case: 1000 → "seribu", 1001000 → "satu juta seribu"."""
    if isinstance(number, bool) or int(number) != number:
        raise ValueError("terbilang hanya untuk bilangan bulat")
    number = int(number)
    if number < 0:
        raise ValueError("terbilang tidak untuk bilangan negatif")
    words = " ".join(num2words(number, lang="id").split())
    return _SATU_RIBU.sub(r"\1seribu", words)


def terbilang(amount):
    """An amount of Rupiah in words, each word capitalised, ending in "Rupiah"; "" for None."""
    if amount is None:
        return ""
    return f"{kata_bilangan(amount).title()} Rupiah"

"""Targets of performance indicators: a number and a unit, as planners write them.

`46 %`, `12 Dokumen`, `0,0207`, `1794 surat`, `72.53 B`. Composite targets (`11 Kecamatan 62 Kelurahan`,
`IPG=94.10% IDG =68,11 %`) and targets without a number (`BB`) keep their text and have no value.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from .numbers import NumberError, clean_cell, is_blank, parse_decimal

_NUMBER = r"\d[\d.,]*"
_SIMPLE = re.compile(rf"^(?P<number>{_NUMBER})\s*(?P<unit>%|[^\d\s=][^\d=]*)?$")


@dataclass(frozen=True)
class Target:
    teks: str
    nilai: Decimal | None = None
    satuan: str | None = None
    # Why no value could be read, in Bahasa Indonesia; None when the value was read or the cell is blank.
    masalah: str | None = None


def parse_target(value):
    if is_blank(value):
        return Target(teks="" if value is None else clean_cell(value))
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        try:
            return Target(teks=str(value), nilai=parse_decimal(value))
        except NumberError as exc:  # a cell of inf or NaN: the text stays, the reason is reported
            return Target(teks=str(value), masalah=f"angka target tidak terbaca: {exc}")
    text = clean_cell(value)
    body = text.strip("'\" ")
    match = _SIMPLE.match(body)
    if not match:
        numbers = re.findall(_NUMBER, body)
        if not numbers:
            return Target(teks=text, masalah="target tidak berisi angka")
        return Target(teks=text, masalah="target majemuk (lebih dari satu angka)")
    unit = (match.group("unit") or "").strip() or None
    try:
        number = parse_decimal(match.group("number"))
    except NumberError as exc:
        return Target(teks=text, satuan=unit, masalah=f"angka target tidak terbaca: {exc}")
    return Target(teks=text, nilai=number, satuan=unit)

"""Units of indicator targets as planners write them: one name for the ways of writing the same unit ("Persen",
"Persentase", "(%)" are all %; "Dok" is Dokumen; "Jiwa" is Orang), and the kind of each unit.

The list is data (`satuan_sinonim.yaml` beside this module), read once; every rule and table that compares units
goes through `normal_unit`, so a synonym added there is accepted everywhere.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

DATA = Path(__file__).with_name("satuan_sinonim.yaml")
KINDS = ("persen", "keluaran", "hitungan", "tingkat")


@dataclass(frozen=True)
class Unit:
    nama: str  # the name written in findings ("%", "Dokumen")
    jenis: str  # one of KINDS
    key: str  # what normal_unit returns for it: the name in lower case


class UnitListError(ValueError):
    """The unit list is not valid (a synonym under two units, an unknown kind)."""


def _clean(text):
    """Lower case, a word broken at a line end joined ("Doku- men"), brackets and a final dot dropped, one space
    between words."""
    text = re.sub(r"(\w)-\s+(\w)", r"\1\2", text or "")
    text = re.sub(r"[()\[\]]", " ", text)
    return " ".join(text.split()).strip(" .").casefold()


@lru_cache(maxsize=1)
def units():
    """{written form (cleaned): Unit} from the data file."""
    data = yaml.safe_load(DATA.read_text(encoding="utf-8")) or {}
    table = {}
    for entry in data.get("satuan") or []:
        nama, jenis = str(entry["nama"]), entry.get("jenis")
        if jenis not in KINDS:
            raise UnitListError(f"{DATA.name}: satuan '{nama}' berjenis '{jenis}'; jenis yang dikenal: "
                                f"{', '.join(KINDS)}")
        unit = Unit(nama=nama, jenis=jenis, key=_clean(nama))
        for written in [nama, *(entry.get("sinonim") or [])]:
            form = _clean(str(written))
            if form in table and table[form] != unit:
                raise UnitListError(f"{DATA.name}: '{written}' tercatat sebagai satuan '{table[form].nama}' dan "
                                    f"'{nama}'")
            table[form] = unit
    return table


@lru_cache(maxsize=65536)
def normal_unit(text):
    """The unit's key ("%", "dokumen", "orang" …) for any way of writing it; a unit the list does not know comes back
    cleaned (lower case, one space); None for no unit."""
    form = _clean(text)
    if not form:
        return None
    unit = units().get(form)
    return unit.key if unit is not None else form


def unit_kind(text):
    """"persen", "keluaran", "hitungan", "tingkat" or None (a unit the list does not know, or none)."""
    form = _clean(text)
    unit = units().get(form) if form else None
    return unit.jenis if unit is not None else None


def is_percent(text):
    return unit_kind(text) == "persen"


def is_counted(text):
    """A unit of things counted (outputs or not): an indicator counted in them adds up."""
    return unit_kind(text) in ("keluaran", "hitungan")


_BRACKETED = re.compile(r"[(\[]\s*([^()\[\]]{1,30}?)\s*[)\]]")
_IN_UNIT = re.compile(r"\b(?P<how>dalam\s+satuan|satuan|dalam|dlm)\s+(?P<unit>[a-z%][a-z%/ ]{0,20}?)\s*[.)]?\s*$",
                      re.IGNORECASE)
_COUNTED_LEAD = re.compile(r"^\s*(?:jumlah|banyaknya)\s+([a-z]+)", re.IGNORECASE)
_LONE_PERCENT = re.compile(r"(?<![\w%])%(?![\w%])")


@lru_cache(maxsize=65536)
def unit_in_name(uraian):
    """The unit an indicator's name writes itself, as normal_unit gives it: in brackets ("Persentase … (%)",
    "… (Dokumen)"), after "dalam" at the end ("… dalam persen"), or the thing a "Jumlah …" counts when the list
    knows it as a unit ("Jumlah Laporan Keuangan" → laporan). None when the name writes none."""
    text = uraian or ""
    for match in reversed(list(_BRACKETED.finditer(text))):
        if unit_kind(match.group(1)) is not None:
            return normal_unit(match.group(1))
    match = _IN_UNIT.search(text)
    # "… dalam persen" writes a unit; "Jumlah orang dalam kelompok" does not (only "dalam satuan kelompok" would)
    if match and unit_kind(match.group("unit")) is not None and (
            "satuan" in match.group("how").lower() or is_percent(match.group("unit"))):
        return normal_unit(match.group("unit"))
    if _LONE_PERCENT.search(text):
        return "%"
    match = _COUNTED_LEAD.match(text)
    if match and unit_kind(match.group(1)) in ("keluaran", "hitungan"):
        return normal_unit(match.group(1))
    return None

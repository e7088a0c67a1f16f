"""Codes of the Permendagri 90/2019 nomenclature: `U.BB.PP.K.KK.SSSS`, e.g. `2.08.02.2.01.0007`.

Documents write them with dots, spaces or table cells between the segments, and PDFs insert spaces
inside segments (`1 3`, `02.0 1`). `parse_kode` reads all of these, normalises (2-digit sub kegiatan
numbers to 4 digits, `02.02` to `2.02`) and says in `notes` what it normalised; what it cannot read
raises `KodeError` with the reason in Bahasa Indonesia.
"""

import functools
import re
from dataclasses import dataclass, field
from functools import lru_cache

LEVELS = {1: "urusan", 2: "bidang_urusan", 3: "program", 5: "kegiatan", 6: "sub_kegiatan"}
LEVEL_NAMES = {
    "urusan": "urusan",
    "bidang_urusan": "bidang urusan",
    "program": "program",
    "kegiatan": "kegiatan",
    "sub_kegiatan": "sub kegiatan",
}


class KodeError(ValueError):
    """A code that cannot be read; `args[0]` says why, in Bahasa Indonesia."""


@dataclass(frozen=True)
class Kode:
    urusan: str
    bidang: str | None = None
    program: str | None = None
    tingkat_kewenangan: str | None = None  # first digit of a kegiatan: 1 provinsi, 2 kab/kota, …
    kegiatan: str | None = None
    sub_kegiatan: str | None = None
    notes: tuple = field(default=(), compare=False)  # routine normalisations ("07" → "0007")
    assumptions: tuple = field(default=(), compare=False)  # readings that guess; worth reporting

    @functools.cached_property  # a Kode is immutable; the code rules read each one's segments often (read only)
    def segments(self):
        parts = [self.urusan, self.bidang, self.program, self.tingkat_kewenangan, self.kegiatan,
                 self.sub_kegiatan]
        return [p for p in parts if p is not None]

    @classmethod
    def of_normal_form(cls, text):
        """The Kode of a code already in normal form ("2.08.02.2.01.0007"), equal to `Kode(*text.split("."))`
        without the frozen dataclass's field-by-field __init__ (rules read thousands of codes per plan)."""
        segments = text.split(".")
        kode = object.__new__(cls)
        kode.__dict__.update(zip(_FIELDS, segments), notes=(), assumptions=(), segments=segments)
        for name in _FIELDS[len(segments):]:
            kode.__dict__[name] = None
        return kode

    @property
    def level(self):
        return LEVELS[len(self.segments)]

    def __str__(self):
        return ".".join(self.segments)

    @property
    def parent(self):
        segments = self.segments
        if len(segments) <= 1:
            return None
        cut = {6: 5, 5: 3, 3: 2, 2: 1}[len(segments)]
        return Kode(*segments[:cut])

    @property
    def is_penunjang(self):
        """Program 01 of every bidang is the Program Penunjang ("non urusan")."""
        return self.program == "01"


_FIELDS = ("urusan", "bidang", "program", "tingkat_kewenangan", "kegiatan", "sub_kegiatan")


def split_segments(text):
    """Split a written code into its segments; cells (tabs) and dots separate, lone spaces do not."""
    text = re.sub(r"</?[a-zA-Z][^>]*>", "", str(text)).strip()
    if "\t" in text or "." in text:
        cells = [c for c in text.split("\t") if c.strip()]
        segments = []
        for cell in cells:
            segments.extend(part for part in cell.split("."))
        # Spaces inside a segment are PDF artefacts ("1 3" for 13).
        return [re.sub(r"\s+", "", s) for s in segments if s.strip()]
    return text.split()


# Width of each segment: urusan, bidang, program, tingkat kewenangan, kegiatan, sub kegiatan.
WIDTHS = (1, 2, 2, 1, 2, 4)
SEGMENTS_OF_LEVEL = {"urusan": 1, "bidang_urusan": 2, "program": 3, "kegiatan": 5, "sub_kegiatan": 6}


def _split_merged_cells(segments, wanted):
    """A PDF can lose the border between two cells ("081" for "08" | "1"). When the row's level says how
    many segments there must be, a segment wider than its place is split to fill the missing one."""
    segments = list(segments)
    while len(segments) < wanted:
        for position, segment in enumerate(segments):
            width = WIDTHS[position]
            if position < 5 and len(segment) > width and segment.isdecimal():
                segments[position:position + 1] = [segment[:width], segment[width:]]
                break
        else:
            return segments, False
    return segments, True


@lru_cache(maxsize=65536)  # rules read the same codes many times; a Kode is immutable
def parse_kode(text, level=None):
    """Read a code. With `level` (the row's place in the tree), merged cells can be split; that reading
    is an assumption and is listed in `Kode.assumptions`."""
    if text is None or not str(text).strip():
        raise KodeError("kode kosong")
    raw = str(text)
    segments = split_segments(raw)
    notes = []
    assumptions = []
    if level in SEGMENTS_OF_LEVEL and len(segments) < SEGMENTS_OF_LEVEL[level]:
        split, ok = _split_merged_cells(segments, SEGMENTS_OF_LEVEL[level])
        if ok:
            assumptions.append(
                f"sel kode menyatu: '{' '.join(segments)}' dibaca '{' '.join(split)}'"
            )
            segments = split
    for s in segments:
        if not re.fullmatch(r"[0-9X]+", s, flags=re.IGNORECASE):
            raise KodeError(f"segmen '{s}' bukan angka")
    segments = [s.upper() for s in segments]
    if len(segments) not in LEVELS and len(segments) != 4:
        raise KodeError(f"jumlah segmen {len(segments)} tidak sesuai format U.BB.PP.K.KK.SSSS")
    if len(segments) == 4:
        raise KodeError("kode kegiatan tidak lengkap (harus K.KK)")

    urusan = segments[0]
    if len(urusan) != 1:
        raise KodeError(f"kode urusan '{urusan}' harus 1 angka")
    values = [urusan]
    if len(segments) >= 2:
        bidang = segments[1]
        if len(bidang) != 2:
            raise KodeError(f"kode bidang urusan '{bidang}' harus 2 angka")
        values.append(bidang)
    if len(segments) >= 3:
        program = segments[2]
        if len(program) == 1 and program != "X":
            notes.append(f"kode program '{program}' dilengkapi menjadi '0{program}'")
            program = "0" + program
        if len(program) != 2:
            raise KodeError(f"kode program '{program}' harus 2 angka")
        values.append(program)
    if len(segments) >= 5:
        level, kegiatan = segments[3], segments[4]
        if len(level) == 2 and level.startswith("0"):
            notes.append(f"tingkat kewenangan '{level}' ditulis '{level[1]}'")
            level = level[1]
        if len(level) != 1:
            raise KodeError(f"tingkat kewenangan '{level}' harus 1 angka")
        if len(kegiatan) != 2:
            raise KodeError(f"kode kegiatan '{kegiatan}' harus 2 angka")
        values += [level, kegiatan]
    if len(segments) == 6:
        sub = segments[5]
        if len(sub) == 2:
            notes.append(f"kode sub kegiatan '{sub}' dilengkapi menjadi '00{sub}'")
            sub = "00" + sub
        if len(sub) != 4:
            raise KodeError(f"kode sub kegiatan '{sub}' harus 2 atau 4 angka")
        values.append(sub)
    return Kode(*values, notes=tuple(notes), assumptions=tuple(assumptions))

"""The whole Renja document as an outline: what comes in which order, before any file is drawn.

`document_outline(view, tables)` returns a flat list of parts (plain dataclasses):

    Cover · Contents · for BAB I … V: Heading (BAB) · Text · for each narrative section: Heading · Text ·
    the tables placed after that section (and its subsections) · the tables of the BAB · … ·
    AmountInWords (under T-C.33, or at the end of BAB IV) · Closing (after BAB V) · Appendix (findings).

Tables are placed by their builder's `section` (see `builders/`): "2.1" goes after the narrative section
whose number is 2.1 (written "2.1" or "2.1."), after its subsections; a BAB ("IV"), or a section number
the narrative does not have, goes at the end of that BAB; "lampiran" goes into the appendix "Lampiran:
Temuan Pemeriksa". Renderers (DOCX, PDF) only draw the parts in order.
"""

import re
from dataclasses import dataclass, field

from renja.core.numbers import format_rupiah
from renja.core.words import terbilang
from renja.documents.builders import all_builders
from renja.documents.tables import TEXT, Column, HeaderCell, Row, Table, cells

ROMAN = ("I", "II", "III", "IV", "V")
CHAPTER_TITLES = {  # Permendagri 86/2017, used when the narrative has no chapter heading of its own
    "I": "PENDAHULUAN",
    "II": "HASIL EVALUASI RENJA PERANGKAT DAERAH TAHUN LALU",
    "III": "TUJUAN DAN SASARAN PERANGKAT DAERAH",
    "IV": "RENCANA KERJA DAN PENDANAAN PERANGKAT DAERAH",
    "V": "PENUTUP",
}
APPENDIX_TITLE = "Lampiran: Temuan Pemeriksa"
APPENDIX_SECTION = "lampiran"
PLAN_TABLE = "T-C.33"
SIGNER_PARTS = ("jabatan", "nama", "pangkat", "nip")  # read from the view when it gives them apart

_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)*)")


@dataclass
class Cover:
    title: str  # "RENCANA KERJA (RENJA)"
    judul: str  # the plan's own cover title, as written
    pd_nama: str
    pemda_nama: str
    tahun: int
    tahap: str = ""
    errors: int = 0  # checker errors: the cover says so when there are any

    @property
    def warning(self):
        if not self.errors:
            return ""
        return f"Dokumen ini memuat {self.errors} kesalahan pemeriksa; lihat Lampiran"


@dataclass
class Contents:
    title: str = "DAFTAR ISI"


@dataclass
class Heading:
    text: str  # as printed and listed in the table of contents
    level: int  # 1 BAB (and the appendix), 2 section x.y, 3 subsection x.y.z
    bab: str = ""
    nomor: str = ""  # the section number as written ("1.1.", "2.2.1"); "" for a BAB


@dataclass
class Text:
    text: str  # narrative: paragraphs separated by blank lines, list lines kept
    bab: str = ""
    nomor: str = ""


@dataclass
class TablePart:
    table: Table
    builder: str  # the builder's id
    section: str  # the builder's section ("2.1", "IV", "lampiran")

    @property
    def wide(self):
        return bool(self.table.landscape)


@dataclass
class AmountInWords:
    label: str
    amount: int

    @property
    def words(self):
        return terbilang(self.amount)

    @property
    def text(self):
        return f"{self.label}: Rp {format_rupiah(self.amount)} ({self.words})"


@dataclass
class Closing:
    """Place and date, and the signer: `penandatangan` as the view gives it (position and name in one
    line); `jabatan`, `nama`, `pangkat`, `nip` when the view gives them apart."""

    tempat_tanggal: str = ""
    penandatangan: str = ""
    jabatan: str = ""
    nama: str = ""
    pangkat: str = ""
    nip: str = ""


@dataclass
class PlacedTables:
    """The tables one builder made, with the builder's id and section."""

    builder: str
    section: str
    tables: list = field(default_factory=list)


# --- tables with their place -------------------------------------------------------------------------------


def builder_tables(view, builders=None):
    """Every builder's tables, in builder order, with the builder's id and section."""
    return [PlacedTables(b.id, b.section, list(b.build(view))) for b in (builders or all_builders())]


def _leading_number(nomor):
    match = _NUMBER.match(nomor or "")
    return match.group(1) if match else ""


def _bab_of(section):
    """The BAB a builder section belongs to: "IV" → "IV", "2.1" → "II", "lampiran" → None."""
    section = (section or "").strip()
    if section.upper() in ROMAN:
        return section.upper()
    number = _leading_number(section)
    if number:
        head = int(number.split(".")[0])
        if 1 <= head <= len(ROMAN):
            return ROMAN[head - 1]
    return None


def _depth(nomor):
    number = _leading_number(nomor)
    return len(number.split(".")) if number else 2


# --- the outline -------------------------------------------------------------------------------------------


def document_outline(view, tables=None, findings=None):
    """The parts of the whole document, in order (see the module docstring).

    `tables`: a list of `PlacedTables` (default: every registered builder on `view`); `findings`: the
    checker's findings (default: the checker is run on `view`), counted for the cover's warning."""
    if tables is None:
        tables = builder_tables(view)
    if findings is None:
        from renja.rules.engine import run

        findings = run(view)
    errors = sum(1 for f in findings if f.severity == "error")

    chapters, order = {}, []  # bab → {"heads": [Section], "sections": [Section]}
    for section in view.sections:
        bab = (section.bab or "").strip().upper()
        if bab not in chapters:
            chapters[bab] = {"heads": [], "sections": []}
            order.append(bab)
        kind = "sections" if (section.nomor or "").strip() else "heads"
        chapters[bab][kind].append(section)
    babs = list(ROMAN) + [b for b in order if b not in ROMAN]

    # Where each builder's tables go: after a section (by number), at the end of a BAB, or the appendix.
    numbers = {}
    for bab in babs:
        for section in chapters.get(bab, {}).get("sections", []):
            numbers.setdefault(_leading_number(section.nomor), section)
    after_section, end_of_bab, appendix = {}, {}, []
    for placed in tables:
        parts = [TablePart(t, placed.builder, placed.section) for t in placed.tables]
        target = numbers.get(_leading_number(placed.section)) if _leading_number(placed.section) else None
        bab = _bab_of(placed.section)
        if target is not None and _leading_number(placed.section) == placed.section.strip().rstrip("."):
            after_section.setdefault(id(target), []).extend(parts)
        elif bab is not None:
            end_of_bab.setdefault(bab, []).extend(parts)
        else:
            appendix.extend(parts)

    has_plan_table = any(_is_plan_table(TablePart(t, placed.builder, placed.section))
                         for placed in tables for t in placed.tables)
    outline = []

    def emit(parts):
        for part in parts:
            outline.append(part)
            if isinstance(part, TablePart) and _is_plan_table(part):
                outline.append(_amount(view))

    outline += [
        Cover(title="RENCANA KERJA (RENJA)", judul=view.judul, pd_nama=view.pd_nama, pemda_nama=view.pemda_nama,
              tahun=view.tahun, tahap=view.tahap, errors=errors),
        Contents(),
    ]
    for bab in babs:
        chapter = chapters.get(bab)
        if chapter is None and bab not in ROMAN:
            continue
        heads = chapter["heads"] if chapter else []
        title = next((h.judul.strip() for h in heads if (h.judul or "").strip()), CHAPTER_TITLES.get(bab, ""))
        outline.append(Heading(f"BAB {bab} {title}".strip() if bab in ROMAN else (title or bab), 1, bab))
        for head in heads:
            if (head.teks or "").strip():
                outline.append(Text(head.teks, bab))
        sections = chapter["sections"] if chapter else []
        for index, section in enumerate(sections):
            number = _leading_number(section.nomor)
            outline.append(Heading(f"{section.nomor.strip()} {section.judul.strip()}".strip(),
                                   min(max(_depth(section.nomor), 2), 3), bab, section.nomor.strip()))
            if (section.teks or "").strip():
                outline.append(Text(section.teks, bab, section.nomor.strip()))
            # This section closes itself and every open ancestor whose subsections end here.
            following = _leading_number(sections[index + 1].nomor) if index + 1 < len(sections) else None
            for open_section in reversed(sections[: index + 1]):
                open_number = _leading_number(open_section.nomor)
                if open_section is not section and not (number and number.startswith(open_number + ".")):
                    continue
                if following and open_number and following.startswith(open_number + "."):
                    continue  # its subsections go on
                emit(after_section.pop(id(open_section), []))
        emit(end_of_bab.pop(bab, []))
        if bab == "IV" and not has_plan_table:
            outline.append(_amount(view))
        if bab == "V":
            signer = {key: getattr(view, f"penandatangan_{key}", "") or "" for key in SIGNER_PARTS}
            outline.append(Closing(view.tempat_tanggal, view.penandatangan, **signer))
    for parts in after_section.values():  # only when a section number is written twice
        appendix.extend(parts)

    outline.append(Heading(APPENDIX_TITLE, 1, "lampiran"))
    lampiran = [p for p in appendix if p.section.strip().lower() == APPENDIX_SECTION]
    others = [p for p in appendix if p.section.strip().lower() != APPENDIX_SECTION]
    if not lampiran:
        lampiran = [TablePart(findings_table(view, findings), "Temuan", APPENDIX_SECTION)]
    emit(others + lampiran)
    return outline


def _is_plan_table(part):
    return part.table.id == PLAN_TABLE or part.builder == PLAN_TABLE


def _amount(view):
    return AmountInWords(f"Total pagu indikatif tahun {view.tahun}", view.total_n)


def findings_table(view, findings):
    """The checker's findings as a table, used only when no builder gives the appendix its table."""
    from renja.rules.engine import SEVERITY_LABELS

    columns = [Column("no", TEXT, 5), Column("tingkat", TEXT, 11), Column("aturan", TEXT, 16),
               Column("tabel", TEXT, 11), Column("kode", TEXT, 16), Column("pesan", TEXT, 60)]
    header = [[HeaderCell("No"), HeaderCell("Tingkat"), HeaderCell("Aturan"), HeaderCell("Tabel"),
               HeaderCell("Kode / Baris"), HeaderCell("Temuan")]]
    rows = [Row(cells(no=str(i), tingkat=SEVERITY_LABELS.get(f.severity, f.severity), aturan=f.rule,
                      tabel=f.table, kode=f.code or f.row or "", pesan=f.message))
            for i, f in enumerate(findings, 1)]
    if not rows:
        rows = [Row(cells(pesan="Tidak ada temuan pemeriksa."))]
    return Table(id="Temuan", title=["Temuan Pemeriksa", f"{view.pd_nama} Tahun {view.tahun}"],
                 columns=columns, header=header, rows=rows, landscape=True)


# --- reading an outline (tests, renderers) -----------------------------------------------------------------


def headings(outline, level=None):
    return [p for p in outline if isinstance(p, Heading) and (level is None or p.level == level)]


def table_parts(outline):
    return [p for p in outline if isinstance(p, TablePart)]


# --- the second kind of document: the Laporan Evaluasi Hasil Renja ---------------------------------------------

EVALUATION_COVER_TITLE = "LAPORAN EVALUASI HASIL RENJA"


def evaluation_outline(view, tables=None):
    """The parts of the Laporan Evaluasi Hasil Renja (document kind "evaluasi"): Cover · Contents · for each
    builder of that kind, a numbered Heading (its title) and its tables (a heading stays on the page of the
    wide table after it; where the figures come from is said in each table's notes). `tables`: a list of `PlacedTables` (default: every "evaluasi" builder on `view`, which must carry
    the plan's progress, see `plans.view.add_progress`)."""
    from renja.documents.builders.monitoring import report_title

    builders = all_builders("evaluasi")
    if tables is None:
        tables = builder_tables(view, builders)
    titles = {b.id: b.title for b in builders}
    outline = [
        Cover(title=EVALUATION_COVER_TITLE, judul=report_title(view), pd_nama=view.pd_nama,
              pemda_nama=view.pemda_nama, tahun=view.tahun),
        Contents(),
    ]
    for number, placed in enumerate((p for p in tables if p.tables), start=1):
        outline.append(Heading(f"{number}. {titles.get(placed.builder, placed.builder)}", 1, str(number),
                               str(number)))
        outline += [TablePart(t, placed.builder, placed.section) for t in placed.tables]
    return outline

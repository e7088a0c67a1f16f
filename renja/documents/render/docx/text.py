"""The narrative of the DOCX: the cover, the table of contents, headings, prose and lists, the amount in words
and the closing with its signature. Each function appends to a python-docx `Document`."""

import re
from dataclasses import dataclass

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from .page import (
    TAHAP_LABELS,
    TOC_INSTRUCTION,
    TOC_PLACEHOLDER,
    field,
    field_begin,
    field_end,
    paragraph_border,
    update_fields_on_open,
)

_LIST_LINE = re.compile(r"^\s*(?:[-•*–]|\d+[.)]|[a-zA-Z][.)]|\(\d+\)|\([a-zA-Z]\)|[IVXLC]+\.)\s+\S")
_BLANK_LINES = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class PageOf:
    """The page of a heading as a field (PAGEREF) that the layout fills: `toc=[(Heading, PageOf(n))]` for the
    n-th heading marks it with the bookmark `_Toc0000000n` and lists it with a reference to that page."""

    id: int

    @property
    def bookmark(self):
        return f"_Toc{self.id:08d}"


def cover(document, cover):
    """The title page: plan, stage, year, agency, Pemda, and the checker's warning in a red box."""

    def line(text, size, bold=True, space_before=0, space_after=6, color=None):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Pt(space_before)
        paragraph.paragraph_format.space_after = Pt(space_after)
        run = paragraph.add_run(text)
        run.font.size = Pt(size)
        run.bold = bold
        if color is not None:
            run.font.color.rgb = color
        return paragraph

    line(cover.title, 26, space_before=90, space_after=6)
    if TAHAP_LABELS.get(cover.tahap):
        line(TAHAP_LABELS[cover.tahap], 16, space_after=6)
    line(f"TAHUN {cover.tahun}", 18, space_after=36)
    if cover.judul:
        line(cover.judul, 12, bold=False, space_after=60)
    if cover.pd_nama:
        line(cover.pd_nama.upper(), 15, space_before=40)
    if cover.pemda_nama:
        line(f"PEMERINTAH DAERAH {cover.pemda_nama.upper()}", 14)
    if cover.warning:
        warning = line(cover.warning, 12, space_before=60, color=RGBColor(0xC0, 0, 0))
        paragraph_border(warning, "box", "C00000", 12)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def contents(document, contents, toc, width):
    """The contents: a TOC field to update; with `toc` [(Heading, page label)] the field's result written; with
    `toc` [(Heading, PageOf)] each heading's page as a PAGEREF field to a bookmark on the heading."""
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(18)
    run = title.add_run(contents.title)
    run.bold = True
    run.font.size = Pt(14)
    if not toc:
        field(document.add_paragraph(), TOC_INSTRUCTION, TOC_PLACEHOLDER, dirty=True)
        update_fields_on_open(document)
        return
    paragraphs = [(document.add_paragraph(style=_toc_style(document, heading.level, width)), heading, page)
                  for heading, page in toc]
    if all(isinstance(page, PageOf) for _, _, page in paragraphs):
        # Page fields that the layout fills (LibreOffice does, while converting; it does not refresh a TOC
        # field): plain paragraphs, not inside a TOC field, whose result LibreOffice would print as it stands.
        for paragraph, heading, page in paragraphs:
            paragraph.add_run(heading.text)
            paragraph.add_run("\t")
            field(paragraph, f"PAGEREF {page.bookmark} \\h")
        return
    # The TOC field with its result already written: one paragraph per heading, "text ....... page".
    first, last = paragraphs[0][0], paragraphs[-1][0]
    field_begin(first, TOC_INSTRUCTION)
    for paragraph, heading, page in paragraphs:
        paragraph.add_run(heading.text)
        paragraph.add_run("\t" + (page or ""))
    field_end(last)


def _toc_style(document, level, width):
    name = f"toc {level}"
    styles = document.styles
    if name in [s.name for s in styles]:
        return styles[name]
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.element.set(qn("w:styleId"), f"TOC{level}")
    style.base_style = styles["Normal"]
    style.quick_style = True
    fmt = style.paragraph_format
    fmt.left_indent = Cm(0.6 * (level - 1))
    fmt.space_before = Pt(6 if level == 1 else 0)
    fmt.space_after = Pt(2)
    fmt.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    style.font.bold = level == 1
    return style


def heading(document, heading, mark=None):
    """A Heading 1–3; with `mark` (a `PageOf`), bookmarked for the contents' page reference."""
    paragraph = document.add_heading(heading.text, level=heading.level)
    if mark:
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(mark.id))
        start.set(qn("w:name"), mark.bookmark)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(mark.id))
        paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
        paragraph._p.append(end)


def text(document, text):
    """Prose: blank lines part paragraphs, list lines (-, 1., a), (1), I.) are paragraphs of their own."""
    for block in _BLANK_LINES.split(text.strip("\n")):
        lines = [line.rstrip() for line in block.split("\n") if line.strip()]
        paragraphs = []
        for line in lines:
            if not paragraphs or _LIST_LINE.match(line) or _LIST_LINE.match(paragraphs[-1][0]):
                paragraphs.append([line.strip()])
            else:
                paragraphs[-1].append(line.strip())
        for paragraph_lines in paragraphs:
            _prose(document, " ".join(paragraph_lines), listed=bool(_LIST_LINE.match(paragraph_lines[0])))


def _prose(document, text, listed=False):
    paragraph = document.add_paragraph(text)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if listed:
        paragraph.paragraph_format.left_indent = Cm(1.0)
        paragraph.paragraph_format.first_line_indent = Cm(-0.6)
        paragraph.paragraph_format.space_after = Pt(3)
    else:
        paragraph.paragraph_format.first_line_indent = Cm(1.0)
    return paragraph


def amount(document, amount):
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(6)
    paragraph.add_run(f"{amount.label}: ").bold = True
    run = paragraph.add_run(amount.text.split(": ", 1)[1])
    run.bold = True


def closing(document, closing):
    """Place and date, the signer's office, name, rank and NIP, on the right half of the page."""
    if not (closing.tempat_tanggal or closing.penandatangan or closing.nama):
        return
    indent = Cm(8.5)

    def line(text, bold=False, underline=False, space_before=0):
        paragraph = document.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.left_indent = indent
        fmt.space_before = Pt(space_before)
        fmt.space_after = Pt(0)
        fmt.keep_with_next = True
        fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
        run = paragraph.add_run(text)
        run.bold = bold
        run.underline = underline
        return paragraph

    line(closing.tempat_tanggal, space_before=24)
    if closing.nama:
        line(f"{closing.jabatan}," if closing.jabatan else "", bold=True)
        line(closing.nama, bold=True, underline=True, space_before=60)
        if closing.pangkat:
            line(closing.pangkat)
        last = line(f"NIP. {closing.nip}") if closing.nip else None
    else:
        last = line(closing.penandatangan, bold=True)
    if last is not None:
        last.paragraph_format.keep_with_next = False

"""The whole document: the outline of `documents/assemble.py` drawn part after part into one DOCX, each part
in a section of the right orientation, with the page header, the numbered footer and the document properties."""

from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH

from renja.documents.assemble import (
    AmountInWords,
    Closing,
    Contents,
    Cover,
    Heading,
    TablePart,
    Text,
    document_outline,
)

from . import text as narrative
from .page import apply_styles, field, page_numbering, page_setup, paragraph_border, usable_width
from .tables import write_table


def _orientations(outline):
    """The page orientation of each part: tables as they are (wide ones landscape), the amount in words
    with its table, a heading with the wide table right after it, everything else portrait."""
    result = []
    for index, part in enumerate(outline):
        following = outline[index + 1] if index + 1 < len(outline) else None
        if isinstance(part, TablePart):
            result.append("landscape" if part.wide else "portrait")
        elif isinstance(part, AmountInWords):
            result.append(result[-1] if result and result[-1] else "portrait")
        elif isinstance(part, Heading) and isinstance(following, TablePart) and following.wide:
            result.append("landscape")
        elif isinstance(part, Cover | Contents):
            result.append(None)
        else:
            result.append("portrait")
    return result


# --- the writer ---------------------------------------------------------------------------------------------


class _Writer:
    def __init__(self, view, header=None):
        self.view = view
        self.header = header  # the page header's title (default: the Renja's)
        self.document = Document()
        self.orientation = "portrait"
        apply_styles(self.document)
        first = self.document.sections[0]
        page_setup(first, "portrait")
        first.different_first_page_header_footer = True  # the cover has no header or page number
        page_numbering(first, "lowerRoman", 1)
        self._header_footer(first)
        self._body_started = False
        core = self.document.core_properties
        core.title = header or view.judul or f"Rencana Kerja (Renja) {view.pd_nama} Tahun {view.tahun}"
        core.subject = f"Renja {view.tahun}"
        core.author = view.pd_nama or "Renja"
        core.language = "id-ID"

    # header, footer
    def _header_footer(self, section):
        view = self.view
        header = section.header.paragraphs[0]
        header.text = ""
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        title = self.header or f"Rencana Kerja (Renja) Tahun {view.tahun}"
        if view.pd_nama and not self.header:
            title += f" · {view.pd_nama}"
        run = header.add_run(title)
        run.italic = True
        paragraph_border(header, "bottom", "808080", 4)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.add_run("Halaman ")
        field(footer, "PAGE", "1")
        # The cover's first page: an empty header and footer of its own.
        section.first_page_header.is_linked_to_previous = False
        section.first_page_footer.is_linked_to_previous = False

    # sections (page orientation)
    def _new_section(self, orientation, restart=False):
        section = self.document.add_section(WD_SECTION.NEW_PAGE)
        page_setup(section, orientation)
        section.different_first_page_header_footer = False
        page_numbering(section, "decimal", 1 if restart else None)
        self.orientation = orientation
        return section

    def _ensure(self, orientation):
        if not self._body_started:
            self._new_section(orientation, restart=True)
            self._body_started = True
        elif orientation != self.orientation:
            self._new_section(orientation)

    @property
    def width(self):
        return usable_width(self.document.sections[-1])

    # parts
    def write(self, outline, toc=None):
        """Draw the outline; `toc`: the contents as [(Heading, page label or `PageOf`)], else a field to update."""
        marks = {id(heading): page for heading, page in toc or () if isinstance(page, narrative.PageOf)}
        for part, orientation in zip(outline, _orientations(outline), strict=True):
            document = self.document
            if isinstance(part, Cover):
                narrative.cover(document, part)
            elif isinstance(part, Contents):
                narrative.contents(document, part, toc, self.width)
            else:
                self._ensure(orientation)
                if isinstance(part, Heading):
                    narrative.heading(document, part, marks.get(id(part)))
                elif isinstance(part, Text):
                    narrative.text(document, part.text)
                elif isinstance(part, TablePart):
                    write_table(document, part.table, part.wide, self.width)
                elif isinstance(part, AmountInWords):
                    narrative.amount(document, part)
                elif isinstance(part, Closing):
                    narrative.closing(document, part)
        return self.document


def render_document(view, path, tables=None, findings=None, outline=None, toc=None, header=None):
    """Write the whole Renja of `view` as DOCX at `path`; returns the path.

    `tables`: `PlacedTables` (default: every registered builder); `findings`: the checker's findings
    (default: the checker is run); `outline`: an outline already assembled (then `tables` and `findings`
    are not used); `toc`: the table of contents as [(Heading, page label)] — by default the document holds
    a TOC field that Word (or LibreOffice, "Perbarui indeks") fills when asked."""
    if outline is None:
        outline = document_outline(view, tables, findings)
    document = _Writer(view, header).write(outline, toc)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    return path

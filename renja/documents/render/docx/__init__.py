"""The whole Renja as a Word document (DOCX, python-docx), and as PDF through LibreOffice.

`render_document(view, path)` draws the outline of `documents/assemble.py` in order: an A4 portrait body
with a cover page, a table of contents (a Word TOC field, filled when the document is opened or converted),
BAB I–V with their sections as Heading 1/2/3, the narrative, every table in its place (wide tables in a
landscape section of their own, header rows repeated on every page, numbers written the Indonesian way),
the amount in words under T-C.33, the closing and signature, and the appendix of the checker's findings.
The header names the plan and the agency; the footer numbers the pages.

`render_pdf(view, path)` converts that DOCX with LibreOffice (`render/libreoffice.py`).

The parts: `page.py` (page setup, styles, low-level OOXML), `text.py` (cover, contents, prose, closing),
`tables.py` (the tables), `document.py` (the whole document), `pdf.py` (the PDF and its contents' pages).
"""

from .document import render_document
from .page import TOC_INSTRUCTION, TOC_PLACEHOLDER
from .pdf import heading_pages, pdf_pages, render_pdf
from .tables import _column_widths, cell_text, header_grid

__all__ = ["TOC_INSTRUCTION", "TOC_PLACEHOLDER", "_column_widths", "cell_text", "header_grid", "heading_pages",
           "pdf_pages", "render_document", "render_pdf"]

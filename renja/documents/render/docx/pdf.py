"""The whole document as PDF: the DOCX converted once by LibreOffice; and reading back on which page each
heading of a PDF stands (pdftotext), which the tests use to check the contents."""

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from renja.documents.assemble import Heading, document_outline

from .document import render_document
from .text import PageOf


def render_pdf(view, path, tables=None, findings=None, outline=None, header=None, progress=None):
    """Write the whole Renja of `view` as PDF at `path`; returns the path.

    One DOCX converted once by LibreOffice. LibreOffice does not refresh a TOC field while converting, so the
    contents list the headings with PAGEREF fields to bookmarks on them, which the layout fills with the
    page numbers as printed in the footer. `progress(percent, step)` is told each step as it begins."""
    from renja.documents.render.libreoffice import convert_with_libreoffice

    progress = progress or (lambda percent, step: None)
    if outline is None:
        outline = document_outline(view, tables, findings)
    heads = [part for part in outline if isinstance(part, Heading)]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="renja-docx-") as work:
        source = Path(work) / f"{path.stem or 'renja'}.docx"
        progress(50, "Menulis berkas DOCX")
        toc = [(heading, PageOf(number)) for number, heading in enumerate(heads, 1)]
        render_document(view, source, outline=outline, toc=toc, header=header)
        progress(60, "Mengubah ke PDF dengan LibreOffice")
        converted = convert_with_libreoffice(source, "pdf", work)
        shutil.move(str(converted), path)
    return path


_FOOTER = re.compile(r"^\s*Halaman\s+([0-9]+|[ivxlcdm]+)\s*$", re.IGNORECASE | re.MULTILINE)


def _squeeze(text):
    return re.sub(r"[\s\u00ad]+", "", text).lower()


def pdf_pages(pdf):
    """The text of each page of a PDF (pdftotext), or None when pdftotext is not installed."""
    program = shutil.which("pdftotext")
    if program is None:
        return None
    result = subprocess.run([program, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                            timeout=120, check=False)
    if result.returncode != 0:
        return None
    pages = result.stdout.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return pages


def heading_pages(pdf, heads):
    """The printed page number (the footer's "Halaman n") of each heading, in order; "" when not found."""
    pages = pdf_pages(pdf)
    if pages is None:
        return None
    numbered = []  # (page label, [squeezed lines]) of the body pages (arabic numbers)
    for text in pages:
        matches = _FOOTER.findall(text)  # the footer; not always the page's last line in reading order
        if matches and matches[-1].isdecimal():
            match = matches[-1]
            numbered.append((match, [_squeeze(line) for line in text.splitlines() if line.strip()]))
    found, start = [], 0
    for heading in heads:
        target = _squeeze(heading.text)
        label = ""
        for index in range(start, len(numbered)):
            lines = numbered[index][1]
            if any("".join(lines[i:i + k]) == target for i in range(len(lines)) for k in range(1, 5)):
                label, start = numbered[index][0], index
                break
        found.append(label)
    return found

"""One entry point for every output format: what `renja document` and, later, the web downloads call."""

from pathlib import Path

from renja.core.errors import InputRefused

from .builders import build_tables


class DocumentError(InputRefused):
    """A document could not be written (e.g. LibreOffice missing for PDF); the message says why."""


def produce(view, fmt, path, only=None):
    """Write the plan as `fmt` (xlsx: the tables; docx/pdf: the whole Renja) to `path`; returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        if fmt == "xlsx":
            from .render.xlsx import render_workbook

            render_workbook(build_tables(view, only=only), path, title=f"Renja {view.pd_nama} {view.tahun}")
        elif fmt in ("docx", "pdf"):
            from .render.docx import render_document, render_pdf

            render = render_document if fmt == "docx" else render_pdf
            render(view, path, tables=_placed(view, only))
        else:
            raise DocumentError(f"format '{fmt}' tidak dikenal")
    except (OSError, RuntimeError) as exc:
        raise DocumentError(f"dokumen tidak dapat ditulis: {exc}") from exc
    return path


def _placed(view, only):
    """The tables of the whole document, or, with `only`, that table and the findings appendix."""
    if only is None:
        return None
    from .assemble import builder_tables
    from .builders import all_builders

    return builder_tables(view, [b for b in all_builders() if b.id == only or b.section == "lampiran"])

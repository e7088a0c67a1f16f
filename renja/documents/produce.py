"""One entry point for every output format: what `renja document` and, later, the web downloads call."""

from pathlib import Path

from renja.core.errors import InputRefused

from .builders import build_tables


class DocumentError(InputRefused):
    """A document could not be written (e.g. LibreOffice missing for PDF); the message says why."""


def _silent(percent, step):
    pass


def produce(view, fmt, path, only=None, jenis="renja", progress=None):
    """Write the plan as `fmt` (xlsx: the tables; docx/pdf: the whole Renja) to `path`; returns the path.

    `jenis="evaluasi"`: the Laporan Evaluasi Hasil Renja instead (see `produce_evaluation`). `progress(percent,
    step)` is told each step as it begins (a background task shows it on the download page)."""
    progress = progress or _silent
    if jenis == "evaluasi":
        return produce_evaluation(view, fmt, path, only=only, progress=progress)
    if jenis != "renja":
        raise DocumentError(f"jenis dokumen '{jenis}' tidak dikenal; pilih renja atau evaluasi")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        if fmt == "xlsx":
            from .render.xlsx import render_workbook

            progress(30, "Menyusun tabel")
            tables = build_tables(view, only=only)
            progress(60, "Menulis berkas XLSX")
            render_workbook(tables, path, title=f"Renja {view.pd_nama} {view.tahun}")
        elif fmt in ("docx", "pdf"):
            from .assemble import document_outline
            from .render.docx import render_document, render_pdf

            progress(30, "Menyusun tabel dan bab")
            outline = document_outline(view, _placed(view, only))  # what render_document would assemble
            if fmt == "docx":
                progress(60, "Menulis berkas DOCX")
                render_document(view, path, outline=outline)
            else:
                render_pdf(view, path, outline=outline, progress=progress)
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


def produce_renstra(renstra, fmt, path):
    """Write the Renstra matrix of `renstra` (a `plans.Renstra`) as one table: xlsx with live formulas, docx or
    pdf (the table alone, landscape); returns the path. `renja document --table RENSTRA`."""
    from .assemble import TablePart
    from .builders.renstra import TABLE_ID, renstra_table, renstra_view

    view = renstra_view(renstra)
    table = renstra_table(view)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        if fmt == "xlsx":
            from .render.xlsx import render_workbook

            render_workbook([table], path, title=view.judul, pd=view.pd_nama)
        elif fmt in ("docx", "pdf"):
            from .render.docx import render_document, render_pdf

            outline = [TablePart(table, TABLE_ID, "")]
            (render_document if fmt == "docx" else render_pdf)(view, path, outline=outline, header=view.judul)
        else:
            raise DocumentError(f"format '{fmt}' tidak dikenal")
    except (OSError, RuntimeError) as exc:
        raise DocumentError(f"dokumen tidak dapat ditulis: {exc}") from exc
    return path


# --- the second kind: the Laporan Evaluasi Hasil Renja ------------------------------------------------------------


class EvaluationUnavailable(DocumentError):
    """The plan has no evaluation to report: it is not in force (ditetapkan) or no realisation is entered."""


def plan_in_force(renja):
    """The plan in force of `renja`'s PD and year: `renja` itself when ditetapkan, else the latest stage that is
    ditetapkan, else `renja` (which `evaluation_view` then refuses)."""
    from renja.monitoring.progress import plan_in_force as in_force_of
    from renja.plans.models import Renja

    if renja.status == Renja.Status.DITETAPKAN:
        return renja
    return in_force_of(renja.perangkat_daerah, renja.tahun) or renja


def evaluation_view(renja):
    """The view of a plan in force with its quarterly realisation (`plans.view.add_progress`), for the
    Laporan Evaluasi; `EvaluationUnavailable` (with the reason in Bahasa Indonesia) when the plan is not
    ditetapkan or has no realisation at all."""
    from renja.plans.models import Renja
    from renja.plans.view import add_progress, build_view

    if renja.status != Renja.Status.DITETAPKAN:
        raise EvaluationUnavailable(
            f"Renja {renja.perangkat_daerah.nama} {renja.tahun} berstatus {renja.get_status_display()}: evaluasi "
            "hasil Renja hanya disusun untuk Renja yang sudah ditetapkan (Renja yang berlaku).")
    view = add_progress(build_view(renja), renja)
    if view.progress.triwulan_terakhir is None and not view.indicator_texts and not view.accounts:
        raise EvaluationUnavailable(
            f"Renja {renja.perangkat_daerah.nama} {renja.tahun} belum memiliki realisasi triwulan (keuangan, fisik, "
            "indikator atau belanja per rekening): belum ada yang dapat dievaluasi.")
    return view


def produce_evaluation(view, fmt, path, only=None, progress=_silent):
    """Write the Laporan Evaluasi Hasil Renja of `view` (which carries the plan's progress) as `fmt`: xlsx, one
    sheet per table with live formulas; docx/pdf, cover, contents and the tables (`assemble.evaluation_outline`)."""
    from .builders.monitoring import report_title

    if getattr(view, "progress", None) is None:
        raise EvaluationUnavailable("Renja ini belum memiliki realisasi triwulan untuk dievaluasi.")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    title = report_title(view)
    try:
        if fmt == "xlsx":
            from .render.xlsx import render_workbook

            progress(30, "Menyusun tabel")
            tables = build_tables(view, only=only, jenis="evaluasi")
            progress(60, "Menulis berkas XLSX")
            render_workbook(tables, path, title=title, pd=view.pd_nama)
        elif fmt in ("docx", "pdf"):
            from .assemble import builder_tables, evaluation_outline
            from .builders import all_builders
            from .render.docx import render_document, render_pdf

            progress(30, "Menyusun tabel dan bab")
            builders = [b for b in all_builders("evaluasi") if only is None or b.id == only]
            outline = evaluation_outline(view, builder_tables(view, builders))
            header = f"Evaluasi Hasil Renja Tahun {view.tahun} · {view.pd_nama}"
            if fmt == "docx":
                progress(60, "Menulis berkas DOCX")
                render_document(view, path, outline=outline, header=header)
            else:
                render_pdf(view, path, outline=outline, header=header, progress=progress)
        else:
            raise DocumentError(f"format '{fmt}' tidak dikenal")
    except (OSError, RuntimeError) as exc:
        raise DocumentError(f"dokumen tidak dapat ditulis: {exc}") from exc
    return path

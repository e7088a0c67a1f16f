"""Downloads of a plan's documents: the tables as XLSX, the whole Renja as DOCX or PDF; the Laporan Evaluasi
Hasil Renja of a plan in force, from its quarterly realisation, in the same three formats."""

import io
import re
import shutil
import tempfile
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render

from renja.documents.produce import DocumentError, EvaluationUnavailable, evaluation_view, produce
from renja.rules.view import build_view
from renja.web.access import get_renja

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def filename(renja, fmt):
    """`Renja-2022-DPMPPA-rancangan.xlsx`: year, the PD's abbreviation (or code), stage; safe in any browser."""
    pd = renja.perangkat_daerah
    name = re.sub(r"[^A-Za-z0-9]+", "-", pd.singkatan or pd.kode).strip("-") or "PD"
    return f"Renja-{renja.tahun}-{name}-{renja.tahap}.{fmt}"


class RemovedWhenClosed(io.FileIO):
    """The produced file, read by the response; its temporary directory goes when the response closes it."""

    def __init__(self, path, directory):
        super().__init__(path, "rb")
        self.directory = directory

    def close(self):
        super().close()
        shutil.rmtree(self.directory, ignore_errors=True)


def produced_file(request, renja, view, fmt, name, jenis="renja"):
    """Produce the document in a temporary directory and answer it as a download (the directory goes when the
    response is closed); a page in Indonesian, status 503, when it cannot be produced (LibreOffice failed)."""
    directory = tempfile.mkdtemp(prefix="renja-unduh-")
    try:
        path = produce(view, fmt, Path(directory) / name, jenis=jenis)
    except DocumentError as exc:
        shutil.rmtree(directory, ignore_errors=True)
        return render(request, "web/dashboard/document_error.html",
                      {"renja": renja, "fmt": fmt.upper(), "errors": exc.errors}, status=503)
    except BaseException:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    return FileResponse(RemovedWhenClosed(path, directory), as_attachment=True, filename=name,
                        content_type=CONTENT_TYPES[fmt])


@login_required
def download(request, renja_id, fmt):
    renja = get_renja(request.user, renja_id)  # first: another PD's plan is a 404 whatever the format
    if fmt not in CONTENT_TYPES:
        raise Http404("Format dokumen tidak dikenal.")
    return produced_file(request, renja, build_view(renja), fmt, filename(renja, fmt))


def evaluation_filename(renja, fmt):
    """`Evaluasi-Renja-2026-DPMPPA-final.xlsx`."""
    return "Evaluasi-" + filename(renja, fmt)


@login_required
def download_evaluation(request, renja_id, fmt):
    """The Laporan Evaluasi Hasil Renja. A plan not in force (not ditetapkan) or without any realisation has
    nothing to evaluate: a page saying so, status 409 (the plan exists and is visible, but its state does not
    allow the report yet; a 404 would say it is not there)."""
    renja = get_renja(request.user, renja_id)  # first: another PD's plan is a 404 whatever the format
    if fmt not in CONTENT_TYPES:
        raise Http404("Format dokumen tidak dikenal.")
    try:
        view = evaluation_view(renja)
    except EvaluationUnavailable as exc:
        return render(request, "web/dashboard/evaluation_unavailable.html",
                      {"renja": renja, "fmt": fmt.upper(), "errors": exc.errors}, status=409)
    return produced_file(request, renja, view, fmt, evaluation_filename(renja, fmt), jenis="evaluasi")

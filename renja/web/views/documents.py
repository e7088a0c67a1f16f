"""Downloads of a plan's documents: the tables as XLSX, the whole Renja as DOCX or PDF; the Laporan Evaluasi
Hasil Renja of a plan in force, from its quarterly realisation, in the same three formats.

Each is produced by a background task (renja/tasks/documents.py) and kept until the plan's data changes: the
download URL serves the file when it is made, else shows a page that follows the task's progress through the
status URL."""

import re

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from renja.documents.produce import EvaluationUnavailable, evaluation_view
from renja.plans.models import Renja
from renja.tasks import documents as produced
from renja.tasks.models import ProducedDocument
from renja.web.access import get_renja

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
STATUS_URLS = {"renja": "web:unduh_status", "evaluasi": "web:unduh_evaluasi_status"}


def filename(renja, fmt):
    """`Renja-2022-DPMPPA-rancangan.xlsx`: year, the PD's abbreviation (or code), stage; safe in any browser."""
    pd = renja.perangkat_daerah
    name = re.sub(r"[^A-Za-z0-9]+", "-", pd.singkatan or pd.kode).strip("-") or "PD"
    return f"Renja-{renja.tahun}-{name}-{renja.tahap}.{fmt}"


def answer(request, renja, jenis, fmt, name):
    """The download, if made from the plan's current data; else its task is enqueued (once) and a page shows
    its progress, or why it failed with a button to try again (a POST here)."""
    if request.method == "POST":
        produced.request(renja, jenis, fmt, again=True)
        return redirect(request.path)
    document = produced.request(renja, jenis, fmt)
    if produced.is_ready(document):
        return FileResponse(produced.file_of(document).open("rb"), as_attachment=True, filename=name,
                            content_type=CONTENT_TYPES[fmt])
    context = {"renja": renja, "fmt": fmt.upper(), "document": document, "name": name,
               "status_url": reverse(STATUS_URLS[jenis], args=[renja.id, fmt])}
    if document.status == ProducedDocument.Status.GAGAL:
        return render(request, "web/dashboard/document_error.html",
                      {**context, "errors": document.galat.splitlines(), "retry": True}, status=503)
    context["no_worker"] = produced.waits_for_a_worker(document)
    return render(request, "web/dashboard/document_progress.html", context)


@login_required
def download(request, renja_id, fmt):
    renja = get_renja(request.user, renja_id)  # first: another PD's plan is a 404 whatever the format
    if fmt not in CONTENT_TYPES:
        raise Http404("Format dokumen tidak dikenal.")
    return answer(request, renja, ProducedDocument.Jenis.RENJA, fmt, filename(renja, fmt))


def status_of(renja, jenis, fmt):
    """What the progress page's script reads: the task's state for the plan's current data."""
    document = produced.find(renja, jenis, fmt)
    if document is None:  # not requested yet, or the plan changed meanwhile: the download URL starts it
        return {"status": "tidak_ada", "kemajuan": 0, "langkah": "", "galat": "", "siap": False}
    return {"status": document.status, "kemajuan": document.kemajuan, "langkah": document.langkah,
            "galat": document.galat, "siap": produced.is_ready(document),
            "tanpa_pekerja": produced.waits_for_a_worker(document)}


@login_required
def download_status(request, renja_id, fmt):
    renja = get_renja(request.user, renja_id)
    if fmt not in CONTENT_TYPES:
        raise Http404("Format dokumen tidak dikenal.")
    return JsonResponse(status_of(renja, ProducedDocument.Jenis.RENJA, fmt))


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
        if renja.status != Renja.Status.DITETAPKAN or not produced.has_realisation(renja):
            evaluation_view(renja)  # says why there is nothing to evaluate (or, unexpectedly, that there is)
    except EvaluationUnavailable as exc:
        return render(request, "web/dashboard/evaluation_unavailable.html",
                      {"renja": renja, "fmt": fmt.upper(), "errors": exc.errors}, status=409)
    return answer(request, renja, ProducedDocument.Jenis.EVALUASI, fmt, evaluation_filename(renja, fmt))


@login_required
def download_evaluation_status(request, renja_id, fmt):
    renja = get_renja(request.user, renja_id)
    if fmt not in CONTENT_TYPES:
        raise Http404("Format dokumen tidak dikenal.")
    return JsonResponse(status_of(renja, ProducedDocument.Jenis.EVALUASI, fmt))

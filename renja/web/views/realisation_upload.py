"""Quarterly realisation by spreadsheet in the app: download the plan's template, upload it filled in.

The work is done by `renja.monitoring.spreadsheet`; the views check who may do what (the plan first: another
PD's plan is a 404; then the right to enter realisation: a 403 with the reason) and answer.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse

from renja.monitoring.spreadsheet import RealisationLoadError, load_workbook, template_filename, write_template
from renja.web import access

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD = 20 * 1024 * 1024  # 20 MB: a plan of a thousand sub kegiatan fills well under 2 MB


@login_required
def template(request, renja_id):
    renja = access.get_renja(request.user, renja_id)  # first: another PD's plan is a 404 for every method
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    response = HttpResponse(write_template(renja), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{template_filename(renja)}"'
    return response


def after_upload_url(renja):
    """Where a successful upload leads: the plan's realisation of quarter I."""
    return reverse("web:realisasi", kwargs={"renja_id": renja.pk, "triwulan": 1})


def _form(request, renja, errors=(), refused=None, status=200):
    return render(request, "web/realisation_upload/upload.html", {
        "renja": renja, "errors": list(errors), "refused": refused, "template_name": template_filename(renja),
    }, status=status)


@login_required
def upload(request, renja_id):
    renja = access.get_renja(request.user, renja_id)  # first: another PD's plan is a 404
    if request.method == "POST":
        access.require_realisation_edit(request.user, renja)  # 403: not in force, or not its PD's operator
    elif (refused := access.refusal(access.require_realisation_edit, request.user, renja)) is not None:
        return _form(request, renja, refused=refused)  # the page says why, and still offers the template
    if request.method != "POST":
        return _form(request, renja)
    file = request.FILES.get("berkas")
    if file is None:
        return _form(request, renja, ["Pilih berkas realisasi (.xlsx) yang akan diunggah."], status=400)
    if file.size > MAX_UPLOAD:
        return _form(request, renja, [f"Berkas '{file.name}' terlalu besar ({file.size // (1024 * 1024)} MB; "
                                      f"paling besar {MAX_UPLOAD // (1024 * 1024)} MB)."], status=400)
    try:
        report = load_workbook(renja, file, user=request.user, source=file.name)
    except RealisationLoadError as exc:
        return _form(request, renja, exc.errors, status=400)
    messages.success(request, f"Realisasi dari '{file.name}' dimuat. " + "; ".join(report.lines()) + ".")
    for note in report.notes:
        messages.warning(request, note)
    return redirect(after_upload_url(renja))

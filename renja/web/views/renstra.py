"""The Renstra's matrix in the app: every PD user reads it, the PD's operator edits a row (its name, lokasi,
unit, pagu per year and its indicators' targets per year) with the same locking and history as a Renja's rows,
while the Renstra is Draf or Dikembalikan; the workflow's buttons (ajukan, verifikasi, kembalikan, tetapkan) and
every step taken are on the matrix page. The rules are in renja/renstra/editing.py and renja/workflow/renstra.py."""

import re
import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from renja.core.errors import InputRefused
from renja.organizations.scoping import can_edit_plans_of
from renja.plans.models import Renstra
from renja.renstra import editing
from renja.renstra.models import BarisRenstra, IndikatorRenstra, PaguRenstra, TargetRenstra
from renja.web import access
from renja.workflow import renstra as flow
from renja.workflow.transitions import WorkflowRefused

LEVEL_NAMES = {"program": "Program", "kegiatan": "Kegiatan", "sub_kegiatan": "Sub kegiatan"}


def _renstra(pd):
    renstra = Renstra.objects.filter(perangkat_daerah=pd).order_by("-periode_mulai").first()
    if renstra is None:
        raise Http404("PD ini belum memiliki Renstra.")
    return renstra


def _lines(renstra):
    """The matrix as the page shows it: one line per row, its pagu per year, its indicators' targets per year
    (five queries, whatever the size)."""
    years = list(range(renstra.periode_mulai, renstra.periode_selesai + 1))
    pagu, targets, indicators = {}, {}, {}
    for p in PaguRenstra.objects.filter(baris__renstra=renstra):
        pagu[(p.baris_id, p.tahun)] = p.pagu_teks
    for t in TargetRenstra.objects.filter(indikator__baris__renstra=renstra):
        targets[(t.indikator_id, t.tahun)] = t.teks
    for i in IndikatorRenstra.objects.filter(baris__renstra=renstra).order_by("urutan", "id"):
        indicators.setdefault(i.baris_id, []).append(i)
    lines = []
    for row in BarisRenstra.objects.filter(renstra=renstra).order_by("urutan", "id"):
        own = indicators.get(row.pk, [])
        # per year: the row's indicators' targets, one per line, and its pagu
        cells = [{"targets": [targets.get((i.pk, y), "") for i in own], "pagu": pagu.get((row.pk, y), "")}
                 for y in years]
        lines.append({"row": row, "indicators": own, "cells": cells})
    return years, lines


def _editable(user, pd, renstra, step=flow.UNREAD):
    """May `user` edit the matrix now: the PD's operator, while the Renstra is Draf or Dikembalikan."""
    return can_edit_plans_of(user, pd) and flow.edit_refusal(renstra, step) is None


@login_required
def matrix(request, pd_id):
    pd = access.get_pd(request.user, pd_id)
    renstra = _renstra(pd)
    years, lines = _lines(renstra)
    steps = flow.steps(renstra)
    last = steps[-1] if steps else None
    status = flow.status_of(renstra, last)
    returned = last if last is not None and status == flow.Status.DIKEMBALIKAN else None
    return render(request, "web/renstra/matrix.html", {
        "pd": pd, "renstra": renstra, "years": years, "lines": lines,
        "editable": _editable(request.user, pd, renstra, last), "operator": can_edit_plans_of(request.user, pd),
        "status": status, "status_label": flow.status_label(status), "steps": steps, "returned": returned,
        "locked_reason": flow.edit_refusal(renstra, last),
        "actions": flow.allowed_actions(renstra, request.user, last)})


@login_required
def act(request, pd_id, action):
    """One workflow step on the PD's Renstra (a POST; `kembalikan` first shows its form with the reason)."""
    pd = access.get_pd(request.user, pd_id)
    renstra = _renstra(pd)
    chosen = flow.ACTIONS.get(action)
    if chosen is None:
        raise Http404("Aksi alur kerja Renstra tidak dikenal.")
    if request.method == "GET" and chosen.needs_reason:
        return _reason_form(request, pd, renstra, chosen)
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"] if chosen.needs_reason else ["POST"])
    try:
        flow.perform(renstra, request.user, action, reason=request.POST.get("alasan", ""))
    except WorkflowRefused as refused:
        if refused.field == "alasan":
            return _reason_form(request, pd, renstra, chosen, errors=refused.errors, status=400)
        for error in refused.errors:
            messages.error(request, error)
        return redirect("web:renstra", pd_id=pd.pk)
    messages.success(request, flow.SUCCESS[action])
    return redirect("web:renstra", pd_id=pd.pk)


def _reason_form(request, pd, renstra, action, errors=(), status=200):
    return render(request, "web/renstra/reason_form.html", {
        "pd": pd, "renstra": renstra, "action": action, "errors": list(errors),
        "refused": flow.refusals(renstra, request.user, action.name),
        "reason": request.POST.get("alasan", "") if request.method == "POST" else ""}, status=status)


@login_required
def edit_row(request, pd_id, baris_id):
    pd = access.get_pd(request.user, pd_id)
    renstra = _renstra(pd)
    row = get_object_or_404(BarisRenstra.objects.select_related("renstra"), pk=baris_id, renstra__perangkat_daerah=pd)
    editable = _editable(request.user, pd, renstra)
    years = editing.period(row)
    errors, fields, conflict = [], {}, False
    if request.method == "POST":
        if not can_edit_plans_of(request.user, pd):
            raise PermissionDenied("Hanya operator PD ini yang dapat mengubah Renstra-nya.")
        data = {"nama": request.POST.get("nama", ""), "lokasi": request.POST.get("lokasi", ""),
                "unit_penanggung_jawab": request.POST.get("unit_penanggung_jawab", ""),
                "pagu": {y: request.POST.get(f"pagu_{y}", "") for y in years},
                "targets": {i.pk: {y: request.POST.get(f"target_{i.pk}_{y}", "") for y in years}
                            for i in row.indikator.all()}}
        try:
            editing.save_row(row, request.POST.get("versi"), data, user=request.user)
        except editing.EditConflict as exc:
            errors, conflict = exc.errors, True
        except editing.InvalidEdit as exc:
            errors, fields = exc.errors, exc.fields
        except InputRefused as exc:
            errors = exc.errors
        else:
            messages.success(request, f"Baris Renstra {row.kode or row.nama[:40]} disimpan.")
            return redirect(reverse("web:renstra", args=[pd.pk]) + f"#baris-{row.pk}")
    posted = request.POST if errors else None
    pagu = {p.tahun: p.pagu_teks for p in row.pagu.all()}
    targets = {(t.indikator_id, t.tahun): t.teks for t in TargetRenstra.objects.filter(indikator__baris=row)}

    def value(name, stored):
        return posted.get(name, "") if posted is not None else stored

    cells = [{"name": f"pagu_{y}", "year": y, "value": value(f"pagu_{y}", pagu.get(y, "")),
              "error": fields.get(f"pagu_{y}")} for y in years]
    indicators = [{"uraian": i.uraian, "satuan": i.satuan, "cells": [
        {"name": f"target_{i.pk}_{y}", "year": y, "value": value(f"target_{i.pk}_{y}", targets.get((i.pk, y), "")),
         "error": fields.get(f"target_{i.pk}_{y}")} for y in years]} for i in row.indikator.order_by("urutan", "id")]
    return render(request, "web/renstra/row.html", {
        "pd": pd, "renstra": renstra, "row": row, "level_name": LEVEL_NAMES[row.tingkat], "editable": editable,
        "errors": errors, "conflict": conflict, "cells": cells, "indicators": indicators,
        "nama": value("nama", row.nama), "lokasi": value("lokasi", row.lokasi),
        "unit": value("unit_penanggung_jawab", row.unit_penanggung_jawab),
        "locked_reason": flow.edit_refusal(renstra) if can_edit_plans_of(request.user, pd) else None,
    }, status=409 if conflict else 400 if errors else 200)


DOWNLOADS = {  # the Renstra out as data or as its table; a PDF needs LibreOffice: `renja document --table RENSTRA`
    "yaml": "application/yaml; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@login_required
def download(request, pd_id, fmt):
    """The Renstra as an exchange file (YAML: loading it back gives the same Renstra), or its matrix as the
    Renstra's own table (XLSX with live sums, which the Renstra workbook reader reads back; DOCX). Small: made in
    the request."""
    from renja.documents.produce import DocumentError, produce_renstra
    from renja.exchange.export import dump_yaml, export_renstra

    pd = access.get_pd(request.user, pd_id)
    renstra = _renstra(pd)
    if fmt not in DOWNLOADS:
        raise Http404("Format tidak dikenal.")
    name = re.sub(r"[^A-Za-z0-9]+", "-", pd.singkatan or pd.kode).strip("-") or "PD"
    name = f"Renstra-{name}-{renstra.periode_mulai}-{renstra.periode_selesai}.{fmt}"
    if fmt == "yaml":
        content = dump_yaml(export_renstra(renstra)).encode("utf-8")
    else:
        with tempfile.TemporaryDirectory(prefix="renja-renstra-") as work:
            try:
                path = produce_renstra(renstra, fmt, Path(work) / name)
            except DocumentError as exc:
                messages.error(request, f"Renstra tidak dapat diunduh sebagai {fmt.upper()}: {exc}")
                return redirect("web:renstra", pd_id=pd.pk)
            content = path.read_bytes()
    response = HttpResponse(content, content_type=DOWNLOADS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

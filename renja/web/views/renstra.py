"""The Renstra's matrix in the app: every PD user reads it, the PD's operator edits a row (its name, lokasi,
unit, pagu per year and its indicators' targets per year) with the same locking and history as a Renja's rows.
The rules are in renja/renstra/editing.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from renja.core.errors import InputRefused
from renja.organizations.scoping import can_edit_plans_of
from renja.plans.models import Renstra
from renja.renstra import editing
from renja.renstra.models import BarisRenstra, IndikatorRenstra, PaguRenstra, TargetRenstra
from renja.web import access

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


@login_required
def matrix(request, pd_id):
    pd = access.get_pd(request.user, pd_id)
    renstra = _renstra(pd)
    years, lines = _lines(renstra)
    return render(request, "web/renstra/matrix.html", {
        "pd": pd, "renstra": renstra, "years": years, "lines": lines,
        "editable": can_edit_plans_of(request.user, pd)})


@login_required
def edit_row(request, pd_id, baris_id):
    pd = access.get_pd(request.user, pd_id)
    renstra = _renstra(pd)
    row = get_object_or_404(BarisRenstra.objects.select_related("renstra"), pk=baris_id, renstra__perangkat_daerah=pd)
    editable = can_edit_plans_of(request.user, pd)
    years = editing.period(row)
    errors, fields, conflict = [], {}, False
    if request.method == "POST":
        if not editable:
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
    }, status=409 if conflict else 400 if errors else 200)

"""Susun Renja tahun N: the PD's operator starts next year's Rancangan Awal from the Renstra
(renja/renstra/start.py); the new plan's tree opens with what was filled and what was not."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect

from renja.core.errors import InputRefused
from renja.organizations.scoping import can_edit_plans_of
from renja.plans.models import Renja
from renja.renstra.start import renstra_for, start_from_renstra
from renja.web import access
from renja.workflow.schedule import stage_closure

SHOWN_LINES = 15  # the rest is counted: the tree shows every empty cell anyway


def next_year(pd, plans):
    """The year to offer: the one after the PD's latest plan, when its Renstra covers it and it has no
    Rancangan Awal yet (None otherwise)."""
    if not plans:
        return None
    tahun = max(p.tahun for p in plans) + 1
    if any(p.tahun == tahun and p.tahap == Renja.Tahap.RANCANGAN_AWAL for p in plans):
        return None
    return tahun if renstra_for(pd, tahun) is not None else None


@login_required
def start(request, pd_id):
    pd = access.get_pd(request.user, pd_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not can_edit_plans_of(request.user, pd):
        raise PermissionDenied("Hanya operator PD ini yang dapat menyusun Renja-nya.")
    try:
        tahun = int(request.POST.get("tahun", ""))
        closed = stage_closure(pd.pemda, tahun, Renja.Tahap.RANCANGAN_AWAL)
        if closed:
            raise InputRefused([closed])
        report = start_from_renstra(pd, tahun, user=request.user)
    except ValueError:
        messages.error(request, "Tahun Renja tidak terbaca.")
        return redirect("web:dashboard", pd_id=pd.pk)
    except InputRefused as exc:
        for message in exc.errors:
            messages.error(request, message)
        return redirect("web:dashboard", pd_id=pd.pk)
    lines = report.lines()
    messages.success(request, lines[0])
    for line in lines[1:]:
        messages.info(request, line)
    for line in report.unfilled[:SHOWN_LINES]:
        messages.warning(request, line)
    if len(report.unfilled) > SHOWN_LINES:
        messages.warning(request, f"… dan {len(report.unfilled) - SHOWN_LINES} hal lain yang belum terisi.")
    return redirect("web:renja", renja_id=report.renja.pk)

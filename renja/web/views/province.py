"""The province / Pemda dashboard: per Pemda of a province (or per PD of one Pemda) and year, the number of PDs
and plans, pagu indikatif n and n+1, realisation and the plans per status, with a breakdown by urusan, bidang or
sumber dana. Every figure comes from the database (renja/plans/rollups_sql.py `overview`); who reads which
Pemda is `access.get_rollup_scope` (renja/organizations/scoping.py `rollup_pemdas`)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed
from django.shortcuts import render

from renja.plans.models import Renja
from renja.plans.rollups_sql import LABELS, overview
from renja.web import access

BREAKDOWNS = ("urusan", "bidang", "sumber_dana")


def _year(value):
    try:
        return int(value) if value else None
    except ValueError:
        return None


@login_required
def rollups(request):
    # who may read it first: a refused user learns nothing, not even which methods the page takes
    chosen, pemdas = access.get_rollup_scope(request.user, (request.GET.get("pemda") or "").strip() or None)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    by = request.GET.get("per") if request.GET.get("per") in BREAKDOWNS else "urusan"
    result = overview(pemdas, _year(request.GET.get("tahun")), by)
    statuses = [(value, label) for value, label in Renja.Status.choices]
    for line in [*result.lines, result.total]:
        line.per_status = [line.status.get(value, 0) for value, _ in statuses]
    profil = access.profil_of(request.user)
    # back to the province from one of its Pemdas; a PD's own page only for those who read its plans
    province_link = None
    if profil is not None and profil.pemda.jenis == "provinsi" and profil.pemda_id != chosen.pk:
        province_link = f"?pemda={profil.pemda.kode}&tahun={result.tahun or ''}&per={by}"
    pd_links = request.user.is_superuser or (profil is not None and (
        profil.pemda_id == chosen.pk or profil.peran in profil.READ_ONLY_ROLES))
    return render(request, "web/province/rollups.html", {
        "pemda": chosen, "result": result, "statuses": statuses, "by": by, "by_label": LABELS[by],
        "breakdowns": [(b, LABELS[b]) for b in BREAKDOWNS],
        "tahun_n1": result.tahun + 1 if result.tahun else None, "province_link": province_link,
        "pd_links": pd_links,
    })

"""The dashboard of a Perangkat Daerah: a year's plan against its ceiling, n against n+1, pagu per program,
the checker's verdict and where the plan is in its workflow."""

from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from renja.organizations.scoping import can_edit_plans_of
from renja.plans import versions
from renja.plans.models import Renstra
from renja.plans.view import shared_view
from renja.rules import stored
from renja.web.access import can_import_plans_of, get_pd, visible_renja
from renja.web.kept import kept
from renja.workflow.models import Transisi

from .home import TAHAP_URUT
from .monitoring import dashboard_monitoring, evaluation_years
from .plan_start import next_year


def percent_of(part, whole):
    """`part` as a percentage of `whole` (Decimal, 2 places), or None when `whole` is zero or missing."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def width(amount, largest):
    """A bar's width in percent of the track, as CSS text ("37.52%"): never localised, never over 100."""
    if not largest or not amount:
        return "0%"
    return f"{min(Decimal(100), Decimal(amount) * 100 / Decimal(largest)):.2f}%"


def program_bars(view):
    """One row per program: code, name, pagu n and n+1 computed, and their bar widths on one scale."""
    # each total walks the program's sub kegiatan: summed once per program
    totals = [(p, p.total_n, p.total_n1) for p in view.programs]
    largest = max([max(n, n1) for _, n, n1 in totals] or [0])
    return [{"label": p.label, "code": p.code or "", "n": n, "n1": n1,
             "width_n": width(n, largest), "width_n1": width(n1, largest)}
            for p, n, n1 in totals]


def pick(plans, tahun, tahap):
    """The plan of the year to show: the stage asked for, else the latest stage."""
    of_year = [p for p in plans if p.tahun == tahun]
    for plan in of_year:
        if plan.tahap == tahap:
            return plan, of_year
    of_year.sort(key=lambda p: TAHAP_URUT.index(p.tahap) if p.tahap in TAHAP_URUT else len(TAHAP_URUT))
    return (of_year[0] if of_year else None), of_year


def plan_summary(renja, version=None):
    """What the dashboard shows of a plan's data and findings (kept per data version: web/kept.py). `version`:
    `versions.checked(renja)` when the caller has read it."""
    view = shared_view(renja, version)
    findings = stored.findings(renja)
    bars = program_bars(view)
    # the plan's totals are its programs' (as view.total_n and total_n1 sum them)
    summary = {"total_n": sum(b["n"] for b in bars), "total_n1": sum(b["n1"] for b in bars),
               "ceiling": view.ceiling, "bars": bars}
    for severity, name in (("error", "errors"), ("warning", "warnings"), ("info", "infos")):
        summary[name] = sum(1 for f in findings if f.severity == severity)
    return summary


@login_required
def dashboard(request, pd_id):
    pd = get_pd(request.user, pd_id)
    plans = list(visible_renja(request.user).filter(perangkat_daerah=pd).select_related(
        "perangkat_daerah__pemda", "nomenklatur"))
    years = sorted({p.tahun for p in plans}, reverse=True)
    try:
        tahun = int(request.GET.get("tahun") or (years[0] if years else 0))
    except ValueError:
        tahun = years[0] if years else 0
    renja, stages = pick(plans, tahun, request.GET.get("tahap"))
    context = {"pd": pd, "years": years, "tahun": tahun, "renja": renja, "stages": stages,
               "can_import": can_import_plans_of(request.user, pd),
               "has_renstra": Renstra.objects.filter(perangkat_daerah=pd).exists(),
               "start_year": next_year(pd, plans) if can_edit_plans_of(request.user, pd) else None}
    # monitoring: the year's plan in force and its early warning, the evaluations the plan shown carries
    context.update(dashboard_monitoring(stages))
    if renja is None:
        return render(request, "web/dashboard/dashboard.html", context)

    number = versions.checked(renja)  # read once, before the data: the key of what is kept and of the view
    summary = kept(renja, "dashboard", lambda: plan_summary(renja, number), version=lambda _: number)
    total_n, total_n1, ceiling = summary["total_n"], summary["total_n1"], summary["ceiling"]
    context.update(summary)
    context.update({
        "total_n": total_n,
        "total_n1": total_n1,
        "ceiling": ceiling,
        "over": total_n - ceiling if ceiling is not None and total_n > ceiling else 0,
        "remaining": ceiling - total_n if ceiling is not None and total_n <= ceiling else None,
        "used": percent_of(total_n, ceiling),
        "meter": width(total_n, ceiling) if ceiling else "0%",
        "growth": percent_of(total_n1 - total_n, total_n),
        "evaluation_years": evaluation_years(renja),
        "last_step": Transisi.objects.filter(renja=renja).select_related("oleh").order_by("-pada", "-id").first(),
    })
    return render(request, "web/dashboard/dashboard.html", context)

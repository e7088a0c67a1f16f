"""The pagu n of many plans (the home page lists every plan a user sees), summed from their sub kegiatan once per
data version (plans/versions.py: every change to a plan's rows raises it) and kept by this process."""

from django.db.models import Sum

from renja.core.recent import Recent

from . import versions
from .models import SubKegiatan

# (plan, data version) → pagu n: a number each, for the plans of a few Pemdas
RECENT_TOTALS = Recent(512)


def pagu_n_totals(plans, numbers=None):
    """{renja id: the sum of its sub kegiatan's pagu n} of `plans`: one query for the data versions (none when
    the caller passes them: `numbers`, versions.current_of(plans)), one more for the plans this process has not
    summed at their present versions."""
    plans = list(plans)
    if not plans:
        return {}
    if numbers is None:  # before the data: a race only leaves an older sum under an older number
        numbers = versions.current_of(plans)
    totals, missing = {}, []
    for plan in plans:
        total = RECENT_TOTALS.get((plan.id, numbers[plan.id]))
        if total is None:
            missing.append(plan)
        else:
            totals[plan.id] = total
    if missing:
        summed = dict(SubKegiatan.objects.filter(kegiatan__program__renja__in=[p.id for p in missing])
                      .values_list("kegiatan__program__renja").annotate(total=Sum("pagu_n")))
        for plan in missing:
            totals[plan.id] = summed.get(plan.id) or 0
            RECENT_TOTALS.keep((plan.id, numbers[plan.id]), totals[plan.id])
    return totals

"""The home page: what a user has and what waits for them, by role."""

from django.contrib.auth.decorators import login_required
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import render

from renja.organizations.models import PerangkatDaerah, Profil
from renja.organizations.scoping import scope
from renja.plans import versions
from renja.plans.models import Renja
from renja.plans.totals import pagu_n_totals
from renja.web.access import profil_of, visible_renja
from renja.workflow.models import Transisi

# The latest stage of a year first: a Renja Perubahan replaces the final plan, which replaces the drafts.
TAHAP_URUT = [Renja.Tahap.PERUBAHAN, Renja.Tahap.FINAL, Renja.Tahap.RANCANGAN, Renja.Tahap.RANCANGAN_AWAL]

# What each role acts on: the statuses that wait for it.
MENUNGGU = {
    Profil.Peran.OPERATOR_PD: (Renja.Status.DRAFT, Renja.Status.DIKEMBALIKAN),
    Profil.Peran.PIMPINAN_PD: (Renja.Status.DIVERIFIKASI,),
    Profil.Peran.VERIFIKATOR_BAPPEDA: (Renja.Status.DIAJUKAN,),
    Profil.Peran.ADMIN_PEMDA: (),
    Profil.Peran.PEMANTAU_PROVINSI: (),  # reads only: nothing waits for it
}


def newest_first(plans):
    """Plans ordered by year (newest first), then by stage (latest first)."""
    stage = Case(*[When(tahap=t, then=Value(i)) for i, t in enumerate(TAHAP_URUT)],
                 default=Value(len(TAHAP_URUT)), output_field=IntegerField())
    return plans.annotate(tahap_urut=stage).order_by("-tahun", "tahap_urut", "perangkat_daerah__nama", "id")


def with_totals(plans, numbers=None):
    """Set `total_n` (pagu n computed from the sub kegiatan) on each plan: summed once per data version
    (plans/totals.py; `numbers`: the plans' versions.current_of when the caller has read them)."""
    plans = list(plans)
    totals = pagu_n_totals(plans, numbers)
    for plan in plans:
        plan.total_n = totals[plan.id]
    return plans


def last_return_reasons(plans):
    """Set `alasan_kembali` on each returned plan: the reason of its latest return (one query)."""
    returned = [p for p in plans if p.status == Renja.Status.DIKEMBALIKAN]
    reasons = {}
    for t in Transisi.objects.filter(renja__in=[p.id for p in returned], ke=Renja.Status.DIKEMBALIKAN).order_by(
            "pada", "id").select_related("oleh"):
        reasons[t.renja_id] = t  # later ones overwrite earlier ones
    for plan in plans:
        plan.kembali = reasons.get(plan.id)
    return plans


@login_required
def home(request):
    profil = profil_of(request.user)
    if profil is None:
        return render(request, "web/home/no_role.html")
    plans = list(newest_first(visible_renja(request.user).select_related("perangkat_daerah")))
    numbers = versions.current_of(plans) if plans else {}  # one read for the totals and the early warning
    plans = with_totals(plans, numbers)
    waiting = last_return_reasons([p for p in plans if p.status in MENUNGGU[profil.peran]])
    context = {
        "plans": plans,
        "waiting": waiting,
        "pd_roles": profil.peran in Profil.PD_ROLES,
        "show_pd": profil.peran not in Profil.PD_ROLES,  # Pemda roles see every PD's plans: name the PD
        "peran": profil.peran,
        "show_reason": profil.peran == Profil.Peran.OPERATOR_PD,  # what the operator must fix
    }
    # monitoring: the PD's own early warning, or the Pemda's lagging PDs
    from .monitoring import lagging_plans, own_warning, quarter_label

    if profil.peran in Profil.PD_ROLES:
        context["own_warning"] = own_warning(plans, numbers)
    else:
        tahun, triwulan, flagged = lagging_plans(profil.pemda)
        context["lagging"] = {"tahun": tahun, "triwulan": quarter_label(triwulan), "plans": flagged}
    if profil.peran not in Profil.PD_ROLES:
        pds = list(scope(PerangkatDaerah.objects.all(), request.user, "self").order_by("kode"))
        counts = {}
        for plan in plans:
            counts[plan.perangkat_daerah_id] = counts.get(plan.perangkat_daerah_id, 0) + 1
        for pd in pds:
            pd.jumlah_renja = counts.get(pd.id, 0)
        context["pds"] = pds
    return render(request, "web/home/home.html", context)

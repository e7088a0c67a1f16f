"""Bappeda's status board: every PD of the Pemda for a year, with its plan's stage and status, pagu (computed
from the sub kegiatan) against the ceiling, the checker's errors left and the last change.

A fixed number of queries whatever the number of PDs: the pagu is summed in SQL, the stored findings of every
plan are read in one query (never computed here: a plan whose stored findings are stale says so), and the last
change is the latest of the plan's workflow steps and its rows' field history.
"""

from dataclasses import dataclass

from django.db.models import Max

from renja.organizations.models import PerangkatDaerah
from renja.plans import rkpd, versions
from renja.plans.models import Renja, SubKegiatan
from renja.plans.rollup import plans_totals
from renja.rules.models import StoredCheck
from renja.rules.stored import rules_version

from .models import Transisi


@dataclass
class Change:
    pada: object  # datetime
    oleh: str  # the user's name, or ""
    apa: str  # what changed, in Indonesian


@dataclass
class BoardLine:
    pd: object  # PerangkatDaerah
    renja: object  # the plan of the year (the stage asked for, or the latest), or None
    pagu_n: int | None
    plafon: int | None
    errors: int | None  # the checker's errors as stored; None when never checked
    warnings: int | None
    stale: bool  # the stored findings are older than the plan's data
    last: Change | None

    @property
    def selisih(self):
        """Ceiling minus pagu: negative when the plan exceeds its ceiling."""
        if self.pagu_n is None or self.plafon is None:
            return None
        return self.plafon - self.pagu_n

    @property
    def lebih(self):
        """How much the plan exceeds its ceiling (None when within it)."""
        return -self.selisih if self.over else None

    @property
    def over(self):
        return self.selisih is not None and self.selisih < 0


@dataclass
class Board:
    tahun: int
    tahap: str | None
    lines: list
    total_pagu: int
    total_plafon: int
    per_status: dict  # status label → number of PDs (and "Belum ada Renja")
    over: int  # PDs above their ceiling
    with_errors: int  # PDs whose plan still has checker errors


def _who(user):
    return (user.get_full_name() or user.username) if user is not None else ""


def _last_changes(plan_ids):
    """{renja id: Change}: the latest workflow step or field change of the plan or its sub kegiatan."""
    latest = {}

    def offer(renja_id, change):
        if change.pada is not None and (renja_id not in latest or change.pada > latest[renja_id].pada):
            latest[renja_id] = change

    steps = dict(Transisi.objects.filter(renja__in=plan_ids).values_list("renja").annotate(last=Max("id")))
    for step in Transisi.objects.filter(pk__in=steps.values()).select_related("oleh"):
        offer(step.renja_id, Change(step.pada, _who(step.oleh), f"Alur kerja: {step.get_ke_display()}"))
    history = SubKegiatan.history.model
    subs = dict(history.objects.filter(kegiatan__program__renja__in=plan_ids)
                .values_list("kegiatan__program__renja").annotate(last=Max("history_id")))
    for record in history.objects.filter(history_id__in=subs.values()).select_related(
            "history_user", "kegiatan__program"):
        offer(record.kegiatan.program.renja_id,
              Change(record.history_date, _who(record.history_user), f"Sub kegiatan diubah: {record.nama[:60]}"))
    plans = dict(Renja.history.model.objects.filter(id__in=plan_ids).values_list("id").annotate(
        last=Max("history_id")))
    for record in Renja.history.model.objects.filter(history_id__in=plans.values()).select_related("history_user"):
        offer(record.id, Change(record.history_date, _who(record.history_user), "Renja diubah"))
    return latest


def status_board(pemda, tahun, tahap=None):
    pds = list(PerangkatDaerah.objects.filter(pemda=pemda).order_by("kode"))
    plans = rkpd.plans_of_year(pemda, tahun, tahap)
    ids = [p.pk for p in plans.values()]
    totals = plans_totals(ids)  # one aggregate for every plan on the board
    ceilings = rkpd.ceilings_of_year(pemda, tahun, plans)
    numbers = versions.checked_of(list(plans.values()))  # what each plan's findings are of, in one query
    current_rules = rules_version()
    checks = {}
    for renja_id, temuan, versi_data, versi_aturan in StoredCheck.objects.filter(renja__in=ids).values_list(
            "renja_id", "temuan", "versi_data", "versi_aturan"):
        checks[renja_id] = (sum(1 for f in temuan if f.get("severity") == "error"),
                            sum(1 for f in temuan if f.get("severity") == "warning"), versi_data, versi_aturan)
    changes = _last_changes(ids)
    lines, per_status = [], {}
    for pd in pds:
        plan = plans.get(pd.pk)
        if plan is None:
            lines.append(BoardLine(pd, None, None, None, None, None, False, None))
            per_status["Belum ada Renja"] = per_status.get("Belum ada Renja", 0) + 1
            continue
        check = checks.get(plan.pk)
        stale = check is None or check[2] != numbers.get(plan.pk) or check[3] != current_rules
        lines.append(BoardLine(pd, plan, totals[plan.pk].pagu_n, ceilings.get(pd.pk),
                               check[0] if check else None, check[1] if check else None, stale,
                               changes.get(plan.pk)))
        label = plan.get_status_display()
        per_status[label] = per_status.get(label, 0) + 1
    return Board(
        tahun=tahun, tahap=tahap, lines=lines,
        total_pagu=sum(line.pagu_n or 0 for line in lines),
        total_plafon=sum(line.plafon or 0 for line in lines if line.renja is not None),
        per_status=per_status, over=sum(1 for line in lines if line.over),
        with_errors=sum(1 for line in lines if line.errors),
    )

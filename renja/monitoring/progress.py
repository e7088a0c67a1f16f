"""Progress of plans in force during their year: spending and physical progress per quarter, rolled up from
sub kegiatan to kegiatan, program and plan; the year's realisation and capaian of every indicator; the early
warning of a lagging PD; the city's ranking of PDs by realisation.

Built from the quarterly realisation (monitoring.RealisasiSubKegiatan, RealisasiIndikator) in a fixed
number of queries whatever the number of plans or rows (one bulk reader serves one plan and the city view).
"""

from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from types import SimpleNamespace

from django.db.models import Q

from renja.core.numbers import format_persen
from renja.monitoring import measures
from renja.monitoring.models import (
    PengaturanMonitoring,
    RealisasiIndikator,
    RealisasiSubKegiatan,
    SkalaPemda,
    Triwulan,
)
from renja.plans.models import Indikator, Kegiatan, Program, Renja, SubKegiatan

QUARTERS = (1, 2, 3, 4)
DEFAULT_RENCANA = {1: Decimal(25), 2: Decimal(50), 3: Decimal(75), 4: Decimal(100)}
DEFAULT_TOLERANSI = Decimal(10)
HUNDRED = Decimal(100)
REALISATION_FIELDS = ("sub_kegiatan_id", "triwulan", "rencana_keuangan", "keuangan", "fisik", "faktor_pendorong",
                      "faktor_penghambat", "tindak_lanjut")
# Later stages replace earlier ones (Renja.Tahap lists them in order): the plan in force is the latest stage
# that is ditetapkan.
STAGE_ORDER = list(Renja.Tahap.values)


@dataclass
class QuarterFigures:
    """Cumulative figures up to the end of quarter `triwulan`."""

    triwulan: int
    rencana: int                       # planned cumulative spending (Rp)
    realisasi: int                     # realised cumulative spending (Rp)
    persen_rencana: Decimal | None     # rencana / pagu × 100
    persen_keuangan: Decimal | None    # realisasi / pagu × 100
    fisik: Decimal | None              # cumulative physical progress weighted by pagu
    ada_data: bool                     # any realisation entered for this quarter


@dataclass
class IndicatorProgress:
    id: int
    uraian: str
    polaritas: str
    target_teks: str
    target: Decimal | None
    satuan: str
    triwulan: list                     # 4 values (Decimal | None) as entered
    akumulasi: str                     # "jumlah" | "akhir" (after inference)
    realisasi: Decimal | None          # the year's realisation so far
    capaian: Decimal | None
    kategori: str | None
    di_atas_skala: bool
    catatan: str


@dataclass
class RowProgress:
    level: str
    id: int
    kode: str
    nama: str
    pagu: int
    triwulan: list                     # 4 QuarterFigures
    indicators: list                   # IndicatorProgress
    children: list                     # RowProgress
    faktor_pendorong: str = ""
    faktor_penghambat: str = ""
    tindak_lanjut: str = ""

    def _latest(self):
        for figures in reversed(self.triwulan):
            if figures.ada_data:
                return figures
        return None

    @property
    def realisasi(self):
        latest = self._latest()
        return latest.realisasi if latest else 0

    @property
    def persen_keuangan(self):
        latest = self._latest()
        return latest.persen_keuangan if latest else None

    @property
    def fisik(self):
        latest = self._latest()
        return latest.fisik if latest else None


@dataclass
class EarlyWarning:
    triwulan: int
    rencana: Decimal
    toleransi: Decimal
    keuangan: Decimal | None
    fisik: Decimal | None
    terlambat: bool
    pesan: str


@dataclass(frozen=True)
class Settings:
    """A Pemda's monitoring settings as plain values (PengaturanMonitoring read once): what the roll-up and the
    early warning use, and what a stored result keeps."""

    rencana_tw1: Decimal
    rencana_tw2: Decimal
    rencana_tw3: Decimal
    rencana_tw4: Decimal
    toleransi: Decimal

    @classmethod
    def of(cls, row):
        return cls(*(Decimal(getattr(row, f"rencana_tw{q}")) for q in QUARTERS), Decimal(row.toleransi))

    def rencana(self, triwulan):
        return getattr(self, f"rencana_tw{triwulan}")


@dataclass
class PlanProgress:
    renja_id: int
    pd_id: int
    pd_nama: str
    tahun: int
    pagu: int
    triwulan: list                     # 4 QuarterFigures for the whole plan
    programs: list                     # RowProgress tree
    triwulan_terakhir: int | None
    peringatan: EarlyWarning | None
    skala: list = field(default_factory=list)   # [(Band, label)]
    pengaturan: Settings | None = None           # the Pemda's settings, None: the defaults

    def quarter(self, triwulan):
        return self.triwulan[triwulan - 1] if triwulan else None


def _stage_rank(tahap):
    return STAGE_ORDER.index(tahap) if tahap in STAGE_ORDER else -1


def in_force(plans):
    """Among the stages of one PD and year, the plan in force: the latest stage that is ditetapkan (None)."""
    fixed = [p for p in plans if p.status == Renja.Status.DITETAPKAN]
    return max(fixed, key=lambda p: _stage_rank(p.tahap), default=None)


def plan_in_force(perangkat_daerah, tahun):
    """The plan in force of a PD for a year, or None when no stage is ditetapkan."""
    return in_force(Renja.objects.select_related("perangkat_daerah__pemda").filter(
        perangkat_daerah=perangkat_daerah, tahun=tahun, status=Renja.Status.DITETAPKAN))


def build_progress(renja):
    """The progress of one plan, in a fixed number of queries whatever its size."""
    return read_progress([renja.id])[0]


def scale_for(pemda):
    """The Pemda's category scale (SkalaPemda rows, in order) as [(Band, label)]; DEFAULT_SCALE (Permendagri
    86/2017) when it sets none or none of its bands can be read."""
    rows = SkalaPemda.objects.filter(pemda=pemda).order_by("urutan", "id").values_list("skala", "kategori")
    return measures.read_scale(list(rows)) or measures.DEFAULT_SCALE


def city_ranking(pemda, tahun, triwulan=None):
    """The plan in force (ditetapkan; the latest stage when several are) of every PD of the Pemda for the year,
    best first by cumulative financial realisation (% of pagu) at the quarter: `triwulan`, or else the latest
    quarter any of them reported. Plans without data for that quarter come last; ties by PD name. Each plan's
    `peringatan` is the early warning of that quarter. A fixed number of queries, whatever the number of PDs."""
    rows = Renja.objects.filter(perangkat_daerah__pemda=pemda, tahun=tahun, status=Renja.Status.DITETAPKAN)
    return rank(read_progress([p.id for p in in_force_of_each(rows)], with_indicators=False), triwulan)


def in_force_of_each(plans):
    """Among ditetapkan plans of one year, the plan in force of each PD (the latest stage), in PD order."""
    chosen = {}
    for plan in plans:
        if plan.perangkat_daerah_id not in chosen or _stage_rank(plan.tahap) > _stage_rank(
                chosen[plan.perangkat_daerah_id].tahap):
            chosen[plan.perangkat_daerah_id] = plan
    return [chosen[pd_id] for pd_id in sorted(chosen)]


def rank(plans, triwulan=None):
    """`plans` (PlanProgress) ordered as `city_ranking` orders them, each with the early warning of the quarter
    ranked on (`triwulan`, else the latest any of them reported)."""
    if triwulan is None:
        triwulan = max((p.triwulan_terakhir for p in plans if p.triwulan_terakhir), default=None)

    def key(plan):
        figures = plan.quarter(triwulan)
        persen = figures.persen_keuangan if figures and figures.ada_data else None
        return (persen is None, -(persen or 0), plan.pd_nama.lower(), plan.renja_id)

    for plan in plans:
        plan.peringatan = early_warning(plan, triwulan=triwulan) if triwulan else None
    return sorted(plans, key=key)


def early_warning(progress, settings=None, triwulan=None):
    """Is the plan behind the planned cumulative progress of the quarter (default: the last one reported)?

    Planned: `settings.rencana(q)` (the Pemda's PengaturanMonitoring; defaults 25/50/75/100 % and a tolerance
    of 10 points). Behind when financial or physical progress is below plan − tolerance (at the edge is not
    behind). None when the quarter has no data.
    """
    settings = settings if settings is not None else getattr(progress, "pengaturan", None)
    triwulan = triwulan or progress.triwulan_terakhir
    if not triwulan:
        return None
    figures = progress.triwulan[triwulan - 1]
    if not figures.ada_data:
        return None
    rencana = settings.rencana(triwulan) if settings is not None else None
    rencana = DEFAULT_RENCANA[triwulan] if rencana is None else Decimal(rencana)
    toleransi = getattr(settings, "toleransi", None) if settings is not None else None
    toleransi = DEFAULT_TOLERANSI if toleransi is None else Decimal(toleransi)
    floor = rencana - toleransi
    keuangan, fisik = figures.persen_keuangan, figures.fisik
    keuangan_late = keuangan is not None and keuangan < floor
    fisik_late = fisik is not None and fisik < floor
    return EarlyWarning(
        triwulan=triwulan, rencana=rencana, toleransi=toleransi, keuangan=keuangan, fisik=fisik,
        terlambat=keuangan_late or fisik_late,
        pesan=_warning_text(triwulan, rencana, toleransi, keuangan, fisik, keuangan_late, fisik_late))


def _pct(value):
    return format_persen(measures.round_percent(value)) if value is not None else "–"


def _warning_text(triwulan, rencana, toleransi, keuangan, fisik, keuangan_late, fisik_late):
    quarter = Triwulan(triwulan).label
    band = f"rencana {_pct(rencana)} (toleransi {measures.number_text(toleransi)} poin)"
    figures = {"keuangan": f"keuangan {_pct(keuangan)}", "fisik": f"fisik {_pct(fisik)}"}
    if keuangan_late and fisik_late:
        return f"{quarter}: realisasi {figures['keuangan']} dan {figures['fisik']} di bawah {band}."
    if keuangan_late or fisik_late:
        late, other = ("keuangan", "fisik") if keuangan_late else ("fisik", "keuangan")
        return f"{quarter}: realisasi {figures[late]} di bawah {band}; realisasi {figures[other]}."
    return f"{quarter}: realisasi {figures['keuangan']} dan {figures['fisik']} sesuai {band}."


# --- the bulk reader ---------------------------------------------------------------------------------------


def read_progress(renja_ids, with_indicators=True):
    """PlanProgress of each plan (in the order given), read in a fixed number of queries for all of them:
    plans with PD, programs, kegiatan, sub kegiatan, indicators, quarterly realisation of sub kegiatan and of
    indicators, the Pemda's settings and scales (9 queries). `with_indicators=False` leaves the indicators
    out (the rows' `indicators` stay empty; 7 queries): the city's ranking needs only the money and fisik."""
    renja_ids = list(renja_ids)
    if not renja_ids:
        return []
    plans = {r.id: r for r in Renja.objects.filter(id__in=renja_ids).select_related("perangkat_daerah__pemda")}
    pemda_ids = {r.perangkat_daerah.pemda_id for r in plans.values()}
    settings = {s.pemda_id: Settings.of(s) for s in PengaturanMonitoring.objects.filter(pemda_id__in=pemda_ids)}
    scale_rows = {}
    for row in SkalaPemda.objects.filter(pemda_id__in=pemda_ids).order_by("urutan", "id"):
        scale_rows.setdefault(row.pemda_id, []).append((row.skala, row.kategori))
    scales = {pemda_id: measures.read_scale(rows) or measures.DEFAULT_SCALE for pemda_id, rows in scale_rows.items()}

    scale_of_renja = {r.id: scales.get(r.perangkat_daerah.pemda_id, measures.DEFAULT_SCALE) for r in plans.values()}
    trees = {renja_id: [] for renja_id in plans}
    programs, kegiatan, subs = {}, {}, {}
    # Plain values, not model instances: a city has tens of thousands of rows.
    names = ("id", "kode", "kode_asli", "nama")
    for row in Program.objects.filter(renja_id__in=renja_ids).order_by("urutan", "id").values(*names, "renja_id"):
        node = programs[row["id"]] = _row("program", row, scale_of_renja[row["renja_id"]])
        trees[row["renja_id"]].append(node)
    for row in (Kegiatan.objects.filter(program__renja_id__in=renja_ids).order_by("urutan", "id")
                .values(*names, "program_id")):
        parent = programs[row["program_id"]]
        node = kegiatan[row["id"]] = _row("kegiatan", row, parent._scale)
        parent.children.append(node)
    for row in (SubKegiatan.objects.filter(kegiatan__program__renja_id__in=renja_ids).order_by("urutan", "id")
                .values(*names, "kegiatan_id", "pagu_n")):
        parent = kegiatan[row["kegiatan_id"]]
        node = subs[row["id"]] = _row("sub_kegiatan", row, parent._scale)
        node.pagu = row["pagu_n"] or 0
        parent.children.append(node)

    realisation = {}
    for r in (RealisasiSubKegiatan.objects.filter(sub_kegiatan__kegiatan__program__renja_id__in=renja_ids)
              .values(*REALISATION_FIELDS)):
        realisation.setdefault(r["sub_kegiatan_id"], {})[r["triwulan"]] = SimpleNamespace(**r)
    if with_indicators:
        _read_indicators(renja_ids, programs, kegiatan, subs)

    result = {}
    for renja_id, renja in plans.items():
        pd = renja.perangkat_daerah
        setting = settings.get(pd.pemda_id)
        tree = trees[renja_id]
        for program in tree:
            for keg in program.children:
                for sub in keg.children:
                    _sub_figures(sub, realisation.get(sub.id, {}), setting)
        progress = PlanProgress(
            renja_id=renja.id, pd_id=pd.id, pd_nama=pd.nama, tahun=renja.tahun, pagu=0, triwulan=[], programs=tree,
            triwulan_terakhir=None, peringatan=None, skala=scales.get(pd.pemda_id, measures.DEFAULT_SCALE),
            pengaturan=setting)
        result[renja_id] = _rolled_up(progress)
    return [result[renja_id] for renja_id in renja_ids if renja_id in result]


def read_again(base, sub_ids=(), indikator_ids=()):
    """What `read_progress` gives of `base`'s plan when, since `base` was read, only the realisation of sub
    kegiatan `sub_ids` and of indicators `indikator_ids` changed: those rows' figures read again, every roll-up
    made again from the sub kegiatan up; the rest taken from `base`, which is left as it was (read-only: its
    untouched rows' figures are shared). Ids not in the plan are passed over. Three queries at most, whatever
    the plan's size (a plan's realisation save read the whole plan again: 400 sub kegiatan, 4 quarters each)."""
    sub_ids, indikator_ids = set(sub_ids), set(indikator_ids)
    realisation = {}
    if sub_ids:
        for r in RealisasiSubKegiatan.objects.filter(sub_kegiatan_id__in=sub_ids).values(*REALISATION_FIELDS):
            realisation.setdefault(r["sub_kegiatan_id"], {})[r["triwulan"]] = SimpleNamespace(**r)
    indicators = {}
    if indikator_ids:
        values = {}
        for indikator_id, triwulan, nilai in RealisasiIndikator.objects.filter(
                indikator_id__in=indikator_ids).values_list("indikator_id", "triwulan", "nilai"):
            values.setdefault(indikator_id, {})[triwulan] = nilai
        for row in Indikator.objects.filter(id__in=indikator_ids).values(*_INDICATOR_FIELDS):
            i = SimpleNamespace(**row)
            indicators[i.id] = _indicator(i, values.get(i.id, {}), base.skala)

    def copied(node):
        # a shallow copy: the figures and indicators of an untouched row are the base's own lists
        new = replace(node)
        if any(i.id in indicators for i in node.indicators):
            new.indicators = [indicators.get(i.id, i) for i in node.indicators]
        return new

    tree = []
    for program in base.programs:
        program = copied(program)
        tree.append(program)
        kegiatan, program.children = program.children, []
        for keg in kegiatan:
            keg = copied(keg)
            program.children.append(keg)
            subs, keg.children = keg.children, []
            for sub in subs:
                sub = copied(sub)
                keg.children.append(sub)
                if sub.id in sub_ids:
                    sub.triwulan = []
                    sub.faktor_pendorong = sub.faktor_penghambat = sub.tindak_lanjut = ""
                    _sub_figures(sub, realisation.get(sub.id, {}), base.pengaturan)
                else:
                    _sums_of(sub)
    return _rolled_up(replace(base, programs=tree))


def programs_with(progress, sub_ids=(), indikator_ids=()):
    """The positions in `progress.programs` of the programs that hold any of the sub kegiatan `sub_ids` or the
    indicators `indikator_ids` (on the program, its kegiatan or their sub kegiatan)."""
    sub_ids, indikator_ids = set(sub_ids), set(indikator_ids)

    def holds(node):
        return (node.id in sub_ids and node.level == "sub_kegiatan") or any(
            i.id in indikator_ids for i in node.indicators) or any(holds(child) for child in node.children)

    return [index for index, program in enumerate(progress.programs) if holds(program)]


def _rolled_up(progress):
    """`progress` with its kegiatan, programs and plan rolled up from the figures of its sub kegiatan (each
    with its `_sums`), and its early warning."""
    for program in progress.programs:
        for keg in program.children:
            _roll_up(keg, keg.children)
        _roll_up(program, program.children)
    whole = SimpleNamespace(pagu=0, triwulan=[])
    _roll_up(whole, progress.programs)
    progress.pagu, progress.triwulan = whole.pagu, whole.triwulan
    progress.triwulan_terakhir = max((f.triwulan for f in whole.triwulan if f.ada_data), default=None)
    progress.peringatan = early_warning(progress)
    return progress


def _read_indicators(renja_ids, programs, kegiatan, subs):
    """Every indicator of the plans with its quarterly realisation, onto the rows they belong to."""
    indicator_values = {}
    for indikator_id, triwulan, nilai in RealisasiIndikator.objects.filter(
            Q(indikator__program__renja_id__in=renja_ids) | Q(indikator__kegiatan__program__renja_id__in=renja_ids)
            | Q(indikator__sub_kegiatan__kegiatan__program__renja_id__in=renja_ids)).values_list(
            "indikator_id", "triwulan", "nilai"):
        indicator_values.setdefault(indikator_id, {})[triwulan] = nilai
    # Plain values, not model instances, as for the rows: making a thousand Indikator was an eighth of the read.
    for values in Indikator.objects.filter(
            Q(program__renja_id__in=renja_ids) | Q(kegiatan__program__renja_id__in=renja_ids)
            | Q(sub_kegiatan__kegiatan__program__renja_id__in=renja_ids)).order_by("urutan", "id").values(
            *_INDICATOR_FIELDS):
        i = SimpleNamespace(**values)
        owner = programs.get(i.program_id) or kegiatan.get(i.kegiatan_id) or subs.get(i.sub_kegiatan_id)
        owner.indicators.append(_indicator(i, indicator_values.get(i.id, {}), owner._scale))


# What `_indicator` reads of an Indikator.
_INDICATOR_FIELDS = ("id", "program_id", "kegiatan_id", "sub_kegiatan_id", "uraian", "polaritas", "target_n_teks",
                     "target_n", "target_n_satuan", "akumulasi")


def _row(level, row, scale):
    node = RowProgress(level=level, id=row["id"], kode=row["kode"] or row["kode_asli"], nama=row["nama"], pagu=0,
                       triwulan=[], indicators=[], children=[])
    node._scale = scale
    return node


def _indicator(i, values, scale):
    quarters = [values.get(q) for q in QUARTERS]
    akumulasi = measures.infer_akumulasi(i.uraian, i.target_n_satuan, i.akumulasi)
    realisasi = measures.year_realisation(quarters, akumulasi)
    value, catatan = measures.capaian_explained(realisasi, i.target_n, i.polaritas)
    kategori, above = measures.categorise(value, scale)
    return IndicatorProgress(
        id=i.id, uraian=i.uraian, polaritas=i.polaritas, target_teks=i.target_n_teks, target=i.target_n,
        satuan=i.target_n_satuan, triwulan=quarters, akumulasi=akumulasi, realisasi=realisasi, capaian=value,
        kategori=kategori, di_atas_skala=above, catatan=catatan)


def _has_data(r):
    return r is not None and (r.keuangan is not None or r.fisik is not None)


def _planned_percent(setting, triwulan):
    value = setting.rencana(triwulan) if setting is not None else None
    return DEFAULT_RENCANA[triwulan] if value is None else Decimal(value)


def _percent(amount, pagu):
    # measures.realisation_percent for the ints of a roll-up, without its conversions through text
    return amount * HUNDRED / Decimal(pagu) if pagu else None


def _sub_figures(sub, rows, setting):
    """A sub kegiatan's cumulative figures per quarter.

    Planned: the planned spending entered (rencana_keuangan) added up to the quarter, when any is entered for
    this sub kegiatan; else pagu × the Pemda's cumulative planned %. Physical progress is cumulative: a quarter
    without a figure keeps the last one reported before it (progress does not go back), 0 when none was yet.
    Kept on the node for the roll-ups as `_sums` (see `_roll_up`).
    """
    own_plan = any(r.rencana_keuangan is not None for r in rows.values())
    rencana = realisasi = 0
    fisik = Decimal(0)
    pagu = Decimal(sub.pagu)
    sub._sums, sub._count = [], 1
    for q in QUARTERS:
        r = rows.get(q)
        if own_plan:
            rencana += (r.rencana_keuangan or 0) if r else 0
            planned = rencana
        else:
            planned = int((pagu * _planned_percent(setting, q) / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        if r is not None:
            realisasi += r.keuangan or 0
            if r.fisik is not None:
                fisik = Decimal(r.fisik)
        data = _has_data(r)
        sub._sums.append((planned, realisasi, fisik * pagu, fisik, data))
        sub.triwulan.append(QuarterFigures(
            triwulan=q, rencana=planned, realisasi=realisasi, persen_rencana=_percent(planned, sub.pagu),
            persen_keuangan=_percent(realisasi, sub.pagu), fisik=fisik if data else None, ada_data=data))
    latest = None
    for q in QUARTERS:
        r = rows.get(q)
        if r is not None and (_has_data(r) or r.faktor_pendorong or r.faktor_penghambat or r.tindak_lanjut):
            latest = r
    if latest is not None:
        sub.faktor_pendorong = latest.faktor_pendorong
        sub.faktor_penghambat = latest.faktor_penghambat
        sub.tindak_lanjut = latest.tindak_lanjut


def _sums_of(sub):
    """The running sums `_sub_figures` keeps on a sub kegiatan, from its figures: the physical progress carried
    to a quarter without data is the one of the last quarter with data (it changes only at a quarter with a
    figure, which has data), 0 before any."""
    pagu, fisik = Decimal(sub.pagu), Decimal(0)
    sub._sums, sub._count = [], 1
    for figures in sub.triwulan:
        if figures.ada_data:
            fisik = figures.fisik
        sub._sums.append((figures.rencana, figures.realisasi, fisik * pagu, fisik, figures.ada_data))


def _roll_up(node, parts):
    """Figures of a group from its parts' running sums (sub kegiatan, or groups already rolled up): money added
    up, percentages of the group's pagu, physical progress the mean of its sub kegiatan's weighted by pagu (the
    plain mean when the pagu add up to 0). Each sub kegiatan is added once per level, not once per ancestor;
    the sums are exact, so the figures are the very Decimals a flat mean over the sub kegiatan gives."""
    node.pagu = sum(p.pagu for p in parts)
    count = sum(p._count for p in parts)
    node._sums, node._count, node.triwulan = [], count, []
    for q in QUARTERS:
        rencana = realisasi = weighted = plain = 0
        data = False
        for p in parts:
            r, k, w, f, d = p._sums[q - 1]
            rencana += r
            realisasi += k
            weighted += w
            plain += f
            data = data or d
        node._sums.append((rencana, realisasi, weighted, plain, data))
        fisik = None
        if data:
            fisik = weighted / Decimal(node.pagu) if node.pagu else plain / count
        node.triwulan.append(QuarterFigures(
            triwulan=q, rencana=rencana, realisasi=realisasi, persen_rencana=_percent(rencana, node.pagu),
            persen_keuangan=_percent(realisasi, node.pagu), fisik=fisik, ada_data=data))

"""The compiled RKPD of a Pemda for a year: every PD's programs and kegiatan with their pagu, and the pagu by
urusan and bidang urusan (from the program codes), by sumber dana and by prioritas daerah, totals computed.

`plans_of_year` picks each PD's plan (the stage asked for, or the latest stage of the year); `compile_rkpd`
reads them with a fixed number of queries whatever the number of PDs and rows, summing the sub kegiatan in
SQL. Money is planned only on sub kegiatan: every figure here is a sum of theirs.

Grouping rules. Urusan and bidang come from a program's code (`2.08.02` → urusan 2, bidang 2.08); a program
without a readable code goes under "Tanpa kode". A sub kegiatan's pagu goes to the combination of its sumber
dana ("APBD + DAK"), so the groups add up to the total (without a linked sumber dana: as written). A prioritas
daerah (Tabel 3.1 of each plan) gathers the programs that serve it, found through the PD's sasaran, its Renstra
matrix and Tabel 4 (renja/renstra/priorities.py); a PD whose chain reaches no program is placed under the
priority with its whole plan, marked (`Line.linked` False). A program may serve several priorities, so that
column is not a sum.
"""

from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Sum, Value, When

from renja.organizations.models import PaguPlafon, PerangkatDaerah
from renja.reference.models import Nomenklatur
from renja.renstra.priorities import program_links

from .models import Kegiatan, Program, Renja, SubKegiatan

# The latest stage of a year first: a Renja Perubahan replaces the final plan, which replaces the drafts.
LATEST_FIRST = [Renja.Tahap.PERUBAHAN, Renja.Tahap.FINAL, Renja.Tahap.RANCANGAN, Renja.Tahap.RANCANGAN_AWAL]
NO_CODE = "Tanpa kode"
NO_SOURCE = "Sumber dana tidak disebut"


def plans_of_year(pemda, tahun, tahap=None):
    """{PD id: Renja}: the plan of each PD of the Pemda for the year at stage `tahap`, or, without it, at the
    latest stage it has (one query)."""
    plans = Renja.objects.filter(perangkat_daerah__pemda=pemda, tahun=tahun)
    if tahap:
        plans = plans.filter(tahap=tahap)
    order = Case(*[When(tahap=t, then=Value(i)) for i, t in enumerate(LATEST_FIRST)],
                 default=Value(len(LATEST_FIRST)), output_field=IntegerField())
    chosen = {}
    for plan in plans.annotate(urut=order).order_by("urut", "id"):
        chosen.setdefault(plan.perangkat_daerah_id, plan)
    return chosen


def ceilings_of_year(pemda, tahun, plans):
    """{PD id: the ceiling that applies to its plan} (the plan's stage, else the year's), one query."""
    rows = {}
    for row in PaguPlafon.objects.filter(perangkat_daerah__pemda=pemda, tahun=tahun):
        rows[(row.perangkat_daerah_id, row.tahap)] = row.pagu
    result = {}
    for pd_id, plan in plans.items():
        own = rows.get((pd_id, plan.tahap))
        result[pd_id] = own if own is not None else rows.get((pd_id, ""))
    return result


@dataclass
class Line:
    kode: str
    nama: str
    pagu_n: int = 0
    pagu_n1: int = 0
    children: list = field(default_factory=list)
    pd: str = ""  # the PD's name, on program lines
    code: str = ""  # a program's normalised code (blank when unreadable), for its urusan and bidang
    linked: bool = True  # under a prioritas daerah: False when no program could be linked (the PD's whole plan)

    def add(self, n, n1):
        self.pagu_n += n or 0
        self.pagu_n1 += n1 or 0


@dataclass
class PdPlan:
    pd: object  # PerangkatDaerah
    renja: object  # Renja or None
    programs: list  # Line per program, children Line per kegiatan
    pagu_n: int
    pagu_n1: int
    plafon: int | None


@dataclass
class Rkpd:
    pemda: object
    tahun: int
    tahap: str | None
    pds: list  # PdPlan, by PD code (PDs without a plan included, with no programs)
    urusan: list  # Line per urusan, children Line per bidang urusan
    sumber_dana: list  # Line per combination of sumber dana
    prioritas: list  # Line per prioritas daerah, children Line per PD serving it, theirs the programs linked
    total_n: int
    total_n1: int
    total_plafon: int

    @property
    def without_plan(self):
        return [p.pd for p in self.pds if p.renja is None]


def _code_parts(kode):
    parts = (kode or "").split(".")
    if len(parts) < 3 or not parts[0]:
        return None, None
    return parts[0], ".".join(parts[:2])


def _by_source(ids):
    """{label: Line}: each sub kegiatan's pagu under the combination of its sumber dana (one query over the links,
    with the pagu), or, for a sub kegiatan without one, under its sumber dana as written (summed in SQL)."""
    through = SubKegiatan.sumber_dana.through
    subs = {}
    for sub_id, nama, n, n1 in (through.objects.filter(subkegiatan__kegiatan__program__renja__in=ids)
                                .values_list("subkegiatan_id", "sumberdana__nama", "subkegiatan__pagu_n",
                                             "subkegiatan__pagu_n1")):
        entry = subs.get(sub_id)
        if entry is None:
            subs[sub_id] = entry = [set(), n, n1]
        entry[0].add(" ".join(nama.split()))
    by_source = {}

    def add(label, n, n1):
        label = label or NO_SOURCE
        line = by_source.get(label)
        if line is None:
            by_source[label] = line = Line("", label)
        line.add(n, n1)

    for names, n, n1 in subs.values():
        add(" + ".join(sorted(names)) if len(names) > 1 else next(iter(names)), n, n1)
    for teks, n, n1 in (SubKegiatan.objects.filter(kegiatan__program__renja__in=ids, sumber_dana__isnull=True)
                        .values_list("sumber_dana_teks").annotate(n=Sum("pagu_n"), n1=Sum("pagu_n1"))):
        add(" ".join((teks or "").split()), n, n1)
    return by_source


def compile_rkpd(pemda, tahun, tahap=None):
    """The compiled RKPD (see the module's docstring); a fixed number of queries."""
    pds = list(PerangkatDaerah.objects.filter(pemda=pemda).order_by("kode"))
    plans = plans_of_year(pemda, tahun, tahap)
    ids = [p.pk for p in plans.values()]
    ceilings = ceilings_of_year(pemda, tahun, plans)
    pd_of_plan = {p.pk: pd_id for pd_id, p in plans.items()}
    pd_by_id = {pd.pk: pd for pd in pds}

    kegiatan_sums = {k: (n or 0, n1 or 0) for k, n, n1 in (
        SubKegiatan.objects.filter(kegiatan__program__renja__in=ids).values_list("kegiatan_id")
        .annotate(n=Sum("pagu_n"), n1=Sum("pagu_n1")))}
    programs = {}
    by_plan = {}
    program_rows = []
    for pid, renja_id, kode, kode_asli, nama in (Program.objects.filter(renja__in=ids).order_by("urutan", "id")
                                                  .values_list("id", "renja_id", "kode", "kode_asli", "nama")):
        line = Line(kode or " ".join(kode_asli.split()), nama, pd=str(pd_by_id[pd_of_plan[renja_id]]), code=kode)
        programs[pid] = line
        by_plan.setdefault(renja_id, []).append(line)
        program_rows.append((pid, renja_id, kode, nama))
    for kid, program_id, kode, kode_asli, nama in (Kegiatan.objects.filter(program__renja__in=ids)
                                                   .order_by("urutan", "id")
                                                   .values_list("id", "program_id", "kode", "kode_asli", "nama")):
        line = Line(kode or " ".join(kode_asli.split()), nama)
        line.add(*kegiatan_sums.get(kid, (0, 0)))
        programs[program_id].children.append(line)
        programs[program_id].add(line.pagu_n, line.pagu_n1)

    # urusan and bidang urusan, named from the nomenclature when it is loaded
    urusan = {}
    for line in programs.values():
        u, b = _code_parts(line.code)
        u_line = urusan.setdefault(u or NO_CODE, Line(u or NO_CODE, ""))
        u_line.add(line.pagu_n, line.pagu_n1)
        if b:
            b_line = next((c for c in u_line.children if c.kode == b), None)
            if b_line is None:
                b_line = Line(b, "")
                u_line.children.append(b_line)
            b_line.add(line.pagu_n, line.pagu_n1)
    names = dict(Nomenklatur.objects.filter(
        tingkat__in=[Nomenklatur.Tingkat.URUSAN, Nomenklatur.Tingkat.BIDANG_URUSAN],
        kode__in=[c.kode for u in urusan.values() for c in [u, *u.children]]).values_list("kode", "nama"))
    for u in urusan.values():
        u.nama = names.get(u.kode, "")
        u.children.sort(key=lambda c: [int(x) if x.isdecimal() else x for x in c.kode.split(".")])
        for c in u.children:
            c.nama = names.get(c.kode, "")

    by_source = _by_source(ids)

    pd_plans, total_n, total_n1, total_plafon = [], 0, 0, 0
    for pd in pds:
        plan = plans.get(pd.pk)
        lines = by_plan.get(plan.pk, []) if plan else []
        n, n1 = sum(p.pagu_n for p in lines), sum(p.pagu_n1 for p in lines)
        pd_plans.append(PdPlan(pd, plan, lines, n, n1, ceilings.get(pd.pk)))
        total_n, total_n1 = total_n + n, total_n1 + n1
        total_plafon += ceilings.get(pd.pk) or 0
    totals_of = {p.renja.pk: p for p in pd_plans if p.renja is not None}

    priorities = {}
    for renja_id, text, served in program_links(plans.values(), program_rows):
        plan = totals_of[renja_id]
        if text:
            line = priorities.setdefault(text.lower(), Line("", text))
            pd_line = next((c for c in line.children if c.kode == plan.pd.kode), None)
            if pd_line is None:
                pd_line = Line(plan.pd.kode, plan.pd.nama, linked=bool(served))
                line.children.append(pd_line)
            if served:  # the programs serving it, each once
                pd_line.linked = True
                for pid in served:
                    program = programs[pid]
                    if all(c is not program for c in pd_line.children):
                        pd_line.children.append(program)
            elif pd_line.linked is False and not pd_line.pagu_n and not pd_line.pagu_n1:
                pd_line.add(plan.pagu_n, plan.pagu_n1)
    order = {id(program): i for i, program in enumerate(programs.values())}
    for line in priorities.values():
        for pd_line in line.children:
            if pd_line.linked:
                pd_line.children.sort(key=lambda p: order[id(p)])
                pd_line.pagu_n = sum(p.pagu_n for p in pd_line.children)
                pd_line.pagu_n1 = sum(p.pagu_n1 for p in pd_line.children)
            line.add(pd_line.pagu_n, pd_line.pagu_n1)

    return Rkpd(pemda=pemda, tahun=tahun, tahap=tahap, pds=pd_plans,
                urusan=sorted(urusan.values(), key=lambda u: (u.kode == NO_CODE, u.kode)),
                sumber_dana=sorted(by_source.values(), key=lambda s: (-s.pagu_n, s.nama)),
                prioritas=list(priorities.values()), total_n=total_n, total_n1=total_n1, total_plafon=total_plafon)

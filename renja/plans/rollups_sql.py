"""Roll-ups computed by the database, for a Pemda or a whole province: pagu n and n+1 and realised spending
per urusan, bidang urusan, program (by code), sumber dana, prioritas daerah, Perangkat Daerah, Pemda and
province.

The numbers are those of the Python roll-ups (renja/plans/rkpd.py `compile_rkpd`, renja/monitoring/progress.py
for the realisation): the same plan of each PD (the stage asked for, else the latest stage of the year,
`rkpd.plans_of_year`), the same grouping rules, but each sum is a GROUP BY over the sub kegiatan in SQL and
only the grouped rows come back to Python. tests/plans/test_rollups_sql.py compares both on generated plans.

- urusan / bidang come from the program's code by prefix (`2.08.02` → `2`, `2.08`): the database groups by
  the program code, Python folds the few hundred codes into their prefixes with `rkpd._code_parts` (a code
  without two dots goes under "Tanpa kode").
- sumber dana: a sub kegiatan's whole pagu goes to the *combination* of its linked sumber dana ("APBD + DAK");
  the database groups sub kegiatan by the list of their sumber dana ids kept beside the links
  (`SubKegiatan.sumber_dana_ids`, renja/plans/sources.py), Python names the few combinations.
  Without a linked sumber dana: as written (`sumber_dana_teks`).
- prioritas: which programs serve a priority is read as `compile_rkpd` reads it (renstra/priorities.py); the
  sums of those programs come from SQL. A program may serve several priorities: that column is not a sum.
- realisasi: the year's spending entered (RealisasiSubKegiatan.keuangan, every quarter) on the sub kegiatan of
  the chosen plans.
"""

from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    Max,
    Min,
    Sum,
    TextField,
    Value,
    When,
)
from django.db.models.functions import StrIndex, Substr

from renja.monitoring.models import RealisasiSubKegiatan
from renja.organizations.models import Pemda, PerangkatDaerah
from renja.reference.models import Nomenklatur, SumberDana

from . import sources
from .models import Program, Renja, SubKegiatan
from .rkpd import LATEST_FIRST, NO_CODE, NO_SOURCE, _code_parts

BY = ("urusan", "bidang", "program", "sumber_dana", "prioritas", "pd", "pemda", "provinsi")
LABELS = {"urusan": "Urusan", "bidang": "Bidang urusan", "program": "Program", "sumber_dana": "Sumber dana",
          "prioritas": "Prioritas daerah", "pd": "Perangkat daerah", "pemda": "Pemda", "provinsi": "Provinsi"}


@dataclass
class Row:
    kode: str
    nama: str = ""
    pagu_n: int = 0
    pagu_n1: int = 0
    realisasi: int = 0
    jumlah_sub_kegiatan: int = 0

    def add(self, n, n1, realisasi=0, count=0):
        self.pagu_n += n or 0
        self.pagu_n1 += n1 or 0
        self.realisasi += realisasi or 0
        self.jumlah_sub_kegiatan += count or 0


@dataclass
class Rollup:
    by: str
    tahun: int | None
    tahap: str | None
    pemda: list  # codes of the Pemda covered
    plans: int  # number of plans read
    rows: list = field(default_factory=list)
    total: Row = field(default_factory=lambda: Row("Jumlah"))

    def as_dict(self):
        return {"by": self.by, "tahun": self.tahun, "tahap": self.tahap, "pemda": self.pemda, "renja": self.plans,
                "rows": [asdict(r) for r in self.rows], "total": asdict(self.total)}


# --- which plans --------------------------------------------------------------------------------------------


def scope_pemda(pemda=None):
    """The Pemda a roll-up covers: `pemda` a Pemda code (`15.71`) or a province's code (`15`: every kabupaten/kota
    whose code starts with `15.`, and the province itself), None: all. Raises ValueError with an Indonesian
    message when nothing matches."""
    rows = Pemda.objects.order_by("kode")
    if pemda:
        code = pemda.strip()
        rows = rows.filter(kode=code) | rows.filter(kode__startswith=f"{code}.")
        rows = rows.order_by("kode")
        if not rows.exists():
            raise ValueError(f"Pemda atau provinsi berkode {code!r} tidak ada di basis data.")
    return list(rows)


def chosen_plans(pemdas, tahun=None, tahap=None):
    """(year, [Renja id]): each PD's plan of the year as `rkpd.plans_of_year` picks it (the stage asked for, else
    the latest stage), over all the Pemda given, in one query. Without `tahun`: the latest year with a plan."""
    plans = Renja.objects.filter(perangkat_daerah__pemda__in=pemdas)
    if tahun is None:
        tahun = plans.aggregate(t=Max("tahun"))["t"]
    plans = plans.filter(tahun=tahun)
    if tahap:
        plans = plans.filter(tahap=tahap)
    rank = {t: i for i, t in enumerate(LATEST_FIRST)}
    chosen = {}
    for pk, pd_id, stage in plans.order_by("id").values_list("id", "perangkat_daerah_id", "tahap"):
        current = chosen.get(pd_id)
        if current is None or rank.get(stage, len(rank)) < rank.get(current[1], len(rank)):
            chosen[pd_id] = (pk, stage)
    return tahun, sorted(pk for pk, _ in chosen.values())


# --- keys computed in SQL -----------------------------------------------------------------------------------


def _province_code(path):
    kode = F(path)
    return Case(When(**{f"{path}__contains": "."}, then=Substr(kode, 1, StrIndex(kode, Value(".")) - 1)),
                default=kode, output_field=CharField())


def _key(by, prefix):
    """The SQL expression grouping sub kegiatan (prefix "") or their realisation (prefix "sub_kegiatan__")."""
    program = f"{prefix}kegiatan__program__"
    if by == "program_code":  # as written, for urusan and bidang (`_grouped`)
        return F(f"{program}kode")
    if by == "program":
        return Case(When(**{f"{program}kode": ""}, then=Value(NO_CODE)), default=F(f"{program}kode"),
                    output_field=CharField())
    if by == "pd":
        return F(f"{program}renja__perangkat_daerah_id")
    if by == "pemda":
        return F(f"{program}renja__perangkat_daerah__pemda__kode")
    if by == "provinsi":
        return _province_code(f"{program}renja__perangkat_daerah__pemda__kode")
    raise ValueError(by)


def _grouped(by, ids):
    """{key: Row} of pagu, count and realisation per key, two queries. Urusan and bidang are grouped by the
    program's code in the database and folded into their prefixes here (as `rkpd._code_parts` cuts them): a few
    hundred codes, where cutting every sub kegiatan's in SQL cost SQLite twice the grouping itself."""
    if by in ("urusan", "bidang"):
        rows = {}
        for kode, row in _grouped("program_code", ids).items():
            parts = _code_parts(kode)
            key = (parts[0] if by == "urusan" else parts[1]) if parts[0] is not None else NO_CODE
            rows.setdefault(key, Row(key)).add(row.pagu_n, row.pagu_n1, row.realisasi, row.jumlah_sub_kegiatan)
        return rows
    rows = {}
    subs = (SubKegiatan.objects.filter(kegiatan__program__renja__in=ids).annotate(key=_key(by, ""))
            .values("key").annotate(n=Sum("pagu_n"), n1=Sum("pagu_n1"), count=Count("id")).order_by())
    if by == "program":
        subs = subs.annotate(nama=Min("kegiatan__program__nama"))
    for r in subs:
        row = rows.setdefault(r["key"], Row(str(r["key"]), r.get("nama") or ""))
        row.add(r["n"], r["n1"], count=r["count"])
    spent = (RealisasiSubKegiatan.objects.filter(sub_kegiatan__kegiatan__program__renja__in=ids)
             .annotate(key=_key(by, "sub_kegiatan__")).values("key").annotate(r=Sum("keuangan")).order_by())
    for r in spent:
        rows.setdefault(r["key"], Row(str(r["key"]))).add(0, 0, r["r"])
    return rows


def _names(by, rows):
    if by in ("urusan", "bidang"):
        names = dict(Nomenklatur.objects.filter(
            tingkat__in=[Nomenklatur.Tingkat.URUSAN, Nomenklatur.Tingkat.BIDANG_URUSAN],
            kode__in=list(rows)).values_list("kode", "nama"))
        for key, row in rows.items():
            row.nama = names.get(key, row.nama)
    elif by == "pd":
        pds = {pk: (f"{pemda} {kode}", nama) for pk, pemda, kode, nama in PerangkatDaerah.objects.filter(
            pk__in=list(rows)).values_list("id", "pemda__kode", "kode", "nama")}
        for key, row in rows.items():
            row.kode, row.nama = pds[key]
    elif by in ("pemda", "provinsi"):
        names = {p.kode: p.nama for p in Pemda.objects.filter(kode__in=list(rows))}
        for key, row in rows.items():
            row.nama = names.get(key, f"Provinsi {key}" if by == "provinsi" else "")


def _sort_key(kode):
    return (kode == NO_CODE, [(0, int(x), "") if x.isdecimal() else (1, 0, x) for x in str(kode).split(".")])


def _source_key(prefix):
    """(the sub kegiatan's sumber dana ids as stored, its text where none is linked) as SQL expressions."""
    ids = F(f"{prefix}sumber_dana_ids")
    written = Case(When(**{f"{prefix}sumber_dana_ids": ""}, then=F(f"{prefix}sumber_dana_teks")), default=Value(""),
                   output_field=TextField())
    return ids, written


def _by_source(ids):
    """{label: Row}: each sub kegiatan's pagu and realisation under the combination of its sumber dana, as
    `rkpd._by_source` labels it. The database groups the sub kegiatan (and their realisation) by the ids of
    their sumber dana as stored beside the links (renja/plans/sources.py), or, without one, by the text written;
    Python names the combinations (few) and merges those that read alike (a name repeated under two codes,
    texts that differ in spacing). Two queries, as for the other roll-ups."""
    linked, written = _source_key("")
    subs = (SubKegiatan.objects.filter(kegiatan__program__renja__in=ids).annotate(ids=linked, written=written)
            .values_list("ids", "written").annotate(n=Sum("pagu_n"), n1=Sum("pagu_n1"), c=Count("id")).order_by())
    linked, written = _source_key("sub_kegiatan__")
    spent = (RealisasiSubKegiatan.objects.filter(sub_kegiatan__kegiatan__program__renja__in=ids)
             .annotate(ids=linked, written=written).values_list("ids", "written").annotate(r=Sum("keuangan"))
             .order_by())
    groups = [(key, text, n, n1, 0, c) for key, text, n, n1, c in subs]
    groups += [(key, text, 0, 0, r, 0) for key, text, r in spent]
    names = {pk: " ".join(nama.split()) for pk, nama in SumberDana.objects.filter(
        pk__in={i for key, *_ in groups for i in sources.ids_of(key)}).values_list("id", "nama")}
    result = {}
    for key, text, pagu_n, pagu_n1, realised, count in groups:
        if key:
            label = " + ".join(sorted({names[i] for i in sources.ids_of(key)}))
        else:  # no sumber dana linked: as written
            label = " ".join((text or "").split())
        label = label or NO_SOURCE
        result.setdefault(label, Row(label, label)).add(pagu_n, pagu_n1, realised, count)
    return result


def _by_priority(ids):
    """({(pemda code, priority): Row}, total Row) as `compile_rkpd` builds its prioritas lines (per Pemda), the
    program sums from SQL. Not additive: a program serving two priorities counts under both; the total is the
    plans' own (the sum over every program of the plans)."""
    from renja.renstra.priorities import program_links

    plans = list(Renja.objects.filter(pk__in=ids).select_related("perangkat_daerah__pemda"))
    program_rows = list(Program.objects.filter(renja__in=ids).order_by("urutan", "id")
                        .values_list("id", "renja_id", "kode", "nama"))
    sums = {pid: [n or 0, n1 or 0, 0, c] for pid, n, n1, c in (
        SubKegiatan.objects.filter(kegiatan__program__renja__in=ids).values_list("kegiatan__program_id")
        .annotate(n=Sum("pagu_n"), n1=Sum("pagu_n1"), c=Count("id")).order_by())}
    for pid, r in (RealisasiSubKegiatan.objects.filter(sub_kegiatan__kegiatan__program__renja__in=ids)
                   .values_list("sub_kegiatan__kegiatan__program_id").annotate(r=Sum("keuangan")).order_by()):
        sums.setdefault(pid, [0, 0, 0, 0])[2] = r or 0
    by_plan = {}
    for pid, renja_id, _, _ in program_rows:
        by_plan.setdefault(renja_id, []).append(pid)
    plan_of = {p.pk: p for p in plans}
    # {(pemda, priority lower): [label, {pd id: [linked, set(program ids)]}]}
    priorities = {}
    for renja_id, text, served in program_links(plans, program_rows):
        if not text:
            continue
        plan = plan_of[renja_id]
        key = (plan.perangkat_daerah.pemda.kode, text.lower())
        entry = priorities.setdefault(key, [text, {}])
        pd_entry = entry[1].setdefault(plan.perangkat_daerah_id, [bool(served), set(), renja_id])
        if served:
            pd_entry[0] = True
            pd_entry[1] |= set(served)
    result = {}
    for (pemda_kode, _), (text, pds) in priorities.items():
        row = result.setdefault((pemda_kode, text), Row(pemda_kode, text))
        for linked, served, renja_id in pds.values():
            programs = served if linked else by_plan.get(renja_id, [])
            for pid in programs:
                n, n1, r, c = sums.get(pid, (0, 0, 0, 0))
                row.add(n, n1, r, c)
    total = Row("Jumlah")
    for n, n1, r, c in sums.values():
        total.add(n, n1, r, c)
    return result, total


def rows_of(by, ids):
    """([Row], total Row) of the roll-up `by` over the plans `ids`: rows sorted by code (sumber dana: largest
    first); the total sums the plans (not the rows: a program may serve several priorities)."""
    total = Row("Jumlah")
    if by == "sumber_dana":
        rows = _by_source(ids)
        result = sorted(rows.values(), key=lambda r: (-r.pagu_n, r.nama))
    elif by == "prioritas":  # not additive: the plans' own total
        rows, total = _by_priority(ids)
        result = [rows[k] for k in sorted(rows, key=lambda k: (k[0], k[1].lower()))]
    else:
        rows = _grouped(by, ids)
        _names(by, rows)
        result = sorted(rows.values(), key=lambda r: _sort_key(r.kode))
    if by != "prioritas":  # every sub kegiatan is in exactly one row
        for row in result:
            total.add(row.pagu_n, row.pagu_n1, row.realisasi, row.jumlah_sub_kegiatan)
    return result, total


def rollup(by="urusan", pemda=None, tahun=None, tahap=None):
    """The roll-up `by` one of BY over the plans of `pemda` (a Pemda's or a province's code, None: all) for the
    year (None: the latest). Rows sorted by code (sumber dana: largest first); `total` sums the plans read
    (not the rows: a program may serve several priorities)."""
    if by not in BY:
        raise ValueError(f"Pengelompokan {by!r} tidak dikenal; pilih salah satu: {', '.join(BY)}.")
    pemdas = scope_pemda(pemda)
    tahun, ids = chosen_plans(pemdas, tahun, tahap)
    result = Rollup(by=by, tahun=tahun, tahap=tahap, pemda=[p.kode for p in pemdas], plans=len(ids))
    result.rows, result.total = rows_of(by, ids)
    return result


# --- the province / Pemda dashboard -------------------------------------------------------------------------


@dataclass
class Line:
    """One line of the dashboard: a Pemda (of a province) or a PD (of one Pemda)."""

    kode: str
    nama: str
    jumlah_pd: int = 0
    jumlah_renja: int = 0
    status: dict = field(default_factory=dict)  # Renja.Status value → number of plans
    figures: Row = None
    pk: int = None

    @property
    def persen_realisasi(self):
        if not (self.figures and self.figures.pagu_n):
            return None
        return Decimal(self.figures.realisasi) * 100 / self.figures.pagu_n


@dataclass
class Overview:
    tahun: int | None
    tahun_tersedia: list
    per: str  # "pemda" (a province: one line per Pemda) or "pd" (one Pemda: one line per PD)
    lines: list
    total: Line
    breakdown_by: str
    breakdown: list
    breakdown_total: Row


def years_of(pemdas):
    """The years with a plan in these Pemdas, newest first (one query)."""
    return list(Renja.objects.filter(perangkat_daerah__pemda__in=pemdas).order_by("-tahun")
                .values_list("tahun", flat=True).distinct())


def overview(pemdas, tahun=None, by="urusan"):
    """The dashboard of `pemdas` (a list: a province's Pemdas, or one Pemda) for the year (None: the latest):
    per Pemda (several) or per PD (one Pemda) the number of PDs and plans, pagu n and n+1, realisation and the
    plans per status; and the roll-up `by` (urusan, bidang, sumber_dana) of all their plans. Every figure is a
    GROUP BY in the database; the number of queries does not depend on the number of Pemdas, PDs or rows."""
    pemdas = list(pemdas)
    years = years_of(pemdas)
    tahun, ids = chosen_plans(pemdas, tahun if tahun in years else None)
    per = "pemda" if len(pemdas) > 1 else "pd"
    total = Line("", "Jumlah", figures=Row("Jumlah"))
    if per == "pemda":
        lines = {p.kode: Line(p.kode, p.nama, pk=p.pk) for p in pemdas}
        for kode, count in (PerangkatDaerah.objects.filter(pemda__in=pemdas).values_list("pemda__kode")
                            .annotate(c=Count("id")).order_by()):
            lines[kode].jumlah_pd = count
        statuses = (Renja.objects.filter(pk__in=ids).values_list("perangkat_daerah__pemda__kode", "status")
                    .annotate(c=Count("id")).order_by())
        figures = _grouped("pemda", ids)
    else:
        pds = list(PerangkatDaerah.objects.filter(pemda__in=pemdas).order_by("kode", "id").values_list(
            "id", "kode", "nama"))
        lines = {pk: Line(kode, nama, jumlah_pd=1, pk=pk) for pk, kode, nama in pds}
        statuses = (Renja.objects.filter(pk__in=ids).values_list("perangkat_daerah_id", "status")
                    .annotate(c=Count("id")).order_by())
        figures = _grouped("pd", ids)
    for key, status, count in statuses:
        line = lines[key]
        line.status[status] = line.status.get(status, 0) + count
        line.jumlah_renja += count
    for key, line in lines.items():
        line.figures = figures.get(key) or Row(str(key))
        total.jumlah_pd += line.jumlah_pd
        total.jumlah_renja += line.jumlah_renja
        for status, count in line.status.items():
            total.status[status] = total.status.get(status, 0) + count
        total.figures.add(line.figures.pagu_n, line.figures.pagu_n1, line.figures.realisasi,
                          line.figures.jumlah_sub_kegiatan)
    ordered = [lines[k] for k in sorted(lines, key=lambda k: _sort_key(lines[k].kode))]
    breakdown, breakdown_total = rows_of(by, ids)
    return Overview(tahun=tahun, tahun_tersedia=years, per=per, lines=ordered, total=total, breakdown_by=by,
                    breakdown=breakdown, breakdown_total=breakdown_total)

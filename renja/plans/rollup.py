"""Roll-ups: every total of a Renja is computed here from the pagu of its sub kegiatan.

Nothing computed is stored. The figures a document *states* are read beside them from `Pernyataan`.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Sum

from .models import Kegiatan, PaguKolom, Pernyataan, Program, SubKegiatan

# Statements that a summary shows beside the computed figures of the whole plan.
TOTAL_KEYS = ("total_pagu_n", "total_pagu_n1", "jumlah_program", "jumlah_kegiatan", "jumlah_sub_kegiatan",
              "total_pagu_sebelum", *(f"total_pagu_{kolom}" for kolom in PaguKolom.Kolom.values))
URUSAN_KEYS = ("pagu_urusan", "jumlah_program_urusan", "jumlah_kegiatan_urusan", "jumlah_sub_kegiatan_urusan")
NON_URUSAN_KEYS = (
    "pagu_non_urusan", "jumlah_program_non_urusan", "jumlah_kegiatan_non_urusan", "jumlah_sub_kegiatan_non_urusan",
)


@dataclass
class Totals:
    jumlah_program: int = 0
    jumlah_kegiatan: int = 0
    jumlah_sub_kegiatan: int = 0
    pagu_n: int = 0
    pagu_n1: int = 0
    # A Renja Perubahan's pagu n before the change, and the further pagu columns (kolom → total), summed only
    # over the sub kegiatan that carry them: None / absent when none does.
    pagu_sebelum: int | None = None
    pagu_kolom: dict = field(default_factory=dict)

    def add(self, other):
        self.jumlah_program += other.jumlah_program
        self.jumlah_kegiatan += other.jumlah_kegiatan
        self.jumlah_sub_kegiatan += other.jumlah_sub_kegiatan
        self.pagu_n += other.pagu_n
        self.pagu_n1 += other.pagu_n1
        self.add_extra(other.pagu_sebelum, other.pagu_kolom)

    def add_extra(self, sebelum, columns):
        if sebelum is not None:
            self.pagu_sebelum = (self.pagu_sebelum or 0) + sebelum
        for kolom, value in columns.items():
            self.pagu_kolom[kolom] = self.pagu_kolom.get(kolom, 0) + value


@dataclass
class ProgramTotals(Totals):
    program: Program = None
    stated: list = field(default_factory=list)

    @property
    def urusan(self):
        return not self.program.is_penunjang


def kegiatan_totals(renja):
    """{kegiatan id: (pagu n, pagu n+1, number of sub kegiatan)} in one query."""
    rows = (
        SubKegiatan.objects.filter(kegiatan__program__renja=renja)
        .values("kegiatan_id")
        .annotate(n=Sum("pagu_n"), n1=Sum("pagu_n1"), count=Count("id"))
    )
    return {r["kegiatan_id"]: (r["n"] or 0, r["n1"] or 0, r["count"]) for r in rows}


def kegiatan_extra_totals(renja):
    """{kegiatan id: (pagu sebelum or None, {kolom: total})}, of the kegiatan whose sub kegiatan carry a pagu
    before the change or further pagu columns, in two queries. A column written but unreadable counts 0."""
    result = {}
    rows = (SubKegiatan.objects.filter(kegiatan__program__renja=renja)
            .exclude(pagu_sebelum__isnull=True, pagu_sebelum_teks="")
            .values("kegiatan_id").annotate(s=Sum("pagu_sebelum")))
    for r in rows:
        result[r["kegiatan_id"]] = (r["s"] or 0, {})
    rows = (PaguKolom.objects.filter(sub_kegiatan__kegiatan__program__renja=renja)
            .values("sub_kegiatan__kegiatan_id", "kolom").annotate(s=Sum("nilai")).order_by())
    for r in sorted(rows, key=lambda r: PaguKolom.Kolom.values.index(r["kolom"])):
        entry = result.setdefault(r["sub_kegiatan__kegiatan_id"], (None, {}))
        entry[1][r["kolom"]] = r["s"] or 0
    return result


def program_totals(renja):
    """Totals per program, in plan order, with what the T-C.33 rows state. A fixed number of queries."""
    per_kegiatan = kegiatan_totals(renja)
    extra = kegiatan_extra_totals(renja)
    kegiatan_by_program = {}
    for kegiatan_id, program_id in Kegiatan.objects.filter(program__renja=renja).values_list("id", "program_id"):
        kegiatan_by_program.setdefault(program_id, []).append(kegiatan_id)
    stated = {}
    for statement in Pernyataan.objects.filter(renja=renja, program__isnull=False).order_by("urutan"):
        stated.setdefault(statement.program_id, []).append(statement)
    result = []
    for program in Program.objects.filter(renja=renja).order_by("urutan"):
        totals = ProgramTotals(program=program, jumlah_program=1)
        for kegiatan_id in kegiatan_by_program.get(program.id, []):
            n, n1, count = per_kegiatan.get(kegiatan_id, (0, 0, 0))
            totals.jumlah_kegiatan += 1
            totals.jumlah_sub_kegiatan += count
            totals.pagu_n += n
            totals.pagu_n1 += n1
            if kegiatan_id in extra:
                totals.add_extra(*extra[kegiatan_id])
        totals.stated = stated.get(program.id, [])
        result.append(totals)
    return result


def statements(renja, keys):
    return list(Pernyataan.objects.filter(renja=renja, evaluasi=None, kunci__in=keys).order_by("urutan"))


def renja_totals(renja):
    """(per program, urusan, non urusan, whole plan)."""
    programs = program_totals(renja)
    urusan, non_urusan, total = Totals(), Totals(), Totals()
    for totals in programs:
        (urusan if totals.urusan else non_urusan).add(totals)
        total.add(totals)
    return programs, urusan, non_urusan, total


def plans_totals(renjas):
    """{renja id: Totals (pagu n, pagu n+1, number of sub kegiatan)} of many plans in one aggregate query, for
    lists of plans (the open data index) that would otherwise roll up each plan on its own."""
    rows = (
        SubKegiatan.objects.filter(kegiatan__program__renja__in=renjas)
        .values("kegiatan__program__renja_id")
        .annotate(n=Sum("pagu_n"), n1=Sum("pagu_n1"), count=Count("id"))
        .order_by()
    )
    result = {r["kegiatan__program__renja_id"]: Totals(jumlah_sub_kegiatan=r["count"], pagu_n=r["n"] or 0,
                                                      pagu_n1=r["n1"] or 0) for r in rows}
    for renja in renjas:
        result.setdefault(renja.pk if hasattr(renja, "pk") else renja, Totals())
    return result

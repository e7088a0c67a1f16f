"""Which programs of a plan serve each prioritas daerah of its Tabel 3.1, for the compiled RKPD's grouping by
prioritas daerah (renja/plans/rkpd.py).

A plan does not name the programs of a priority; it names, per priority, the PD's sasaran and its indicators
(Tabel 3.1). The chain to programs is the PD's own:
  prioritas (Tabel 3.1) → sasaran PD, or one of its indicators
    → the Renstra sasaran with that text, or with an indicator of that text
      → the Renstra matrix programs that serve that sasaran (their codes)
    → Tabel 4 rows with that sasaran (the Renstra's or Tabel 3.1's text) → their program (by name)
  → the plan's programs with those codes or names.
Texts are compared without case, repeated spaces, a leading list number ("1. ") or trailing dots, never fuzzily;
a Tabel 4 program name cut short (the seed's "… MASYARAKAT HUKUM" for "… MASYARAKAT HUKUM ADAT") names the one
program of the plan whose name begins with its words, if there is exactly one. A priority whose chain reaches no
program is reported as such, and the RKPD then places the PD's whole plan under it (as Tabel 3.1 alone says). A
fixed number of queries whatever the number of plans.
"""

import re
from collections import defaultdict

from renja.plans.models import IndikatorKinerja, PrioritasDaerah, Renstra, Sasaran, SasaranProgram

from .models import BarisRenstra

_NUMBER = re.compile(r"^\s*(\d+|[a-z])[.)]\s+", re.IGNORECASE)


def norm(text):
    """A text as compared here: no list number, no case, single spaces, no trailing dots."""
    text = _NUMBER.sub("", text or "")
    return " ".join(text.split()).rstrip(". ").casefold()


def program_links(plans, programs):
    """[(renja id, prioritas as written, {program ids serving it} or empty)], in the order of the plans' Tabel 3.1
    rows. `plans`: the Renja rows, `programs`: (program id, renja id, code, name) of those plans."""
    plans = list(plans)
    ids = [p.pk for p in plans]
    rows = []
    for renja_id, prioritas, sasaran_pd, indicators in (
            PrioritasDaerah.objects.filter(renja__in=ids).order_by("urutan", "id")
            .values_list("renja_id", "prioritas", "sasaran_pd", "indikator_sasaran_pd")):
        texts = {norm(sasaran_pd)} | {norm(i if isinstance(i, str) else (i or {}).get("uraian", ""))
                                      for i in indicators or []}
        rows.append((renja_id, " ".join((prioritas or "").split()), texts - {""}))

    # the Renstra of each plan's PD covering its year: its sasaran, their indicators, the programs serving them
    years = {p.pk: (p.perangkat_daerah_id, p.tahun) for p in plans}
    renstra_of = {}
    for renstra in Renstra.objects.filter(perangkat_daerah__in={pd for pd, _ in years.values()}):
        for renja_id, (pd, tahun) in years.items():
            if renstra.perangkat_daerah_id == pd and renstra.periode_mulai <= tahun <= renstra.periode_selesai:
                renstra_of[renja_id] = renstra.pk
    sasaran = defaultdict(dict)  # renstra id → sasaran id → {its texts}
    for pk, renstra_id, uraian in Sasaran.objects.filter(renstra__in=set(renstra_of.values())).values_list(
            "id", "renstra_id", "uraian"):
        sasaran[renstra_id][pk] = {norm(uraian)}
    for renstra_id, sasaran_id, uraian in IndikatorKinerja.objects.filter(
            renstra__in=set(renstra_of.values()), sasaran__isnull=False).values_list("renstra_id", "sasaran_id",
                                                                                      "uraian"):
        sasaran[renstra_id].setdefault(sasaran_id, set()).add(norm(uraian))
    codes_of = defaultdict(set)  # sasaran id → codes of the matrix programs serving it
    through = BarisRenstra.sasaran.through
    for sasaran_id, kode in through.objects.filter(sasaran__renstra__in=set(renstra_of.values())).values_list(
            "sasaran_id", "barisrenstra__kode"):
        if kode:
            codes_of[sasaran_id].add(kode)
    table4 = defaultdict(list)  # renja id → [(sasaran text, program name)]
    for renja_id, text, program in SasaranProgram.objects.filter(renja__in=ids).values_list(
            "renja_id", "sasaran", "program"):
        table4[renja_id].append((norm(text), norm(program)))

    by_plan = defaultdict(list)
    for pid, renja_id, kode, nama in programs:
        by_plan[renja_id].append((pid, kode, norm(nama)))
    links = []
    for renja_id, prioritas, texts in rows:
        goals = sasaran.get(renstra_of.get(renja_id), {})
        matched = [sid for sid, own in goals.items() if own & texts]
        codes = set().union(*(codes_of[sid] for sid in matched)) if matched else set()
        wanted = texts | set().union(*(goals[sid] for sid in matched)) if matched else set(texts)
        names = {program for text, program in table4.get(renja_id, []) if text in wanted and program}
        own = by_plan.get(renja_id, [])
        served = {pid for pid, kode, nama in own if (kode and kode in codes) or nama in names}
        for name in names - {nama for _, _, nama in own}:  # a name cut short: the one program it begins
            starting = [pid for pid, _, nama in own if nama.startswith(name + " ")]
            if len(starting) == 1 and len(name.split()) >= 3:
                served.add(starting[0])
        links.append((renja_id, prioritas, served))
    return links


"""Synthetic quarterly realisation of a plan in force, for the benchmarks and for trying the monitoring screens
on a synthetic city (`renja synth --realisasi`). Deterministic for a given seed.

Each sub kegiatan spends its pagu along an S-shaped profile with some noise; a PD given a `lag` spends and
progresses that much slower (so that the early warning has something to flag). Indicators report a value per
quarter: counts a share of their target, levels and rates their value at the quarter's end.
"""

import random
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction

from renja.exchange import bulk
from renja.monitoring import measures
from renja.monitoring.models import RealisasiIndikator, RealisasiSubKegiatan
from renja.plans import versions
from renja.plans.models import Indikator, Renja, SubKegiatan
from renja.rules import stored as stored_findings

# Cumulative share of the pagu spent at the end of each quarter: close to the default plan (25/50/75/100 %).
PROFILE = (Decimal("0.22"), Decimal("0.48"), Decimal("0.74"), Decimal("0.97"))
REASON = "realisasi sintetis"


def _share(rng, quarter, lag):
    noise = Decimal(rng.randint(-5, 5)) / 100
    return min(Decimal(1), max(Decimal(0), PROFILE[quarter - 1] * (1 - lag) + noise))


def synthesize_realisation(renja, quarters=4, seed=1, lag=Decimal(0)):
    """Realisation of the first `quarters` quarters of the plan: spending, cumulative physical progress and
    indicator values. The plan is set ditetapkan (realisation is entered only on a plan in force). Existing
    realisation of the plan is replaced. Returns (sub kegiatan rows, indicator rows) written.

    Written as the loader writes (renja/exchange/bulk.py: value rows, their first history records copied by
    the database); when it commits by itself, the plan's check and progress go to the background worker, as
    after a load."""
    commits_itself = not connection.in_atomic_block
    with transaction.atomic():
        start = len(connection.run_on_commit)
        written = _write_realisation(renja, quarters, seed, Decimal(lag))
        if commits_itself:  # inside a caller's transaction, its commit refreshes, as for any other write
            stored_findings.defer_refresh_since(start)
    return written


SUB_COLUMNS = ("sub_kegiatan_id", "triwulan", "keuangan", "fisik", "keuangan_teks", "fisik_teks")
INDICATOR_COLUMNS = ("indikator_id", "triwulan", "nilai", "teks")


def _write_realisation(renja, quarters, seed, lag):
    rng = random.Random(f"{seed}-{renja.id}")
    subs = list(SubKegiatan.objects.filter(kegiatan__program__renja=renja).order_by("id")
                .values_list("id", "pagu_n"))
    sub_ids = [pk for pk, _ in subs]
    RealisasiSubKegiatan.objects.filter(sub_kegiatan__in=sub_ids).delete()
    indicators = list(Indikator.objects.filter(sub_kegiatan__in=sub_ids).order_by("id")
                      .values_list("id", "target_n", "uraian", "target_n_satuan", "akumulasi"))
    RealisasiIndikator.objects.filter(indikator__in=[i[0] for i in indicators]).delete()
    if renja.status != Renja.Status.DITETAPKAN:
        Renja.objects.filter(pk=renja.pk).update(status=Renja.Status.DITETAPKAN)
        renja.status = Renja.Status.DITETAPKAN

    rows = []
    for sub_id, pagu in subs:
        pagu = pagu or 0
        spent = 0
        fisik = Decimal(0)
        for quarter in range(1, quarters + 1):
            share = _share(rng, quarter, lag)
            cumulative = max(spent, int((pagu * share).quantize(Decimal(1), rounding=ROUND_HALF_UP)))
            fisik = max(fisik, min(Decimal(100), (share * 100 + rng.randint(0, 6)).quantize(Decimal("0.01"))))
            rows.append((sub_id, quarter, cumulative - spent, fisik, "", ""))
            spent = cumulative
    values = []
    for indicator_id, target, uraian, satuan, akumulasi in indicators:
        if target is None:
            continue
        cumulative = measures.infer_akumulasi(uraian, satuan, akumulasi) == measures.JUMLAH
        for quarter in range(1, quarters + 1):
            share = _share(rng, quarter, lag)
            if cumulative:
                value = (Decimal(target) * (share - (_share(rng, quarter - 1, lag) if quarter > 1 else 0))
                         ).quantize(Decimal(1), rounding=ROUND_HALF_UP)
                value = max(value, Decimal(0))
            else:
                value = (Decimal(target) * (Decimal("0.85") + share * Decimal("0.15"))).quantize(Decimal("0.01"))
            values.append((indicator_id, quarter, value, measures.number_text(value)))
    bulk.insert_history_keys(RealisasiSubKegiatan, bulk.insert_rows(RealisasiSubKegiatan, SUB_COLUMNS, rows), REASON)
    bulk.insert_history_keys(RealisasiIndikator, bulk.insert_rows(RealisasiIndikator, INDICATOR_COLUMNS, values),
                             REASON)
    versions.changed(renja.perangkat_daerah_id, renja.tahun, realisation=True)  # bulk writes send no signals
    return len(rows), len(values)


def lag_of(index):
    """Every fifth PD of a synthetic city lags behind, so that the early warning has something to show."""
    return Decimal("0.5") if index % 5 == 4 else Decimal(0)


def synthesize_realisation_of(plans, quarters=4, seed=1, workers=1, progress=None):
    """`synthesize_realisation` of each of `plans` (the index-th with `lag_of(index)`), by `workers` processes
    where the database takes several writers at once (each plan is its own transaction and touches only its own
    PD's rows). `progress(done, total)` after each plan."""
    from renja.core import processes

    jobs = [(renja.pk, quarters, seed, lag_of(index)) for index, renja in enumerate(plans)]
    workers = processes.worker_count(workers, len(jobs), writing=True)

    def count(outcomes):
        for done, _ in enumerate(outcomes, start=1):
            if progress is not None:
                progress(done, len(jobs))

    if workers == 1:
        count(map(_realise, jobs))
        return
    with processes.fork_pool(workers) as pool:
        count(pool.map(_realise, jobs, chunksize=max(1, min(8, len(jobs) // (workers * 4)))))


def _realise(job):
    renja_id, quarters, seed, lag = job
    return synthesize_realisation(Renja.objects.get(pk=renja_id), quarters=quarters, seed=seed, lag=lag)

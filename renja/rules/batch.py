"""Checking many plans at once (a Pemda, a province): each plan is read, checked and its findings stored
(`stored.refresh`, as after an edit) by one of several worker processes, one plan at a time, so a process holds
one plan's view, never the province's. The peak memory of the workers and of the caller is measured."""

import logging
import resource
import time
from dataclasses import dataclass, field

from renja.core.processes import fork_pool, worker_count

logger = logging.getLogger(__name__)


@dataclass
class Checked:
    renja_id: int
    pemda: str  # the Pemda's code
    pd: str  # the PD's code
    errors: int
    warnings: int
    infos: int
    ms: int  # reading, checking and storing this plan
    failure: str = ""  # why the plan could not be checked (the others still are)


@dataclass
class BatchResult:
    plans: list = field(default_factory=list)  # Checked, in the order of the ids given
    workers: int = 1
    seconds: float = 0.0
    peak_worker_mib: float = 0.0  # the largest worker process (the caller itself when run in one process)
    peak_caller_mib: float = 0.0

    @property
    def errors(self):
        return sum(p.errors for p in self.plans)

    @property
    def failed(self):
        return [p for p in self.plans if p.failure]


def check_one(renja_id):
    """Check one plan and store its findings; (Checked, this process's peak RSS in MiB)."""
    from renja.plans.models import Renja
    from renja.plans.view import forget_shared_views
    from renja.rules import engine, stored

    started = time.perf_counter()
    renja = Renja.objects.select_related("perangkat_daerah__pemda", "nomenklatur").get(pk=renja_id)
    try:
        result = stored.refresh(renja)
    except Exception as error:  # one plan that cannot be checked must not stop the province's check
        logger.exception("Renja %s tidak dapat diperiksa", renja_id)
        return Checked(renja_id, renja.perangkat_daerah.pemda.kode, renja.perangkat_daerah.kode, 0, 0, 0,
                       round((time.perf_counter() - started) * 1000),
                       failure=f"{type(error).__name__}: {error}"), _peak_mib()
    finally:
        forget_shared_views()  # one plan at a time: keep no view for pages this process will never serve
    counts = {s: sum(1 for f in result.temuan if f["severity"] == s) for s in engine.SEVERITIES}
    checked = Checked(renja_id, renja.perangkat_daerah.pemda.kode, renja.perangkat_daerah.kode, counts["error"],
                      counts["warning"], counts["info"], round((time.perf_counter() - started) * 1000))
    return checked, _peak_mib()


def _peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def check_plans(ids, workers=None, on_done=None):
    """Check the plans `ids` with `workers` processes (the core count by default; one, in this process, when the
    database is an in-memory SQLite). `on_done(checked)` is called as each plan is done (for a progress bar)."""
    ids = list(ids)
    workers = worker_count(workers, len(ids))
    result = BatchResult(workers=workers)
    started = time.perf_counter()
    done = {}

    def collect(outcomes):
        for checked, peak in outcomes:
            done[checked.renja_id] = checked
            result.peak_worker_mib = max(result.peak_worker_mib, peak)
            if on_done:
                on_done(checked)

    if workers == 1:
        collect(map(check_one, ids))
    else:
        with fork_pool(workers) as pool:
            collect(pool.map(check_one, ids, chunksize=max(1, min(8, len(ids) // (workers * 4)))))
    result.plans = [done[i] for i in ids]
    result.seconds = time.perf_counter() - started
    result.peak_caller_mib = _peak_mib()
    return result

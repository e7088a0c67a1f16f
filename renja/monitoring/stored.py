"""Monitoring computed once per change, not per page: a plan in force's progress is stored with the data version
it was computed from (renja/plans/versions.py), as the checker's findings are (renja/rules/stored.py).

Realisation rows, the Pemda's monitoring settings and scale raise the data version like plan rows do
(renja/plans/signals.py); the writer computes the progress again right after its commit (versions._Refresh).
`progress(renja)` is what the plan's page calls: the stored result while it is fresh (its data version is the
plan's and the code that computes it is the same), else computed, stored and returned. The city's ranking
reads every plan's stored summary (`ringkasan`: the plan-level figures without the program tree) and computes
only the stale ones again. The data version is read before the data: a race only makes a result stale.
"""

import dataclasses
import hashlib
import json
import time
from datetime import timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.utils import timezone

from renja.core.recent import Recent
from renja.plans import versions
from renja.plans.models import Renja

from . import measures
from . import progress as computing
from .models import StoredProgress


@cache
def code_version():
    """A digest of the code that computes progress (this package's computing modules and the number parsing):
    an upgrade that changes it stales every stored result."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha1()
    for path in sorted([root / "progress.py", root / "measures.py", root / "stored.py",
                        *(root.parent / "core").glob("*.py")]):
        digest.update(path.read_bytes())
    return digest.hexdigest()


# The progress this process read most recently, by (plan, data version, code), with its stored lines: a plan in
# force is read by every pemantauan and realisation page of its people, and reviving its stored JSON cost more
# than the page itself; a realisation save writes the lines of the programs it did not change as they were.
RECENT_PROGRESS = Recent(16)


def progress(renja, number=None):
    """The PlanProgress of `renja` (a plan in force), as `progress.build_progress` computes it. Read-only: the
    same object serves this process's requests while the plan's data is unchanged. `number`:
    `versions.current(renja)` when the caller has read it."""
    if number is None:
        number = versions.current(renja)
    key = (renja.pk, number, code_version())
    kept = RECENT_PROGRESS.get(key)
    if kept is None:
        kept = _stored_at(renja, number)
        if kept is not None:
            RECENT_PROGRESS.keep(key, kept)
        else:
            kept = (refresh(renja), None)
    return _named(kept[0], renja.perangkat_daerah.nama)


# The summaries this process read most recently, by (plan, data version, code): the ranking, the home pages and
# the dashboards of a Pemda read the same few on every view; one is small.
RECENT_SUMMARIES = Recent(64)

# The overviews (the ranking, the home pages, the dashboards) show a stored summary computed less than this long
# ago even when its plan has changed since: its writer is computing the new one right after its commit. Computing
# it again in every overview meanwhile made each of them, with realisation entered across a Pemda, compute one
# plan or more at every view (measured: the ranking's median went from 8 ms to 0,9 s at 50 users). What an
# overview shows is thus at most this old; a plan's own pages (pemantauan, realisasi) are always exact.
RECENT_ENOUGH = timedelta(seconds=10)


def summaries(plans, numbers=None):
    """The plan-level PlanProgress of each of `plans` (Renja with their PD; the program tree left empty), in the
    order given; the stale ones computed again together. A fixed number of queries, however many plans; one
    (the data versions) when this process has read them all at their present versions. Each is the caller's own
    copy (the ranking sets its early warning), sharing the read-only figures. `numbers`: their data versions
    (versions.current_of) when the caller has read them."""
    plans = list(plans)
    if not plans:
        return []
    if numbers is None:
        numbers = versions.current_of(plans)
    found, wanted = {}, []
    for plan in plans:
        summary = RECENT_SUMMARIES.get((plan.id, numbers[plan.id], code_version()))
        if summary is None:
            wanted.append(plan)
        else:
            found[plan.id] = summary
    if wanted:
        rows = {r["renja_id"]: r for r in StoredProgress.objects.filter(renja__in=wanted).values(
            "renja_id", "versi_data", "versi_kode", "ringkasan", "dihitung_pada")}
        stale, recent = [], set()
        since = timezone.now() - RECENT_ENOUGH
        for plan in wanted:
            row = rows.get(plan.id)
            if _fresh(row, numbers[plan.id]):
                found[plan.id] = row["ringkasan"]
            elif row is not None and row["versi_kode"] == code_version() and row["dihitung_pada"] >= since:
                found[plan.id] = row["ringkasan"]  # see RECENT_ENOUGH; not kept under the plan's new version
                recent.add(plan.id)
            else:
                stale.append(plan)
        for renja_id, result in _compute(stale, [numbers[p.id] for p in stale]).items():
            found[renja_id] = _summary(result)
        for plan in wanted:
            if plan.id in found and plan.id not in recent:
                RECENT_SUMMARIES.keep((plan.id, numbers[plan.id], code_version()), found[plan.id])
    return [_named(dataclasses.replace(found[p.id]), p.perangkat_daerah.nama) for p in plans if p.id in found]


def ranking(pemda, tahun, triwulan=None):
    """`progress.city_ranking` read from the stored summaries: the same plans, figures and order."""
    rows = (Renja.objects.filter(perangkat_daerah__pemda=pemda, tahun=tahun, status=Renja.Status.DITETAPKAN)
            .select_related("perangkat_daerah"))
    return computing.rank(summaries(computing.in_force_of_each(rows)), triwulan)


def is_fresh(renja):
    """Whether the stored progress of `renja` was made from its present data by the present code."""
    stored = StoredProgress.objects.filter(renja=renja).values("versi_data", "versi_kode").first()
    return _fresh(stored, versions.current(renja))


def refresh(renja):
    """Compute the progress of `renja` now, store it and keep it in this process (the writer's next page and its
    next realisation save read it); returns it."""
    return _compute([renja], [versions.current(renja)], keep=True).get(renja.id)


def refresh_rows(renja, since, number, rows):
    """After a transaction that changed only the realisation of `rows` (("sub_kegiatan" | "indikator", id)) and
    raised `renja`'s data version from `since` to `number`: its progress at `number` from the one at `since`
    with those rows read again (progress.read_again) and the lines of only the programs that hold them written
    again, stored and kept; computed whole when this process has no progress at `since` and none is stored.
    Reading the whole plan and writing it were most of a realisation save (400 sub kegiatan: 90 of 140 ms)."""
    kept = RECENT_PROGRESS.get((renja.pk, since, code_version())) or _stored_at(renja, since)
    if kept is None:
        if not is_fresh(renja):
            refresh(renja)
        return
    started = time.perf_counter()
    base, lines = kept
    sub_ids = [i for kind, i in rows if kind == "sub_kegiatan"]
    indikator_ids = [i for kind, i in rows if kind == "indikator"]
    result = computing.read_again(base, sub_ids, indikator_ids)
    changed = set(computing.programs_with(base, sub_ids, indikator_ids))
    lines = [_line(_summary(result))] + [
        _line(program) if index in changed else lines[index + 1] for index, program in enumerate(result.programs)]
    _store({renja.id: (result, lines)}, {renja.id: number}, time.perf_counter() - started, keep=True)


def _stored_at(renja, number):
    """(the stored progress of `renja`, its lines) when it was made at data version `number` by the present
    code, else None."""
    stored = StoredProgress.objects.filter(renja=renja).values("versi_data", "versi_kode", "isi").first()
    if not _fresh(stored, number):
        return None
    lines = stored["isi"].split("\n")
    return _revived(lines), lines


def _fresh(stored, number):
    """Made from the plan's present data by the present code (`stored`: a row's values, or None)."""
    return stored is not None and stored["versi_data"] == number and stored["versi_kode"] == code_version()


def _compute(plans, numbers, keep=False):
    """Compute the progress of `plans` (their data versions `numbers` read before) and store it, in a fixed
    number of queries; {renja id: PlanProgress} (a plan deleted meanwhile is left out). `keep`: kept in this
    process too."""
    if not plans:
        return {}
    started = time.perf_counter()
    results = {r.renja_id: r for r in computing.read_progress([p.id for p in plans])}
    _store({renja_id: (result, _lines(result)) for renja_id, result in results.items()},
           {plan.id: number for plan, number in zip(plans, numbers, strict=True)}, time.perf_counter() - started,
           keep)
    return results


def _store(results, numbers, seconds, keep=False):
    """Store `results` ({renja id: (PlanProgress, its lines)}) at their data versions `numbers` ({renja id:
    number}), computed in `seconds`; `keep`: kept in this process too."""
    lama_ms = round(seconds * 1000 / max(len(results), 1))
    now = timezone.now()
    values = {renja_id: StoredProgress(
        renja_id=renja_id, versi_data=numbers[renja_id], versi_kode=code_version(), isi="\n".join(lines),
        ringkasan=encode(_summary(result)), lama_ms=lama_ms, dihitung_pada=now)
        for renja_id, (result, lines) in results.items()}
    existing = {renja_id: (pk, number) for renja_id, pk, number in StoredProgress.objects.filter(
        renja_id__in=values).values_list("renja_id", "pk", "versi_data")}
    # Never overwrite a result of a later version (a slower refresh of older data finishing last); a race
    # between this read and the write can only leave an older result, which its next reader finds stale.
    older = []
    for renja_id, (pk, number) in existing.items():
        if number <= values[renja_id].versi_data:
            values[renja_id].pk = pk
            older.append(values[renja_id])
    if older:
        StoredProgress.objects.bulk_update(older, ["versi_data", "versi_kode", "isi", "ringkasan", "lama_ms",
                                                   "dihitung_pada"])
    new = [row for renja_id, row in values.items() if renja_id not in existing]
    if new:  # a result stored meanwhile by another request is kept; this one is still returned to its caller
        StoredProgress.objects.bulk_create(new, ignore_conflicts=True)
    if keep:
        for renja_id, kept in results.items():
            RECENT_PROGRESS.keep((renja_id, numbers[renja_id], code_version()), kept)


# A stored progress is text (StoredProgress.isi): the plan-level figures (the PlanProgress without its programs)
# on the first line, then one line per program (JSON holds no raw line break), each as `encode` writes it.

def _lines(result):
    return [_line(_summary(result))] + [_line(program) for program in result.programs]


def _line(value):
    return json.dumps(encode(value))


def _revived(lines):
    result = json.loads(lines[0], object_hook=revive)
    result.programs = [json.loads(line, object_hook=revive) for line in lines[1:]]
    return result


def _summary(result):
    return dataclasses.replace(result, programs=[])


def _named(result, nama):
    # The PD's name is read with the plan, not stored: renaming a PD raises no data version.
    result.pd_nama = nama
    return result


# --- progress as JSON, exactly: Decimals, tuples and the dataclasses come back as they were ----------------------

_PLAIN = frozenset({str, int, float, bool, type(None)})
_FIELDS = {}  # dataclass → the names of its fields, in order


def encode(value):
    """`value` as JSON-ready data. A plan's progress is thousands of objects: the common types are told apart by
    their exact type first (isinstance and dataclasses.fields at each one were 80 ms of a realisation save)."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is Decimal:
        return {"desimal": str(value)}
    if kind is list:
        return [encode(v) for v in value]
    names = _FIELDS.get(kind)
    if names is not None:
        return {"jenis": kind.__name__, "isi": [encode(getattr(value, name)) for name in names]}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(value))
        return encode(value)
    if isinstance(value, Decimal):
        return {"desimal": str(value)}
    if isinstance(value, tuple):
        return {"tupel": [encode(v) for v in value]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, (str, int, float)):
        return value
    raise TypeError(f"cannot store {type(value).__name__} in a monitoring result")


def decode(value):
    """What `encode` made, back (the ORM does this itself when it reads a stored result: `revive`)."""
    return json.loads(json.dumps(value), object_hook=revive)


def revive(data):
    """One JSON object of a stored result, back to its value; called by the JSON decoder bottom-up, so the parts
    of a dataclass are already revived and no Python walk over the lists is needed."""
    if "desimal" in data:
        return Decimal(data["desimal"])
    if "jenis" in data:
        return _types()[data["jenis"]](*data["isi"])
    if "tupel" in data:
        return tuple(data["tupel"])
    return data


@cache
def _types():
    return {cls.__name__: cls for cls in (
        computing.QuarterFigures, computing.IndicatorProgress, computing.RowProgress, computing.EarlyWarning,
        computing.PlanProgress, computing.Settings, measures.Band)}

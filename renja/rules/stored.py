"""Checking once, not per page: a plan's findings are computed when its data changes and stored with the data
version they were computed from; pages read them.

`findings(renja)` is what every screen calls. It returns the stored findings while they are fresh (their data
version is the plan's, `versions.checked`, and the checker's code is the same), and otherwise computes,
stores and returns them. The writer of a change computes them right after its commit, so readers find them
fresh. The data version is read before the data: a result can only be staled by a race, never made fresh.
"""

import dataclasses
import hashlib
import time
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.db import IntegrityError, connection, transaction
from django_tasks import task

from renja.core.recent import Recent
from renja.plans import versions
from renja.plans.view import shared_view

from . import engine
from .models import StoredCheck

# The rules the monitoring page shows beside one evaluated year (the year's tables only).
EVALUATION_RULES = ("PCT-AMOUNT", "PCT-WEIGHTED", "PCT-RANGE", "PCT-CAPAIAN", "SKALA-KONSISTEN")


@cache
def rules_version():
    """A digest of the checker's code (the rules, the view they read, the number parsing): an upgrade that
    changes a rule stales every stored result."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha1()
    for path in sorted([*root.rglob("*.py"), *(root.parent / "core").glob("*.py")]):
        if "migrations" not in path.parts:
            digest.update(path.read_bytes())
    return digest.hexdigest()


# The findings this process read most recently, revived, by (plan, data version, checker): the row form and the
# monitoring pages read them at every request, and reviving the stored JSON cost as much as the rest of the read.
RECENT_CHECKS = Recent(16)


@dataclasses.dataclass(frozen=True)
class _Revived:
    temuan: list
    temuan_evaluasi: dict  # str(tahun) → list


def findings(renja):
    """Every finding of `renja`, in the engine's order. The Findings are shared with this process's other
    requests while the data is unchanged: read-only."""
    return list(_fresh(renja).temuan)


def evaluation_findings(renja, tahun):
    """The evaluation rules' findings on the evaluated year `tahun` alone (none when the plan has no such year)."""
    return list(_fresh(renja).temuan_evaluasi.get(str(tahun), []))


def is_fresh(renja, number=None):
    """Whether the stored findings were made from `renja`'s present data (`number`: `versions.checked(renja)`
    when the caller has read it) by the present checker. Reads the two numbers, not the findings."""
    stored = StoredCheck.objects.filter(renja=renja).values_list("versi_aturan", "versi_data").first()
    return stored is not None and stored == (
        rules_version(), versions.checked(renja) if number is None else number)


def _fresh(renja):
    number = versions.checked(renja)  # before the data
    key = (renja.pk, number, rules_version())
    revived = RECENT_CHECKS.get(key)
    if revived is None:
        stored = StoredCheck.objects.filter(renja=renja).first()
        if not (stored is not None and stored.versi_aturan == key[2] and stored.versi_data == number):
            stored = refresh(renja, number)
        revived = _Revived([_finding(f) for f in stored.temuan], {
            tahun: [_finding(f) for f in found] for tahun, found in stored.temuan_evaluasi.items()})
        RECENT_CHECKS.keep(key, revived)
    return revived


def refresh(renja, number=None):
    """Check `renja` now and store the result; returns it. `number`: `versions.checked(renja)` when the caller
    has just read it, before the data."""
    started = time.perf_counter()
    if number is None:
        number = versions.checked(renja)  # before the data: see the module's docstring
    view = shared_view(renja, number)  # the pages the writer opens next read the same view
    every = engine.run(view)
    rules = [r for r in engine.all_rules() if r.id in EVALUATION_RULES]
    by_year = {}
    for evaluation in view.evaluations:
        one = dataclasses.replace(view, evaluations=[evaluation])
        by_year[str(evaluation.tahun)] = [
            _plain(f) for f in engine.run(one, rules) if not f.message.startswith("Aturan tidak dapat diterapkan")]
    values = {
        "versi_data": number, "versi_aturan": rules_version(), "temuan": [_plain(f) for f in every],
        "temuan_evaluasi": by_year, "lama_ms": round((time.perf_counter() - started) * 1000),
    }
    result = StoredCheck(renja=renja, **values)
    # Never overwrite a result of a later version (a slower refresh of older data finishing last).
    if not StoredCheck.objects.filter(renja=renja, versi_data__lte=number).update(**values):
        try:
            with transaction.atomic():
                StoredCheck.objects.create(renja=renja, **values)
        except IntegrityError:
            pass  # a newer result was stored meanwhile; this one is still returned to its caller
    return result


# --- after a load: the refresh handed to the background worker ----------------------------------------


def defer_refresh_since(start):
    """Hand the refreshes registered in this transaction's after-commit list since position `start` (by
    renja/plans/versions.py, for the writes of a load) to a background task, enqueued after the commit: a load
    of many plans (`renja load`, `renja synth`) does not wait for each plan's check. Until the worker has run
    it, the results are stale and the first reader computes them (`findings`), as after any change whose
    refresh did not run; a refresh already pending before `start` is left where it is."""
    hooks = connection.run_on_commit
    kept, keys = hooks[:start], []
    for entry in hooks[start:]:
        if isinstance(entry[1], versions._Refresh):
            keys.append(list(entry[1].key))
        else:
            kept.append(entry)
    if not keys:
        return
    hooks[:] = kept
    transaction.on_commit(lambda: refresh_later.enqueue(keys), robust=True)  # robust: a reader computes it


@task()
def refresh_later(keys):
    """The refreshes `defer_refresh_since` handed over: [pd_id, tahun or None] each, as the writer would have
    run them after its commit (a plan found fresh is skipped)."""
    for pd_id, tahun in keys:
        versions._Refresh(pd_id, tahun)()


# --- findings as JSON, exactly: Decimals and tuples come back as they were -----------------------------


def _plain(finding):
    data = dataclasses.asdict(finding)
    data["expected"], data["found"] = _encode(finding.expected), _encode(finding.found)
    data["readings"] = [{**r, "value": _encode(r.get("value"))} for r in finding.readings]
    return data


def _finding(data):
    data = dict(data, expected=_decode(data["expected"]), found=_decode(data["found"]),
                readings=[{**r, "value": _decode(r.get("value"))} for r in data.get("readings") or []])
    return engine.Finding(**data)


def _encode(value):
    if isinstance(value, Decimal):
        return {"desimal": str(value)}
    if isinstance(value, tuple):
        return {"tupel": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return {"himpunan": [_encode(v) for v in sorted(value, key=repr)]}
    return value


def _decode(value):
    if isinstance(value, dict):
        if "desimal" in value:
            return Decimal(value["desimal"])
        if "tupel" in value:
            return tuple(_decode(v) for v in value["tupel"])
        if "himpunan" in value:
            return {_decode(v) for v in value["himpunan"]}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value

"""The data version of a PD's plans of a year: raised by every change their findings or documents depend on.

Signals (renja/plans/signals.py) call `changed` for every saved or deleted row of a plan, its evaluation,
its Renstra, its pagu plafon, its quarterly realisation or the nomenclature; bulk writers call it themselves.
A change of the realisation alone is counted apart as well (`changed(..., realisation=True)`): the progress of
the plan in force reads it (`current`), no check does (`checked`), so entering a quarter's realisation leaves
every plan's findings, and what is made from them, fresh. So are the changes the checks of the PD's other years
may see (`period`): a 2025 lokasi leaves the 2026 findings fresh, a 2025 pagu does not. The raise happens inside
the writing transaction, so a reader never sees new data with an old number. Whatever is made from the data
(stored findings, documents) records the number read *before* the data, so a race only ever marks a result
stale, never a stale result fresh.
"""

from django.db import IntegrityError, connection, transaction
from django.db.models import F

from .models import DataVersion, Renja


def current(renja):
    """The data version of `renja` (made on first use, so that every result has a number to be staled)."""
    return _number(renja.perangkat_daerah_id, renja.tahun)


# The row of "year" 0 of a PD counts the changes to what every year of it reads (its Renstra: every write to the
# Renstra raises `changed(pd, None)`) and to what every PD reads (`pemda_changed`, `everything_changed`); a change
# to one year's plans leaves it alone. It is not a year: `checked` and the status board leave it out.
EVERY_YEAR = 0


def every_year(pd_id):
    """The version of what every year of PD `pd_id` reads, its Renstra: raised by `changed(pd_id, None)`, never by
    a change of one year (the plan's view reuses its Renstra part while it stays: plans/view.py)."""
    return _number(pd_id, EVERY_YEAR)


def _number(pd_id, tahun):
    number = (DataVersion.objects.filter(perangkat_daerah_id=pd_id, tahun=tahun)
              .values_list("nomor", flat=True).first())
    if number is not None:
        return number
    try:
        with transaction.atomic():
            return DataVersion.objects.create(perangkat_daerah_id=pd_id, tahun=tahun).nomor
    except IntegrityError:  # made meanwhile by another request
        return DataVersion.objects.get(perangkat_daerah_id=pd_id, tahun=tahun).nomor


def current_of(plans):
    """{renja id: data version} of `plans` (as `current` reads each, for many plans in two or three queries)."""
    def read():
        return {(pd, tahun): nomor for pd, tahun, nomor in DataVersion.objects.filter(
            perangkat_daerah_id__in={p.perangkat_daerah_id for p in plans}, tahun__in={p.tahun for p in plans})
            .values_list("perangkat_daerah_id", "tahun", "nomor")}

    found = read()
    missing = {(p.perangkat_daerah_id, p.tahun) for p in plans} - set(found)
    if missing:  # made on first use, as `current` does (a row made meanwhile is kept)
        DataVersion.objects.bulk_create([DataVersion(perangkat_daerah_id=pd, tahun=tahun) for pd, tahun in missing],
                                        ignore_conflicts=True)
        found = read()
    return {p.id: found[(p.perangkat_daerah_id, p.tahun)] for p in plans}


def checked(renja):
    """The version of everything `renja`'s check reads: its own year's data but its realisation, and what the
    check reads of the PD's other years (RENSTRA-PERIODE sums the pagu of the Renstra period's other plans, so a
    change to the 2025 plan's pagu changes the 2026 plan's findings). The sum of its own year's changes but
    those of its realisation (`nomor` − `nomor_realisasi`) and of the other years' changes that such a check
    can see (`nomor_periode`): each count only ever rises, so the sum rises at every change a check can see.
    What shows findings (stored findings, kept pages, documents) is keyed by it; what reads one year alone,
    realisation included (the progress of a plan in force), by `current`. One query (two the first time a year
    is read)."""
    rows = _rows_of({renja.perangkat_daerah_id})
    if (renja.perangkat_daerah_id, renja.tahun) not in rows:
        current(renja)  # made on first use
        rows = _rows_of({renja.perangkat_daerah_id})
    return _checked(rows, renja.perangkat_daerah_id, renja.tahun)


def checked_of(plans):
    """{renja id: `checked(renja)`} of `plans`, in one query; a plan whose year has no number yet is left out
    (its stored findings are stale: none was made from a number)."""
    rows = _rows_of({p.perangkat_daerah_id for p in plans})
    return {p.pk: _checked(rows, p.perangkat_daerah_id, p.tahun) for p in plans
            if (p.perangkat_daerah_id, p.tahun) in rows}


def _rows_of(pd_ids):
    """{(PD id, year): (nomor, nomor_realisasi, nomor_periode)} of every year of `pd_ids` (not EVERY_YEAR's row)."""
    return {(pd, tahun): numbers for pd, tahun, *numbers in DataVersion.objects.filter(
        perangkat_daerah_id__in=pd_ids).exclude(tahun=EVERY_YEAR).values_list(
        "perangkat_daerah_id", "tahun", "nomor", "nomor_realisasi", "nomor_periode")}


def _checked(rows, pd_id, tahun):
    nomor, realisasi, _ = rows[pd_id, tahun]
    return nomor - realisasi + sum(periode for (pd, year), (_, _, periode) in rows.items()
                                   if pd == pd_id and year != tahun)


def changed(pd_id, tahun=None, realisation=False, period=True, row=None):
    """The data of PD `pd_id` in year `tahun` (every year when None) changed; `realisation`: only the quarterly
    realisation of its plan in force (RealisasiSubKegiatan, RealisasiIndikator, BelanjaSubKegiatan), which no
    check reads; `period=False`: nothing the checks of the PD's other years read (`checked`: a plan's stage,
    status and pagu n), as a writer that knows it says (renja/plans/signals.py); `row`: of a realisation change,
    the row whose realisation it is, ("sub_kegiatan", id) or ("indikator", id). After the commit, the stored
    findings of the plans concerned are computed again where stale (renja/rules/stored.py), and the progress of
    those in force: when the transaction changed only the realisation of rows it named, from the progress
    before it with those rows read again (renja/monitoring/stored.py `refresh`)."""
    # Raised at every change, not once per transaction: a result stored in the middle of a transaction (a
    # submission checks the plan it has just changed) must be staled by the changes after it.
    versions = DataVersion.objects.filter(perangkat_daerah_id=pd_id)
    if tahun is not None:
        versions = versions.filter(tahun=tahun)
    else:  # made first, so that the update raises it: a reader making it meanwhile waits for this commit
        DataVersion.objects.get_or_create(perangkat_daerah_id=pd_id, tahun=EVERY_YEAR)
    raises = {"nomor": F("nomor") + 1}
    if realisation:
        raises["nomor_realisasi"] = F("nomor_realisasi") + 1
    elif period:
        raises["nomor_periode"] = F("nomor_periode") + 1
    if not versions.update(**raises) and tahun is not None:  # as if made at 1 (and 0) and raised
        DataVersion.objects.get_or_create(perangkat_daerah_id=pd_id, tahun=tahun, defaults={
            "nomor": 2, "nomor_realisasi": 1 if realisation else 0,
            "nomor_periode": 1 if period and not realisation else 0})
    after = _Refresh(pd_id, tahun)
    # Once per transaction; a refresh of every year of the PD covers the refresh of one of its years.
    covering = {after, _Refresh(pd_id, None)}
    pending = [entry[1] for entry in connection.run_on_commit if isinstance(entry[1], _Refresh)
               and entry[1].key[0] == pd_id] if connection.in_atomic_block else []
    registered = next((refresh for refresh in pending if refresh in covering), None)
    if tahun is None:  # every year changed: no refresh of one of them may read only some rows again
        for refresh in pending:
            refresh.rows = None
    if registered is None:
        if realisation and row is not None and tahun is not None:
            # The number before this transaction: read after the raise, which holds the row (SQLite: the
            # database) until the commit, so no other change comes between.
            after.since, after.rows = _number(pd_id, tahun) - 1, {row}
        transaction.on_commit(after, robust=True)  # robust: a failed refresh is logged; the GET computes it
    elif realisation and row is not None and registered.rows is not None and registered.key == after.key:
        # A mark for each further raise, run before the refresh (moved after it, its savepoints kept): a mark in
        # a savepoint rolled back is taken away with it (Django drops the savepoint's callbacks), so the refresh
        # counts the raises that were committed.
        transaction.on_commit(_Raised(registered, row))
        hooks = connection.run_on_commit
        hooks.append(hooks.pop(next(i for i, entry in enumerate(hooks) if entry[1] is registered)))
    else:
        registered.rows = None


def pemda_changed(pemda_id):
    """A Pemda's own settings (its monitoring settings and scale) changed: every result of its PDs is stale; none
    is computed eagerly (a rare change of many plans: each is computed again when next read)."""
    DataVersion.objects.filter(perangkat_daerah__pemda_id=pemda_id).update(nomor=F("nomor") + 1)


def everything_changed():
    """Shared reference data (the nomenclature) changed: every result is stale; none is computed eagerly."""
    DataVersion.objects.update(nomor=F("nomor") + 1)


class _Refresh:
    """After the commit: compute the findings of the plans concerned again, and the progress of those in force,
    so pages only read them. `rows`: when the transaction changed only the realisation of some rows (see
    `changed`), those rows, and `since` the data version before it; else None."""

    def __init__(self, pd_id, tahun):
        self.key = (pd_id, tahun)
        self.rows, self.since, self.raises = None, None, 1

    def __eq__(self, other):
        return isinstance(other, _Refresh) and other.key == self.key

    def __hash__(self):
        return hash(self.key)

    def __call__(self):
        from renja.monitoring import stored as monitoring
        from renja.rules import stored

        rows, number = self._committed()
        pd_id, tahun = self.key
        plans = Renja.objects.filter(perangkat_daerah_id=pd_id).select_related("perangkat_daerah__pemda", "nomenklatur")
        if tahun is not None:
            plans = plans.filter(tahun=tahun)
        for renja in plans:
            checked_number = checked(renja)  # read before the data
            if not stored.is_fresh(renja, checked_number):  # else checked after this commit by its year's refresh
                stored.refresh(renja, checked_number)
            if renja.status == Renja.Status.DITETAPKAN:
                if rows is not None:
                    monitoring.refresh_rows(renja, self.since, number, rows)
                elif not monitoring.is_fresh(renja):
                    monitoring.refresh(renja)

    def _committed(self):
        """(the rows whose realisation the transaction changed, the data version it made); (None, None) unless
        it changed only such rows."""
        if self.rows is None:
            return None, None
        return self.rows, self.since + self.raises


class _Raised:
    """A further raise of a refresh's data version by a row's realisation in the same transaction (`changed`):
    run after the commit, just before its refresh."""

    def __init__(self, refresh, row):
        self.refresh, self.row = refresh, row

    def __call__(self):
        if self.refresh.rows is not None:
            self.refresh.rows.add(self.row)
            self.refresh.raises += 1

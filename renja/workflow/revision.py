"""A new stage of a plan, copied from the one before it, that the operator then edits like any draft: the next
stage of the year (Rancangan Awal → Rancangan → Final, `start_next_stage`), or a Renja Perubahan copied from a
Ditetapkan plan (`start_revision`). The plan copied from is never changed.

What is copied: the plan's own fields, its tree (program → kegiatan → sub kegiatan, with every field, the
nomenclature links and the sumber dana), the indicators, and the tables around the tree (narrative, T-C.31,
T-C.32, Tabel 3.1, Tabel 4, T-C.30). Fields are copied through `_meta`, so a field added to a model later is
copied too. A Renja Perubahan states what it changes from: each sub kegiatan's `pagu_sebelum` and each indicator's
`target_sebelum` take the Ditetapkan plan's pagu n and target n (its further pagu columns, `PaguKolom`, are
copied as they are). Not copied: the statements (`Pernyataan`: what the old document said, not what the new one will
say) and the monitoring of earlier years (it belongs to the evaluation, not to a stage).
"""

from django.db import transaction
from django.db.models import Q
from simple_history.utils import bulk_create_with_history

from renja.core.errors import InputRefused
from renja.organizations.scoping import profil_of, scope
from renja.plans.models import (
    Indikator,
    IndikatorPelayanan,
    Kegiatan,
    Narasi,
    PaguKolom,
    PrioritasDaerah,
    Program,
    Renja,
    ReviuRKPD,
    SasaranProgram,
    SubKegiatan,
    UsulanPemangku,
)

from .models import Transisi

# the tables that hang on the plan itself (FK `renja`) and are copied as they are
PLAN_TABLES = (Narasi, ReviuRKPD, UsulanPemangku, PrioritasDaerah, SasaranProgram, IndikatorPelayanan)
# never copied from the source: identity, the optimistic-lock counter, the workflow's own fields
SKIPPED = {"id", "versi"}
RENJA_SKIPPED = SKIPPED | {"tahap", "status", "asal", "dibuat_pada"}


def _values(obj, skip):
    """Every stored field of `obj` by attname (FKs as ids), except those named in `skip`."""
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields
            if f.name not in skip and not f.primary_key}


# What the revision states as "before the change": field of the copy ← field of the Ditetapkan plan.
BEFORE = {
    SubKegiatan: {"pagu_sebelum": "pagu_n", "pagu_sebelum_teks": "pagu_n_teks"},
    Indikator: {"target_sebelum": "target_n", "target_sebelum_teks": "target_n_teks",
                "target_sebelum_satuan": "target_n_satuan"},
}


def _before(model, values):
    """`values` of a row copied into a Renja Perubahan, with its before-values taken from the plan it copies."""
    for field, source in BEFORE.get(model, {}).items():
        values[field] = values[source]
    return values


def _copies(model, rows, parent_field, parents, user, reason, before=False):
    """Copy `rows` of `model`, each under the copy of its parent (parents: old parent id → new parent);
    returns old id → new row; `before`: with the before-values of a Renja Perubahan. One bulk insert (and its
    history) per table."""
    skip = SKIPPED | {parent_field}
    keep = _before if before else (lambda model, values: values)
    pairs = [(row.pk, model(**keep(model, _values(row, skip)),
                            **{parent_field: parents[getattr(row, parent_field + "_id")]}))
             for row in rows]
    if model in (Program, Kegiatan, SubKegiatan, PaguKolom):
        created = bulk_create_with_history([new for _, new in pairs], model, default_user=user,
                                           default_change_reason=reason)
    else:
        created = model.objects.bulk_create([new for _, new in pairs])
    return {old_id: new for (old_id, _), new in zip(pairs, created, strict=True)}


@transaction.atomic
def start_revision(renja, user):
    """Copy the Ditetapkan `renja` into a new Renja Perubahan (status Draf, `asal` = renja) and return it.

    Called by `transitions.perform(renja, user, "perubahan")`, which checks who may do it and that the
    year has no Renja Perubahan yet; call it through there. A fixed number of queries per table.
    """
    return _copy_plan(renja, Renja.Tahap.PERUBAHAN, user, before=True)


# The stages a plan moves through before it is set; a Renja Perubahan starts only from a Ditetapkan plan.
STAGES = (Renja.Tahap.RANCANGAN_AWAL, Renja.Tahap.RANCANGAN, Renja.Tahap.FINAL)


def next_stage(renja):
    """The stage that follows `renja`'s (None after the final one: a Perubahan goes through the workflow)."""
    if renja.tahap not in STAGES or renja.tahap == STAGES[-1]:
        return None
    return STAGES[STAGES.index(renja.tahap) + 1]


@transaction.atomic
def start_next_stage(renja, user=None):
    """Copy `renja` into its next stage of the same year (Rancangan Awal → Rancangan → Final), a draft with
    `asal` = renja; InputRefused when there is no next stage or it exists already. The plan copied from is
    not changed; the two can then be compared (workflow/diff.py)."""
    tahap = next_stage(renja)
    if tahap is None:
        raise InputRefused([f"{renja} tidak memiliki tahap berikutnya untuk disusun; Renja Perubahan disusun dari "
                            "Renja yang telah Ditetapkan lewat alur kerja."])
    if Renja.objects.filter(perangkat_daerah_id=renja.perangkat_daerah_id, tahun=renja.tahun, tahap=tahap).exists():
        raise InputRefused([f"Renja {renja.perangkat_daerah} {renja.tahun} tahap {Renja.Tahap(tahap).label} sudah "
                            "ada; tidak ada yang diubah."])
    return _copy_plan(renja, tahap, user, before=False)


def _copy_plan(renja, tahap, user, before):
    reason = f"Disalin dari {renja}"
    new = Renja(**_values(renja, RENJA_SKIPPED), tahap=tahap, status=Renja.Status.DRAFT, asal=renja)
    new._history_user = user
    new._change_reason = reason
    new.save()

    programs = _copies(Program, Program.objects.filter(renja=renja).order_by("id"), "renja",
                       {renja.pk: new}, user, reason, before)
    kegiatan = _copies(Kegiatan, Kegiatan.objects.filter(program__renja=renja).order_by("id"), "program",
                       programs, user, reason, before)
    subs = _copies(SubKegiatan, SubKegiatan.objects.filter(kegiatan__program__renja=renja).order_by("id"),
                   "kegiatan", kegiatan, user, reason, before)

    _copies(PaguKolom, PaguKolom.objects.filter(sub_kegiatan__kegiatan__program__renja=renja).order_by("id"),
            "sub_kegiatan", subs, user, reason)

    through = SubKegiatan.sumber_dana.through
    links = through.objects.filter(subkegiatan__kegiatan__program__renja=renja).order_by("id")
    through.objects.bulk_create([through(subkegiatan=subs[link.subkegiatan_id], sumberdana_id=link.sumberdana_id)
                                 for link in links])

    owners = {"program": programs, "kegiatan": kegiatan, "sub_kegiatan": subs}
    indicators = (Indikator.objects.filter(program__renja=renja) | Indikator.objects.filter(
        kegiatan__program__renja=renja) | Indikator.objects.filter(sub_kegiatan__kegiatan__program__renja=renja))
    copies = []
    for old in indicators.order_by("id"):
        values = _values(old, SKIPPED | set(owners))
        for field, mapping in owners.items():
            owner_id = getattr(old, field + "_id")
            values[field] = mapping[owner_id] if owner_id is not None else None
        copies.append(Indikator(**(_before(Indikator, values) if before else values)))
    bulk_create_with_history(copies, Indikator, default_user=user, default_change_reason=reason)

    for model in PLAN_TABLES:
        _copies(model, model.objects.filter(renja=renja).order_by("id"), "renja", {renja.pk: new}, user, reason)

    profil = profil_of(user)
    Transisi.objects.create(renja=new, dari="", ke=Renja.Status.DRAFT, oleh=user,
                            peran=profil.peran if profil else "", alasan=reason)
    return new


def other_stages(renja, user):
    """The plans worth comparing `renja` with, as `user` may see them: the other stages of the same PD and
    year, and the plan it was copied from. Oldest stage first."""
    order = {tahap: i for i, tahap in enumerate(Renja.Tahap.values)}
    same_year = Q(perangkat_daerah_id=renja.perangkat_daerah_id, tahun=renja.tahun)
    if renja.asal_id:
        same_year |= Q(pk=renja.asal_id)
    stages = scope(Renja.objects.all(), user).filter(same_year).exclude(pk=renja.pk)
    return sorted(stages, key=lambda r: (r.tahun, order.get(r.tahap, 99), r.pk))

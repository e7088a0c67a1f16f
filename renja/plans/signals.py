"""Every saved or deleted row that a plan's findings, progress or documents read raises its PD's data version.

Each receiver finds (PD, year) from the row with one small query. Bulk writes send no signals: the loader,
the nomenclature loader and the realisation workbook call `versions` themselves. A writer that deletes a whole
plan, knowing its PD and year, does it under `told_by_writer()` and raises the version itself once (a plan of
400 sub kegiatan is thousands of rows, each a query and an update here).
"""

import contextlib
import contextvars

from django.db.models.functions import Coalesce
from django.db.models.signals import m2m_changed, post_save, pre_delete

from renja.monitoring import models as monitoring
from renja.organizations.models import PaguPlafon
from renja.reference.models import Nomenklatur, NomenklaturVersi

from . import models as plans
from . import versions


# Looked up at each change, never cached: after a rollback SQLite gives the same id to another row.
def _of(model, pk, *path):
    return None if pk is None else model.objects.filter(pk=pk).values_list(*path).first()


def _of_renja(renja_id):
    return _of(plans.Renja, renja_id, "perangkat_daerah_id", "tahun")


def _of_program(program_id):
    return _of(plans.Program, program_id, "renja__perangkat_daerah_id", "renja__tahun")


def _of_kegiatan(kegiatan_id):
    return _of(plans.Kegiatan, kegiatan_id, "program__renja__perangkat_daerah_id", "program__renja__tahun")


def _of_sub(sub_id):
    return _of(plans.SubKegiatan, sub_id, "kegiatan__program__renja__perangkat_daerah_id",
               "kegiatan__program__renja__tahun")


def _of_evaluasi(evaluasi_id):
    # an evaluation outside any plan has no year of a plan: every year of its PD (None)
    return _of(monitoring.Evaluasi, evaluasi_id, "perangkat_daerah_id", "renja__tahun")


def _every_year(found):
    # the Renstra spans years: a change to it concerns every plan of its PD
    return found and (found[0], None)


def _of_renstra(renstra_id):
    return _every_year(_of(plans.Renstra, renstra_id, "perangkat_daerah_id"))


def _indikator(row):
    if row.sub_kegiatan_id:
        return _of_sub(row.sub_kegiatan_id)
    return _of_kegiatan(row.kegiatan_id) or _of_program(row.program_id)


def _of_indikator(indikator_id):
    # an indicator hangs off a sub kegiatan, a kegiatan or a program: whichever it has, in one lookup
    paths = ("sub_kegiatan__kegiatan__program__renja", "kegiatan__program__renja", "program__renja")
    return _of(plans.Indikator, indikator_id, Coalesce(*(f"{p}__perangkat_daerah_id" for p in paths)),
               Coalesce(*(f"{p}__tahun" for p in paths)))


# model → (PD id, year) of what a row of it belongs to; a year of None is every year of the PD
WHERE = {
    plans.Renja: lambda r: (r.perangkat_daerah_id, r.tahun),
    plans.Program: lambda r: _of_renja(r.renja_id),
    plans.Kegiatan: lambda r: _of_program(r.program_id),
    plans.SubKegiatan: lambda r: _of_kegiatan(r.kegiatan_id),
    plans.PaguKolom: lambda r: _of_sub(r.sub_kegiatan_id),
    plans.Indikator: _indikator,
    plans.Renstra: lambda r: (r.perangkat_daerah_id, None),
    plans.Tujuan: lambda r: _of_renstra(r.renstra_id),
    plans.Sasaran: lambda r: _of_renstra(r.renstra_id),
    plans.IndikatorKinerja: lambda r: _of_renstra(r.renstra_id),
    plans.TargetKinerja: lambda r: _every_year(_of(plans.IndikatorKinerja, r.indikator_id,
                                                    "renstra__perangkat_daerah_id")),
    PaguPlafon: lambda r: (r.perangkat_daerah_id, r.tahun),
    monitoring.Evaluasi: lambda r: (r.perangkat_daerah_id, _of_renja(r.renja_id)[1] if r.renja_id else None),
    monitoring.TabelEvaluasi: lambda r: _of_evaluasi(r.evaluasi_id),
    monitoring.BarisRealisasi: lambda r: _of(monitoring.TabelEvaluasi, r.tabel_id, "evaluasi__perangkat_daerah_id",
                                             "evaluasi__renja__tahun"),
    monitoring.BelanjaAkun: lambda r: _of_evaluasi(r.evaluasi_id),
    monitoring.BarisTC29: lambda r: _of_evaluasi(r.evaluasi_id),
    monitoring.SkalaCapaian: lambda r: _of_evaluasi(r.evaluasi_id),
    # the realisation of a plan in force (its progress, the evaluation report)
    monitoring.RealisasiSubKegiatan: lambda r: _of_sub(r.sub_kegiatan_id),
    monitoring.BelanjaSubKegiatan: lambda r: _of_sub(r.sub_kegiatan_id),
    monitoring.RealisasiIndikator: lambda r: _of_indikator(r.indikator_id),
}

def _renstra_matrix():
    """The Renstra's matrix (renja/renstra): like the Renstra, every year of its PD. Imported late: the app
    sits beside plans and reads its models."""
    from renja.renstra import models as matrix

    return {
        matrix.BarisRenstra: lambda r: _of_renstra(r.renstra_id),
        matrix.PaguRenstra: lambda r: _every_year(_of(matrix.BarisRenstra, r.baris_id, "renstra__perangkat_daerah_id")),
        matrix.IndikatorRenstra: lambda r: _every_year(_of(matrix.BarisRenstra, r.baris_id,
                                                           "renstra__perangkat_daerah_id")),
        matrix.TargetRenstra: lambda r: _every_year(_of(matrix.IndikatorRenstra, r.indikator_id,
                                                        "baris__renstra__perangkat_daerah_id")),
    }


# the quarterly realisation of a plan in force: the progress reads it, no check does (versions.changed); of each
# model, the row whose realisation a row of it is (the progress reads that row alone again)
REALISATION = {
    monitoring.RealisasiSubKegiatan: lambda r: ("sub_kegiatan", r.sub_kegiatan_id),
    monitoring.BelanjaSubKegiatan: lambda r: ("sub_kegiatan", r.sub_kegiatan_id),
    monitoring.RealisasiIndikator: lambda r: ("indikator", r.indikator_id),
}
# a Pemda's own settings: every PD of the Pemda
PEMDA_WIDE = (monitoring.PengaturanMonitoring, monitoring.SkalaPemda)
# rows that hang off the plan itself by a `renja` key
for _model in (plans.Pernyataan, plans.PrioritasDaerah, plans.SasaranProgram, plans.ReviuRKPD,
               plans.UsulanPemangku, plans.IndikatorPelayanan, plans.Narasi):
    WHERE[_model] = lambda r: _of_renja(r.renja_id)


_writer_tells = contextvars.ContextVar("renja_versions_told_by_writer", default=False)


@contextlib.contextmanager
def told_by_writer():
    """Rows saved or deleted meanwhile raise no version: the writer calls `versions.changed` for them."""
    token = _writer_tells.set(True)
    try:
        yield
    finally:
        _writer_tells.reset(token)


# what the checks of a PD's other years read of a year (versions.changed `period`): its plans, and the rows whose
# PERIOD_FIELDS (parent, pagu n) a save changes or a delete takes away
PERIOD = (plans.Renja, plans.Program, plans.Kegiatan, plans.SubKegiatan)


def row_changed(sender, instance, **kwargs):
    if kwargs.get("raw") or _writer_tells.get():
        return  # fixtures being loaded, or a writer that raises the version itself
    found = WHERE[sender](instance)
    if found and found[0] is not None:
        period = sender in PERIOD and (
            sender is plans.Renja or kwargs.get("signal") is pre_delete or instance.changes_period())
        row = REALISATION[sender](instance) if sender in REALISATION else None
        versions.changed(*found, realisation=sender in REALISATION, period=period, row=row)


def sources_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, plans.SubKegiatan):
        row_changed(plans.SubKegiatan, instance)


def matrix_sasaran_changed(sender, instance, action, **kwargs):
    # the sasaran a matrix row serves (from either side): the Renstra's, every year of its PD
    if action in ("post_add", "post_remove", "post_clear"):
        row_changed(type(instance), instance)


def pemda_settings_changed(sender, instance, **kwargs):
    if not kwargs.get("raw"):
        versions.pemda_changed(instance.pemda_id)


def nomenclature_changed(sender, instance, **kwargs):
    if not kwargs.get("raw"):
        versions.everything_changed()


def connect():
    WHERE.update(_renstra_matrix())
    for model in WHERE:
        post_save.connect(row_changed, sender=model, dispatch_uid=f"versi-simpan-{model.__name__}")
        pre_delete.connect(row_changed, sender=model, dispatch_uid=f"versi-hapus-{model.__name__}")
    m2m_changed.connect(sources_changed, sender=plans.SubKegiatan.sumber_dana.through, dispatch_uid="versi-sumber")
    from renja.renstra.models import BarisRenstra

    m2m_changed.connect(matrix_sasaran_changed, sender=BarisRenstra.sasaran.through,
                        dispatch_uid="versi-sasaran-matriks")
    for model in PEMDA_WIDE:
        post_save.connect(pemda_settings_changed, sender=model, dispatch_uid=f"versi-simpan-{model.__name__}")
        pre_delete.connect(pemda_settings_changed, sender=model, dispatch_uid=f"versi-hapus-{model.__name__}")
    for model in (Nomenklatur, NomenklaturVersi):
        post_save.connect(nomenclature_changed, sender=model, dispatch_uid=f"versi-simpan-{model.__name__}")
        pre_delete.connect(nomenclature_changed, sender=model, dispatch_uid=f"versi-hapus-{model.__name__}")

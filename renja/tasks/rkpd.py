"""The compiled RKPD's downloads (XLSX with live formulas, PDF through LibreOffice), produced by a background task
as a plan's documents are (renja/tasks/documents.py): the request finds or enqueues the file of the Pemda's current
data, a page follows its progress, and a file is kept until the data changes.

What the RKPD is made from is every PD's plans of the year: its key is a digest of the data versions of the Pemda's
PDs for that year (renja/plans/versions.py: raised by every change a document can see) and of the plans of the year
(a plan added, removed or moved through its workflow), read *before* the data, so a change during production only
makes the file stale, never a stale file fresh. One query each, whatever the number of PDs.
"""

import hashlib
import logging
import os
import shutil
import uuid
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from renja.plans.models import DataVersion, Renja

from .documents import WAITING, _fail_if_stalled, _restart, file_of, is_ready, waits_for_a_worker
from .housekeeping import WORK_DIR, sweep_work_dirs
from .models import ProducedRkpd

logger = logging.getLogger(__name__)

Status = ProducedRkpd.Status
__all__ = ["request", "find", "file_of", "is_ready", "waits_for_a_worker", "data_key"]


def data_key(pemda, tahun):
    """A digest of what the Pemda's RKPD of `tahun` is made from (two queries, whatever the number of PDs)."""
    versions = sorted(DataVersion.objects.filter(perangkat_daerah__pemda=pemda, tahun=tahun)
                      .values_list("perangkat_daerah_id", "nomor"))
    plans = sorted(Renja.objects.filter(perangkat_daerah__pemda=pemda, tahun=tahun)
                   .values_list("id", "perangkat_daerah_id", "tahap", "status", "versi"))
    return hashlib.sha1(repr((versions, plans)).encode()).hexdigest()


def key_of(pemda, tahun, tahap, fmt):
    return {"pemda": pemda, "tahun": tahun, "tahap": tahap or "", "format": fmt, "versi_data": data_key(pemda, tahun)}


def find(pemda, tahun, tahap, fmt):
    """The download of the current data, or None; a lost task is marked failed on the way."""
    document = ProducedRkpd.objects.filter(**key_of(pemda, tahun, tahap, fmt)).first()
    if document is not None:
        _fail_if_stalled(document)
    return document


def request(pemda, tahun, tahap, fmt, again=False):
    """The download of the current data, its task enqueued when there is none yet (one row per key: a second click
    finds the running one); `again`: try a failed one once more; a finished one whose file went missing is made
    again."""
    key = key_of(pemda, tahun, tahap, fmt)
    document = ProducedRkpd.objects.filter(**key).first()
    if document is None:
        try:
            with transaction.atomic():
                document = ProducedRkpd.objects.create(**key)
        except IntegrityError:  # another request made it a moment ago, and enqueues it
            return ProducedRkpd.objects.get(**key)
        _enqueue(document)
    else:
        _fail_if_stalled(document)
        lost = document.status == Status.SELESAI and not is_ready(document)
        if lost or (again and document.status == Status.GAGAL):
            _restart(document, from_status=document.status, enqueue=_enqueue)
    document.refresh_from_db()
    return document


def _enqueue(document):
    result = produce_rkpd.enqueue(document.pk)
    ProducedRkpd.objects.filter(pk=document.pk, task_id="").update(task_id=str(result.id))


def _report(document_id, percent, step, **fields):
    if percent is not None:
        fields["kemajuan"] = percent
    ProducedRkpd.objects.filter(pk=document_id).update(langkah=step, diperbarui_pada=timezone.now(), **fields)


@task(takes_context=True)
def produce_rkpd(context, document_id):
    """Produce the RKPD file of row `document_id`; returns its status. LibreOffice missing (or failing) is stored
    on the row in Indonesian; anything else too, and raised again so the task's result keeps the traceback."""
    from renja.documents.render.libreoffice import LibreOfficeError

    document = ProducedRkpd.objects.filter(pk=document_id).select_related("pemda").first()
    if document is None:
        return "dihapus"
    if document.task_id and document.task_id != str(context.task_result.id):
        return "digantikan"
    _report(document.pk, 5, "Menghimpun Renja setiap Perangkat Daerah", status=Status.BERJALAN)
    try:
        path = _produce(document)
    except LibreOfficeError as exc:
        _report(document.pk, None, "", status=Status.GAGAL, galat=f"PDF RKPD tidak dapat dibuat: {exc}")
        return Status.GAGAL
    except BaseException:
        logger.exception("RKPD %s gagal disusun", document.pk)
        _report(document.pk, None, "", status=Status.GAGAL,
                galat="Terjadi kesalahan tak terduga saat menyusun RKPD; pesan rinci tercatat di log server.")
        raise
    relative = path.relative_to(Path(settings.RENJA_DOCUMENTS)).as_posix()
    _report(document.pk, 100, "Selesai", status=Status.SELESAI, berkas=relative, selesai_pada=timezone.now())
    document.refresh_from_db()
    _remove_older(document)
    sweep_work_dirs()
    return Status.SELESAI


def _produce(document):
    """Compile, render into a private directory, then move into place: a reader never finds half a file."""
    from renja.documents import rkpd as rkpd_documents
    from renja.plans.rkpd import compile_rkpd

    compiled = compile_rkpd(document.pemda, document.tahun, document.tahap or None)
    root = Path(settings.RENJA_DOCUMENTS)
    work = root / WORK_DIR / uuid.uuid4().hex
    work.mkdir(parents=True, exist_ok=True)
    try:
        made = work / f"rkpd.{document.format}"
        if document.format == "pdf":
            _report(document.pk, 40, "Menulis buku kerja dan mengubahnya menjadi PDF (LibreOffice)")
            rkpd_documents.write_pdf(compiled, made)
        else:
            _report(document.pk, 40, "Menulis buku kerja dengan rumus")
            rkpd_documents.write_xlsx(compiled, made)
        final = root / "rkpd" / str(document.pemda_id) / (
            f"rkpd-{document.tahun}-{document.tahap or 'terakhir'}-{document.versi_data[:12]}-{document.pk}."
            f"{document.format}")
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(made, final)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return final


def _remove_older(document):
    """The files of the same download made from older data go; if a newer one is already made, this one too."""
    same = ProducedRkpd.objects.filter(pemda_id=document.pemda_id, tahun=document.tahun, tahap=document.tahap,
                                       format=document.format).exclude(pk=document.pk)
    for old in same.filter(dibuat_pada__lte=document.dibuat_pada).exclude(status__in=WAITING):
        _delete(old)
    if same.filter(dibuat_pada__gt=document.dibuat_pada, status=Status.SELESAI).exists():
        _delete(document)


def _delete(document):
    if document.berkas:
        file_of(document).unlink(missing_ok=True)
    document.delete()

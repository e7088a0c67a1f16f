"""A plan's downloads, produced once per data version by a background task and kept until the plan changes.

`request(renja, jenis, fmt)` is what the download page calls: it returns the `ProducedDocument` of the plan's
current data, enqueuing its task when there is none yet (a second click while it runs finds the same row: one
row per key, a unique constraint). The task (`produce_document`) builds the view, renders the file into
settings.RENJA_DOCUMENTS, reports its steps on the row, and removes the files of older versions.

The key is read *before* the task reads the data (renja/plans/versions.py): a change during production only
makes the result stale, never a stale file fresh. Evaluation reports also read quarterly realisation, which
now raises the data version too; their key still adds a digest of the plan's realisation rows (a second guard).
"""

import hashlib
import logging
import os
import shutil
import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Sum
from django.utils import timezone
from django_tasks import task

from renja.documents.produce import DocumentError, evaluation_view, produce
from renja.plans import versions

from .housekeeping import WORK_DIR, sweep_work_dirs
from .models import ProducedDocument

logger = logging.getLogger(__name__)

Status = ProducedDocument.Status
WAITING = (Status.MENUNGGU, Status.BERJALAN)
# A task that has not reported for this long is taken as lost (its worker was killed): it may be tried again.
STALLED_AFTER = timedelta(minutes=15)
# A task still waiting after this long: probably no worker runs; the page says so.
NO_WORKER_HINT_AFTER = timedelta(seconds=30)


def realisation_digest(renja):
    """A digest of the plan's realisation rows (per quarter, per indicator, spending per account): any row
    added, edited or removed changes it. The rows' history (simple_history, kept by every save and delete,
    and by the spreadsheet's bulk writes) gives the last change; the live rows' count, last id and summed
    `versi` (raised by every writer of the app) cover a write that left no history."""
    from renja.monitoring.models import BelanjaSubKegiatan, RealisasiIndikator, RealisasiSubKegiatan

    parts = []
    for model, path in ((RealisasiSubKegiatan, "sub_kegiatan__kegiatan__program__renja"),
                        (RealisasiIndikator, "indikator__sub_kegiatan__kegiatan__program__renja"),
                        (BelanjaSubKegiatan, "sub_kegiatan__kegiatan__program__renja")):
        live = model.objects.filter(**{path: renja}).aggregate(n=Count("id"), last=Max("id"), versi=Sum("versi"))
        changed = model.history.filter(**{path: renja}).aggregate(last=Max("history_id"))["last"]
        parts.append(f"{live['n']}:{live['last'] or 0}:{live['versi'] or 0}:{changed or 0}")
    return hashlib.sha1("|".join(parts).encode()).hexdigest()


def has_realisation(renja):
    """Whether the plan has any realisation row at all (without one there is nothing to evaluate)."""
    from renja.monitoring.models import BelanjaSubKegiatan, RealisasiIndikator, RealisasiSubKegiatan

    return (RealisasiSubKegiatan.objects.filter(sub_kegiatan__kegiatan__program__renja=renja).exists()
            or RealisasiIndikator.objects.filter(indikator__sub_kegiatan__kegiatan__program__renja=renja).exists()
            or BelanjaSubKegiatan.objects.filter(sub_kegiatan__kegiatan__program__renja=renja).exists())


def key_of(renja, jenis, fmt):
    """What the document is made from: the data version (read first), and for evaluations the realisation."""
    key = {"renja": renja, "jenis": jenis, "format": fmt, "versi_data": versions.checked(renja),
           "versi_realisasi": ""}
    if jenis == ProducedDocument.Jenis.EVALUASI:
        key["versi_realisasi"] = realisation_digest(renja)
    return key


def find(renja, jenis, fmt):
    """The document of the plan's current data, or None; a lost task is marked failed on the way."""
    document = ProducedDocument.objects.filter(**key_of(renja, jenis, fmt)).first()
    if document is not None:
        _fail_if_stalled(document)
    return document


def request(renja, jenis, fmt, again=False):
    """The document of the plan's current data, its task enqueued when it has none yet; `again`: try a failed
    one once more. A finished document whose file went missing is produced again."""
    key = key_of(renja, jenis, fmt)
    document = ProducedDocument.objects.filter(**key).first()
    if document is None:
        try:
            with transaction.atomic():
                document = ProducedDocument.objects.create(**key)
        except IntegrityError:  # another request made it a moment ago, and enqueues it
            return ProducedDocument.objects.get(**key)
        _enqueue(document)
    else:
        _fail_if_stalled(document)
        lost = document.status == Status.SELESAI and not is_ready(document)
        if lost or (again and document.status == Status.GAGAL):
            _restart(document, from_status=document.status)
    document.refresh_from_db()
    return document


def file_of(document):
    """The produced file (None before it is made)."""
    return Path(settings.RENJA_DOCUMENTS) / document.berkas if document.berkas else None


def is_ready(document):
    path = file_of(document)
    return document.status == Status.SELESAI and path is not None and path.is_file()


def waits_for_a_worker(document):
    """Still waiting for a worker long after it was enqueued: the page suggests one may not be running."""
    return document.status == Status.MENUNGGU and timezone.now() - document.dibuat_pada > NO_WORKER_HINT_AFTER


def _restart(document, from_status, enqueue=None):
    # Conditional on the status it was seen with: two clicks on "Coba lagi" enqueue one task. Any kind of produced
    # download (a plan's document, the compiled RKPD: renja/tasks/rkpd.py) with its own `enqueue`.
    restarted = type(document).objects.filter(pk=document.pk, status=from_status).update(
        status=Status.MENUNGGU, kemajuan=0, langkah="", galat="", task_id="", selesai_pada=None,
        dibuat_pada=timezone.now(), diperbarui_pada=timezone.now())
    if restarted:
        (enqueue or _enqueue)(document)


def _enqueue(document):
    result = produce_document.enqueue(document.pk)
    # The immediate backend (tests) has run the task already; a worker may have started it: only the id.
    ProducedDocument.objects.filter(pk=document.pk, task_id="").update(task_id=str(result.id))


def _fail_if_stalled(document):
    if document.status in WAITING and timezone.now() - document.diperbarui_pada > STALLED_AFTER:
        reason = ("Belum ada pekerja latar yang mengambil tugas ini (apakah `renja worker` berjalan?)."
                  if document.status == Status.MENUNGGU else
                  "Penyusunan dokumen terhenti di tengah jalan (pekerja latar berhenti).")
        type(document).objects.filter(pk=document.pk, status=document.status).update(
            status=Status.GAGAL, galat=reason, diperbarui_pada=timezone.now())
        document.refresh_from_db()


# --- the task ---------------------------------------------------------------------------------------------------


def _report(document_id, percent, step, **fields):
    """One statement per step: the download page reads it while the task runs (`percent` None: unchanged)."""
    if percent is not None:
        fields["kemajuan"] = percent
    ProducedDocument.objects.filter(pk=document_id).update(langkah=step, diperbarui_pada=timezone.now(), **fields)


@task(takes_context=True)
def produce_document(context, document_id):
    """Produce the document of row `document_id`; returns its status. A refusal (DocumentError, e.g.
    LibreOffice missing) is stored on the row in Indonesian; anything else too, and is raised again, so that
    the task's own result keeps the traceback."""
    document = (ProducedDocument.objects.filter(pk=document_id)
                .select_related("renja__perangkat_daerah__pemda", "renja__nomenklatur").first())
    if document is None:
        return "dihapus"  # removed meanwhile (the plan was deleted)
    if document.task_id and document.task_id != str(context.task_result.id):
        return "digantikan"  # tried again since: the newer task makes it
    _report(document.pk, 5, "Membaca data Renja", status=Status.BERJALAN)
    try:
        path = _produce(document)
    except DocumentError as exc:
        _report(document.pk, None, "", status=Status.GAGAL, galat="\n".join(exc.errors))
        return Status.GAGAL
    except BaseException:
        logger.exception("dokumen %s gagal disusun", document.pk)
        _report(document.pk, None, "", status=Status.GAGAL,
                galat="Terjadi kesalahan tak terduga saat menyusun dokumen; pesan rinci tercatat di log server.")
        raise
    relative = path.relative_to(Path(settings.RENJA_DOCUMENTS)).as_posix()
    _report(document.pk, 100, "Selesai", status=Status.SELESAI, berkas=relative, selesai_pada=timezone.now())
    document.refresh_from_db()
    _remove_older(document)
    sweep_work_dirs()
    return Status.SELESAI


def _produce(document):
    """Render into a private directory, then move into place: a reader never finds half a file."""
    renja = document.renja
    root = Path(settings.RENJA_DOCUMENTS)
    if document.jenis == ProducedDocument.Jenis.EVALUASI:
        view = evaluation_view(renja)
    else:
        from renja.plans.view import build_view

        view = build_view(renja)
    work = root / WORK_DIR / uuid.uuid4().hex
    try:
        made = produce(view, document.format, work / f"dokumen.{document.format}", jenis=document.jenis,
                       progress=lambda percent, step: _report(document.pk, percent, step))
        final = root / str(renja.pk) / (f"{document.jenis}-v{document.versi_data}-"
                                        f"{document.versi_realisasi[:12] or 'r'}-{document.pk}.{document.format}")
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(made, final)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return final


def _remove_older(document):
    """The files of the same download made from older data go; if a newer one is already made, this one too."""
    same = ProducedDocument.objects.filter(renja_id=document.renja_id, jenis=document.jenis,
                                           format=document.format).exclude(pk=document.pk)
    for old in same.filter(dibuat_pada__lte=document.dibuat_pada).exclude(status__in=WAITING):
        _delete(old)
    if same.filter(dibuat_pada__gt=document.dibuat_pada, status=Status.SELESAI).exists():
        _delete(document)


def _delete(document):
    if document.berkas:
        file_of(document).unlink(missing_ok=True)
    document.delete()

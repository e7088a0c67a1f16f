"""Plan uploads in the background: `start` keeps the uploaded file and enqueues the reading and preview;
`confirm` enqueues the load. Both tasks report their steps on the PlanImport row, which the upload's page
follows; a refusal is stored in Indonesian, and nothing is written to the plans."""

import logging
import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from renja.core.errors import InputRefused
from renja.exchange import imports

from .models import PlanImport

logger = logging.getLogger(__name__)

Status = PlanImport.Status
UNEXPECTED = "Terjadi kesalahan tak terduga saat membaca berkas; pesan rinci tercatat di log server."
# A task that has not reported for this long was lost (its worker was killed): the upload is marked failed, and
# the user uploads it again. Each step reports; the longest step (loading a plan) takes seconds to a minute.
STALLED_AFTER = timedelta(minutes=15)
STALLED = {
    Status.MENUNGGU: "Pemuatan terhenti: belum ada pekerja latar yang mengambil berkas ini (apakah `renja worker` "
                     "berjalan?); unggah ulang berkasnya.",
    Status.BERJALAN: "Pembacaan berkas terhenti di tengah jalan (pekerja latar berhenti); tidak ada yang disimpan. "
                     "Unggah ulang berkasnya.",
    Status.MEMUAT: "Pemuatan terhenti di tengah jalan (pekerja latar berhenti); tidak ada yang disimpan. Unggah ulang "
                   "berkasnya lalu muat lagi.",
}


def path_of(upload):
    return Path(settings.RENJA_IMPORTS) / upload.berkas


def start(uploaded_file, *, pd, tahun, tahap, pagu, user):
    """Keep `uploaded_file` (a Django UploadedFile) and enqueue its preview; returns the PlanImport."""
    suffix = Path(uploaded_file.name).suffix.lower()
    relative = f"{uuid.uuid4().hex}{suffix}"
    target = Path(settings.RENJA_IMPORTS) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as out:
        for chunk in uploaded_file.chunks():
            out.write(chunk)
    upload = PlanImport.objects.create(
        perangkat_daerah=pd, tahun=tahun, tahap=tahap, pagu_kolom=pagu or "", nama_berkas=uploaded_file.name[:255],
        berkas=relative, ukuran=uploaded_file.size or 0, diunggah_oleh=user)
    # The database backend's task row commits with this row: a worker never finds one without the other.
    _enqueue(upload, preview_import)
    upload.refresh_from_db()
    return upload


def fail_if_stalled(upload, now=None):
    """Mark an upload whose task stopped reporting long ago as failed (its worker died: it would wait forever);
    wherever an upload's status is read. Returns the upload, refreshed when it changed."""
    now = now or timezone.now()
    if upload.status in STALLED and now - upload.diperbarui_pada > STALLED_AFTER:
        # conditional on the status seen: a task that reports meanwhile keeps its row
        PlanImport.objects.filter(pk=upload.pk, status=upload.status, diperbarui_pada=upload.diperbarui_pada).update(
            status=Status.GAGAL, galat=STALLED[upload.status], langkah="", diperbarui_pada=now)
        upload.refresh_from_db()
    return upload


def confirm(upload, replace):
    """Enqueue the load of a previewed upload (once: a second click finds it already loading)."""
    moved = PlanImport.objects.filter(pk=upload.pk, status=Status.PRATINJAU).update(
        status=Status.MEMUAT, kemajuan=0, langkah="", galat="", task_id="", diperbarui_pada=timezone.now())
    if moved:
        _enqueue(upload, apply_import, replace)
    return moved == 1


def _enqueue(upload, task_function, *args):
    result = task_function.enqueue(upload.pk, *args)
    PlanImport.objects.filter(pk=upload.pk, task_id="").update(task_id=str(result.id))


def _report(upload_id, percent, step, **fields):
    if percent is not None:
        fields["kemajuan"] = percent
    PlanImport.objects.filter(pk=upload_id).update(langkah=step, diperbarui_pada=timezone.now(), **fields)


def _reading(upload):
    return imports.read_upload(path_of(upload), pd=upload.perangkat_daerah, tahun=upload.tahun,
                               tahap=upload.tahap, pagu=upload.pagu_kolom or None)


def _run(upload_id, expected, work):
    """Run `work(upload)` for the row if it is still in state `expected`; a refusal or a crash is stored."""
    upload = PlanImport.objects.filter(pk=upload_id).select_related("perangkat_daerah__pemda").first()
    if upload is None or upload.status not in expected:
        return "dilewati"
    try:
        return work(upload)
    except InputRefused as exc:
        _report(upload.pk, None, "", status=Status.GAGAL, galat="\n".join(exc.errors))
        return Status.GAGAL
    except BaseException:
        logger.exception("unggahan Renja %s gagal", upload.pk)
        _report(upload.pk, None, "", status=Status.GAGAL, galat=UNEXPECTED)
        raise


@task()
def preview_import(upload_id):
    """Read the file and load it in a rolled-back transaction: the preview the user confirms."""
    def work(upload):
        _report(upload.pk, 5, "Membaca berkas", status=Status.BERJALAN)
        reading = _reading(upload)
        data = imports.preview(reading, upload.perangkat_daerah,
                               progress=lambda percent, step: _report(upload.pk, percent, step))
        _report(upload.pk, 100, "Siap ditinjau", status=Status.PRATINJAU, pratinjau=data)
        return Status.PRATINJAU

    return _run(upload_id, (Status.MENUNGGU, Status.BERJALAN), work)


@task()
def apply_import(upload_id, replace=False):
    """Load the confirmed upload as a draft plan (replacing the existing draft when `replace`)."""
    def work(upload):
        _report(upload.pk, 10, "Membaca berkas")
        reading = _reading(upload)
        _report(upload.pk, 40, "Memuat rencana")
        # The plan and "dimuat" commit together: a worker killed in between leaves neither (tests/kill/).
        with transaction.atomic():
            report = imports.apply(reading, upload.perangkat_daerah, replace=replace)
            _report(upload.pk, 100, "Dimuat", status=Status.DIMUAT, renja=report.renja)
        return Status.DIMUAT

    return _run(upload_id, (Status.MEMUAT,), work)

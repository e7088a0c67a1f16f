"""What long work leaves behind, removed: work directories of killed tasks, files of downloads whose row is
gone (a deleted plan), and old results of finished tasks. The worker sweeps when it starts
(renja/tasks/worker.py); the download task sweeps the work directories after each document."""

import shutil
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .models import ProducedDocument, ProducedRkpd

WORK_DIR = ".sedang-disusun"
# A work directory untouched for this long belongs to a task that died (a document takes seconds to minutes).
ABANDONED_AFTER = timedelta(hours=1)
# Finished task results (django-tasks' own table) are kept this long, for inspection in the admin.
TASK_RESULTS_KEPT_DAYS = 14


def sweep_work_dirs(now=None):
    """Remove the private directories of tasks that were killed while rendering; returns how many went."""
    root = Path(settings.RENJA_DOCUMENTS) / WORK_DIR
    if not root.is_dir():
        return 0
    limit = (now if now is not None else time.time()) - ABANDONED_AFTER.total_seconds()
    removed = 0
    for work in root.iterdir():
        try:
            abandoned = work.stat().st_mtime < limit
        except FileNotFoundError:  # its task finished meanwhile
            continue
        if abandoned:
            shutil.rmtree(work, ignore_errors=True) if work.is_dir() else work.unlink(missing_ok=True)
            removed += 1
    return removed


def sweep_orphan_files(now=None):
    """Remove produced files no row refers to (the plan was deleted, and its rows with it); returns how many.
    Only the layouts the download tasks write are touched: RENJA_DOCUMENTS/<plan id>/<file> and
    RENJA_DOCUMENTS/rkpd/<pemda id>/<file>. A file is moved into
    place a moment before its row names it, so only files older than ABANDONED_AFTER are taken."""
    root = Path(settings.RENJA_DOCUMENTS)
    if not root.is_dir():
        return 0
    limit = (now if now is not None else time.time()) - ABANDONED_AFTER.total_seconds()
    known = set(ProducedDocument.objects.exclude(berkas="").values_list("berkas", flat=True))
    known |= set(ProducedRkpd.objects.exclude(berkas="").values_list("berkas", flat=True))
    removed = 0
    # a plan's files: <plan id>/<file>; a Pemda's compiled RKPD (tasks/rkpd.py): rkpd/<pemda id>/<file>
    folders = [f for f in root.iterdir() if f.is_dir() and f.name.isdecimal()]
    if (root / "rkpd").is_dir():
        folders += [f for f in (root / "rkpd").iterdir() if f.is_dir() and f.name.isdecimal()]
    for folder in folders:
        for path in folder.iterdir():
            if (path.is_file() and path.stat().st_mtime < limit
                    and path.relative_to(root).as_posix() not in known):
                path.unlink(missing_ok=True)
                removed += 1
        if not any(folder.iterdir()):
            folder.rmdir()
    return removed


def prune_task_results():
    """Finished task results (django-tasks' database backend's table) older than TASK_RESULTS_KEPT_DAYS go, as
    its `prune_db_task_results` command does for one backend; returns how many."""
    from django_tasks_db.models import DBTaskResult

    limit = timezone.now() - timedelta(days=TASK_RESULTS_KEPT_DAYS)
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lte=limit).delete()
    return deleted


def sweep():
    """Everything above; what the worker does when it starts. Returns the counts of what was removed."""
    return {"work_dirs": sweep_work_dirs(), "orphan_files": sweep_orphan_files(),
            "task_results": prune_task_results()}

"""What killed tasks and deleted plans leave behind is swept; what is in use or just made is not."""

import os
import time
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from renja.exchange.loader import load_file
from renja.tasks import documents, housekeeping
from renja.tasks.models import ProducedDocument
from tests.conftest import CLEAN_PLAN

OLD = time.time() - 2 * housekeeping.ABANDONED_AFTER.total_seconds()


def _age(path, when=OLD):
    os.utime(path, (when, when))


def test_abandoned_work_directories_go_and_recent_ones_stay():
    root = settings.RENJA_DOCUMENTS / housekeeping.WORK_DIR
    abandoned, running = root / "a", root / "b"
    for work in (abandoned, running):
        work.mkdir(parents=True)
        (work / "dokumen.docx").write_bytes(b"half a file")
    _age(abandoned)
    assert housekeeping.sweep_work_dirs() == 1
    assert not abandoned.exists() and (running / "dokumen.docx").exists()


def test_files_of_deleted_plans_go_and_kept_downloads_stay():
    renja = load_file(CLEAN_PLAN).renja
    document = documents.request(renja, "renja", "xlsx")  # the immediate backend makes it at once
    kept = documents.file_of(document)
    assert documents.is_ready(document)
    orphan = kept.parent / "renja-v1-r-999.xlsx"
    orphan.write_bytes(b"left behind")
    just_made = kept.parent / "renja-v2-r-1000.xlsx"  # moved into place, its row not yet saying so
    just_made.write_bytes(b"in the making")
    for path in (kept, orphan):
        _age(path)
    assert housekeeping.sweep_orphan_files() == 1
    assert kept.exists() and just_made.exists() and not orphan.exists()

    renja.delete()  # its ProducedDocument rows go with it; its files only with the sweep
    assert not ProducedDocument.objects.exists()
    _age(just_made)
    assert housekeeping.sweep_orphan_files() == 2
    assert not kept.parent.exists()


def _result(status, finished_days_ago):
    finished = timezone.now() - timedelta(days=finished_days_ago) if finished_days_ago is not None else None
    return DBTaskResult.objects.create(status=status, finished_at=finished, args_kwargs={"args": [], "kwargs": {}},
                                       task_path="renja.tasks.documents.produce_document", backend_name="default",
                                       run_after=timezone.now())


def test_old_finished_task_results_are_pruned_and_the_others_kept():
    old_success, old_failure = _result("SUCCESSFUL", 30), _result("FAILED", 30)
    recent, waiting = _result("SUCCESSFUL", 1), _result("READY", None)
    assert housekeeping.sweep() == {"work_dirs": 0, "orphan_files": 0, "task_results": 2}
    left = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert left == {recent.pk, waiting.pk} and not {old_success.pk, old_failure.pk} & left

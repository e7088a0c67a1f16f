"""A real `renja worker` on the database backend: a subprocess on a database of its own (tests/live.py) picks up
an XLSX task enqueued as the download page does, finishes it, and stops cleanly on SIGTERM."""

import os
import signal
import subprocess
import sys
import time
import zipfile

from tests.conftest import CLEAN_PLAN
from tests.live import own_database, run_renja, server_env

SETUP = "from renja.cli import setup_django; setup_django()\n"
ENQUEUE = SETUP + """
from renja.plans.models import Renja
from renja.tasks import documents
document = documents.request(Renja.objects.get(), "renja", "xlsx")
print(document.pk, document.task_id)
"""
STATUS = SETUP + """
from renja.tasks.models import ProducedDocument
from renja.tasks import documents
d = ProducedDocument.objects.get()
print(d.status, d.kemajuan, documents.file_of(d) or "-")
"""


def test_a_worker_picks_up_an_enqueued_xlsx_task_and_finishes_it(tmp_path):
    with own_database() as url:
        env = server_env(tmp_path)
        if url:
            env["RENJA_DATABASE_URL"] = url
        env.pop("RENJA_NO_WORKER", None)
        run_renja(env, "load", str(CLEAN_PLAN))  # migrates the new database and loads one plan
        log = open(tmp_path / "worker.log", "w+")
        worker = subprocess.Popen([sys.executable, "-m", "renja.cli", "worker", "--interval", "0.2"], env=env,
                                  stdout=log, stderr=subprocess.STDOUT)
        try:
            pk, task_id = run_renja(env, script=ENQUEUE).stdout.split()
            assert task_id  # enqueued in the database, for the worker
            deadline = time.monotonic() + 180
            while True:
                status, progress, path = run_renja(env, script=STATUS).stdout.split()
                if status in ("selesai", "gagal") or time.monotonic() > deadline or worker.poll() is not None:
                    break
                time.sleep(0.5)
            log.seek(0)
            assert (status, progress) == ("selesai", "100"), log.read()
            assert path.startswith(str(tmp_path / "documents")) and os.path.isfile(path)
            assert "xl/workbook.xml" in zipfile.ZipFile(path).namelist()
        finally:
            worker.send_signal(signal.SIGTERM)  # the worker stops (after its current task, if any)
            try:
                code = worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
                raise
            log.close()
        assert code == 0


def test_the_server_starts_its_worker_as_a_child_stopped_with_it(monkeypatch):
    from renja.tasks import worker as background

    started, at_exit, chained = [], [], []
    real_popen = subprocess.Popen

    def popen(command, **kwargs):
        started.append(command)  # a stand-in child that would otherwise run for a minute
        return real_popen([sys.executable, "-c", "import time; time.sleep(60)"], **kwargs)

    monkeypatch.setattr(background.subprocess, "Popen", popen)
    monkeypatch.setattr(background.atexit, "register", lambda f, *a: at_exit.append((f, a)))
    monkeypatch.setattr(background, "_chain", lambda signum, process: chained.append(signum))
    monkeypatch.delenv("RENJA_NO_WORKER", raising=False)
    process = background.start_background_worker()
    try:
        assert started == [[sys.executable, "-m", "renja.cli", "worker"]]
        assert at_exit == [(background.stop, (process,))] and chained == [signal.SIGTERM]
        assert process.poll() is None
        background.stop(process)  # what atexit does when the server exits
        assert process.poll() is not None
    finally:
        if process.poll() is None:
            process.kill()
    monkeypatch.setenv("RENJA_NO_WORKER", "1")  # a deployment with a worker unit of its own
    assert background.start_background_worker() is None
    assert len(started) == 1

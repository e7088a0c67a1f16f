"""Kill-safe writes: `renja load` of an exchange document and of a plan workbook, the upload's load task and a
document task, each started in a subprocess and killed (SIGKILL) at a random moment of its run, RUNS times.

After each kill the database holds the whole plan or nothing (the counts of Renja, Program, Kegiatan,
SubKegiatan and Indikator and the sum of pagu_n equal the untouched database's or a complete run's, never
anything between), no upload or document is left waiting forever (once its row is older than the limit, the
stall check marks it failed), and the next run succeeds. The delays are drawn (seeded) over [0, 1.2 × the
measured duration of a complete run], so kills land in start-up, reading, the write and after the commit.

Each run gets a copy of a prepared database: on SQLite a copy of the home folder (its database file and the
uploads), on PostgreSQL (when the suite runs there) `CREATE DATABASE run TEMPLATE tmpl`, dropped after.
RENJA_KILL_RUNS sets the number of kills per kind (20). Each run is a fresh Python process (and its next run
another), so the module is slow: about 16 minutes on SQLite and 35 on PostgreSQL on the shared 2-core machine
under a load average of 5–11 (7 December 2026); several times less on a quiet one.
"""

import contextlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import zipfile
from pathlib import Path

import pytest

from tests.live import server_env

ROOT = Path(__file__).resolve().parents[2]
RUNS = int(os.environ.get("RENJA_KILL_RUNS", "20"))
DEMO = ROOT / "renja" / "demo" / "jambi_2022"
# The upload's plan goes to another year and stage than the demo's own (2022, final): a plan of its own.
UPLOAD_YEAR, UPLOAD_STAGE = 2030, "rancangan_awal"

DJANGO = "from renja.cli import setup_django\nsetup_django()\n"
SETUP = DJANGO + "from renja.cli import migrate\nmigrate()\n"
WORKER = (DJANGO + "from django.core.management import call_command\n"
          "call_command('db_worker', batch=True, startup_delay=False, reload=False, interval=0.05)\n")
LOAD_DEMO = SETUP + "from renja.exchange.loader import load_file\nload_file(r'''{demo}''')\n"
PREPARE_UPLOAD = SETUP + f"""
import shutil
from pathlib import Path
from django.conf import settings
from renja.plans.models import Renja
from renja.tasks import imports
from renja.tasks.models import PlanImport
pd = Renja.objects.get().perangkat_daerah
Path(settings.RENJA_IMPORTS).mkdir(parents=True, exist_ok=True)
shutil.copy(r'''{{workbook}}''', Path(settings.RENJA_IMPORTS) / "kill.xlsx")
upload = PlanImport.objects.create(perangkat_daerah=pd, tahun={UPLOAD_YEAR}, tahap="{UPLOAD_STAGE}",
                                   nama_berkas="renja.xlsx", berkas="kill.xlsx", status="pratinjau")
assert imports.confirm(upload, replace=False)  # "memuat", its load task enqueued for the worker
"""
PREPARE_DOCUMENT = SETUP + """
from renja.plans.models import Renja
from renja.tasks import documents
documents.request(Renja.objects.get(), "renja", "docx")  # enqueued for the worker
"""
# The next run of the upload: time passes (its row is made older than the limit), the page's stall check
# looks at it, the user uploads the file again and confirms (replacing the plan if the killed run loaded it).
NEXT_UPLOAD = DJANGO + f"""
import json
from datetime import timedelta
from django.core.management import call_command
from renja.plans.models import Renja
from renja.tasks import imports
from renja.tasks.models import PlanImport
killed = PlanImport.objects.get()
seen = killed.status
PlanImport.objects.filter(pk=killed.pk).update(
    diperbarui_pada=killed.diperbarui_pada - imports.STALLED_AFTER - timedelta(seconds=1))
killed.refresh_from_db()
imports.fail_if_stalled(killed)
exists = Renja.objects.filter(perangkat_daerah=killed.perangkat_daerah, tahun={UPLOAD_YEAR},
                              tahap="{UPLOAD_STAGE}").exists()
again = PlanImport.objects.create(perangkat_daerah=killed.perangkat_daerah, tahun={UPLOAD_YEAR},
                                  tahap="{UPLOAD_STAGE}", nama_berkas="renja.xlsx", berkas="kill.xlsx",
                                  status="pratinjau")
assert imports.confirm(again, replace=exists)
call_command('db_worker', batch=True, startup_delay=False, reload=False, interval=0.05)
again.refresh_from_db()
print(json.dumps({{"seen": seen, "after": killed.status, "galat": killed.galat, "plan_before": exists,
                  "again": again.status, "galat_again": again.galat}}))
"""
NEXT_DOCUMENT = DJANGO + """
import json
from datetime import timedelta
from django.core.management import call_command
from renja.plans.models import Renja
from renja.tasks import documents
from renja.tasks.models import ProducedDocument
renja = Renja.objects.get()
killed = ProducedDocument.objects.get()
seen, made = killed.status, documents.is_ready(killed)
ProducedDocument.objects.filter(pk=killed.pk).update(
    diperbarui_pada=killed.diperbarui_pada - documents.STALLED_AFTER - timedelta(seconds=1))
found = documents.find(renja, "renja", "docx")
after, galat = found.status, found.galat
documents.request(renja, "renja", "docx", again=True)  # "Coba lagi" on the page: a failed one is enqueued again
call_command('db_worker', batch=True, startup_delay=False, reload=False, interval=0.05)
final = ProducedDocument.objects.get()
path = documents.file_of(final)
print(json.dumps({"seen": seen, "made": made, "after": after, "galat": galat, "again": final.status,
                  "file": str(path) if path else None, "ready": documents.is_ready(final)}))
"""

PLAN_TABLES = ("plans_renja", "plans_program", "plans_kegiatan", "plans_subkegiatan", "plans_indikator")


class Store:
    """Prepared databases (templates) and the copies the runs get; SQLite files, or PostgreSQL databases."""

    def __init__(self, tmp_path):
        self.tmp = tmp_path
        self.url = os.environ.get("RENJA_DATABASE_URL")
        self.engine = "postgresql" if self.url else "sqlite"
        self.made = []
        self.serial = 0
        if self.url:
            import psycopg

            self.admin = psycopg.connect(self.url, autocommit=True)

    def _name(self, what):
        self.serial += 1
        return f"renja_kill_{os.getpid()}_{what}_{self.serial}"

    def _db_url(self, name):
        return urllib.parse.urlunsplit(urllib.parse.urlsplit(self.url)._replace(path=f"/{name}"))

    def new(self, template=None, what="run"):
        """A place to run in: {"home", "db"(PG name), "env"}; a copy of `template` when given, else empty."""
        home = self.tmp / self._name(what)
        if template is not None:
            shutil.copytree(template["home"], home)
        else:
            home.mkdir()
        env = server_env(home)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
        place = {"home": home, "env": env, "db": None}
        if self.url:
            name = self._name(what)
            if template is not None:
                self.admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template["db"]}"')
            else:
                self.admin.execute(f'CREATE DATABASE "{name}"')
            self.made.append(name)
            place["db"] = name
            env["RENJA_DATABASE_URL"] = self._db_url(name)
        return place

    def drop(self, place):
        shutil.rmtree(place["home"], ignore_errors=True)
        if place["db"]:
            self.admin.execute(f'DROP DATABASE IF EXISTS "{place["db"]}" WITH (FORCE)')
            self.made.remove(place["db"])

    @contextlib.contextmanager
    def _cursor(self, place):
        if self.url:
            import psycopg

            with psycopg.connect(self._db_url(place["db"])) as connection:
                yield connection.cursor()
        else:
            connection = sqlite3.connect(place["home"] / "renja.sqlite3")
            try:
                yield connection.cursor()
            finally:
                connection.close()

    def query(self, place, sql):
        with self._cursor(place) as cursor:
            cursor.execute(sql)
            return cursor.fetchall()

    def plan(self, place):
        """What the plans hold: the rows of each plan table and the sum of the sub-activities' pagu_n."""
        counts = {table: self.query(place, f"SELECT COUNT(*) FROM {table}")[0][0] for table in PLAN_TABLES}
        counts["pagu_n"] = int(self.query(place, "SELECT COALESCE(SUM(pagu_n), 0) FROM plans_subkegiatan")[0][0])
        return counts

    def close(self):
        if self.url:
            for name in list(self.made):
                self.admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            self.admin.close()


def child(place, *args, script=None):
    command = [sys.executable, "-c", script] if script else [sys.executable, "-m", "renja.cli", *args]
    return subprocess.Popen(command, env=place["env"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def run(place, *args, script=None, timeout=300):
    process = child(place, *args, script=script)
    out, err = process.communicate(timeout=timeout)
    assert process.returncode == 0, out[-3000:] + err[-3000:]
    return out


def last_json(out):
    return json.loads(out.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """The templates: `empty` (migrated), `demo` (the demo plan loaded), `upload` (demo + an upload confirmed,
    its load task waiting for a worker), `document` (demo + a DOCX requested, its task waiting); and the demo
    plan as a plan workbook (the app's own "Unduh data" layout)."""
    store = Store(tmp_path_factory.mktemp("kill"))
    try:
        empty = store.new(what="empty")
        run(empty, script=SETUP)
        demo = store.new(empty, what="demo")
        run(demo, script=LOAD_DEMO.format(demo=DEMO))
        workbook = store.tmp / "renja.xlsx"
        run(demo, "export", "--format", "xlsx", "--pd", "DPMP-PA", "--year", "2022", "-o", str(workbook))
        upload = store.new(demo, what="upload")
        run(upload, script=PREPARE_UPLOAD.format(workbook=workbook))
        document = store.new(demo, what="document")
        run(document, script=PREPARE_DOCUMENT)
        store.templates = {"empty": empty, "demo": demo, "upload": upload, "document": document}
        store.workbook = workbook
        yield store
    finally:
        store.close()


def kill_at(place, delay, *args, script=None):
    """Start the child, SIGKILL it after `delay` seconds; True if it was killed, False if it had finished."""
    process = child(place, *args, script=script)
    try:
        process.communicate(timeout=delay)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.communicate()
        return True
    assert process.returncode == 0, "selesai tanpa dibunuh tetapi gagal"
    return False


def measure(store, template, *args, script=None):
    """A complete run on a copy of `template`: (seconds, what the plans hold after it)."""
    place = store.new(store.templates[template])
    try:
        started = time.monotonic()
        run(place, *args, script=script)
        return time.monotonic() - started, store.plan(place), place
    except BaseException:
        store.drop(place)
        raise


def delays(kind, duration):
    chance = random.Random(f"kill-{kind}")
    return [chance.uniform(0, 1.2 * duration) for _ in range(RUNS)]


def whole_or_nothing(state, nothing, whole, where):
    assert state in (nothing, whole), f"{where}: separuh rencana tertulis: {state}\nkosong: {nothing}\nutuh: {whole}"
    return "whole" if state == whole else "nothing"


@pytest.mark.parametrize("kind", ["document", "workbook"])
def test_renja_load_killed_anywhere_leaves_the_whole_plan_or_nothing(store, kind):
    source = str(DEMO) if kind == "document" else str(store.workbook)
    duration, whole, complete = measure(store, "empty", "load", source)
    store.drop(complete)
    nothing = store.plan(store.templates["empty"])
    assert whole["plans_subkegiatan"] > 10 and whole["pagu_n"] > 0 and nothing["plans_renja"] == 0
    tally = {"nothing": 0, "whole": 0, "finished": 0}
    for i, delay in enumerate(delays(f"load-{kind}", duration)):
        place = store.new(store.templates["empty"])
        try:
            killed = kill_at(place, delay, "load", source)
            outcome = whole_or_nothing(store.plan(place), nothing, whole, f"run {i} ({delay:.2f} s)")
            if not killed:
                assert outcome == "whole"
                tally["finished"] += 1
                continue
            tally[outcome] += 1
            # the next run: the same command, --replace when the killed one committed
            run(place, "load", source, *(["--replace"] if outcome == "whole" else []))
            assert store.plan(place) == whole, f"run {i}: the next run did not load the whole plan"
        finally:
            store.drop(place)
    print(f"\nkill renja load ({kind}, {store.engine}): {RUNS} runs over {1.2 * duration:.1f} s, "
          f"{tally['nothing']} killed before commit → nothing, {tally['whole']} after → whole, "
          f"{tally['finished']} finished; every next run loaded the whole plan")
    assert sum(tally.values()) == RUNS and tally["nothing"] + tally["whole"] > 0


def test_the_uploads_load_task_killed_anywhere_leaves_the_whole_plan_or_nothing_and_no_upload_waiting(store):
    duration, whole, complete = measure(store, "upload", script=WORKER)
    assert store.query(complete, "SELECT status FROM renja_tasks_planimport") == [("dimuat",)]
    store.drop(complete)
    nothing = store.plan(store.templates["upload"])
    assert whole["plans_renja"] == nothing["plans_renja"] + 1 and whole["pagu_n"] > nothing["pagu_n"]
    tally = {"nothing": 0, "whole": 0, "finished": 0}
    for i, delay in enumerate(delays("upload", duration)):
        place = store.new(store.templates["upload"])
        try:
            killed = kill_at(place, delay, script=WORKER)
            outcome = whole_or_nothing(store.plan(place), nothing, whole, f"run {i} ({delay:.2f} s)")
            status = store.query(place, "SELECT status FROM renja_tasks_planimport")[0][0]
            # the plan and "dimuat" commit together
            assert (status == "dimuat") == (outcome == "whole"), f"run {i}: {status} with {outcome}"
            tally[outcome if killed else "finished"] += 1
            if not killed:
                continue
            report = last_json(run(place, script=NEXT_UPLOAD))
            if outcome == "nothing":
                assert report["seen"] == "memuat" and report["after"] == "gagal", report
                assert "Pemuatan terhenti" in report["galat"] and "Unggah ulang" in report["galat"], report
            else:
                assert report["after"] == "dimuat" and report["plan_before"], report
            assert report["again"] == "dimuat", report
            # the next load replaced (or made) the one plan of the upload's year and stage: whole once
            assert store.plan(place) == whole, f"run {i}: the next run did not load the whole plan"
        finally:
            store.drop(place)
    print(f"\nkill upload load task ({store.engine}): {RUNS} runs over {1.2 * duration:.1f} s, "
          f"{tally['nothing']} killed before commit → nothing (the upload then marked failed), "
          f"{tally['whole']} after → whole, {tally['finished']} finished; every upload again loaded the whole plan")
    assert sum(tally.values()) == RUNS and tally["nothing"] > 0


def test_the_document_task_killed_anywhere_leaves_no_document_running_and_the_next_run_makes_it(store):
    duration, whole, complete = measure(store, "document", script=WORKER)
    assert store.query(complete, "SELECT status FROM renja_tasks_produceddocument") == [("selesai",)]
    store.drop(complete)
    assert whole == store.plan(store.templates["document"])  # a document writes no plan row
    tally = {"waiting": 0, "running": 0, "made": 0, "finished": 0}
    for i, delay in enumerate(delays("document", duration)):
        place = store.new(store.templates["document"])
        try:
            killed = kill_at(place, delay, script=WORKER)
            assert store.plan(place) == whole
            (status,), = store.query(place, "SELECT status FROM renja_tasks_produceddocument")
            assert status in ("menunggu", "berjalan", "selesai"), status
            if not killed:
                assert status == "selesai"
                tally["finished"] += 1
                continue
            report = last_json(run(place, script=NEXT_DOCUMENT))
            assert report["seen"] == status
            if status == "selesai":
                assert report["made"] and report["after"] == "selesai", report  # made: its file is in place
                tally["made"] += 1
            else:
                assert report["after"] == "gagal" and ("terhenti" in report["galat"] or "pekerja" in report["galat"]), report
                tally["waiting" if status == "menunggu" else "running"] += 1
            assert report["again"] == "selesai" and report["ready"], report
            assert zipfile.is_zipfile(report["file"])  # a whole DOCX, never half a file
        finally:
            store.drop(place)
    print(f"\nkill document task ({store.engine}): {RUNS} runs over {1.2 * duration:.1f} s, "
          f"{tally['waiting']} killed before it started and {tally['running']} while it ran → marked failed, "
          f"then made on retry; {tally['made']} killed after it was made, {tally['finished']} finished")
    assert sum(tally.values()) == RUNS and tally["waiting"] + tally["running"] > 0

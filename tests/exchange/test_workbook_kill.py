"""A workbook import killed midway changes nothing: a real `renja load` in a subprocess, killed at several moments,
leaves either the database as it was or the whole plan, never part of it."""

import os
import signal
import sqlite3
import subprocess
import sys
import time

import yaml

from bench.import_bench import write_workbook
from renja.demo.synth import pd_document

SUBS = 200


def renja(env, *args):
    return subprocess.Popen([sys.executable, "-m", "renja.cli", *args], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def state(home):
    with sqlite3.connect(home / "renja.sqlite3") as db:
        plans = db.execute("select id, tahap from plans_renja").fetchall()
        subs = dict(db.execute("select p.renja_id, count(*) from plans_subkegiatan s join plans_kegiatan k on "
                               "s.kegiatan_id = k.id join plans_program p on k.program_id = p.id group by p.renja_id"))
        pemda = db.execute("select count(*) from organizations_pemda").fetchone()[0]
    return {tahap: subs.get(pk, 0) for pk, tahap in plans}, pemda


def test_a_load_killed_midway_leaves_nothing_half_written(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"RENJA_DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env["RENJA_HOME"] = str(tmp_path)
    small = pd_document(0, sub_per_pd=5)
    small["renja"]["tahap"] = "final"
    (tmp_path / "small.yaml").write_text(yaml.safe_dump(small, allow_unicode=True), encoding="utf-8")
    assert renja(env, "load", str(tmp_path / "small.yaml")).wait(timeout=120) == 0
    before, pemda = state(tmp_path)
    big = pd_document(0, sub_per_pd=SUBS)
    write_workbook(big, tmp_path / "big.xlsx")
    load = ("load", str(tmp_path / "big.xlsx"), "--pd", big["perangkat_daerah"]["kode"], "--stage", "rancangan",
            "--replace")
    # One whole run tells how long a load takes on this machine; the kills land at fractions of it, so that they
    # fall inside the load (its transaction) however fast or busy the machine is.
    started = time.monotonic()
    assert renja(env, *load).wait(timeout=300) == 0
    took = time.monotonic() - started
    assert state(tmp_path)[0].get("rancangan") == SUBS
    outcomes = set()
    for fraction in (0.3, 0.5, 0.65, 0.8, 0.9):
        process = renja(env, *load)
        time.sleep(took * fraction)
        finished = process.poll() is not None
        if not finished:
            process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        plans, pemda_now = state(tmp_path)
        assert plans["final"] == before["final"] and pemda_now == pemda
        assert plans.get("rancangan") == SUBS  # the plan replaced whole, or the one before it left whole
        outcomes.add(("selesai" if finished else "dihentikan", plans.get("rancangan")))
    assert any(kind == "dihentikan" for kind, _ in outcomes)

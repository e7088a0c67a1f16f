"""The `renja` command, in process (on the test database) and as a new user runs it (fresh SQLite)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from renja.cli import app
from renja.plans.models import Renja

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "exchange" / "clean_plan.yaml"
runner = CliRunner()


@pytest.mark.django_db
def test_load_then_summary_json():
    result = runner.invoke(app, ["load", str(FIXTURE)])
    assert result.exit_code == 0, result.output
    assert "Semua nilai terbaca" in result.output
    result = runner.invoke(app, ["summary", "--json", "--pd", "DP3A", "--year", "2025"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [(p["kode"], p["pagu_n"], p["pagu_n1"], p["urusan"]) for p in data["program"]] == [
        ("2.08.01", 400000000, 440000000, False), ("2.08.07", 500000000, 550000000, True)]
    assert data["program"][1]["stated"][0]["value"] == 500000000
    assert data["total"]["pagu_n"] == 900000000
    assert {s["key"]: s["value"] for s in data["total"]["stated"]} == {"total_pagu_n": 900000000, "jumlah_program": 2}
    assert data["pagu_plafon"] == 1000000000


@pytest.mark.django_db
def test_summary_in_a_terminal_uses_indonesian_numbers():
    runner.invoke(app, ["load", str(FIXTURE)])
    result = runner.invoke(app, ["summary"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "900.000.000" in result.output and "PROGRAM PERLINDUNGAN KHUSUS ANAK" in result.output


@pytest.mark.django_db
def test_bad_file_is_refused_with_reasons_and_changes_nothing(tmp_path):
    bad = tmp_path / "rusak.yaml"
    bad.write_text(FIXTURE.read_text(encoding="utf-8").replace("tahap: rancangan", "tahap: akhir"), encoding="utf-8")
    result = runner.invoke(app, ["load", str(bad)])
    assert result.exit_code == 1
    assert "tidak diizinkan" in result.output and "basis data tidak berubah" in result.output
    assert not Renja.objects.exists()


@pytest.mark.django_db
def test_summary_without_a_plan_says_what_to_do():
    result = runner.invoke(app, ["summary"])
    assert result.exit_code == 2
    assert "renja load" in result.output


def run_renja(home, *args):
    env = {k: v for k, v in os.environ.items() if k not in {"RENJA_DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(RENJA_HOME=str(home), COLUMNS="200")
    return subprocess.run([sys.executable, "-m", "renja.cli", *args], env=env, capture_output=True, text=True,
                          timeout=300)


def test_demo_on_a_fresh_database_then_summary(tmp_path):
    """What a new user does: `renja demo --no-serve`, twice (idempotent), then `renja summary --json`."""
    first = run_renja(tmp_path, "demo", "--no-serve")
    assert first.returncode == 0, first.stderr
    assert "nilai tidak terbaca" in first.stdout  # the loader's report of the seed's malformed values
    assert "renja-demo" in first.stdout and "verifikator" in first.stdout
    second = run_renja(tmp_path, "demo", "--no-serve")
    assert second.returncode == 0, second.stderr
    assert "sudah dimuat" in second.stdout
    summary = run_renja(tmp_path, "summary", "--json")
    assert summary.returncode == 0, summary.stderr
    data = json.loads(summary.stdout)
    assert data["tahun"] == 2022 and data["perangkat_daerah"]["singkatan"] == "DPMP-PA"
    assert len(data["program"]) == 8
    # Computed sums of the sub kegiatan, added up by hand from the seed's T-C.33, beside what the program
    # rows of T-C.33 state (the seed's own figures: the PUG program's n+1 is doubled, 2.13.05's is off by 1).
    expected = {
        "PROGRAM PEMBERDAYAAN LEMBAGA KEMASYARAKATAN": ((4744445907, 5218890497), (4744445907, 5218890498)),
        "ROGRAM PENGARUSUTAMAAN GENDER": ((715342190, 786876409), (715341993, 1573752601)),
        "PROGRAM PERLINDUNGAN KHUSUS ANAK": ((783234984, 861558482), (783234984, 861558482)),
        "PROGRAM PENINGKATAN KUALITAS KELUARGA": ((35165400, 38681940), (177149200, 194864120)),
    }
    for name, (computed, stated) in expected.items():
        program = next(p for p in data["program"] if (p["nama"] or "").startswith(name))
        assert (program["pagu_n"], program["pagu_n1"]) == computed, name
        assert tuple(next(s["value"] for s in program["stated"] if s["key"] == key)
                     for key in ("pagu_n", "pagu_n1")) == stated, name
    penunjang = data["program"][0]
    assert (penunjang["kode"], penunjang["urusan"], penunjang["nama"]) == ("2.08.01", False, None)
    assert data["non_urusan"]["jumlah_program"] == 1 and data["urusan"]["jumlah_program"] == 7
    stated_totals = {(s["table"], s["value"]) for s in data["total"]["stated"] if s["key"] == "total_pagu_n"}
    assert {("BAB IV", 12239200000), ("Tabel 4.1", 12289200000)} <= stated_totals
    assert data["total"]["pagu_n"] == sum(p["pagu_n"] for p in data["program"])
    assert data["pagu_plafon"] == 10922004616
    assert (tmp_path / "renja.sqlite3").exists()


def served(home, *args):
    """`renja serve ARGS` on a fresh SQLite home."""
    from tests.live import Served, server_env

    return Served(server_env(home), home, *args)


def test_serve_answers_with_the_indonesian_login_page(tmp_path):
    """`renja serve` runs the production server (gunicorn: the processes and threads asked for) with static
    files, not the development server."""
    import psutil

    server = served(tmp_path, "--workers", "2", "--threads", "3")
    try:
        # "/" sends a visitor who has not signed in to the app's own login page
        response, page = server.wait_until(lambda: server.get("/"), "server tidak menjawab")
        assert response.headers.get("Server") == "gunicorn"
        assert "/masuk/" in response.geturl()
        assert 'lang="id"' in page and "Masuk ke Renja" in page and "Kata sandi" in page
        css = page.split('href="/static/web/renja')[1].split('"')[0]  # hashed name: a manifest of static files
        response, body = server.get(f"/static/web/renja{css}")
        assert response.status == 200 and "--accent" in body
        assert "gunicorn: 2 proses × 3 thread" in server.out.read_text()
        assert "Using worker: gthread" in server.err.read_text()
        pids = server.wait_until(lambda: len(server.worker_pids()) == 2 and server.worker_pids(), "dua pekerja")
        children = {child.pid for child in psutil.Process(server.process.pid).children()}
        assert set(pids) <= children
        assert 'GET / HTTP/1.1" 302' in server.err.read_text()  # the access log, on stderr
    finally:
        server.stop()


def test_serve_reloads_on_sighup_and_stops_cleanly_on_sigterm(tmp_path):
    """SIGHUP (systemctl reload) replaces the workers while the server keeps answering; SIGTERM (systemctl stop)
    lets the workers finish what they serve and ends with status 0."""
    import signal

    import psutil

    server = served(tmp_path, "--workers", "1")
    try:
        server.wait_until(lambda: server.get("/masuk/"), "server tidak menjawab")
        (first,) = server.wait_until(server.worker_pids, "pekerja pertama")
        server.process.send_signal(signal.SIGHUP)
        server.wait_until(lambda: len(server.worker_pids()) == 2, "pekerja baru setelah SIGHUP")
        server.wait_until(lambda: not psutil.pid_exists(first) or psutil.Process(first).status() == "zombie",
                          "pekerja lama berhenti")
        response, page = server.get("/masuk/")
        assert response.status == 200 and "Masuk ke Renja" in page
        server.process.send_signal(signal.SIGTERM)
        assert server.process.wait(timeout=90) == 0
        assert "Shutting down: Master" in server.err.read_text()
    finally:
        server.stop()


def test_serve_shape_comes_from_the_cores_and_the_database_unless_given():
    from renja.cli import server_shape

    assert server_shape() == (2 * (os.cpu_count() or 1), 4)
    assert server_shape(vendor="postgresql") == (os.cpu_count() or 1, 8)
    assert server_shape(2, 3) == (2, 3)

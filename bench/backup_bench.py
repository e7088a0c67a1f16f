"""How long do `renja backup` and `renja restore` take on a synthetic city? Prints figures, asserts nothing.

    .venv/bin/python bench/backup_bench.py [--pd 40] [--sub 400] [--realisasi 2]
    .venv/bin/python bench/backup_bench.py --postgresql postgresql://postgres@127.0.0.1:5432/postgres

Each step is the `renja` command in a process of its own, on databases of the benchmark's own: a SQLite city in a
temporary RENJA_HOME (`renja synth`), its backup, its restore into an empty SQLite database, and with
--postgresql (a URL of the server; two databases `renja_backup_bench_<pid>_a/_b` are created beside it and
dropped after) the SQLite archive restored into PostgreSQL and backed up from it, restored into another. The peak
RSS is that of the largest child process.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(args, env, label):
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "renja.cli", *args], cwd=ROOT, env=env, capture_output=True,
                            text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"{label} gagal:\n{result.stdout}\n{result.stderr}")
    return seconds


def rows_of(archive):
    import json

    with zipfile.ZipFile(archive) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    return sum(t["baris"] for t in manifest["tabel"]), len(manifest["tabel"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pd", type=int, default=40)
    parser.add_argument("--sub", type=int, default=400)
    parser.add_argument("--realisasi", type=int, default=2, help="quarters of synthetic realisation (2)")
    parser.add_argument("--postgresql", help="a PostgreSQL URL: also restore into and back up from PostgreSQL")
    args = parser.parse_args()
    base = {k: v for k, v in os.environ.items() if k not in {"RENJA_DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    base["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), base.get("PYTHONPATH")]))
    lines = []
    with tempfile.TemporaryDirectory(prefix="renja-backup-bench-") as tmp:
        tmp = Path(tmp)
        source = {**base, "RENJA_HOME": str(tmp / "asal")}
        synth = run(["synth", "--pd", str(args.pd), "--sub", str(args.sub), "--realisasi", str(args.realisasi)],
                    source, "synth")
        archive = tmp / "cadangan.zip"
        seconds = run(["backup", "-o", str(archive)], source, "backup")
        rows, tables = rows_of(archive)
        size = archive.stat().st_size
        database = (tmp / "asal" / "renja.sqlite3").stat().st_size
        lines.append(("backup", "sqlite", seconds))
        seconds = run(["restore", str(archive)], {**base, "RENJA_HOME": str(tmp / "tujuan")}, "restore")
        lines.append(("restore", "sqlite → sqlite", seconds))
        if args.postgresql:
            server, _, _ = args.postgresql.rpartition("/")
            names = [f"renja_backup_bench_{os.getpid()}_{s}" for s in ("a", "b")]
            for name in names:
                subprocess.run(["psql", args.postgresql, "-qc", f"CREATE DATABASE {name}"], capture_output=True)
            try:
                pg_a = {**base, "RENJA_HOME": str(tmp / "pg"), "RENJA_DATABASE_URL": f"{server}/{names[0]}"}
                pg_b = {**base, "RENJA_HOME": str(tmp / "pg2"), "RENJA_DATABASE_URL": f"{server}/{names[1]}"}
                lines.append(("restore", "sqlite → postgresql", run(["restore", str(archive)], pg_a, "restore pg")))
                lines.append(("backup", "postgresql", run(["backup", "-o", str(tmp / "pg.zip")], pg_a, "backup pg")))
                lines.append(("restore", "postgresql → postgresql",
                              run(["restore", str(tmp / "pg.zip")], pg_b, "restore pg")))
            finally:
                for name in names:
                    subprocess.run(["psql", args.postgresql, "-qc", f"DROP DATABASE IF EXISTS {name}"],
                                   capture_output=True)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"city: {args.pd} PD × {args.sub} sub kegiatan, {args.realisasi} quarters of realisation "
          f"(renja synth {synth:.0f} s)")
    print(f"archive: {tables} tables, {rows:,} rows, {size / 1024 / 1024:.1f} MiB "
          f"(SQLite file {database / 1024 / 1024:.1f} MiB)")
    print(f"{'step':<8} {'database':<24} {'seconds':>8} {'rows/s':>9}")
    for step, where, seconds in lines:
        print(f"{step:<8} {where:<24} {seconds:>8.1f} {rows / seconds:>9,.0f}")
    print(f"peak RSS of a child process: {peak:.0f} MiB (each step includes Python and Django starting, ~1 s)")


if __name__ == "__main__":
    main()

"""`renja backup` and `renja restore`: every table comes back row by row, on SQLite and PostgreSQL and across;
a newer schema, a non-empty database and a damaged archive are refused and change nothing."""

import json
import os
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection

from renja import backup
from tests.conftest import CLEAN_PLAN

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def filled(settings):
    """A plan with accounts, realisation, history, a workflow and an uploaded file."""
    from renja.demo.realisation import synthesize_realisation
    from renja.demo.setup import create_demo_users
    from renja.exchange.loader import load_file
    from renja.tasks.models import PlanImport

    renja = load_file(CLEAN_PLAN).renja
    create_demo_users(renja)
    synthesize_realisation(renja, quarters=2, lag=Decimal("0.5"))
    folder = Path(settings.RENJA_IMPORTS) / "1"
    folder.mkdir(parents=True)
    (folder / "renja.xlsx").write_bytes(b"isi berkas unggahan")
    PlanImport.objects.create(perangkat_daerah=renja.perangkat_daerah, tahun=renja.tahun, tahap=renja.tahap,
                              nama_berkas="renja.xlsx", berkas="1/renja.xlsx", ukuran=19,
                              pratinjau={"jumlah": {"sub_kegiatan": 3}, "catatan": ["ä"]})
    return renja


def empty_database():
    """What a fresh, migrated database holds: only the rows `migrate` makes."""
    with connection.cursor() as cursor:
        for model in backup.models_to_copy():
            if backup.label(model) not in backup.MADE_BY_MIGRATE:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


def test_restore_into_an_empty_database_gives_every_table_back(filled, tmp_path, settings):
    before = backup.table_rows()
    manifest = backup.backup(tmp_path / "cadangan.zip")
    assert manifest["berkas"] == {"imports": 1}
    assert backup.archive_rows(tmp_path / "cadangan.zip") == before
    empty_database()
    (Path(settings.RENJA_IMPORTS) / "1" / "renja.xlsx").unlink()
    assert backup.tables_with_data() == {}

    backup.restore(tmp_path / "cadangan.zip")

    after = backup.table_rows()
    assert after.keys() == before.keys()
    for model in before:
        assert after[model] == before[model], model
    rows = sum(len(r) for r in before.values())
    filled_tables = sum(1 for r in before.values() if r)
    print(f"pemulihan: {len(before)} tabel ({filled_tables} berisi), {rows} baris dibandingkan, semua sama")
    assert filled_tables > 30 and rows > 500  # the comparison covers the plan, history, accounts, realisation
    for model in ("auth.user", "plans.subkegiatan", "plans.historicalsubkegiatan", "monitoring.realisasisubkegiatan",
                  "organizations.profil", "auth.user_groups", "renja_tasks.planimport"):
        assert before.get(model), model
    assert (Path(settings.RENJA_IMPORTS) / "1" / "renja.xlsx").read_bytes() == b"isi berkas unggahan"


def test_accounts_keep_their_password_hash_and_nothing_in_clear(filled, tmp_path):
    from django.contrib.auth.models import User

    from renja.demo.setup import PASSWORD

    backup.backup(tmp_path / "cadangan.zip")
    with zipfile.ZipFile(tmp_path / "cadangan.zip") as archive:
        text = b"".join(archive.read(n) for n in archive.namelist())
    assert PASSWORD.encode() not in text
    assert User.objects.get(username="operator").password.encode() in text
    empty_database()
    backup.restore(tmp_path / "cadangan.zip")
    assert User.objects.get(username="operator").check_password(PASSWORD)


def test_a_database_with_data_is_refused_unless_replaced_and_then_saved_first(filled, tmp_path):
    from renja.plans.models import SubKegiatan

    backup.backup(tmp_path / "cadangan.zip")
    sub = SubKegiatan.objects.order_by("id").first()
    sub.nama = "diubah sesudah pencadangan"
    sub.save()
    changed = backup.table_rows()
    with pytest.raises(backup.BackupError, match="tidak kosong.*--replace"):
        backup.restore(tmp_path / "cadangan.zip")
    assert backup.table_rows() == changed

    manifest, saved = backup.restore(tmp_path / "cadangan.zip", replace=True, safety_dir=tmp_path / "aman")
    assert SubKegiatan.objects.get(id=sub.id).nama != "diubah sesudah pencadangan"
    assert saved.parent == tmp_path / "aman" and backup.archive_rows(saved) == changed  # nothing lost silently


def edited(source, target, edit):
    """A copy of the archive `source` with `edit(name, bytes) -> bytes` applied to each member."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as out:
        for name in src.namelist():
            out.writestr(name, edit(name, src.read(name)))
    return target


def test_an_archive_of_a_newer_schema_is_refused(filled, tmp_path):
    backup.backup(tmp_path / "cadangan.zip")

    def newer(name, data):
        if name != backup.MANIFEST:
            return data
        manifest = json.loads(data)
        manifest["migrasi"]["plans"].append("9999_masa_depan")
        manifest["renja"] = "9.0"
        return json.dumps(manifest).encode()

    empty_database()
    with pytest.raises(backup.BackupError, match=r"lebih baru.*plans\.9999_masa_depan.*Perbarui Renja"):
        backup.restore(edited(tmp_path / "cadangan.zip", tmp_path / "baru.zip", newer))
    assert backup.tables_with_data() == {}


def test_an_archive_of_an_older_schema_is_refused(filled, tmp_path):
    backup.backup(tmp_path / "cadangan.zip")

    def older(name, data):
        if name != backup.MANIFEST:
            return data
        manifest = json.loads(data)
        manifest["migrasi"]["plans"].pop()
        return json.dumps(manifest).encode()

    with pytest.raises(backup.BackupError, match="lebih lama"):
        backup.restore(edited(tmp_path / "cadangan.zip", tmp_path / "lama.zip", older), replace=True)


def test_a_failure_half_way_leaves_the_database_as_it_was(filled, tmp_path, settings):
    from renja.plans.models import SubKegiatan

    backup.backup(tmp_path / "cadangan.zip")
    SubKegiatan.objects.update(nama="keadaan sekarang")
    before = backup.table_rows()

    def broken(name, data):  # a late table: most rows are written before it fails
        if name != "data/renja_tasks.planimport.jsonl":
            return data
        row = json.loads(data.decode().splitlines()[0])
        row[-1] = "bukan tanggal"
        return (json.dumps(row) + "\n").encode()

    with pytest.raises(backup.BackupError, match="dibatalkan; basis data tidak diubah"):
        backup.restore(edited(tmp_path / "cadangan.zip", tmp_path / "rusak.zip", broken), replace=True,
                       safety_dir=tmp_path / "aman")
    assert backup.table_rows() == before
    assert not list(Path(settings.RENJA_IMPORTS).parent.glob(".imports-pemulihan-*"))  # no staged files left


def test_an_archive_missing_rows_is_refused(filled, tmp_path):
    backup.backup(tmp_path / "cadangan.zip")

    def truncated(name, data):
        return b"\n".join(data.splitlines()[:-1]) + b"\n" if name == "data/plans.subkegiatan.jsonl" else data

    empty_database()
    with pytest.raises(backup.BackupError, match="plans.subkegiatan di arsip berisi .* baris, manifest menyebut"):
        backup.restore(edited(tmp_path / "cadangan.zip", tmp_path / "terpotong.zip", truncated))
    assert backup.tables_with_data() == {}


@pytest.mark.parametrize("content", [b"", b"bukan zip", None])
def test_what_is_not_an_archive_is_refused(tmp_path, content):
    path = tmp_path / "cadangan.zip"
    if content is None:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("lain.txt", "x")
    else:
        path.write_bytes(content)
    with pytest.raises(backup.BackupError, match="bukan arsip"):
        backup.restore(path)
    with pytest.raises(backup.BackupError, match="tidak ditemukan"):
        backup.restore(tmp_path / "tidak-ada.zip")


@pytest.mark.django_db(transaction=True)
def test_the_backup_is_one_snapshot_while_others_write(filled, tmp_path):
    """A change committed by another connection while the backup runs is not in the archive."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's test database lives in this process's memory; the snapshot is tested on PostgreSQL")
    import psycopg

    from renja.tasks.models import PlanImport

    settings_dict = connection.settings_dict
    other = psycopg.connect(host=settings_dict["HOST"], port=settings_dict["PORT"] or 5432,
                            user=settings_dict["USER"], dbname=settings_dict["NAME"],
                            password=settings_dict["PASSWORD"] or None, autocommit=True)
    written = []

    def progress(done, total, what):
        if not written:
            other.execute("UPDATE renja_tasks_planimport SET nama_berkas = 'ditulis selama pencadangan'")
            written.append(what)

    try:
        backup.backup(tmp_path / "cadangan.zip", progress=progress)
    finally:
        other.close()
    assert written and written[0] != "renja_tasks.planimport"
    assert PlanImport.objects.get().nama_berkas == "ditulis selama pencadangan"
    rows = backup.archive_rows(tmp_path / "cadangan.zip")["renja_tasks.planimport"]
    assert len(rows) == 1 and "ditulis selama" not in rows[0] and "renja.xlsx" in rows[0]


def cli(*args, env):
    return subprocess.run([sys.executable, "-m", "renja.cli", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=600)


def test_a_sqlite_backup_made_by_the_command_restores_here(tmp_path):
    """`renja backup` on a SQLite database, restored into the test database (PostgreSQL in the second CI run)."""
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "RENJA_DATABASE_URL"}}
    env.update(RENJA_HOME=str(tmp_path / "asal"), PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT),
                                                                                        env.get("PYTHONPATH")])))
    assert cli("load", str(CLEAN_PLAN), env=env).returncode == 0
    result = cli("backup", "-o", str(tmp_path / "cadangan.zip"), env=env)
    assert result.returncode == 0, result.stderr
    assert "Dicadangkan:" in result.stdout and "baris" in result.stdout
    again = cli("restore", str(tmp_path / "cadangan.zip"), env=env)
    assert again.returncode == 1 and "tidak kosong" in again.stderr  # its own database holds the plan

    backup.restore(tmp_path / "cadangan.zip")
    archived = backup.archive_rows(tmp_path / "cadangan.zip")
    assert backup.table_rows() == archived
    assert archived["plans.subkegiatan"] and archived["plans.historicalsubkegiatan"]
    print(f"sqlite → {connection.vendor}: {sum(len(r) for r in archived.values())} baris sama")

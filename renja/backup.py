"""Backup and restore of a whole Renja database (`renja backup`, `renja restore`).

The archive is a zip file:
- `manifest.json`: the format and its version, when and from which database it was made, the migration state
  (every migration applied, per app), and per table its model, columns, row count and data file;
- `data/<app>.<model>.jsonl`: one JSON list per row, the columns in the manifest's order, values in a
  vendor-neutral form (dates ISO 8601, decimals as text, binary as base64), so a SQLite backup restores into
  PostgreSQL and back;
- `files/imports/…` (the uploaded plan files, always) and `files/documents/…` (produced documents, on request).

Every table of every installed app is written, accounts with their password hashes as Django stores them (never
a password in clear), history, settings, the task queue and sessions included. The backup reads all tables in
one read transaction, a snapshot: changes committed while it runs are not in it, and nothing is half in it.

A restore refuses an archive of another schema (a newer one: "perbarui Renja dahulu"), refuses a database that
holds data unless `replace` is given (then the current data is first backed up beside RENJA_HOME), and writes
everything in one transaction: a failure leaves the database as it was.
"""

import base64
import datetime
import decimal
import json
import os
import shutil
import tempfile
import uuid
import zipfile
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import JSONField, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.duration import duration_iso_string

FORMAT = "renja-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
# Rows made by `migrate` itself in every database: a database holding only these is empty. The archive's own
# rows replace them (same ids as the data that refers to them).
MADE_BY_MIGRATE = {"contenttypes.contenttype", "auth.permission"}
CHUNK = 2000


class BackupError(Exception):
    """An archive that cannot be restored here, or a database it may not be restored into; the message says why
    (in Indonesian) and nothing was changed."""


def models_to_copy():
    """Every concrete table Django manages, many-to-many tables included, once each, in a stable order."""
    seen, result = set(), []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.swapped or meta.db_table in seen:
            continue
        seen.add(meta.db_table)
        result.append(model)
    return result


def label(model):
    return model._meta.label_lower


def columns(model):
    return [field.attname for field in model._meta.concrete_fields]


def rows(model):
    """The model's rows as tuples in the order of columns(model). A JSON column is read as its text and parsed
    as plain JSON: a field's own decoder (monitoring.StoredProgress) would give objects no archive can hold."""
    names, json_columns = [], []
    for field in model._meta.concrete_fields:
        if isinstance(field, JSONField):
            names.append(f"_teks_{field.attname}")
            json_columns.append(len(names) - 1)
        else:
            names.append(field.attname)
    query = model._base_manager.order_by("pk")
    if json_columns:
        query = query.annotate(**{names[i]: Cast(model._meta.concrete_fields[i].attname, TextField())
                                  for i in json_columns})
    query = query.values_list(*names)
    if not json_columns:
        return query.iterator(chunk_size=CHUNK)
    return (tuple(json.loads(v) if i in json_columns and v is not None else v for i, v in enumerate(row))
            for row in query.iterator(chunk_size=CHUNK))


def migration_state():
    """Every migration applied, per app (what the schema is)."""
    state = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        state.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(state.items())}


def renja_version():
    try:
        from importlib.metadata import version

        return version("renja")
    except Exception:  # running from a checkout that is not installed
        return "tidak diketahui"


def encode(value):
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return duration_iso_string(value)
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"nilai tidak dapat disimpan: {type(value).__name__}")


def dumps(row, sort_keys=False):
    return json.dumps(row, default=encode, ensure_ascii=False, separators=(",", ":"), sort_keys=sort_keys)


@contextmanager
def snapshot():
    """One read transaction: every table as it was at one moment, while others keep writing. (Called inside a
    transaction already open, as in tests, it reads within that one.)"""
    if connection.in_atomic_block:
        with transaction.atomic():
            yield
        return
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
        return
    if connection.vendor == "sqlite":
        # Django would BEGIN IMMEDIATE (the write lock, renja.settings.base): a deferred transaction only reads,
        # and in WAL mode its first read fixes the snapshot without holding writers back.
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")
        return
    with transaction.atomic():
        yield


def file_roots():
    return {"imports": Path(settings.RENJA_IMPORTS), "documents": Path(settings.RENJA_DOCUMENTS)}


def _files(root):
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


def backup(path, documents=False, progress=None):
    """Write the whole database (and the uploaded files; produced documents when `documents`) to the archive
    `path`. `progress(done, total, what)` is called as rows are written. Returns the manifest."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".sebagian")
    tables = []
    try:
        with snapshot():
            models = models_to_copy()
            counts = {label(m): m._base_manager.count() for m in models}
            total = sum(counts.values())
            done = 0
            manifest = {
                "format": FORMAT,
                "versi_format": FORMAT_VERSION,
                "renja": renja_version(),
                "dibuat": timezone.now().isoformat(),
                "basis_data": connection.vendor,
                "migrasi": migration_state(),
                "tabel": tables,
                "berkas": {},
            }
            with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
                for model in models:
                    names = columns(model)
                    member = f"data/{label(model)}.jsonl"
                    count = 0
                    with archive.open(member, "w", force_zip64=True) as out:
                        buffer = []
                        for row in rows(model):
                            buffer.append(dumps(row))
                            count += 1
                            if len(buffer) >= CHUNK:
                                out.write(("\n".join(buffer) + "\n").encode("utf-8"))
                                buffer.clear()
                                done += CHUNK
                                if progress:
                                    progress(done, total, label(model))
                        if buffer:
                            out.write(("\n".join(buffer) + "\n").encode("utf-8"))
                            done += len(buffer)
                    tables.append({"model": label(model), "tabel": model._meta.db_table, "kolom": names,
                                   "baris": count, "berkas": member})
                    if progress:
                        progress(done, total, label(model))
                for kind, root in file_roots().items():
                    if kind == "documents" and not documents:
                        continue
                    files = _files(root)
                    for file in files:
                        archive.write(file, f"files/{kind}/{file.relative_to(root).as_posix()}")
                    manifest["berkas"][kind] = len(files)
                archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    except BaseException:
        partial.unlink(missing_ok=True)  # nothing half-written is left behind
        raise
    os.replace(partial, path)  # a reader never sees half an archive under the name asked for
    return manifest


def read_manifest(archive):
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError:
        raise BackupError("berkas ini bukan arsip cadangan Renja (tidak ada manifest.json)")
    except ValueError as exc:
        raise BackupError(f"manifest.json arsip ini rusak: {exc}")
    if manifest.get("format") != FORMAT:
        raise BackupError("berkas ini bukan arsip cadangan Renja (format tidak dikenal)")
    if manifest.get("versi_format", 0) > FORMAT_VERSION:
        raise BackupError(
            f"arsip ini berformat versi {manifest['versi_format']}, versi Renja ini hanya mengenal sampai versi "
            f"{FORMAT_VERSION}; perbarui Renja dahulu, lalu pulihkan lagi"
        )
    return manifest


def open_archive(path):
    try:
        return zipfile.ZipFile(path)
    except FileNotFoundError:
        raise BackupError(f"berkas tidak ditemukan: {path}")
    except (zipfile.BadZipFile, OSError) as exc:
        raise BackupError(f"berkas {path} bukan arsip zip yang utuh ({exc})")


def check_schema(manifest):
    """The archive's migration state must be this database's: rows of another schema would not fit."""
    here = migration_state()
    there = manifest.get("migrasi", {})
    ours = {(app, name) for app, names in here.items() for name in names}
    theirs = {(app, name) for app, names in there.items() for name in names}
    newer = sorted(theirs - ours)
    if newer:
        shown = ", ".join(f"{app}.{name}" for app, name in newer[:5]) + (" …" if len(newer) > 5 else "")
        raise BackupError(
            f"arsip ini dibuat dengan skema basis data yang lebih baru dari versi Renja ini (Renja "
            f"{manifest.get('renja')}; migrasi yang belum dikenal di sini: {shown}). Perbarui Renja ke versi yang "
            f"sama atau lebih baru, lalu pulihkan lagi. Basis data tidak diubah."
        )
    older = sorted(ours - theirs)
    if older:
        shown = ", ".join(f"{app}.{name}" for app, name in older[:5]) + (" …" if len(older) > 5 else "")
        raise BackupError(
            f"arsip ini dibuat dengan skema basis data yang lebih lama (Renja {manifest.get('renja')}; migrasi "
            f"yang belum ada di arsip: {shown}). Pulihkan dengan versi Renja yang membuatnya ke basis data kosong, "
            f"lalu perbarui Renja (migrasi berjalan sendiri). Basis data tidak diubah."
        )
    models = {label(m): m for m in models_to_copy()}
    for table in manifest["tabel"]:
        model = models.get(table["model"])
        if model is None or columns(model) != table["kolom"]:
            raise BackupError(f"tabel {table['model']} di arsip tidak cocok dengan skema di sini; basis data tidak "
                              f"diubah")
    return models


def tables_with_data():
    """The tables that hold rows other than those `migrate` makes: {label: rows}."""
    found = {}
    for model in models_to_copy():
        if label(model) in MADE_BY_MIGRATE:
            continue
        count = model._base_manager.count()
        if count:
            found[label(model)] = count
    return found


AS_ARCHIVED = {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField", "SmallIntegerField",
               "PositiveIntegerField", "PositiveBigIntegerField", "PositiveSmallIntegerField", "CharField",
               "TextField", "SlugField", "EmailField", "URLField", "BooleanField", "GenericIPAddressField",
               # ISO text is what both databases store or parse (SQLite's decimals go through str() anyway)
               "DateField", "TimeField", "DecimalField"}


def _converter(field, db):
    """A function from the archived value to what the database driver takes, or None when it is the same. The
    common types are converted by hand (a restore converts every value of every row); the rest by the field."""
    target = field.target_field if field.is_relation else field
    kind = target.get_internal_type()
    if kind in AS_ARCHIVED:
        return None
    if kind == "DateTimeField" and db.vendor == "postgresql":
        return None  # timestamptz parses ISO 8601 with its offset
    if kind == "DateTimeField" and db.vendor == "sqlite":
        general = _general(field, db)

        def utc_text(value):  # what Django writes on SQLite: naive UTC, a space between date and time
            return value[:-6].replace("T", " ") if value.endswith("+00:00") else general(value)

        return utc_text
    if kind == "UUIDField":
        return None if db.vendor == "postgresql" else (lambda value: uuid.UUID(value).hex)
    return _general(field, db)


def _general(field, db):
    def convert(value):
        return field.get_db_prep_save(field.to_python(value), db)

    return convert


def _insert(model, names, lines, cursor):
    fields = [model._meta.get_field(field_name_of(model, name)) for name in names]
    db = connections[connection.alias]  # the connection itself, not the proxy that looks it up on every use
    converters = [_converter(f, db) for f in fields]
    quote = connection.ops.quote_name
    table = f"{quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)})"
    batch = []
    for line in lines:
        row = json.loads(line)
        batch.append([v if c is None or v is None else c(v) for v, c in zip(row, converters)])
    if not batch:
        return 0
    if db.vendor == "postgresql":  # COPY: several times faster than one INSERT per row
        with cursor.cursor.copy(f"COPY {table} FROM STDIN") as copy:
            for row in batch:
                copy.write_row(row)
    else:
        cursor.executemany(f"INSERT INTO {table} VALUES ({', '.join(['%s'] * len(fields))})", batch)
    return len(batch)


def field_name_of(model, attname):
    for field in model._meta.concrete_fields:
        if field.attname == attname:
            return field.name
    raise BackupError(f"kolom {attname} tidak ada pada {label(model)}")


def _chunks(stream):
    batch = []
    for raw in stream:
        line = raw.decode("utf-8").strip()
        if line:
            batch.append(line)
        if len(batch) >= CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def restore(path, replace=False, progress=None, safety_dir=None):
    """Restore the archive `path` into this database (migrated to the same schema). Without `replace` the
    database must be empty; with it, the current data is first written to an archive in `safety_dir` (default
    RENJA_HOME/cadangan), whose path is returned with the manifest. All or nothing."""
    archive = open_archive(path)
    with archive:
        manifest = read_manifest(archive)
        models = check_schema(manifest)
        present = tables_with_data()
        saved = None
        if present and not replace:
            shown = ", ".join(f"{name} ({count})" for name, count in list(present.items())[:6])
            raise BackupError(
                f"basis data ini tidak kosong ({len(present)} tabel berisi data: {shown}"
                f"{' …' if len(present) > 6 else ''}). Pulihkan ke basis data kosong, atau pakai --replace untuk "
                f"mengganti seluruh isinya (isi sekarang dicadangkan dahulu). Basis data tidak diubah."
            )
        if present:
            folder = Path(safety_dir or Path(settings.RENJA_HOME) / "cadangan")
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            saved = folder / f"sebelum-pemulihan-{stamp}.zip"
            backup(saved, documents=True)
        staged = _stage_files(archive, manifest)
        total = sum(t["baris"] for t in manifest["tabel"])
        done = 0
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    for model in reversed(list(models.values())):
                        cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
                    for table in manifest["tabel"]:
                        model = models[table["model"]]
                        written = 0
                        with archive.open(table["berkas"]) as stream:
                            for lines in _chunks(stream):
                                written += _insert(model, table["kolom"], lines, cursor)
                                if progress:
                                    progress(done + written, total, table["model"])
                        if written != table["baris"]:
                            raise BackupError(f"tabel {table['model']} di arsip berisi {written} baris, manifest "
                                              f"menyebut {table['baris']}: arsip tidak utuh. Pemulihan dibatalkan; "
                                              f"basis data tidak diubah.")
                        done += written
                    for sql in connection.ops.sequence_reset_sql(no_style(), list(models.values())):
                        cursor.execute(sql)
        except BackupError:
            _discard(staged)
            raise
        except Exception as exc:
            _discard(staged)
            raise BackupError(f"pemulihan gagal dan dibatalkan; basis data tidak diubah ({type(exc).__name__}: "
                              f"{exc})") from exc
    _place_files(staged)
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache

    from renja.plans.view import forget_shared_views

    ContentType.objects.clear_cache()
    cache.clear()  # pages kept per data version: a restore takes the versions back
    forget_shared_views()
    return manifest, saved


def _stage_files(archive, manifest):
    """Unpack the archive's files beside their folders (moved in place once the database is committed)."""
    staged = {}
    for kind, root in file_roots().items():
        if kind not in manifest.get("berkas", {}):
            continue  # not in the archive (produced documents not asked for): the folder stays as it is
        root.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{kind}-pemulihan-", dir=root.parent))
        prefix = f"files/{kind}/"
        for name in archive.namelist():
            if not name.startswith(prefix) or name.endswith("/"):
                continue
            relative = Path(name[len(prefix):])
            if relative.is_absolute() or ".." in relative.parts:
                shutil.rmtree(work, ignore_errors=True)
                raise BackupError(f"arsip memuat nama berkas yang tidak aman: {name}")
            target = work / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(name) as source, open(target, "wb") as out:
                shutil.copyfileobj(source, out)
        staged[kind] = (work, root)
    return staged


def _discard(staged):
    for work, _root in staged.values():
        shutil.rmtree(work, ignore_errors=True)


def _place_files(staged):
    for work, root in staged.values():
        old = None
        if root.exists():
            old = root.with_name(root.name + ".lama")
            shutil.rmtree(old, ignore_errors=True)
            root.rename(old)
        work.rename(root)
        if old:
            shutil.rmtree(old, ignore_errors=True)


def table_rows():
    """Every table's rows (sorted) in the archive's neutral form, by model: what a backup holds and a restore gives
    (keys of JSON values sorted: PostgreSQL's jsonb keeps them in its own order)."""
    result = {}
    for model in models_to_copy():
        result[label(model)] = sorted(dumps(row, sort_keys=True) for row in rows(model))
    return result


def archive_rows(path):
    """What the archive `path` holds, in the form of table_rows() (rows sorted: text keys sort differently on
    each database)."""
    with open_archive(path) as archive:
        manifest = read_manifest(archive)
        return {table["model"]: sorted(dumps(json.loads(line), sort_keys=True)
                                       for line in archive.read(table["berkas"]).decode("utf-8").splitlines() if line)
                for table in manifest["tabel"]}

"""The loader's bulk writer writes what the ORM writes: the same rows, the same first history records, the same
refusals; a load is still all or nothing; its plan is checked once after the commit."""

import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from django.apps import apps
from django.db import DatabaseError, connection, transaction
from simple_history.models import HistoricalRecords

from renja.exchange import bulk, loader
from renja.exchange.loader import LOADED_FROM_FILE, LoadError, load_document
from renja.organizations.models import Pemda, PerangkatDaerah
from renja.plans.models import Indikator, Kegiatan, PrioritasDaerah, Program, Renja, SubKegiatan
from renja.reference.models import Nomenklatur, NomenklaturVersi

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "exchange" / "clean_plan.yaml"
pytestmark = pytest.mark.django_db


def clean_document():
    return yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture
def renja():
    pemda = Pemda.objects.create(kode="99.01", nama="Kota Uji", jenis="kota")
    pd = PerangkatDaerah.objects.create(pemda=pemda, kode="1.01", nama="Dinas Uji")
    return Renja.objects.create(perangkat_daerah=pd, tahun=2026)


def plan_rows(renja, tag):
    """A program, a kegiatan and two sub kegiatan with indicators: text, None, 0, big and decimal values, and
    children assigned their parent before the parent has a key (as the loader builds them)."""
    program = Program(renja=renja, urutan=1, kode="1.01.02", nama=f"Program {tag}")
    kegiatan = Kegiatan(program=program, urutan=2, kode="1.01.02.2.01", nama="Kegiatan ’kutip’ \"dua\"\n")
    subs = [
        SubKegiatan(kegiatan=kegiatan, urutan=3, kode="1.01.02.2.01.0001", nama="Sub", pagu_n=0, pagu_n_teks="0",
                    pagu_n1=None, lokasi="Kec. A; Kec. B", raw="baris\tasli"),
        SubKegiatan(kegiatan=kegiatan, urutan=4, kode="", kode_asli="1.01.02.2.01.1", nama="",
                    pagu_n=9_999_999_999_999, pagu_n_teks="Rp 9.999.999.999.999,00", pagu_n1=1),
    ]
    indicators = [
        Indikator(program=program, uraian="Persentase", target_n=Decimal("80.5"), target_n_teks="80,5 %",
                  target_n1=Decimal("0.000001")),
        Indikator(sub_kegiatan=subs[0], uraian="Dokumen", target_n=None, target_n_teks="", polaritas="negatif"),
        Indikator(sub_kegiatan=subs[1], uraian="", target_n=Decimal("123456789012345678.123456")),
    ]
    return [(Program, [program]), (Kegiatan, [kegiatan]), (SubKegiatan, subs), (Indikator, indicators)]


def stored(model, objs, drop=("id",)):
    rows = list(model.objects.filter(pk__in=[o.pk for o in objs]).order_by("pk").values())
    return [{k: v for k, v in row.items() if k not in drop and not k.endswith("_id")} for row in rows]


def test_rows_and_keys_are_those_of_bulk_create(renja):
    by_orm, by_bulk = plan_rows(renja, "a"), plan_rows(renja, "a")
    for (model, orm_rows), (_, bulk_rows) in zip(by_orm, by_bulk):
        model.objects.bulk_create(orm_rows)
        bulk.insert(model, bulk_rows)
        assert all(o.pk is not None and not o._state.adding for o in bulk_rows)
        assert stored(model, bulk_rows) == stored(model, orm_rows)
    # each child points to its own parent, read back from the database
    sub = SubKegiatan.objects.select_related("kegiatan__program").get(pk=by_bulk[2][1][0].pk)
    assert sub.kegiatan.pk == by_bulk[1][1][0].pk and sub.kegiatan.program.pk == by_bulk[0][1][0].pk
    assert Indikator.objects.get(pk=by_bulk[3][1][1].pk).sub_kegiatan_id == sub.pk


def test_json_and_automatic_fields_are_written_as_the_orm_writes_them(renja):
    lists = [["satu", "dua ’tiga’"], [], [{"a": 1}]]
    by_orm = [PrioritasDaerah(renja=renja, urutan=i, indikator_sasaran_daerah=v) for i, v in enumerate(lists)]
    by_bulk = [PrioritasDaerah(renja=renja, urutan=i, indikator_sasaran_daerah=v) for i, v in enumerate(lists)]
    PrioritasDaerah.objects.bulk_create(by_orm)
    bulk.insert(PrioritasDaerah, by_bulk)
    assert stored(PrioritasDaerah, by_bulk) == stored(PrioritasDaerah, by_orm)
    other = Renja(perangkat_daerah=renja.perangkat_daerah, tahun=2027)  # dibuat_pada: auto_now_add
    bulk.insert(Renja, [other])
    assert Renja.objects.get(pk=other.pk).dibuat_pada is not None


def test_an_unsaved_parent_is_refused_as_by_bulk_create(renja):
    program = Program(renja=renja, nama="belum disimpan")
    with pytest.raises(ValueError, match="unsaved related object"):
        bulk.insert(Kegiatan, [Kegiatan(program=program, nama="anak")])
    assert not Kegiatan.objects.exists()


def history_rows(model, objs):
    history = model.history.model
    rows = list(history.objects.filter(id__in=[o.pk for o in objs]).order_by("history_id").values())
    return [{k: v for k, v in row.items() if k not in ("history_id", "history_date")} for row in rows]


@pytest.mark.parametrize("own", [False, True])
def test_history_records_are_those_of_simple_history(renja, django_user_model, own):
    user = django_user_model.objects.create(username="operator")
    HistoricalRecords.context.request = type("Request", (), {"user": user})()  # as during a web request
    try:
        first, second = plan_rows(renja, "a"), plan_rows(renja, "b")
        for (model, orm_rows), (_, bulk_rows) in zip(first, second):
            bulk.insert(model, orm_rows)
            bulk.insert(model, bulk_rows)
            if own:  # an instance may name its own reason and user: the slower path honours them
                for obj in orm_rows + bulk_rows:
                    obj._change_reason = "alasan sendiri"
            model.history.bulk_history_create(orm_rows, default_change_reason=LOADED_FROM_FILE)
            keys = bulk.insert_history(model, bulk_rows, LOADED_FROM_FILE)
            history = model.history.model
            assert [history.objects.get(history_id=k).id for k in keys] == [o.pk for o in bulk_rows]
            expected = [dict(row, id=None) for row in history_rows(model, orm_rows)]
            found = [dict(row, id=None) for row in history_rows(model, bulk_rows)]
            for row in expected + found:  # the rows' own names differ by the tag, and so do their keys
                for key in [k for k in row if k.endswith("_id") and k not in ("history_user_id",)]:
                    row[key] = row[key] is not None
                row.pop("nama", None)
            assert found == expected
            assert {r["history_user_id"] for r in found} == {user.pk}
            assert {r["history_change_reason"] for r in found} == {"alasan sendiri" if own else LOADED_FROM_FILE}
            assert {r["history_type"] for r in found} == {"+"}
    finally:
        del HistoricalRecords.context.request


def test_rows_written_as_values_are_those_of_bulk_create_with_their_history(renja, django_user_model):
    """bulk.write_rows (values, no instances: what the loader writes the plan tree and the Renstra with) gives
    the rows, defaults and first history records that bulk_create and simple_history give the same instances."""
    user = django_user_model.objects.create(username="operator")
    HistoricalRecords.context.request = type("Request", (), {"user": user})()
    try:
        by_orm = dict(plan_rows(renja, "a"))
        for model in (Program, Kegiatan, SubKegiatan, Indikator):
            by_orm[model] = model.objects.bulk_create(by_orm[model])
            model.history.bulk_history_create(by_orm[model], default_change_reason=LOADED_FROM_FILE)
        written = {}
        for model in (Program, Kegiatan, SubKegiatan, Indikator):
            columns = [f.attname for f in model._meta.concrete_fields
                       if f.attname not in ("id", "versi", "akumulasi", "nomenklatur_id")]  # those: their defaults
            rows = []
            for obj in by_orm[model]:
                refs = [(columns.index(f.attname), written[f.related_model][by_orm[f.related_model].index(
                        getattr(obj, f.name))]) for f in model._meta.concrete_fields
                        if f.is_relation and f.related_model in written and getattr(obj, f.attname) is not None]
                rows.append(bulk.Row([getattr(obj, c) for c in columns], refs))
            keys = bulk.write_rows(model, columns, rows, LOADED_FROM_FILE)
            written[model] = rows
            keyed = [type("Written", (), {"pk": r.key}) for r in rows]
            assert stored(model, keyed) == stored(model, by_orm[model])
            assert [model.history.model.objects.get(history_id=k).id for k in keys] == [r.key for r in rows]
            expected = [dict(row, id=None) for row in history_rows(model, by_orm[model])]
            found = [dict(row, id=None) for row in history_rows(model, keyed)]
            for row in expected + found:
                for key in [k for k in row if k.endswith("_id") and k != "history_user_id"]:
                    row[key] = row[key] is not None
            assert found == expected and {r["history_user_id"] for r in found} == {user.pk}
        # each child points to its own parent, written a moment before it
        sub = SubKegiatan.objects.select_related("kegiatan__program").get(pk=written[SubKegiatan][0].key)
        assert sub.kegiatan.pk == written[Kegiatan][0].key and sub.kegiatan.program.pk == written[Program][0].key
    finally:
        del HistoricalRecords.context.request
    with pytest.raises(ValueError, match="unknown"):
        bulk.insert_rows(Program, ["renja_id", "tidak_ada"], [[renja.pk, 1]])


def test_a_load_writes_one_first_history_record_per_row_with_its_sumber_dana():
    report = load_document(clean_document())
    subs = SubKegiatan.objects.filter(kegiatan__program__renja=report.renja)
    for model, rows in ((SubKegiatan, subs), (Indikator, Indikator.objects.filter(sub_kegiatan__in=subs))):
        for row in rows:
            records = list(row.history.all())
            assert len(records) == 1
            assert records[0].history_type == "+" and records[0].history_change_reason == LOADED_FROM_FILE
    sub = next(s for s in subs if s.sumber_dana.exists())
    record = sub.history.get()
    assert sorted(s.sumberdana_id for s in record.sumber_dana.all()) == \
        sorted(sub.sumber_dana.values_list("pk", flat=True))


def test_a_load_failing_while_writing_the_history_changes_nothing(monkeypatch):
    counts = {m._meta.label: m.objects.count() for m in apps.get_models()
              if m._meta.app_label in {"organizations", "reference", "plans", "monitoring"}}
    calls = []

    def failing(model, keys, reason):
        calls.append(model)
        if model is SubKegiatan:
            raise DatabaseError("disk penuh")
        return original(model, keys, reason)
    original = bulk.insert_history_keys  # what the loader writes the first history records with
    monkeypatch.setattr(bulk, "insert_history_keys", failing)
    with pytest.raises(LoadError, match="disk penuh"):
        load_document(clean_document())
    assert calls[:3] == [Program, Kegiatan, SubKegiatan]  # rows were written before the failure...
    assert counts == {m._meta.label: m.objects.count() for m in apps.get_models()
                      if m._meta.app_label in {"organizations", "reference", "plans", "monitoring"}}  # ...and undone


def test_a_load_checks_its_plan_once_after_the_commit(monkeypatch, django_capture_on_commit_callbacks):
    from renja.rules import stored as stored_findings

    document = clean_document()
    assert document.get("renstra") and document["perangkat_daerah"].get("pagu_plafon")  # three kinds of change
    checked = []
    original = stored_findings.refresh
    monkeypatch.setattr(stored_findings, "refresh",
                        lambda renja, *number: checked.append(renja.pk) or original(renja, *number))
    with django_capture_on_commit_callbacks(execute=True):
        report = load_document(document)
    assert checked == [report.renja.pk]
    assert stored_findings.is_fresh(report.renja)


def test_the_linker_reads_only_the_entries_of_the_plans_codes():
    document = clean_document()
    # a version the plan's Pemda already has (made from its earlier plans): reused, with its entries
    pemda = Pemda.objects.create(kode=document["pemda"]["kode"], nama=document["pemda"]["nama"],
                                 jenis=document["pemda"]["jenis"])
    versi = NomenklaturVersi.objects.create(nama=document["renja"]["nomenklatur"], pemda=pemda)
    jenis = pemda.jenis_nomenklatur
    program_code = document["renja"]["program"][0]["kode"]
    known = Nomenklatur.objects.create(versi=versi, jenis_pemda=jenis, tingkat="program", kode=program_code,
                                       nama="Program yang sudah dikenal")
    Nomenklatur.objects.create(versi=versi, jenis_pemda=jenis, tingkat="program", kode="9.99.99",
                               nama="Program PD lain")
    seen = []
    original = loader.NomenclatureLinker.__init__

    def spy(self, *args, **kwargs):
        original(self, *args, **kwargs)
        seen.append(set(self.entries))
    loader.NomenclatureLinker.__init__ = spy
    try:
        report = load_document(document)
    finally:
        loader.NomenclatureLinker.__init__ = original
    assert seen == [{program_code}]  # the other PD's entry was not read
    program = Program.objects.get(renja=report.renja, kode=program_code)
    assert program.nomenklatur == known  # linked to the entry that existed
    kegiatan = Kegiatan.objects.filter(program=program).first()
    assert kegiatan.nomenklatur.induk == known  # a new entry's parent is the existing one


def test_replacing_a_plan_stales_the_findings_of_its_year_once_not_row_by_row(monkeypatch):
    from renja.plans import versions
    from renja.rules import stored as stored_findings

    final = clean_document()
    final["renja"]["tahap"] = "final"
    load_document(clean_document())
    other_stage = load_document(final).renja
    stored_findings.refresh(other_stage)
    assert stored_findings.is_fresh(other_stage)
    raised = []
    original = versions.changed
    monkeypatch.setattr(versions, "changed", lambda *args, **kwargs: raised.append(args) or original(*args, **kwargs))
    rancangan = Renja.objects.get(perangkat_daerah=other_stage.perangkat_daerah, tahap="rancangan")
    deleted = sum(m.objects.filter(**{path: rancangan}).count() for m, path in (
        (Program, "renja"), (Kegiatan, "program__renja"), (SubKegiatan, "kegiatan__program__renja"),
        (Indikator, "sub_kegiatan__kegiatan__program__renja")))
    load_document(clean_document(), replace=True)  # deletes the rancangan (thousands of rows in a real plan)
    pd_id = other_stage.perangkat_daerah_id
    assert (pd_id, 2025) in raised and (pd_id, None) in raised  # the plan's year, and the Renstra's every year
    # a handful, one per kind of write (plafon, Renstra, plan, their deletions), none per deleted row
    assert len(raised) == 8 < deleted
    assert not stored_findings.is_fresh(other_stage)  # the other stage of the year is checked again


def test_rows_saved_outside_a_writer_still_raise_the_version():
    from renja.plans import signals, versions

    renja = load_document(clean_document()).renja
    sub = SubKegiatan.objects.filter(kegiatan__program__renja=renja).first()
    before = versions.current(renja)
    with signals.told_by_writer():
        sub.save()
    assert versions.current(renja) == before
    sub.save()
    assert versions.current(renja) > before


@pytest.mark.django_db(transaction=True)
def test_a_load_that_commits_itself_leaves_its_check_to_the_background_worker(monkeypatch):
    from renja.rules import stored as stored_findings

    checked, enqueued = [], []
    original = stored_findings.refresh
    monkeypatch.setattr(stored_findings, "refresh",
                        lambda renja, *number: checked.append(renja.pk) or original(renja, *number))
    task = stored_findings.refresh_later

    class Queue:  # the worker's queue, run by hand below
        def enqueue(self, keys):
            enqueued.append(keys)
    monkeypatch.setattr(stored_findings, "refresh_later", Queue())
    with pytest.raises(LoadError):
        load_document({**clean_document(), "renja": {**clean_document()["renja"], "tahap": "tidak-ada"}})
    assert enqueued == []  # a refused load enqueues nothing
    renja = load_document(clean_document()).renja
    pd = renja.perangkat_daerah_id
    assert checked == [] and not stored_findings.is_fresh(renja)  # the load did not wait for the check...
    assert sorted(map(tuple, enqueued[0]), key=str) == [(pd, 2025), (pd, None)] and len(enqueued) == 1
    task.call(enqueued[0])  # ...the worker runs it: once per plan, however many keys the load raised
    assert checked == [renja.pk] and stored_findings.is_fresh(renja)
    # Before the worker has run, the first reader computes the findings (and stores them) itself.
    renja = load_document(clean_document(), replace=True).renja
    assert not stored_findings.is_fresh(renja)
    assert stored_findings.findings(renja) and stored_findings.is_fresh(renja) and checked == [renja.pk - 1, renja.pk]


def test_an_infinite_target_keeps_its_text_without_a_value_and_is_reported():
    document = clean_document()
    document["renja"]["program"][0]["kegiatan"][0]["sub_kegiatan"][0]["indikator"][0]["target_n"] = float("inf")
    report = load_document(document)
    indikator = Indikator.objects.get(sub_kegiatan__kegiatan__program__renja=report.renja, target_n_teks="inf")
    assert indikator.target_n is None
    assert [p.why for p in report.problems if p.field == "target_n"] == [
        "angka target tidak terbaca: bukan angka terhingga"]


def test_a_number_too_large_for_its_column_is_refused_whole_or_kept_whole():
    # 5.8e16 fits no decimal column of PostgreSQL's (it is refused there, also when written with COPY, as a
    # LoadError); SQLite keeps it. Either way the plan lands whole or not at all.
    document = clean_document()
    document["renja"]["program"][0]["kegiatan"][0]["sub_kegiatan"][0]["indikator"][0]["target_n"] = 5.824348886034022e16
    try:
        report = load_document(document)
    except LoadError as refused:
        assert "basis data menolak data" in str(refused.errors)
        assert not Renja.objects.exists() and not Program.objects.exists()
    else:
        assert Program.objects.filter(renja=report.renja).count() == len(document["renja"]["program"])


def test_many_rows_get_their_own_keys_and_first_history_records(renja):
    """More rows than one statement takes (on SQLite: batches of 128, the rest in powers of two, the keys known
    from the last one written): every row keeps its own key, and every history record its row's."""
    count = 301
    rows = [bulk.Row([renja.pk, order, f"1.01.{order:02d}", f"Program {order}"]) for order in range(count)]
    records = bulk.write_rows(Program, ("renja_id", "urutan", "kode", "nama"), rows, LOADED_FROM_FILE)
    keys = [row.key for row in rows]
    assert len(set(keys)) == count
    assert dict(Program.objects.filter(pk__in=keys).values_list("pk", "urutan")) == {
        row.key: order for order, row in enumerate(rows)}
    history = Program.history.model.objects.in_bulk(records)
    assert [(history[k].id, history[k].urutan, history[k].history_change_reason) for k in records] == [
        (row.key, order, LOADED_FROM_FILE) for order, row in enumerate(rows)]


@pytest.mark.parametrize("count", [0, 1, 127, 128, 129, 301, 1000])
def test_sqlite_batches_cover_every_row_once_in_a_few_sizes(count):
    batches = list(bulk._sqlite_batches(count, 999))
    assert [start for start, _ in batches] == [sum(size for _, size in batches[:i]) for i in range(len(batches))]
    assert sum(size for _, size in batches) == count
    assert {size for _, size in batches} <= {128, 64, 32, 16, 8, 4, 2, 1}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="sqlite3's adapters")
def test_none_and_bools_bound_through_the_adapters_store_what_sqlite3_stores_without_them():
    """bulk registers sqlite3 adapters for None and bool (a shortcut past two failed attribute lookups per
    value): the values and their storage classes are those sqlite3 stores without the adapters."""
    values = [None, True, False, 0, 1, -1, 2**62, 1.5, "", "teks", Decimal("80.500000"), b"\x00"]
    own = {key: sqlite3.adapters.pop((key, sqlite3.PrepareProtocol)) for key in (type(None), bool)}
    assert own[type(None)](None) is None and own[bool](True) == 1 and type(own[bool](False)) is int
    with connection.cursor() as cursor, transaction.atomic():
        raw = cursor.cursor
        raw.execute("CREATE TEMP TABLE adapted (nilai)")
        try:
            raw.executemany("INSERT INTO adapted VALUES (?)", [(value,) for value in values])  # without them
            for key, adapter in own.items():
                sqlite3.register_adapter(key, adapter)
            raw.executemany("INSERT INTO adapted VALUES (?)", [(value,) for value in values])
            rows = raw.execute("SELECT nilai, typeof(nilai) FROM adapted ORDER BY rowid").fetchall()
        finally:
            for key, adapter in own.items():
                sqlite3.register_adapter(key, adapter)
            raw.execute("DROP TABLE adapted")
    assert rows[:len(values)] == rows[len(values):]
    assert [kind for _, kind in rows[:4]] == ["null", "integer", "integer", "integer"]

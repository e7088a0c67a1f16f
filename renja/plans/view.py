"""A read-only view of one Renja: everything the rules look at, read from the database in a fixed number
of queries, as plain Python objects. Rules never touch the database or a request.

Tests may build a view by hand; `build_view(renja)` builds it from the database.
"""

import contextlib
import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models.sql.constants import MULTI

from renja.core.allocation import uses_many_objects
from renja.core.codes import LEVEL_NAMES
from renja.core.recent import Recent
from renja.core.targets import Target, parse_target
from renja.monitoring.models import (
    BarisRealisasi,
    BarisTC29,
    BelanjaAkun,
    Evaluasi,
    SkalaCapaian,
    TabelEvaluasi,
)
from renja.organizations.models import PaguPlafon
from renja.plans import models as plan_models
from renja.reference.models import Nomenklatur

LEVELS = ("program", "kegiatan", "sub_kegiatan")
LEVEL_LABELS = LEVEL_NAMES
# The further pagu columns a workbook may carry (plans.PaguKolom), in the order they are shown.
PAGU_COLUMNS = tuple(plan_models.PaguKolom.Kolom.values)
PAGU_COLUMN_LABELS = dict(plan_models.PaguKolom.Kolom.choices)
STAGE_LABELS = dict(plan_models.Renja.Tahap.choices)
STATUS_LABELS = dict(plan_models.Renja.Status.choices)


@dataclass
class IndicatorView:
    uraian: str
    polaritas: str = "positif"
    target_n: Target = field(default_factory=lambda: Target(""))
    target_n1: Target = field(default_factory=lambda: Target(""))
    satuan: str = ""  # unit given apart from the targets, if any
    id: int | None = None  # the stored row, when read from the database
    target_sebelum: Target = field(default_factory=lambda: Target(""))  # Renja Perubahan: before the change
    # a Renja started from its Renstra: the Renstra's end-of-period target, realisation n-2, expectation n-1
    target_renstra: Target = field(default_factory=lambda: Target(""))
    realisasi_n2: Target = field(default_factory=lambda: Target(""))
    prakiraan_n1: Target = field(default_factory=lambda: Target(""))


@dataclass(eq=False)
class StatementView:
    table: str
    key: str
    text: str = ""
    value: Decimal | None = None
    code: str = ""
    row: str = ""
    context: str = ""
    node: "Node | None" = None  # the T-C.33 row that states it
    evaluation_year: int | None = None  # set for statements of an evaluation (BAB II)


@dataclass(eq=False)
class Node:
    """A program, kegiatan or sub kegiatan row of T-C.33. Money is entered only on sub kegiatan."""

    level: str
    kode: str = ""  # normalised; empty when unreadable
    kode_asli: str = ""
    nama: str = ""
    lokasi: str = ""
    sumber_dana: str = ""
    catatan: str = ""
    indicators: list = field(default_factory=list)
    children: list = field(default_factory=list)
    parent: "Node | None" = None
    pagu_n: int | None = None  # sub kegiatan only: as entered
    pagu_n_teks: str = ""
    pagu_n1: int | None = None
    pagu_n1_teks: str = ""
    pagu_sebelum: int | None = None  # Renja Perubahan: pagu n before the change (pagu_n is after it)
    pagu_sebelum_teks: str = ""
    pagu_kolom: dict = field(default_factory=dict)  # further pagu columns: kolom ("apbd" …) → (amount, text)
    stated: dict = field(default_factory=dict)  # key ("pagu_n", "pagu_n1", "pagu_sebelum" …) → StatementView
    nomenklatur_resmi: bool | None = None  # True/False once an official version is loaded, else None
    id: int | None = None  # the stored row, when read from the database

    @property
    def label(self):
        return self.nama or self.kode or self.kode_asli.replace("\t", " ") or f"[{LEVEL_LABELS[self.level]}]"

    @property
    def code(self):
        """The code to show: normalised when readable, else as written, else None."""
        return self.kode or (" ".join(self.kode_asli.split()) or None)

    # Set while rules read the view (`reading`): the sub kegiatan under this row, and its totals by key.
    _subs = None
    _totals = None

    def subs(self):
        if self._subs is not None:
            return list(self._subs)
        if self.level == "sub_kegiatan":
            return [self]
        found = []
        for child in self.children:  # sub kegiatan taken directly: the totals walk the tree often
            if child.level == "sub_kegiatan":
                found.append(child)
            else:
                found.extend(child.subs())
        return found

    @property
    def total_n(self):
        return self.total("pagu_n")

    @property
    def total_n1(self):
        return self.total("pagu_n1")

    def amount(self, key):
        """A sub kegiatan's amount of one money key: "pagu_n", "pagu_n1", "pagu_sebelum" or "pagu_<kolom>"."""
        if key in ("pagu_n", "pagu_n1", "pagu_sebelum"):
            return getattr(self, key)
        return self.pagu_kolom.get(key.removeprefix("pagu_"), (None, ""))[0]

    def total(self, key):
        totals = self._totals
        if totals is not None and key in totals:
            return totals[key]
        if self._subs is None and self.level == "sub_kegiatan":  # its own amount (subs() is [self])
            return (getattr(self, key) if key in ("pagu_n", "pagu_n1", "pagu_sebelum") else self.amount(key)) or 0
        if key in ("pagu_n", "pagu_n1", "pagu_sebelum"):
            total = sum(getattr(s, key) or 0 for s in self.subs())
        else:
            total = sum(s.amount(key) or 0 for s in self.subs())
        if totals is not None:
            totals[key] = total
        return total

    @property
    def is_penunjang(self):
        """Program Penunjang ("non urusan"): program number 01 of every bidang; by name when the code is
        unreadable."""
        if self.kode:
            parts = self.kode.split(".")
            return len(parts) >= 3 and parts[2] == "01"
        return "penunjang urusan" in " ".join((self.nama or "").lower().split())


@dataclass(eq=False)
class ReviewSide:
    nama: str = ""
    lokasi: str = ""
    indikator: list = field(default_factory=list)  # [{"uraian": …, "target": …}]
    pagu: int | None = None
    pagu_teks: str = ""


@dataclass(eq=False)
class ReviewRow:
    """A row of T-C.31: the RKPD draft (rancangan) against the analysis of needs (kebutuhan)."""

    tingkat: str
    nomor: str = ""
    rancangan: ReviewSide = field(default_factory=ReviewSide)
    kebutuhan: ReviewSide = field(default_factory=ReviewSide)
    catatan: str = ""

    @property
    def label(self):
        return self.rancangan.nama or self.kebutuhan.nama or self.nomor


@dataclass(eq=False)
class RealisationRow:
    nomor: str = ""
    uraian: str = ""
    indikator: str = ""
    target: Decimal | None = None
    target_teks: str = ""
    alokasi: int | None = None
    alokasi_teks: str = ""
    realisasi: int | None = None
    realisasi_teks: str = ""
    fisik: Decimal | None = None
    fisik_teks: str = ""
    keuangan: Decimal | None = None
    keuangan_teks: str = ""
    persen: Decimal | None = None
    persen_teks: str = ""
    triwulan: int | None = None


@dataclass(eq=False)
class EvaluationTable:
    id: str
    judul: str = ""
    program: str = ""
    kegiatan: str = ""
    rows: list = field(default_factory=list)
    total: dict = field(default_factory=dict)  # key → StatementView of the Total row


@dataclass(eq=False)
class SpendingRow:
    tabel: str
    kode_rekening: str = ""
    uraian: str = ""
    anggaran: int | None = None
    anggaran_teks: str = ""
    realisasi: int | None = None
    realisasi_teks: str = ""
    persen: Decimal | None = None
    persen_teks: str = ""


@dataclass(eq=False)
class EvaluationView:
    tahun: int
    keterangan: str = ""
    tables: list = field(default_factory=list)
    spending: list = field(default_factory=list)
    tc29: list = field(default_factory=list)  # [{"kode", "kode_asli", "uraian", "indikator", "kolom"}]
    scale: list = field(default_factory=list)  # [(skala, kategori)]
    statements: list = field(default_factory=list)

    def table(self, table_id):
        return next((t for t in self.tables if t.id == table_id), None)


@dataclass(eq=False)
class Section:
    bab: str
    nomor: str = ""
    judul: str = ""
    teks: str = ""


@dataclass(eq=False)
class RenstraIndicator:
    jenis: str
    uraian: str
    nomor: str = ""
    polaritas: str = "positif"
    targets: dict = field(default_factory=dict)  # year → Target
    owner: str = ""  # nomor of the tujuan or sasaran
    owner_uraian: str = ""  # its text


@dataclass
class MatrixRow:
    """A row of the Renstra's five-year matrix, as the Renstra rules read it."""

    level: str
    kode: str
    nama: str
    pagu: dict = field(default_factory=dict)  # the plan's year → amount (None: written but unreadable)
    indicators: list = field(default_factory=list)  # RenstraIndicator (jenis "matriks"; targets per year)
    sasaran: list = field(default_factory=list)  # nomor of the Renstra sasaran a program serves


@dataclass
class PeriodPlan:
    """The plan that counts for another year of the Renstra period, as RENSTRA-PERIODE sums it."""

    tahun: int
    tahap: str
    status: str
    pagu_n: int

    @property
    def label(self):
        """"Renja Final, Ditetapkan"."""
        return f"{STAGE_LABELS.get(self.tahap, self.tahap)}, {STATUS_LABELS.get(self.status, self.status)}"


@dataclass(eq=False)
class PlanView:
    pemda_kode: str = ""
    pemda_nama: str = ""
    pemda_jenis: str = "kota"  # provinsi | kabupaten | kota
    pd_kode: str = ""
    pd_nama: str = ""
    pd_singkatan: str = ""
    tahun: int = 0
    tahap: str = ""
    judul: str = ""  # the cover title
    tempat_tanggal: str = ""  # where and when it was signed
    penandatangan: str = ""  # the signer's name and position, as written
    penandatangan_jabatan: str = ""
    penandatangan_nama: str = ""
    penandatangan_pangkat: str = ""
    penandatangan_nip: str = ""
    ceiling: int | None = None
    ceiling_teks: str = ""
    programs: list = field(default_factory=list)
    statements: list = field(default_factory=list)  # of the Renja (not of evaluations)
    review: list = field(default_factory=list)  # T-C.31
    proposals: list = field(default_factory=list)  # T-C.32: dicts
    priorities: list = field(default_factory=list)  # Tabel 3.1: dicts (prioritas, sasaran daerah, …)
    targets_programs: list = field(default_factory=list)  # Tabel 4: dicts (sasaran, program, kegiatan, sub)
    service_indicators: list = field(default_factory=list)  # T-C.30: dicts
    sections: list = field(default_factory=list)
    evaluations: list = field(default_factory=list)
    other_stages: dict = field(default_factory=dict)  # tahap → {"program": {kode: (n, n1)}, "total": (n, n1)}
    renstra: list = field(default_factory=list)  # RenstraIndicator
    renstra_period: tuple | None = None
    renstra_matrix: dict = field(default_factory=dict)  # kode → MatrixRow (empty: the Renstra has no matrix)
    renstra_tolerance: Decimal | None = None  # the Pemda's (PengaturanMonitoring), % ; None: the rules' default
    renstra_pagu_years: dict = field(default_factory=dict)  # year → the Renstra's sub kegiatan pagu summed
    # The PD's other years of the Renstra period: year → PeriodPlan (in force, else the latest stage)
    period_plans: dict = field(default_factory=dict)
    nomenclature_version: str = ""
    nomenclature_official: bool = False
    nomenclature_codes: set = field(default_factory=set)  # codes of the official version, if loaded
    # The plan's own year, as realised (set by `add_progress`, for the Laporan Evaluasi; None otherwise):
    progress: object = None  # renja.monitoring.progress.PlanProgress
    realisation: dict = field(default_factory=dict)  # sub kegiatan id → {triwulan: SubRealisation}
    indicator_texts: dict = field(default_factory=dict)  # (indikator id, triwulan) → realisation as written
    accounts: list = field(default_factory=list)  # AccountSpending, spending per sub kegiatan and account

    _nodes = None  # set while rules read the view (`reading`): level → the rows of that level, in order

    def nodes(self, level=None):
        """The rows of the plan (of one level), in the order of T-C.33."""
        if self._nodes is not None:
            return iter(self._nodes[level])
        return self._walk(level)

    def _walk(self, level):
        for program in self.programs:
            if level in (None, "program"):
                yield program
            for kegiatan in program.children:
                if level in (None, "kegiatan"):
                    yield kegiatan
                for sub in kegiatan.children:
                    if level in (None, "sub_kegiatan"):
                        yield sub

    def subs(self):
        return list(self.nodes("sub_kegiatan"))

    @property
    def total_n(self):
        return sum(p.total_n for p in self.programs)

    @property
    def total_n1(self):
        return sum(p.total_n1 for p in self.programs)

    def total(self, key):
        """The plan's total of one money key (see `Node.amount`)."""
        return sum(p.total(key) for p in self.programs)

    def money_keys(self):
        """The money keys the plan's sub kegiatan carry: pagu_n and pagu_n1 always, "pagu_sebelum" and
        "pagu_<kolom>" when some sub kegiatan has them (written, even unreadable)."""
        subs = self.subs()
        keys = ["pagu_n", "pagu_n1"]
        if any(s.pagu_sebelum is not None or s.pagu_sebelum_teks for s in subs):
            keys.append("pagu_sebelum")
        present = {kolom for s in subs for kolom in s.pagu_kolom}
        keys += [f"pagu_{kolom}" for kolom in PAGU_COLUMNS if kolom in present]
        return keys

    def statements_with(self, key=None, table=None):
        return [s for s in self.statements
                if (key is None or s.key == key) and (table is None or s.table == table)]

    @property
    def kewenangan(self):
        """The level-of-authority digit this Pemda's kegiatan codes must carry."""
        return "1" if self.pemda_jenis == "provinsi" else "2"


@contextlib.contextmanager
def reading(view):
    """While the block runs nothing changes `view` (the rule engine checking it): the rows `nodes()` and
    `subs()` give and the totals of each row are computed once, not at every call (the rules walk the tree
    and sum the same rows many times). Afterwards the view computes them at each call again. Nested: the
    outer block's caches stay."""
    if view._nodes is not None:
        yield view
        return
    everything = list(view._walk(None))
    levels = {None: everything, "program": [], "kegiatan": [], "sub_kegiatan": []}
    for node in everything:
        levels[node.level].append(node)
    # Programs and kegiatan only: a sub kegiatan's rows and totals are itself and its own amounts (cheap to give
    # again), and most rows are sub kegiatan.
    parents = levels["program"] + levels["kegiatan"]
    for node in reversed(parents):  # kegiatan before programs
        found = []
        for child in node.children:
            if child.level == "sub_kegiatan":
                found.append(child)
            else:
                found.extend(child._subs if child._subs is not None else child.subs())
        node._subs = tuple(found)
        node._totals = {}
    view._nodes = levels
    try:
        yield view
    finally:
        view._nodes = None
        for node in parents:
            node._subs = node._totals = None


# --- building a view from the database -------------------------------------------------------------------


# What a converter may give that rows can share (never a list or dict a caller might change).
_SHAREABLE = (type(None), bool, int, float, str, bytes, Decimal, datetime.date, datetime.datetime, datetime.time)


def _convert(rows, converters, connection):
    """Rows (tuples) with Django's converters applied (SQLite: text → Decimal, 0/1 → bool), once per distinct
    value of a column instead of once per row: a plan's rows repeat few values (blank targets, the same
    percentages), and the Renstra's matrix of a city holds a few hundred thousand of them. Values that compare
    equal convert alike (SQLite gives numbers and text: 1 and 1.0 both become 1.000000)."""
    if not converters or not rows:
        return rows
    width = len(rows[0])
    functions = {}  # position → what turns a value read into the value Django gives
    for position, (chain, expression) in converters.items():
        convert = _converter(chain, expression, connection)
        try:
            converted = {raw: convert(raw) for raw in {row[position] for row in rows}}
        except TypeError:  # an unhashable value (a JSON list): converted row by row
            converted = None
        if converted is not None and all(isinstance(v, _SHAREABLE) for v in converted.values()):
            functions[position] = converted.__getitem__
        else:  # lists or dicts (JSON) are never shared between rows
            functions[position] = convert
    return _rebuilder(width, tuple(sorted(functions)))(rows, *(functions[p] for p in sorted(functions)))


def _converter(chain, expression, connection):
    """One column's converters (Django's `get_converters` chain) as one function of the value read."""
    def convert(value):
        for function in chain:
            value = function(value, expression, connection)
        return value

    return convert


_REBUILDERS = {}


def _rebuilder(width, positions):
    """A function (rows, *functions) → the rows with functions[i] applied to column positions[i], as one list
    comprehension over unpacked tuples: several times faster than transposing the rows with zip (a city's
    Renstra matrix has 100,000 target rows)."""
    key = (width, positions)
    if key not in _REBUILDERS:
        names = [f"c{i}" for i in range(width)]
        calls = {p: f"f{i}" for i, p in enumerate(positions)}
        row = ", ".join(f"{calls[i]}({n})" if i in calls else n for i, n in enumerate(names))
        source = (f"lambda rows, {', '.join(calls.values())}: "
                  f"[({row},) for ({', '.join(names)},) in rows]")
        _REBUILDERS[key] = eval(source)  # noqa: S307 (built here from column counts, no outside text)
    return _REBUILDERS[key]


def _rows(queryset):
    """The rows of a `values_list` queryset as tuples, as Django gives them: the same SQL, converted by
    `_convert`."""
    compiler = queryset.query.get_compiler(queryset.db)
    chunks = compiler.execute_sql(MULTI, chunk_size=10_000)
    if chunks is None:  # the query cannot match any row (e.g. `filter(pk__in=[])`)
        return []
    rows = [tuple(row) for chunk in chunks for row in chunk]
    converters = compiler.get_converters([s[0] for s in compiler.select[:compiler.col_count]])
    return _convert(rows, converters, compiler.connection)


# build_view makes the same 20-odd queries for every plan, differing only in the plan's keys, and Django's
# compiling a query costs about as much as SQLite's answering it. Each is compiled once with stand-ins for the
# keys (twice, with two sets: the parameters that differ are the keys' places), and run again with the plan's
# values put in their place. Stand-ins are small positive numbers: Django answers a lookup beyond a field's
# range (a year, a PositiveSmallIntegerField) without SQL.
_STAND_INS = ({"renja": 31_001, "pd": 31_002, "renstra": 31_003, "tahun": 31_004, "mulai": 31_005, "selesai": 31_006},
              {"renja": 31_101, "pd": 31_102, "renstra": 31_103, "tahun": 31_104, "mulai": 31_105, "selesai": 31_106})
_COMPILED = {}  # (name, database engine) → (alias, sql, params, [(position, key)], converters)


def _compile(name, make, keys):
    compiled = []
    for stand_ins in _STAND_INS:
        queryset = make(**{key: stand_ins[key] for key in keys})
        compiler = queryset.query.get_compiler(queryset.db)
        sql, params = compiler.as_sql()
        compiled.append((queryset.db, compiler, sql, tuple(params)))
    (alias, compiler, sql, params), (_, _, other_sql, other_params) = compiled
    places = []
    for position, (a, b) in enumerate(zip(params, other_params, strict=True)):
        if a != b:
            key = next((k for k in keys if a == _STAND_INS[0][k] and b == _STAND_INS[1][k]), None)
            if key is None:
                raise RuntimeError(f"build_view: query {name} has a parameter that is not a key")
            places.append((position, key))
    if sql != other_sql or {key for _, key in places} != set(keys):
        raise RuntimeError(f"build_view: query {name} does not take its keys as plain parameters")
    converters = compiler.get_converters([s[0] for s in compiler.select[:compiler.col_count]])
    if compiler.connection.vendor == "sqlite":
        sql, params = _named(sql, params)
    return alias, sql, params, places, converters


# Django's SQLite cursor turns each "%s" of a query into "?" with a regular expression at every execute, which
# costs more than SQLite answering the small queries; given named parameters, it fills them in with `%` instead.
_FORMAT_PARAMETER = re.compile(r"(?<!%)%s")  # as django.db.backends.sqlite3.base.FORMAT_QMARK_REGEX


def _named(sql, params):
    """SQL of "%s" parameters with its parameters as those of `%(p0)s`, `%(p1)s` … (a dict)."""
    numbers = iter(range(len(params)))
    named = _FORMAT_PARAMETER.sub(lambda match: f"%(p{next(numbers)})s", sql)
    return named, _Parameters(params)


class _Parameters(tuple):
    """Positional parameters, to be given to Django's SQLite cursor as named ones (p0, p1 …): see `_named`."""


def _query(name, make, **values):
    """The rows (tuples) of the `values_list` queryset `make(**values)`, the same as `_rows(make(**values))`:
    `values` are the plan's keys (renja, pd, renstra, tahun, mulai, selesai), `name` names the query (one per
    `make`)."""
    rows, converters, connection = _fetch(name, make, values)
    return _convert(rows, converters, connection)


def _query_raw(name, make, raw, **values):
    """`_query`, but the columns at the positions `raw` (values of targets) are left as the database gives them:
    (rows, {position: the _RawTargets that gives the Target of (teks, such a value, satuan)}). A value is then
    converted once per distinct cell, not per row."""
    rows, converters, connection = _fetch(name, make, values)
    cells = {}
    for position in raw:
        key = (name, connection.settings_dict["ENGINE"], position)
        cells[position] = _RAW_TARGETS.get(key)
        if cells[position] is None:
            convert = _converter(*converters[position], connection) if position in converters else _same
            cells[position] = _RAW_TARGETS[key] = _RawTargets(_TARGETS, convert)
    return _convert(rows, {p: c for p, c in converters.items() if p not in raw}, connection), cells


def _same(value):
    return value


def _fetch(name, make, values):
    """(rows as the database gives them, Django's converters by position, connection) of `_query`."""
    from django.db import DEFAULT_DB_ALIAS, connections

    cache_key = (name, connections[DEFAULT_DB_ALIAS].settings_dict["ENGINE"])
    compiled = _COMPILED.get(cache_key)
    if compiled is None:
        compiled = _COMPILED[cache_key] = _compile(name, make, tuple(values))
    alias, sql, params, places, converters = compiled
    named = isinstance(params, _Parameters)
    params = list(params)
    for position, key in places:
        params[position] = values[key]
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(sql, {f"p{i}": value for i, value in enumerate(params)} if named else params)
        rows = cursor.fetchall()
    return rows, converters, connection


def _first(queryset):
    """The queryset as `.first()` orders it (by its ordering, else by key), to be cut to one row."""
    return queryset if queryset.ordered else queryset.order_by("pk")


# ReviuRKPD's columns as build_view reads them.
_REVIEW_FIELDS = ("tingkat", "nomor", "catatan", "rancangan_nama", "rancangan_lokasi", "rancangan_indikator",
                  "rancangan_pagu", "rancangan_pagu_teks", "kebutuhan_nama", "kebutuhan_lokasi", "kebutuhan_indikator",
                  "kebutuhan_pagu", "kebutuhan_pagu_teks")


def _dicts(model, renja):
    """The rows of a table of the plan as `.values()` gives them (every column by its attribute name), in order."""
    names = [f.attname for f in model._meta.concrete_fields]
    return [dict(zip(names, row, strict=True)) for row in _query(
        model.__name__, lambda renja: model.objects.filter(renja=renja).order_by("urutan").values_list(*names),
        renja=renja)]


class _Targets(dict):
    """Target(teks, nilai, satuan) made once per distinct cell (a Target is immutable, so rows and views may share
    it: see _TARGETS). Every stored target's value has 6 decimal places, so equal values print alike."""

    def __missing__(self, key):
        teks, nilai, satuan = key
        target = self[key] = Target(teks, nilai, satuan or None)
        return target


class _RawTargets(dict):
    """The Targets of one column of targets by (teks, nilai as the database gives it, satuan): the value is
    converted (`convert`) once per distinct cell, and the Target taken from `targets` (a _Targets)."""

    def __init__(self, targets, convert):
        super().__init__()
        self.targets, self.convert = targets, convert

    def __missing__(self, key):
        teks, nilai, satuan = key
        target = self[key] = self.targets[teks, self.convert(nilai), satuan]
        return target


# The Targets of the views this process builds, by cell: every plan writes the same cells again ("100 %",
# "1 Dokumen", blank), and a Target is immutable, so views share them. Per column of targets read as the database
# gives it (`_query_raw`): (query, database engine, position) → _RawTargets. Forgotten past _TARGETS_LIMIT cells.
_TARGETS = _Targets()
_RAW_TARGETS = {}
_TARGETS_LIMIT = 100_000


def _forget_targets_past_limit():
    if len(_TARGETS) + sum(len(cells) for cells in _RAW_TARGETS.values()) > _TARGETS_LIMIT:
        _TARGETS.clear()
        _RAW_TARGETS.clear()



# A statement's columns (`values_list`), then what it belongs to.
_STATEMENT_FIELDS = ("tabel", "kunci", "teks", "nilai", "kode", "baris", "konteks")


def _statement(row, evaluation_year=None):
    """A StatementView from a row of _STATEMENT_FIELDS (further columns ignored)."""
    table, key, text, value, code, row_label, context = row[:7]
    return StatementView(table=table, key=key, text=text, value=value, code=code, row=row_label, context=context,
                         evaluation_year=evaluation_year)


# The columns build_view reads, as plain tuples (`values_list`): model instances cost more than the query.
_ROW_FIELDS = ("id", "kode", "kode_asli", "nama", "lokasi", "sumber_dana_teks", "catatan")
_SUB_FIELDS = _ROW_FIELDS + ("kegiatan_id", "pagu_n", "pagu_n_teks", "pagu_n1", "pagu_n1_teks", "pagu_sebelum",
                             "pagu_sebelum_teks")
_INDICATOR_FIELDS = ("id", "uraian", "polaritas", "target_n_teks", "target_n", "target_n_satuan", "target_n1_teks",
                     "target_n1", "target_n1_satuan", "target_sebelum_teks", "target_sebelum",
                     "target_sebelum_satuan", "target_renstra_teks", "target_renstra", "realisasi_n2_teks",
                     "realisasi_n2", "prakiraan_n1_teks", "prakiraan_n1")
# Indicators of each level, with the column naming their owner.
_INDICATOR_OWNERS = (("program__renja", "program_id"), ("kegiatan__program__renja", "kegiatan_id"),
                     ("sub_kegiatan__kegiatan__program__renja", "sub_kegiatan_id"))


# The views' many objects are made with their fields given by position (a call with keywords costs about twice
# as much): the order of the fields, checked when this module is imported.
_FIELD_ORDER = {
    "Node": ("level", "kode", "kode_asli", "nama", "lokasi", "sumber_dana", "catatan", "indicators", "children",
             "parent", "pagu_n", "pagu_n_teks", "pagu_n1", "pagu_n1_teks", "pagu_sebelum", "pagu_sebelum_teks",
             "pagu_kolom", "stated", "nomenklatur_resmi", "id"),
    "IndicatorView": ("uraian", "polaritas", "target_n", "target_n1", "satuan", "id", "target_sebelum",
                      "target_renstra", "realisasi_n2", "prakiraan_n1"),
    "RenstraIndicator": ("jenis", "uraian", "nomor", "polaritas", "targets", "owner", "owner_uraian"),
    "MatrixRow": ("level", "kode", "nama", "pagu", "indicators", "sasaran"),
}
for _class in (Node, IndicatorView, RenstraIndicator, MatrixRow):
    if tuple(_class.__dataclass_fields__) != _FIELD_ORDER[_class.__name__]:
        raise RuntimeError(f"plans.view: the fields of {_class.__name__} changed; update _FIELD_ORDER and its callers")


def _node(level, row):
    """A Node (program or kegiatan) from a row of _ROW_FIELDS (further columns ignored)."""
    id_, kode, kode_asli, nama, lokasi, sumber_dana, catatan = row[:7]
    node = Node(level, kode, kode_asli, nama, lokasi, sumber_dana, catatan, [], [], None, None, "", None, "", None,
                "", {}, {}, None, id_)
    node._subs = node._totals = None  # given now, `reading` sets them cheaply (not as new attributes)
    return node


def _sub_node(row):
    """A sub kegiatan's Node from a row of _SUB_FIELDS."""
    id_, kode, kode_asli, nama, lokasi, sumber_dana, catatan, _, *pagu = row
    node = Node("sub_kegiatan", kode, kode_asli, nama, lokasi, sumber_dana, catatan, [], [], None, *pagu, {}, {},
                None, id_)
    node._subs = node._totals = None
    return node


# Where the values of the targets are in a row of _INDICATOR_FIELDS (n, n+1, sebelum, renstra, n-2, n-1).
_INDICATOR_VALUES = (4, 7, 10, 13, 15, 17)


def _indicator(row, raws):
    """An IndicatorView from a row of _INDICATOR_FIELDS, its values as the database gives them; `raws` the six
    _RawTargets of its targets' columns (in the order of _INDICATOR_VALUES)."""
    id_, uraian, polaritas, n_teks, n, n_satuan, n1_teks, n1, n1_satuan, s_teks, s, s_satuan, *earlier = row
    renstra_teks, renstra, n2_teks, n2, p_teks, p = earlier
    t_n, t_n1, t_s, t_renstra, t_n2, t_p = raws
    return IndicatorView(uraian, polaritas, t_n[n_teks, n, n_satuan], t_n1[n1_teks, n1, n1_satuan], "", id_,
                         t_s[s_teks, s, s_satuan], t_renstra[renstra_teks, renstra, None], t_n2[n2_teks, n2, None],
                         t_p[p_teks, p, None])


# The views this process built most recently, by (plan, versions.checked): see `shared_view`.
RECENT_VIEWS = Recent(6)  # a view of 400 sub kegiatan holds a few MB


def shared_view(renja, version=None):
    """`build_view(renja)`, shared by this process's requests while the plan's data is unchanged.

    After a save the writer checks the plan again (rules/stored.py), and the pages the same user opens next (the
    tree, the dashboard, the row form) read the same data: a browser's keep-alive connection stays with one
    server process, so one view serves them all. Keyed by `versions.checked` (everything the view reads raises
    it), read before the data as for stored findings; kept only once the transaction that read it commits.
    Read-only: whoever adds to a view (documents add the progress) builds its own with `build_view`.
    `version`: `versions.checked(renja)` when the caller has read it."""
    from renja.plans import versions

    key = (renja.pk, versions.checked(renja) if version is None else version)
    view = RECENT_VIEWS.get(key)
    if view is None:
        view = build_view(renja, shared=True)
        RECENT_VIEWS.keep(key, view)
    return view


def forget_shared_views():
    """After the data was replaced under the same numbers (a restore, a test's rolled-back rows): the views, the
    findings, the totals, the summaries and the progress this process keeps."""
    from renja.monitoring.stored import RECENT_PROGRESS, RECENT_SUMMARIES
    from renja.plans.totals import RECENT_TOTALS
    from renja.rules.stored import RECENT_CHECKS

    RECENT_CHECKS.clear()
    RECENT_TOTALS.clear()
    RECENT_VIEWS.clear()
    RECENT_RENSTRA.clear()
    RECENT_PROGRESS.clear()
    RECENT_SUMMARIES.clear()


def _ceiling(pd, tahun, tahap):
    """(pagu, pagu_teks) of `PaguPlafon.for_plan` (its stage's row, else the year's stage-less one), or None:
    the rows of the PD's year read by a query compiled once, the stage picked here."""
    rows = {row_tahap: (pagu, teks) for row_tahap, pagu, teks in _query("ceiling", lambda pd, tahun: (
        PaguPlafon.objects.filter(perangkat_daerah_id=pd, tahun=tahun).values_list("tahap", "pagu", "pagu_teks")),
        pd=pd, tahun=tahun)}
    return rows.get(tahap or "") or rows.get("")


@uses_many_objects
def build_view(renja, shared=False):
    """Read one Renja into a PlanView (a fixed number of queries, whatever the size of the plan). `shared`: for
    `shared_view`, a read-only view whose Renstra part may be another view's (`_read_renstra`)."""
    pd = renja.perangkat_daerah
    pemda = pd.pemda
    ceiling = _ceiling(pd.pk, renja.tahun, renja.tahap)
    view = PlanView(
        pemda_kode=pemda.kode, pemda_nama=pemda.nama, pemda_jenis=pemda.jenis, pd_kode=pd.kode, pd_nama=pd.nama,
        pd_singkatan=pd.singkatan, tahun=renja.tahun, tahap=renja.tahap, judul=renja.judul,
        tempat_tanggal=renja.tempat_tanggal,
        penandatangan=" ".join(x for x in (renja.penandatangan_jabatan, renja.penandatangan_nama) if x),
        penandatangan_jabatan=renja.penandatangan_jabatan, penandatangan_nama=renja.penandatangan_nama,
        penandatangan_pangkat=renja.penandatangan_pangkat, penandatangan_nip=renja.penandatangan_nip,
        ceiling=ceiling[0] if ceiling else None, ceiling_teks=ceiling[1] if ceiling else "",
    )
    versi = renja.nomenklatur
    if versi is not None:
        view.nomenclature_version = versi.nama
        view.nomenclature_official = versi.resmi
        if versi.resmi:
            view.nomenclature_codes = set(
                Nomenklatur.objects.filter(versi=versi, jenis_pemda=pemda.jenis_nomenklatur)
                .values_list("kode", flat=True))

    programs, kegiatan_by_id, sub_by_id = {}, {}, {}
    key = renja.pk
    for row in _query("program", lambda renja: plan_models.Program.objects.filter(renja=renja).order_by("urutan")
                      .values_list(*_ROW_FIELDS), renja=key):
        programs[row[0]] = _node("program", row)
    for row in _query("kegiatan", lambda renja: plan_models.Kegiatan.objects.filter(program__renja=renja)
                      .order_by("urutan").values_list(*_ROW_FIELDS, "program_id"), renja=key):
        node = _node("kegiatan", row)
        node.parent = programs[row[-1]]
        node.parent.children.append(node)
        kegiatan_by_id[row[0]] = node
    for row in _query("sub_kegiatan", lambda renja: plan_models.SubKegiatan.objects.filter(
            kegiatan__program__renja=renja).order_by("urutan").values_list(*_SUB_FIELDS), renja=key):
        node = _sub_node(row)
        node.parent = kegiatan_by_id[row[7]]
        node.parent.children.append(node)
        sub_by_id[row[0]] = node
    for sub_id, kolom, nilai, teks in _query("pagu_kolom", lambda renja: plan_models.PaguKolom.objects.filter(
            sub_kegiatan__kegiatan__program__renja=renja).values_list("sub_kegiatan_id", "kolom", "nilai", "teks"),
            renja=key):
        sub_by_id[sub_id].pagu_kolom[kolom] = (nilai, teks)
    view.programs = list(programs.values())
    if view.nomenclature_official:
        for node in view.nodes():
            node.nomenklatur_resmi = node.kode in view.nomenclature_codes if node.kode else None

    # One query per level (an indicator belongs to one row): cheaper than one query joining all three.
    _forget_targets_past_limit()
    targets = _TARGETS
    for (path, owner_column), owners in zip(_INDICATOR_OWNERS, (programs, kegiatan_by_id, sub_by_id)):
        rows, cells = _query_raw(
            f"indikator {owner_column}", lambda renja: plan_models.Indikator.objects.filter(**{path: renja}).order_by(
                "urutan", "id").values_list(owner_column, *_INDICATOR_FIELDS),
            [1 + p for p in _INDICATOR_VALUES], renja=key)
        raws = tuple(cells[1 + p] for p in _INDICATOR_VALUES)
        for row in rows:
            owners[row[0]].indicators.append(_indicator(row[1:], raws))

    for s in _query("pernyataan", lambda renja: plan_models.Pernyataan.objects.filter(
            renja=renja, evaluasi__isnull=True).order_by("urutan").values_list(
            *_STATEMENT_FIELDS, "program_id", "kegiatan_id"), renja=key):
        statement = _statement(s)
        statement.node = programs.get(s[7]) or kegiatan_by_id.get(s[8])
        if statement.node is not None and statement.table == "T-C.33":
            statement.node.stated[statement.key] = statement
        view.statements.append(statement)

    for (tingkat, nomor, catatan, r_nama, r_lokasi, r_indikator, r_pagu, r_pagu_teks, k_nama, k_lokasi, k_indikator,
         k_pagu, k_pagu_teks) in _query("reviu", lambda renja: plan_models.ReviuRKPD.objects.filter(
            renja=renja).order_by("urutan").values_list(*_REVIEW_FIELDS), renja=key):
        view.review.append(ReviewRow(
            tingkat=tingkat, nomor=nomor, catatan=catatan,
            rancangan=ReviewSide(r_nama, r_lokasi, r_indikator, r_pagu, r_pagu_teks),
            kebutuhan=ReviewSide(k_nama, k_lokasi, k_indikator, k_pagu, k_pagu_teks),
        ))
    view.proposals = _dicts(plan_models.UsulanPemangku, key)
    view.priorities = _dicts(plan_models.PrioritasDaerah, key)
    view.targets_programs = _dicts(plan_models.SasaranProgram, key)
    view.service_indicators = _dicts(plan_models.IndikatorPelayanan, key)
    view.sections = [Section(*row) for row in _query("narasi", lambda renja: plan_models.Narasi.objects.filter(
        renja=renja).order_by("urutan").values_list("bab", "nomor", "judul", "teks"), renja=key)]
    _read_renstra(view, pd, targets, shared)
    _read_evaluations(view, renja)
    _read_other_stages(view, renja)
    return view


def _read_other_stages(view, renja):
    """Program and plan totals of the other stages (Rancangan Awal, Rancangan, …) of the same PD and year."""
    from django.db.models import Sum

    def make(pd, tahun, renja):
        return (plan_models.SubKegiatan.objects
                .filter(kegiatan__program__renja__perangkat_daerah=pd, kegiatan__program__renja__tahun=tahun)
                .exclude(kegiatan__program__renja=renja)
                .values("kegiatan__program__renja__tahap", "kegiatan__program__kode")  # grouped by these
                .annotate(n=Sum("pagu_n"), n1=Sum("pagu_n1"))
                .values_list("kegiatan__program__renja__tahap", "kegiatan__program__kode", "n", "n1"))

    for tahap, kode, n, n1 in _query("other_stages", make, pd=renja.perangkat_daerah_id, tahun=renja.tahun,
                                     renja=renja.pk):
        stage = view.other_stages.setdefault(tahap, {"program": {}, "total": (0, 0)})
        n, n1 = n or 0, n1 or 0
        if kode:
            stage["program"][kode] = (n, n1)
        stage["total"] = (stage["total"][0] + n, stage["total"][1] + n1)


@dataclass(eq=False)
class RenstraPart:
    """What a plan's view reads of its PD's Renstra for the plan's year (`_read_renstra`)."""

    period: tuple | None = None  # (periode_mulai, periode_selesai); None: no Renstra covers the year
    indicators: list = field(default_factory=list)  # RenstraIndicator: tujuan, sasaran, IKU
    matrix: dict = field(default_factory=dict)  # kode → MatrixRow (empty: the Renstra has no matrix)
    pagu_years: dict = field(default_factory=dict)  # year → the matrix's sub kegiatan pagu summed


# The Renstra parts this process read most recently, by (PD, year, versions.every_year): a save of a Renja row
# leaves the Renstra as it was, so the next view of the plan (after every save) reads only the plan again. About
# half of a view of 400 sub kegiatan, and as many MB.
RECENT_RENSTRA = Recent(16)


def _read_renstra(view, pd, targets, shared=False):
    """The view's Renstra part, and the period's other plans and tolerance (read for each view: they are not the
    Renstra's). `shared`: the part may be the one another shared view read at the same Renstra version; the
    version is read before the data, as for the views themselves."""
    from renja.plans import versions

    key = (pd.pk, view.tahun, versions.every_year(pd.pk)) if shared else None
    part = RECENT_RENSTRA.get(key) if shared else None
    if part is None:
        part = _renstra_part(pd.pk, view.tahun, targets)
        if shared:
            RECENT_RENSTRA.keep(key, part)
    view.renstra_period, view.renstra = part.period, part.indicators
    view.renstra_matrix, view.renstra_pagu_years = part.matrix, part.pagu_years
    if part.matrix:
        _read_renstra_period(view, pd.pk)


def _renstra_part(pd, tahun, targets):
    """The Renstra of PD `pd` (a key) covering `tahun`: its indicators with their targets and its matrix."""
    part = RenstraPart()
    found = _query("renstra", lambda pd, tahun: _first(plan_models.Renstra.objects.filter(
        perangkat_daerah=pd, periode_mulai__lte=tahun, periode_selesai__gte=tahun)).values_list(
        "id", "periode_mulai", "periode_selesai")[:1], pd=pd, tahun=tahun)
    if not found:
        return part
    renstra, mulai, selesai = found[0]
    part.period = (mulai, selesai)
    by_indicator = {}
    for indikator_id, tahun_target, teks, nilai, satuan in _query("renstra targets", lambda renstra: (
            plan_models.TargetKinerja.objects.filter(indikator__renstra=renstra)
            .values_list("indikator_id", "tahun", "teks", "nilai", "satuan")), renstra=renstra):
        by_indicator.setdefault(indikator_id, {})[tahun_target] = targets[teks, nilai, satuan]
    indicators = _query("renstra indicators", lambda renstra: plan_models.IndikatorKinerja.objects.filter(
        renstra=renstra).order_by("jenis", "tujuan__urutan", "sasaran__urutan", "urutan", "id").values_list(
        "id", "jenis", "uraian", "nomor", "polaritas", "tujuan_id", "tujuan__nomor", "tujuan__uraian", "sasaran_id",
        "sasaran__nomor", "sasaran__uraian"), renstra=renstra)
    for id_, jenis, uraian, nomor, polaritas, *owners in indicators:
        # Its tujuan's, else its sasaran's (nomor, uraian); an IKU may have neither.
        owner = owners[1:3] if owners[0] is not None else owners[4:6] if owners[3] is not None else ("", "")
        part.indicators.append(RenstraIndicator(
            jenis=jenis, uraian=uraian, nomor=nomor, polaritas=polaritas, targets=by_indicator.get(id_, {}),
            owner=owner[0], owner_uraian=owner[1]))
    _read_renstra_matrix(part, renstra, tahun, targets)
    return part


def _read_renstra_matrix(part, renstra, tahun, targets):
    """The matrix rows with a readable code, their pagu in `tahun`, indicators with targets, and the sasaran a
    program serves: five queries. `renstra`: a key."""
    from django.db.models import Sum

    from renja.renstra.models import BarisRenstra, IndikatorRenstra, PaguRenstra, TargetRenstra

    rows = {}
    for id_, tingkat, kode, nama in _query("matrix rows", lambda renstra: BarisRenstra.objects.filter(
            renstra=renstra).values_list("id", "tingkat", "kode", "nama"), renstra=renstra):
        if kode != "":
            rows[id_] = MatrixRow(tingkat, kode, nama, {}, [], [])
    if not rows:
        return
    # The Renstra's sub kegiatan pagu per year (RENSTRA-PERIODE), every code or none: summed by the database
    # (the matrix of a PD holds five years of pagu for each row; a row's own pagu is read for the plan's year).
    part.pagu_years = {year: total for year, total in _query("matrix pagu years", lambda renstra: (
        PaguRenstra.objects.filter(baris__renstra=renstra, baris__tingkat="sub_kegiatan", pagu__isnull=False)
        .order_by().values("tahun").annotate(total=Sum("pagu")).values_list("tahun", "total").order_by("tahun")),
        renstra=renstra)}
    # Pagu and targets are keyed by year: read in no particular order (no sort in the database).
    for baris_id, pagu, teks in _query("matrix pagu", lambda renstra, tahun: PaguRenstra.objects.filter(
            baris__renstra=renstra, tahun=tahun).order_by().values_list("baris_id", "pagu", "pagu_teks"),
            renstra=renstra, tahun=tahun):
        row = rows.get(baris_id)
        if row is not None and (pagu is not None or teks.strip()):
            row.pagu[tahun] = pagu
    indicators = {}
    for id_, baris_id, uraian, polaritas in _query("matrix indicators", lambda renstra: IndikatorRenstra.objects.filter(
            baris__renstra=renstra).order_by("urutan", "id").values_list("id", "baris_id", "uraian", "polaritas"),
            renstra=renstra):
        row = rows.get(baris_id)
        if row is not None:
            indicator = RenstraIndicator("matriks", uraian, "", polaritas, {}, row.kode, row.nama)
            indicators[id_] = indicator.targets
            row.indicators.append(indicator)
    # A city's matrices hold 100,000 targets of a few thousand distinct cells: each value converted once per cell.
    found, cells = _query_raw("matrix targets", lambda renstra: TargetRenstra.objects.filter(
        indikator__baris__renstra=renstra).order_by().values_list("indikator_id", "tahun", "teks", "nilai", "satuan"),
        (3,), renstra=renstra)
    raw = cells[3]
    for indikator_id, year, teks, nilai, satuan in found:
        by_year = indicators.get(indikator_id)
        if by_year is not None:
            by_year[year] = raw[teks, nilai, satuan]
    through = BarisRenstra.sasaran.through
    for baris_id, nomor in _query("matrix sasaran", lambda renstra: through.objects.filter(
            barisrenstra__renstra=renstra).values_list("barisrenstra_id", "sasaran__nomor"), renstra=renstra):
        if baris_id in rows:
            rows[baris_id].sasaran.append(nomor)
    part.matrix = {row.kode: row for row in rows.values()}


def _read_renstra_period(view, pd):
    """What RENSTRA-PAGU/TARGET/PERIODE need beyond the matrix: the Pemda's tolerance and the plan of each other
    year of the period with its pagu summed. Two queries."""
    from django.db.models import Sum

    from renja.monitoring.models import PengaturanMonitoring

    tolerance = _query("tolerance", lambda pd: _first(PengaturanMonitoring.objects.filter(
        pemda__perangkat_daerah=pd)).values_list("toleransi_renstra")[:1], pd=pd)
    view.renstra_tolerance = tolerance[0][0] if tolerance else None
    order = list(plan_models.Renja.Tahap.values)

    def rank(plan):  # the plan in force (the latest stage ditetapkan), else the latest stage of the year
        stage = order.index(plan.tahap) if plan.tahap in order else -1
        return plan.status == plan_models.Renja.Status.DITETAPKAN, stage

    mulai, selesai = view.renstra_period
    plans = _query("period plans", lambda pd, mulai, selesai, tahun: (
        plan_models.Renja.objects
        .filter(perangkat_daerah_id=pd, tahun__gte=mulai, tahun__lte=selesai)
        .exclude(tahun=tahun)  # the plan checked counts for its own year
        .annotate(total=Sum("program__kegiatan__sub_kegiatan__pagu_n"))
        .values_list("tahun", "tahap", "status", "total")), pd=pd, mulai=mulai, selesai=selesai, tahun=view.tahun)
    for tahun, tahap, status, total in plans:
        plan = PeriodPlan(tahun=tahun, tahap=tahap, status=status, pagu_n=total or 0)
        if tahun not in view.period_plans or rank(plan) > rank(view.period_plans[tahun]):
            view.period_plans[tahun] = plan


def _read_evaluations(view, renja):
    evaluations = {id_: EvaluationView(tahun=tahun, keterangan=keterangan) for id_, tahun, keterangan in _query(
        "evaluasi", lambda renja: Evaluasi.objects.filter(renja=renja).order_by("-tahun").values_list(
            "id", "tahun", "keterangan"), renja=renja.pk)}
    if not evaluations:
        return
    tables = {}
    for t in TabelEvaluasi.objects.filter(evaluasi__renja=renja).order_by("urutan"):
        tables[t.id] = EvaluationTable(id=t.kode, judul=t.judul, program=t.program, kegiatan=t.kegiatan)
        evaluations[t.evaluasi_id].tables.append(tables[t.id])
    fields = [f.name for f in RealisationRow.__dataclass_fields__.values()]
    for r in BarisRealisasi.objects.filter(tabel__evaluasi__renja=renja).order_by("urutan"):
        tables[r.tabel_id].rows.append(RealisationRow(**{name: getattr(r, name) for name in fields}))
    for b in BelanjaAkun.objects.filter(evaluasi__renja=renja).order_by("tabel", "urutan"):
        evaluations[b.evaluasi_id].spending.append(SpendingRow(
            tabel=b.tabel, kode_rekening=b.kode_rekening, uraian=b.uraian, anggaran=b.anggaran,
            anggaran_teks=b.anggaran_teks, realisasi=b.realisasi, realisasi_teks=b.realisasi_teks,
            persen=b.persen, persen_teks=b.persen_teks))
    for row in BarisTC29.objects.filter(evaluasi__renja=renja).order_by("urutan"):
        evaluations[row.evaluasi_id].tc29.append(
            {"kode": row.kode, "kode_asli": row.kode_asli, "uraian": row.uraian, "indikator": row.indikator,
             "kolom": row.kolom})
    for s in SkalaCapaian.objects.filter(evaluasi__renja=renja).order_by("urutan"):
        evaluations[s.evaluasi_id].scale.append((s.skala, s.kategori))
    table_ids = {(t.evaluasi_id, t.kode): t.id for t in TabelEvaluasi.objects.filter(evaluasi__renja=renja)}
    for s in (plan_models.Pernyataan.objects.filter(renja=renja, evaluasi__isnull=False)
              .values_list(*_STATEMENT_FIELDS, "evaluasi_id", "evaluasi__tahun")):
        statement = _statement(s, evaluation_year=s[8])
        evaluation_id, table, key, row_label = s[7], s[0], s[1], s[5]
        evaluations[evaluation_id].statements.append(statement)
        table_pk = table_ids.get((evaluation_id, table))
        if table_pk is not None and row_label == "Total":
            tables[table_pk].total[key] = statement
    view.evaluations = list(evaluations.values())


def target(text):
    """Build a Target from text, for views made by hand in tests."""
    return parse_target(text)


# --- the plan's year as realised (monitoring), for the Laporan Evaluasi Hasil Renja --------------------------


@dataclass(eq=False)
class SubRealisation:
    """What a sub kegiatan realised in one quarter, as entered (monitoring.RealisasiSubKegiatan)."""

    triwulan: int
    keuangan: int | None = None  # Rp spent in this quarter (not cumulative)
    keuangan_teks: str = ""
    fisik: Decimal | None = None  # cumulative %
    fisik_teks: str = ""
    faktor_pendorong: str = ""
    faktor_penghambat: str = ""
    tindak_lanjut: str = ""


@dataclass(eq=False)
class AccountSpending:
    """One account (kode rekening) of one sub kegiatan (monitoring.BelanjaSubKegiatan)."""

    sub_kegiatan_id: int
    kode_rekening: str
    uraian: str = ""
    anggaran: int = 0
    realisasi_tw: tuple = (0, 0, 0, 0)  # Rp per quarter

    @property
    def realisasi(self):
        return sum(self.realisasi_tw)


def add_progress(view, renja):
    """Give `view` the plan's year as realised: the quarterly progress (monitoring.progress.build_progress),
    the realisation of each sub kegiatan and indicator per quarter as entered, and the spending per account.
    A fixed number of queries (the progress's 9, and 3). Returns the view."""
    from django.db.models import Q

    from renja.monitoring.models import BelanjaSubKegiatan, RealisasiIndikator, RealisasiSubKegiatan
    from renja.monitoring.progress import build_progress

    view.progress = build_progress(renja)
    view.realisation = {}
    for r in RealisasiSubKegiatan.objects.filter(sub_kegiatan__kegiatan__program__renja=renja):
        view.realisation.setdefault(r.sub_kegiatan_id, {})[r.triwulan] = SubRealisation(
            triwulan=r.triwulan, keuangan=r.keuangan, keuangan_teks=r.keuangan_teks, fisik=r.fisik,
            fisik_teks=r.fisik_teks, faktor_pendorong=r.faktor_pendorong, faktor_penghambat=r.faktor_penghambat,
            tindak_lanjut=r.tindak_lanjut)
    view.indicator_texts = {
        (indikator_id, triwulan): teks
        for indikator_id, triwulan, teks in RealisasiIndikator.objects.filter(
            Q(indikator__program__renja=renja) | Q(indikator__kegiatan__program__renja=renja)
            | Q(indikator__sub_kegiatan__kegiatan__program__renja=renja)).values_list(
            "indikator_id", "triwulan", "teks")}
    view.accounts = [
        AccountSpending(sub_kegiatan_id=b.sub_kegiatan_id, kode_rekening=b.kode_rekening, uraian=b.uraian,
                        anggaran=b.anggaran,
                        realisasi_tw=(b.realisasi_tw1, b.realisasi_tw2, b.realisasi_tw3, b.realisasi_tw4))
        for b in BelanjaSubKegiatan.objects.filter(sub_kegiatan__kegiatan__program__renja=renja).order_by(
            "kode_rekening", "sub_kegiatan__urutan", "id")]
    return view

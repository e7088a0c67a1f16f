"""Fuzz drivers: every parser of user input, fed by hypothesis; shared by tests/fuzz/test_parsers.py (a small,
derandomized sample) and bench/fuzz_bench.py (10,000 inputs each).

A driver's `run(world, value)` returns "accepted" or raises the parser's refusal (`InputRefused` and its kinds,
`NumberError`, `KodeError`); anything else is a crash. Drivers that write run inside a transaction that is rolled
back; a refusal must leave the counted tables as they were inside it (a partial write otherwise).
"""

import io
import math
import random
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from renja.core.codes import SEGMENTS_OF_LEVEL, KodeError, parse_kode
from renja.core.errors import InputRefused
from renja.core.numbers import NumberError, parse_decimal, parse_rupiah, read_decimal, read_rupiah
from renja.core.targets import parse_target

REFUSALS = (InputRefused, NumberError, KodeError)

CHARS = st.one_of(st.characters(exclude_categories=["Cs", "Cc"]), st.sampled_from("\n\t .,%-0123456789"))
NUMBER_TEXTS = ["18.130.291.362,00", "Rp 1.000.000", "0.286", "1.286", "1.500.00", "12,5", "-", "Rp.", "", "inf",
                "nan", "-inf", "Infinity", "1e9", "1E999", "١٢٣", "=SUM(A1)", "#REF!", "46 %", "6,62", "0,0207",
                "9" * 40, "3,458.571.116", "275.884.120.", "1.500,5", "- 5", "--5", "0.", ",5"]
NUMBERS = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**20, max_value=10**20), st.floats(),
    st.decimals(allow_nan=True, allow_infinity=True), st.sampled_from(NUMBER_TEXTS), st.text(CHARS, max_size=16),
    st.from_regex(r"-?(Rp\.? ?)?[0-9]{1,4}([.,][0-9]{1,4}){0,3}( ?%)?", fullmatch=True))
CODE_TEXTS = st.one_of(st.none(), st.integers(0, 99), st.text(CHARS, max_size=30),
                       st.from_regex(r"[0-9X]{1,2}([ .\t][0-9X]{1,4}){0,7}( [A-Za-z ]{0,10})?", fullmatch=True))
TARGET_VALUES = st.one_of(NUMBERS, st.from_regex(r"'?[0-9.,]{1,8} ?[A-Za-z %]{0,10}'?", fullmatch=True))


@dataclass
class Tally:
    name: str
    inputs: int = 0
    accepted: int = 0
    refused: int = 0
    crashes: int = 0
    partial: int = 0
    seconds: float = 0.0
    samples: list = field(default_factory=list)  # (input, traceback) of the first crash of each kind
    kinds: dict = field(default_factory=dict)  # kind of crash (exception and where) → how many

    def note(self, value, text, kind=None):
        """Keep the first input of each kind (of crash: its exception and the line raising it), up to 8 kinds."""
        kind = kind or text.strip().splitlines()[-1][:200]
        self.kinds[kind] = self.kinds.get(kind, 0) + 1
        if self.kinds[kind] == 1 and len(self.samples) < 8:
            self.samples.append((repr(value)[:500], text))


@dataclass
class Driver:
    name: str
    strategy: object  # a callable returning the hypothesis strategy (built lazily: some need Django)
    run: object  # run(world, value) -> "accepted", or raises a refusal
    db: bool = False
    setup: object = None  # setup() -> world, in the database; called once per drive


# --- pure parsers --------------------------------------------------------------------------------------------

def _rupiah(world, value):
    amount = parse_rupiah(value)
    assert amount is None or isinstance(amount, int) and 0 <= amount, amount
    return "accepted"


def _decimal(world, value):
    number = parse_decimal(value)
    assert number is None or number.is_finite(), number
    return "accepted"


def _readings(world, value):
    for reading in (read_rupiah(value), read_rupiah(value, whole_cell=False), read_decimal(value),
                    read_decimal(value, "angka")):
        assert reading.value is None or not hasattr(reading.value, "is_finite") or reading.value.is_finite()
    return "accepted"


def _kode(world, value):
    text, level = value
    kode = parse_kode(text, level)
    assert str(kode), kode
    return "accepted"


def _target(world, value):
    target = parse_target(value)
    assert target.nilai is None or target.nilai.is_finite(), target
    return "accepted" if target.nilai is not None else "refused_soft"


def _schemacheck_strategy():
    return _documents()


def _schemacheck(world, document):
    from renja.exchange import loader
    from renja.exchange.schemacheck import compile_schema

    check = world.get("check") if world else None
    if check is None:
        check = compile_schema(loader.schema())
        if world is not None:
            world["check"] = check
    return "accepted" if check(document) else "refused_soft"


# --- exchange documents (YAML/JSON) --------------------------------------------------------------------------

JSON = st.recursive(st.none() | st.booleans() | st.integers(-10**16, 10**16) | st.floats() | st.text(CHARS, max_size=12),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(CHARS, max_size=8), inner,
                                                                                 max_size=4), max_leaves=12)
_BASE = []


def _base_document():
    """The demo document cut down to what a fuzzed input needs: of every list, only the items that bring a key
    path (`shapes`) none before them had, so every section and every field kind is still there, in a document
    of some 17 KB instead of 270 KB (each input is copied, dumped, validated and loaded: the cost is its size)."""
    if not _BASE:
        from renja.demo.setup import DATA
        from renja.exchange.merge import read_document

        document = trim(read_document(DATA))
        _BASE.append((document, [p for p in _paths(document) if p]))
    return _BASE[0]


def shapes(node):
    """The key paths under a node, a list's items as "*": what kinds of field it holds."""
    found = set()

    def walk(value, prefix):
        found.add(prefix)
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, prefix + (key,))
        elif isinstance(value, list):
            for item in value:
                walk(item, prefix + ("*",))

    walk(node, ())
    return found


def trim(node):
    """`node` with, in every list, only the items that add a shape to those kept before them."""
    if isinstance(node, dict):
        return {key: trim(value) for key, value in node.items()}
    if isinstance(node, list):
        kept, seen = [], set()
        for item in node:
            item_shapes = shapes(item)
            if not item_shapes <= seen:
                kept.append(trim(item))
                seen |= item_shapes
        return kept
    return node


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, prefix + (index,))


@st.composite
def _mutated(draw):
    """The base document with a few of its values replaced (a wrong type, a bad code, a removed key)."""
    import copy

    base, paths = _base_document()
    document = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(paths))
        parent = document
        try:
            for step in path[:-1]:
                parent = parent[step]
            if draw(st.integers(0, 5)) == 0 and isinstance(parent, dict):
                parent.pop(path[-1], None)
            else:
                parent[path[-1]] = draw(st.one_of(JSON, NUMBERS, CODE_TEXTS))
        except (KeyError, IndexError, TypeError):  # an earlier change removed the way there
            continue
    return document


def _documents():
    return st.one_of(_mutated(), JSON)


def _load_document(world, document):
    from renja.exchange.loader import load_document

    load_document(document, replace=True)
    return "accepted"


def _yaml_texts():
    import yaml

    _SAFE_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's: the same YAML, a tenth of the time

    def dump(document):
        try:
            return yaml.dump(document, Dumper=_SAFE_DUMPER, allow_unicode=True)
        except Exception:  # a value yaml cannot write (a key that is not a string is still fine)
            return ""

    return st.one_of(st.text(CHARS, max_size=200), _mutated().map(dump), st.sampled_from(
        ["{", "- [", "a: *x", "!!python/object:os.system ls", "&a [*a]", "tahun: 2026\n  x: 1", "\t- 1",
         "pemda: {kode: 1}", "a: " + "[" * 200]))


def _load_file(world, text):
    from renja.exchange.loader import load_file

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.yaml"
        path.write_text(text, encoding="utf-8")
        load_file(path, replace=True)
    return "accepted"


# --- workbooks -----------------------------------------------------------------------------------------------

def _known_pd():
    from renja.organizations.models import Pemda, PerangkatDaerah

    pemda, _ = Pemda.objects.get_or_create(kode="99.01", defaults={"nama": "Kota Contoh", "jenis": "kota"})
    PerangkatDaerah.objects.get_or_create(pemda=pemda, kode="2.08.0.00.0.00.01.0000",
                                          defaults={"nama": "Dinas X", "singkatan": "DP3A"})
    return {"pemda": pemda}


def _plan_workbooks():
    from tests.exchange.test_workbook_fuzz import workbooks

    return workbooks()


def _read_and_load(path, options):
    from renja.exchange.loader import LoadError, load_document
    from renja.exchange.workbook import read_workbook

    reading = read_workbook(path, **options)
    for problem in reading.problems:
        assert problem.sheet is not None and problem.why
    try:
        load_document(reading.document, replace=True)
    except LoadError as exc:
        # the reader writes only documents of the exchange format: a refusal is never about their structure
        assert not [e for e in exc.errors if e.startswith("$")], exc.errors
        raise
    return "accepted"


def _plan_workbook(world, book):
    from tests.exchange.test_workbook_support import build

    with tempfile.TemporaryDirectory() as folder:
        path = build(Path(folder) / "fuzz.xlsx", book["rows"], columns=book["columns"], title=book["title"],
                     numbering=book["numbering"], repeat_header_at=book["repeat"], percent=book["percent"])
        return _read_and_load(path, book["options"])


def damage(good, seed, flips):
    """The bytes of a good file with `flips` random bytes changed, and one time in five cut short."""
    rng = random.Random(seed)
    data = bytearray(good)
    for _ in range(flips):
        data[rng.randrange(len(data))] = rng.randrange(256)
    if rng.random() < 0.2:
        data = data[: rng.randrange(len(data))]
    return bytes(data)


def _damage_strategy():
    return st.tuples(st.integers(0, 2**32), st.integers(1, 40))


_GOOD = {}


def _good_plan_bytes():
    if "plan" not in _GOOD:
        from tests.exchange.test_workbook_support import build, sample_rows

        with tempfile.TemporaryDirectory() as folder:
            _GOOD["plan"] = build(Path(folder) / "good.xlsx", sample_rows()).read_bytes()
    return _GOOD["plan"]


def _damaged_plan_workbook(world, value):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "damaged.xlsx"
        path.write_bytes(damage(_good_plan_bytes(), *value))
        return _read_and_load(path, {})


def _renstra_strategy():
    from tests.exchange.test_workbook_fuzz import AMOUNTS, CODES, TARGETS, TEXTS
    from tests.exchange.test_workbook_renstra import columns

    def cell(key):
        if key == "kode":
            return st.one_of(st.none(), st.sampled_from(CODES))
        if key.startswith("rp"):
            return AMOUNTS
        if key.startswith("t") and key not in ("tujuan",) or key == "awal":
            return TARGETS
        return TEXTS

    @st.composite
    def books(draw):
        cols = columns(unit=draw(st.booleans()))
        rows = draw(st.lists(st.fixed_dictionaries({k: cell(k) for k, *_ in cols}), max_size=10))
        if draw(st.booleans()):
            from tests.exchange.test_workbook_renstra import sample
            rows = list(sample()) + rows
        return {"cols": cols, "rows": rows, "numbering": draw(st.booleans())}

    return books()


def _renstra_workbook(world, book):
    from tests.exchange.test_workbook_renstra import build

    with tempfile.TemporaryDirectory() as folder:
        path = build(Path(folder) / "renstra.xlsx", book["rows"], cols=book["cols"], numbering=book["numbering"])
        return _read_and_load(path, {"pd": "DP3A", "year": 2021})


def _grid_strategy(headers, values):
    """A sheet of a few title rows, a header drawn from `headers` and rows of `values`."""
    @st.composite
    def grids(draw):
        width = draw(st.integers(1, 8))
        title = draw(st.lists(st.lists(st.one_of(st.none(), st.text(CHARS, max_size=20)), max_size=3), max_size=3))
        header = draw(st.lists(st.one_of(st.sampled_from(headers), st.text(CHARS, max_size=10)), min_size=width,
                               max_size=width))
        rows = draw(st.lists(st.lists(values, min_size=width, max_size=width), max_size=12))
        return {"title": title, "header": header, "rows": rows}
    return grids()


def _grid_bytes(grid):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in grid["title"] + [grid["header"]] + grid["rows"]:
        sheet.append([_cell_value(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell_value(value):
    from decimal import Decimal

    if isinstance(value, Decimal):  # openpyxl writes floats; a Decimal cell is one
        return float(value) if value.is_finite() else str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return value  # openpyxl writes inf/NaN as they are: a damaged number a reader must refuse
    return value


# --- realisation workbook ------------------------------------------------------------------------------------

def _realisation_setup():
    from django.contrib.auth.models import User

    from tests.monitoring.test_spreadsheet import make_plan

    plan = make_plan()
    user, _ = User.objects.get_or_create(username="fuzz_operator")
    from renja.monitoring.spreadsheet import write_template

    return {"renja": plan["renja"], "user": user, "template": write_template(plan["renja"])}


def _realisation_strategy():
    edits = st.lists(st.tuples(st.integers(0, 4), st.integers(1, 24), st.integers(1, 16), NUMBERS), max_size=8)
    return st.one_of(edits.map(lambda e: ("edit", e)), _damage_strategy().map(lambda d: ("damage", d)))


def _realisation(world, value):
    import openpyxl

    from renja.monitoring.spreadsheet import load_workbook

    kind, change = value
    if kind == "damage":
        data = damage(world["template"], *change)
    else:
        if "book" not in world:  # the template opened once; each input's edits are undone once it is saved
            world["book"] = openpyxl.load_workbook(io.BytesIO(world["template"]))
        data = _edited(world["book"], change)
    load_workbook(world["renja"], data, user=world["user"])
    return "accepted"


def _edited(book, edits):
    """The bytes of `book` with the cells of `edits` changed; `book` itself left as it was (a cell the edits
    created removed again, so its sheet keeps its size)."""
    undo = []
    try:
        for sheet_index, row, col, cell in edits:
            sheet = book.worksheets[sheet_index % len(book.worksheets)]
            existing = sheet._cells.get((row, col))
            undo.append((sheet, row, col, existing, existing.value if existing is not None else None))
            sheet.cell(row, col, _cell_value(cell))
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()
    finally:
        for sheet, row, col, existing, before in reversed(undo):
            if existing is None:
                sheet._cells.pop((row, col), None)
            else:
                existing.value = before


# --- ceilings (pagu plafon) workbook ---------------------------------------------------------------------------

def _ceilings_setup():
    from django.contrib.auth.models import User

    from renja.organizations.models import Profil

    world = _known_pd()
    world["user"], _ = User.objects.get_or_create(username="fuzz_bappeda")
    # a Verifikator Bappeda of the Pemda: without the role every input is refused before the workbook is read
    Profil.objects.get_or_create(user=world["user"], defaults={"pemda": world["pemda"],
                                                                "peran": Profil.Peran.VERIFIKATOR_BAPPEDA})
    return world


def _ceilings_strategy():
    headers = ["Kode", "Kode PD", "Perangkat Daerah", "Nama OPD", "SKPD", "Pagu Indikatif", "Plafon", "Pagu", "No"]
    values = st.one_of(NUMBERS, st.sampled_from(["2.08.0.00.0.00.01.0000", "DP3A", "Dinas X", "dinas x", "9.99"]))
    return st.one_of(_grid_strategy(headers, values).map(lambda g: ("grid", g)),
                     _damage_strategy().map(lambda d: ("damage", d)))


def _ceilings(world, value):
    from renja.plans.models import Renja
    from renja.workflow.ceilings import import_workbook

    kind, change = value
    if kind == "grid":
        data = _grid_bytes(change)
    else:
        data = damage(_grid_bytes({"title": [], "header": ["Kode", "Perangkat Daerah", "Pagu Indikatif"],
                                    "rows": [["2.08.0.00.0.00.01.0000", "Dinas X", 1_000_000]]}), *change)
    import_workbook(world["pemda"], 2026, Renja.Tahap.RANCANGAN, io.BytesIO(data), world["user"])
    return "accepted"


# --- nomenclature workbook -----------------------------------------------------------------------------------

def _nomenclature_strategy():
    from tests.reference.test_loaders import GOOD_ROWS, NOMENKLATUR_HEADER

    cells = st.one_of(TARGET_VALUES, CODE_TEXTS, st.sampled_from(["KABKOT", "PROV", "SPM", "NON-SPM", ""]))

    @st.composite
    def books(draw):
        header = list(NOMENKLATUR_HEADER)
        if draw(st.booleans()):
            header = draw(st.permutations(header))
        if draw(st.integers(0, 4)) == 0:
            header = header[:-draw(st.integers(1, len(header)))]
        rows = [list(r) for r in draw(st.lists(st.sampled_from(GOOD_ROWS), max_size=6))]
        for _ in range(draw(st.integers(0, 6))):
            if rows:
                r = draw(st.integers(0, len(rows) - 1))
                rows[r][draw(st.integers(0, len(rows[r]) - 1))] = draw(cells)
        rows += draw(st.lists(st.lists(cells, min_size=len(header), max_size=len(header)), max_size=3))
        return {"header": header, "rows": rows, "title": []}
    return books()


def _nomenclature(world, book):
    from renja.reference.loaders import load_nomenclature

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "nomenklatur.xlsx"
        path.write_bytes(_grid_bytes(book))
        load_nomenclature(path, nama_versi="Versi fuzz")
    return "accepted"


# --- web forms -----------------------------------------------------------------------------------------------

def _login_strategy():
    field = st.one_of(st.text(CHARS, max_size=40), st.sampled_from(["", "fuzz_operator", "admin", "x" * 300]))
    return st.dictionaries(st.sampled_from(["username", "password", "next", "csrfmiddlewaretoken", "other"]), field,
                           max_size=5)


def _login(world, data):
    from django.test import Client

    response = Client().post("/masuk/", data)
    assert response.status_code < 500, response.status_code
    # only a real user's password would log in: none is known here, so the form must refuse
    assert response.status_code == 200, response.status_code
    # the form shown again with its errors: a refusal, though not checked for writes, since a failed login is
    # recorded on purpose (axes and the audit log)
    return "refused_soft"


DRIVERS = [
    Driver("numbers.parse_rupiah", lambda: NUMBERS, _rupiah),
    Driver("numbers.parse_decimal", lambda: NUMBERS, _decimal),
    Driver("numbers.read_rupiah/read_decimal", lambda: NUMBERS, _readings),
    Driver("codes.parse_kode", lambda: st.tuples(CODE_TEXTS, st.sampled_from([None, *SEGMENTS_OF_LEVEL])), _kode),
    Driver("targets.parse_target", lambda: TARGET_VALUES, _target),
    Driver("exchange.schemacheck", _schemacheck_strategy, _schemacheck, setup=dict),
    Driver("exchange.load_document", _documents, _load_document, db=True, setup=_known_pd),
    Driver("exchange.load_file (YAML)", _yaml_texts, _load_file, db=True, setup=_known_pd),
    Driver("workbook.plan (generated)", _plan_workbooks, _plan_workbook, db=True, setup=_known_pd),
    Driver("workbook.plan (damaged)", _damage_strategy, _damaged_plan_workbook, db=True, setup=_known_pd),
    Driver("workbook.renstra", _renstra_strategy, _renstra_workbook, db=True, setup=_known_pd),
    Driver("workbook.realisasi", _realisation_strategy, _realisation, db=True, setup=_realisation_setup),
    Driver("workbook.plafon", _ceilings_strategy, _ceilings, db=True, setup=_ceilings_setup),
    Driver("workbook.nomenklatur", _nomenclature_strategy, _nomenclature, db=True, setup=dict),
    Driver("form.login", _login_strategy, _login, db=True, setup=dict),
]
BY_NAME = {d.name: d for d in DRIVERS}


def counted_models():
    """The tables a refused input must leave alone: every model of Renja's own apps (not sessions nor axes)."""
    from django.apps import apps

    return [m for m in apps.get_models() if m.__module__.startswith("renja.") and not m._meta.proxy]


def table_counts(models):
    """The rows of every table of `models`, in one query (two per input, for 70-odd tables: one each would be
    the most of a cheap input's cost)."""
    from django.db import connection

    quote = connection.ops.quote_name
    tables = sorted({m._meta.db_table for m in models})
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables))
        return tuple(cursor.fetchone())


def run_one(driver, world, value, tally, models):
    from django.db import transaction

    tally.inputs += 1
    try:
        if driver.db:
            with transaction.atomic():
                before = table_counts(models)
                try:
                    outcome = driver.run(world, value)
                except REFUSALS as exc:
                    _check_refusal(exc)
                    if table_counts(models) != before:
                        tally.partial += 1
                        tally.note(value, "partial write after: " + str(exc)[:300], kind="partial write")
                    outcome = "refused"
                transaction.set_rollback(True)
        else:
            try:
                outcome = driver.run(world, value)
            except REFUSALS as exc:
                _check_refusal(exc)
                outcome = "refused"
    except Exception:  # noqa: BLE001 - anything but a refusal is what the fuzz looks for
        tally.crashes += 1
        text = traceback.format_exc(limit=8)
        frame = traceback.extract_tb(sys.exc_info()[2])[-1]
        tally.note(value, text, kind=f"{text.strip().splitlines()[-1][:120]} at {Path(frame.filename).name}:{frame.lineno}")
        return
    if outcome == "accepted":
        tally.accepted += 1
    else:
        tally.refused += 1


def _check_refusal(exc):
    errors = getattr(exc, "errors", None)
    if errors is not None:  # the app's refusal names why, in words, every time
        assert errors and all(isinstance(e, str) and e.strip() for e in errors), errors
    else:
        assert str(exc).strip(), repr(exc)


def drive(driver, examples, derandomize=False, seed=None, progress=None, every=1000):
    """Feed `examples` generated inputs to the driver; a Tally. Needs Django set up (and a database when
    `driver.db`); the world it sets up is rolled back when it is in a transaction of the caller. `progress`, when
    given, is called with the tally (its `seconds` the CPU so far) after every `every` inputs."""
    from django.db import transaction

    tally = Tally(driver.name)
    models = counted_models() if driver.db else []
    start = time.process_time()
    with transaction.atomic():
        world = driver.setup() if driver.setup else None

        @settings(max_examples=examples, deadline=None, derandomize=derandomize, database=None,
                  phases=[Phase.explicit, Phase.generate], report_multiple_bugs=False,
                  suppress_health_check=list(HealthCheck))
        @given(driver.strategy())
        def feed(value):
            run_one(driver, world, value, tally, models)
            if progress is not None and tally.inputs % every == 0:
                tally.seconds = time.process_time() - start
                progress(tally)

        if seed is not None and not derandomize:
            from hypothesis import seed as with_seed
            feed = with_seed(seed)(feed)
        feed()
        transaction.set_rollback(True)
    tally.seconds = time.process_time() - start
    return tally


TABLE_HEADER = ("parser", "inputs", "accepted", "refused", "crashes", "partial writes", "CPU s")


def table(tallies):
    rows = [TABLE_HEADER] + [(t.name, t.inputs, t.accepted, t.refused, t.crashes, t.partial, f"{t.seconds:.1f}")
                             for t in tallies]
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(TABLE_HEADER))]
    lines = ["| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)

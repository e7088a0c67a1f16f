"""Load an exchange document (docs/exchange-format.md) into the database, all or nothing.

Two kinds of trouble are told apart:
- *errors* make the document unusable (wrong structure, a plan that already exists): `LoadError` is
  raised and nothing is written;
- *problems* are values the loader cannot read (a malformed amount, a code with lost digits, a row with
  a code and nothing else): the value is kept as text, the problem goes into the report, loading goes on.
"""

import dataclasses
import datetime as dt
import json
import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path

import yaml
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from jsonschema import Draft202012Validator

from renja.core.allocation import without_cycle_collection
from renja.core.codes import KodeError, parse_kode
from renja.core.errors import InputRefused
from renja.core.numbers import (
    AMBIGUOUS,
    MAX_RUPIAH,
    REPAIRED,
    UNREADABLE,
    NumberError,
    clean_cell,
    format_decimal,
    is_blank,
    parse_rupiah,
    read_decimal,
)
from renja.core.targets import parse_target
from renja.monitoring.models import BarisRealisasi, BarisTC29, BelanjaAkun, Evaluasi, SkalaCapaian, TabelEvaluasi
from renja.organizations.models import PaguPlafon, Pemda, PerangkatDaerah, Unit
from renja.plans import signals, versions
from renja.plans import sources as plan_sources
from renja.plans.models import (
    Indikator,
    IndikatorKinerja,
    IndikatorPelayanan,
    Kegiatan,
    Narasi,
    PaguKolom,
    Pernyataan,
    PrioritasDaerah,
    Program,
    Renja,
    Renstra,
    ReviuRKPD,
    Sasaran,
    SasaranProgram,
    SubKegiatan,
    TargetKinerja,
    Tujuan,
    UsulanPemangku,
)
from renja.reference.models import NATION_FIRST, AkunBelanja, Nomenklatur, NomenklaturVersi, SumberDana, visible_to
from renja.rules import stored as stored_findings

from . import bulk
from .merge import MergeConflict, merge, read_document
from .schemacheck import Unsupported, compile_schema

SCHEMA_PATH = Path(__file__).with_name("exchange.schema.json")

# Statement keys whose value is an amount of Rupiah, and keys whose value is another number (a percentage,
# a count written with its word: "8 (Delapan) Program"); the other keys are text (names, verdicts, years).
MONEY_KEYS = {
    "pagu_n", "pagu_n1", "pagu_rancangan", "pagu_kebutuhan", "total_pagu_n", "total_pagu_n1",
    "pagu_urusan", "pagu_non_urusan", "alokasi", "realisasi",
    # a Renja Perubahan's pagu before the change, and the further pagu columns of a workbook (PaguKolom)
    "pagu_sebelum", "total_pagu_sebelum",
    *(f"{prefix}pagu_{kolom}" for prefix in ("", "total_") for kolom in PaguKolom.Kolom.values),
}
NUMBER_KEYS = {"persen_realisasi", "fisik", "keuangan", "target", "nilai_capaian", "persen"}
NUMBER_PREFIXES = ("jumlah_",)


LOADED_FROM_FILE = "dimuat dari berkas"  # the change reason of the history records a load writes

# The columns the plan tree's rows are written with (bulk.Row values in this order; the others take their
# defaults). The first is the parent's key.
PROGRAM_COLUMNS = ("renja_id", "urutan", "kode", "kode_asli", "nama", "nomenklatur_id", "lokasi",
                   "sumber_dana_teks", "catatan", "raw")
KEGIATAN_COLUMNS = ("program_id", *PROGRAM_COLUMNS[1:])
SUB_COLUMNS = ("kegiatan_id", *PROGRAM_COLUMNS[1:], "pagu_n", "pagu_n_teks", "pagu_n1", "pagu_n1_teks",
               "pagu_sebelum", "pagu_sebelum_teks", "sumber_dana_ids")
PAGU_KOLOM_COLUMNS = ("sub_kegiatan_id", "kolom", "nilai", "teks")
INDIKATOR_COLUMNS = (
    "program_id", "kegiatan_id", "sub_kegiatan_id", "urutan", "uraian", "polaritas",
    "target_n_teks", "target_n", "target_n_satuan", "target_n1_teks", "target_n1", "target_n1_satuan",
    "target_sebelum_teks", "target_sebelum", "target_sebelum_satuan", "target_renstra_teks", "target_renstra",
    "realisasi_n2_teks", "realisasi_n2", "prakiraan_n1_teks", "prakiraan_n1", "raw")
NOMENKLATUR_COLUMNS = ("versi_id", "jenis_pemda", "tingkat", "kode", "nama", "induk_id", "dari_rencana")
PAGU_KOLOM = tuple(PaguKolom.Kolom.values)  # the enum's `values` is built again at every use
STATED_PAGU = ("pagu_n", "pagu_n1", "pagu_sebelum", *(f"pagu_{k}" for k in PAGU_KOLOM))
LEVEL_POSITION = {"program": 0, "kegiatan": 1, "sub_kegiatan": 2}  # an indicator's column of its row's key


class LoadError(InputRefused):
    """The document cannot be loaded; `errors` lists why, in Bahasa Indonesia. Nothing was written."""


@dataclass
class Problem:
    """A value that could not be read. It is kept as written; the load went on."""

    table: str
    row: str
    field: str
    text: str
    why: str

    def __str__(self):
        row = f" › {self.row}" if self.row else ""
        return f"{self.table}{row} · {self.field} '{self.text}': {self.why}"


@dataclass
class LoadReport:
    renja: Renja | None  # None for a document that carries only a Renstra (a Renstra workbook)
    problems: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)
    renstra: Renstra | None = None

    def as_dict(self):
        data = {"renja": None if self.renja is None else {
            "id": self.renja.pk, "perangkat_daerah": self.renja.perangkat_daerah.kode,
            "tahun": self.renja.tahun, "tahap": self.renja.tahap}}
        if self.renja is None and self.renstra is not None:
            data["renstra"] = {"id": self.renstra.pk, "perangkat_daerah": self.renstra.perangkat_daerah.kode,
                               "periode_mulai": self.renstra.periode_mulai,
                               "periode_selesai": self.renstra.periode_selesai}
        return {
            **data,
            "counts": self.counts,
            "notes": self.notes,
            "problems": [asdict(p) for p in self.problems],
        }


@cache
def schema():
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def validator():
    """The schema's validator, built once for every document loaded (the schema does not change)."""
    return Draft202012Validator(schema())


@cache
def quick_check():
    """The schema compiled into a yes/no check (renja/exchange/schemacheck.py), or None when it cannot be."""
    try:
        return compile_schema(schema())
    except Unsupported:
        return None


def validate(document):
    """Structural errors of a document, as readable messages (empty when it is valid)."""
    foreign = _foreign_values(document)
    if foreign:  # first: the schema's checks compare numbers, and a Decimal NaN refuses to be compared
        return foreign
    check = quick_check()
    if check is not None and check(document):
        return []  # the same answer as jsonschema's, in a fraction of its time; its messages only when needed
    messages = []
    for error in sorted(validator().iter_errors(document), key=_path_order):
        where = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
        messages.append(f"{where}: {_explain(error)}")
    return messages


_JSON_SCALARS = (str, int, float, bool, type(None))
_FOREIGN_SHOWN = 20


def _foreign_values(document):
    """A message for each key or value (the first 20) that JSON cannot hold: a Decimal, which the schema would
    take for a number, a date from an unquoted YAML date, a set. The JSON columns store parts of the document as
    they are, so they must be JSON; a JSON file's values always are."""
    try:
        try:
            # at C speed, no escapes: the document is clean, as nearly all are. Without the check for cycles
            # (a marker per list and dict), a cycle ends in RecursionError: then asked again with the check.
            json.dumps(document, ensure_ascii=False, check_circular=False)
        except RecursionError:
            json.dumps(document, ensure_ascii=False)
        return []
    except ValueError:  # the one json.dumps raises: a YAML alias inside the node it names
        return ["$: dokumen memuat acuan melingkar (alias YAML di dalam node yang dirujuknya)"]
    except TypeError:
        pass
    found = []

    def walk(node, where):
        if len(found) >= _FOREIGN_SHOWN:
            return
        if isinstance(node, dict):
            for key, value in node.items():
                if not isinstance(key, _JSON_SCALARS):
                    found.append((where, key))
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}[{index}]")
        elif not isinstance(node, _JSON_SCALARS):
            found.append((where, node))

    walk(document, "$")
    messages = []
    for where, value in found:
        hint = "; tulis dalam tanda kutip bila yang dimaksud teks" if isinstance(value, dt.date) else ""
        messages.append(f"{where}: nilai jenis {type(value).__name__} ({value!r:.60}) bukan nilai format pertukaran "
                        f"(teks, angka, true/false, null, daftar atau objek){hint}")
    return messages


def _path_order(error):
    """Errors in document order; a YAML mapping's keys need not be text (`?` alone is a null key, `1:` a number)."""
    return [(0, p, "") if isinstance(p, int) and not isinstance(p, bool) else (1, 0, str(p))
            for p in error.absolute_path]


def _key_text(key):
    return key if isinstance(key, str) else repr(key)


def _explain(error):
    if error.validator == "additionalProperties":
        extra = sorted(_key_text(k) for k in set(error.instance) - set(error.schema.get("properties", {})))
        return f"kunci tidak dikenal: {', '.join(extra)}"
    if error.validator == "required":
        return f"kunci wajib tidak ada: {error.message.split(chr(39))[1]}"
    if error.validator == "enum":
        return f"nilai {error.instance!r} tidak diizinkan; pilihan: {', '.join(map(str, error.validator_value))}"
    if error.validator == "type":
        return f"jenis nilai salah ({error.instance!r}); seharusnya {error.validator_value}"
    if error.validator == "const":
        return f"nilai harus {error.validator_value!r}"
    return error.message


def merge_evaluations(document):
    """Evaluations of the same year that come from several files become one."""
    by_year = {}
    for evaluation in document.get("evaluasi", []) or []:
        year = evaluation.get("tahun")
        by_year[year] = merge(by_year[year], evaluation) if year in by_year else evaluation
    if "evaluasi" in document:
        document = dict(document, evaluasi=list(by_year.values()))
    return document


def load_file(path, *, replace=False):
    try:
        document = read_document(path)
    except FileNotFoundError as exc:
        raise LoadError([f"berkas tidak ditemukan: {path}"]) from exc
    except MergeConflict as exc:
        raise LoadError([str(exc)]) from exc
    except (yaml.YAMLError, ValueError, OSError) as exc:
        raise LoadError([f"berkas tidak dapat dibaca: {exc}"]) from exc
    return load_document(document, replace=replace)


def load_document(document, *, replace=False):
    if not isinstance(document, dict):
        raise LoadError(["$: dokumen harus berupa objek (mapping)"])
    errors = validate(document)
    if errors:
        raise LoadError(errors)
    try:
        document = merge_evaluations(document)
    except MergeConflict as exc:
        raise LoadError([str(exc)]) from exc
    try:
        # thousands of linked instances, none garbage until the load is done: no cycle collection meanwhile
        commits_itself = not connection.in_atomic_block
        with without_cycle_collection(), transaction.atomic():
            start = len(connection.run_on_commit)
            report = _Loader(document, replace).run()
            if commits_itself:  # inside a caller's transaction, its commit refreshes, as for any other write
                stored_findings.defer_refresh_since(start)  # the plans' check, by the background worker
            return report
    except DatabaseError as exc:  # a limit of the database; the transaction has been rolled back
        raise LoadError([f"basis data menolak data: {exc}".strip()]) from exc
    except ValidationError as exc:  # a value its column cannot hold (an infinite number); rolled back too
        raise LoadError([f"nilai tidak dapat disimpan: {'; '.join(exc.messages)}"]) from exc


# An amount as most documents write it ("126.528.000", "5000"): read straight away, as parse_rupiah reads it.
_PLAIN_AMOUNT = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+|\d+")
_target_of_text = lru_cache(maxsize=100_000)(parse_target)
# A code written as the nomenclature writes it ("1.01.02.2.01.0003"): parse_kode gives it back unchanged, with
# no assumption; its level and parent follow from its segments. The others go through parse_kode.
_CANONICAL_KODE = re.compile(r"[0-9](?:\.[0-9]{2}(?:\.[0-9]{2}(?:\.[0-9]\.[0-9]{2}(?:\.[0-9]{4})?)?)?)?")
_LEVEL_OF_DOTS = {0: "urusan", 1: "bidang_urusan", 2: "program", 4: "kegiatan", 5: "sub_kegiatan"}
_PARENT_SEGMENTS = {6: 5, 5: 3, 3: 2, 2: 1}


def kode_level(kode):
    """`parse_kode(kode).level` of a normalised code."""
    if _CANONICAL_KODE.fullmatch(kode):
        return _LEVEL_OF_DOTS[kode.count(".")]
    return parse_kode(kode).level


def kode_parent(kode):
    """`parse_kode(kode).parent` of a normalised code, as text (None for an urusan)."""
    if _CANONICAL_KODE.fullmatch(kode):
        segments = kode.split(".")
        return ".".join(segments[:_PARENT_SEGMENTS[len(segments)]]) if len(segments) > 1 else None
    parent = parse_kode(kode).parent
    return None if parent is None else str(parent)


_NUMBER = re.compile(r"\d[\d.,]*\d|\d")


@lru_cache(maxsize=100_000)
def _target_number(text, percent):
    """The reading of a target's one number (None when it writes none or several), once per text: a plan repeats
    its targets ("100 %", "1 Dokumen") in every year and row, and a Reading is immutable."""
    numbers = _NUMBER.findall(clean_cell(text))
    if len(numbers) != 1:
        return None
    return read_decimal(numbers[0], "persen" if percent else "angka")


@lru_cache(maxsize=100_000)
def target_without_problem(text):
    """What `_Loader.target` gives for `text` when reading it reports nothing (None when it reports a problem),
    once per text: a Renstra repeats "11 Dokumen" for five years and its plan's rows."""
    parsed = _target_of_text(text)
    if parsed.masalah:
        return None
    if parsed.nilai is not None:
        reading = _target_number(text, parsed.satuan == "%")
        if reading is not None and reading.note in (AMBIGUOUS, REPAIRED):
            return None
    return parsed


def _places(number):
    """The decimals to show a number read from a document with: as many as it has, at most 4."""
    return max(0, min(4, -number.as_tuple().exponent)) if isinstance(number, Decimal) else 0


def _text(value):
    return "" if value is None else clean_cell(value) if not isinstance(value, str) else value.strip()


def _lines(values):
    return [_text(v) for v in values or []]


class _Loader:
    def __init__(self, document, replace):
        self.doc = document
        self.replace = replace
        self.problems = []
        self.notes = []
        self.counts = {}
        self.statement_objects = []  # flushed by load_statements, in document order
        self.indicator_count = 0

    # -- reading values, with problems reported --------------------------------------------------

    def problem(self, table, row, field_name, value, why):
        self.problems.append(Problem(table, row or "", field_name, _text(value), why))

    def rupiah(self, value, table, row, field_name):
        """(amount or None, text as written)."""
        if type(value) is str and _PLAIN_AMOUNT.fullmatch(value):
            amount = int(value.replace(".", ""))  # what parse_rupiah reads from such a text, without its detours
            if amount <= MAX_RUPIAH:
                return amount, value
        text = "" if value is None else str(value)
        try:
            return parse_rupiah(value), text
        except NumberError as exc:
            self.problem(table, row, field_name, value, str(exc))
            return None, text

    def decimal(self, value, table, row, field_name):
        """(percentage or None, text as written). A number with a decimal point or an ambiguous `1.286` is read
        as a percentage (its column's meaning) and reported, never silently."""
        text = "" if value is None else str(value)
        reading = read_decimal(value, "persen")
        if reading.note == UNREADABLE:
            self.problem(table, row, field_name, value, reading.repair)
            return None, text
        self.reading_noted(reading, table, row, field_name)
        return reading.value, text

    def reading_noted(self, reading, table, row, field_name):
        """Report a number read with a repair or by its column's meaning (a problem that keeps the value)."""
        if reading.note == AMBIGUOUS:
            self.problem(table, row, field_name, reading.text, f"angka ambigu: {reading.repair}")
        elif reading.note == REPAIRED:
            self.problem(table, row, field_name, reading.text,
                         f"{reading.repair} (dibaca {format_decimal(reading.value, _places(reading.value))})")

    def noted_target(self, parsed, value, table, row, field_name):
        """A target whose one number has a decimal point or is ambiguous: read by its unit's meaning, reported."""
        if parsed.nilai is None or not isinstance(value, str):
            return parsed
        reading = _target_number(value, parsed.satuan == "%")
        if reading is not None and reading.note in (AMBIGUOUS, REPAIRED):
            self.reading_noted(reading, table, row, field_name)
            if reading.value != parsed.nilai:
                parsed = dataclasses.replace(parsed, nilai=reading.value)
        return parsed

    def kode(self, value, table, row, level=None):
        """(normalised code or "", code as written)."""
        if type(value) is str and _CANONICAL_KODE.fullmatch(value):
            return value, value  # what parse_kode reads from it, without its detours
        if value is None or not str(value).strip():
            return "", ""
        raw = str(value)
        try:
            kode = parse_kode(raw, level=level)
        except KodeError as exc:
            self.problem(table, row, "kode", raw, str(exc))
            return "", raw
        for assumption in kode.assumptions:
            self.problem(table, row, "kode", raw, f"dibaca sebagai {kode} dengan anggapan ({assumption})")
        return str(kode), raw

    def target(self, value, table, row, field_name):
        if type(value) is str:
            quiet = target_without_problem(value)
            if quiet is not None:
                return quiet
        parsed = self.target_quietly(value)
        if parsed.masalah:
            self.problem(table, row, field_name, value, parsed.masalah)
        return self.noted_target(parsed, value, table, row, field_name)

    @staticmethod
    def target_quietly(value):
        """`parse_target(value)`, read once per text: a plan repeats its targets ("100 %", "1 Dokumen") in every
        year and row, and a Target is immutable."""
        return _target_of_text(value) if type(value) is str else parse_target(value)

    # -- the document ------------------------------------------------------------------------------

    def run(self):
        self.load_organization()
        if "renja" not in self.doc:  # a Renstra only (the schema allows it only then)
            if self.doc.get("evaluasi"):
                raise LoadError(["$.evaluasi: evaluasi hanya dapat dimuat bersama Renja-nya ($.renja)"])
            renstra = self.load_renstra_only()
            return LoadReport(renja=None, renstra=renstra, problems=self.problems, counts=self.counts,
                              notes=self.notes)
        self.load_renstra()
        self.load_renja()
        self.load_plan_tree()
        self.load_tables()
        self.load_statements(self.doc["renja"].get("statements") or [], evaluasi=None)
        self.load_evaluations()
        return LoadReport(renja=self.renja, problems=self.problems, counts=self.counts, notes=self.notes)

    def load_organization(self):
        data = self.doc["pemda"]
        self.pemda, _ = Pemda.objects.get_or_create(
            kode=data["kode"], defaults={"nama": data["nama"], "jenis": data["jenis"]}
        )
        data = self.doc["perangkat_daerah"]
        self.pd, _ = PerangkatDaerah.objects.get_or_create(
            pemda=self.pemda, kode=data["kode"],
            defaults={"nama": data["nama"], "singkatan": data.get("singkatan") or ""},
        )
        known_units = set(self.pd.unit.values_list("nama", flat=True))
        for order, unit in enumerate(data.get("unit") or []):
            if unit["nama"] not in known_units:
                Unit.objects.create(perangkat_daerah=self.pd, nama=unit["nama"],
                                    singkatan=unit.get("singkatan") or "", urutan=order)
        for ceiling in data.get("pagu_plafon") or []:
            pagu, text = self.rupiah(ceiling.get("pagu"), "Pagu plafon", str(ceiling["tahun"]), "pagu")
            PaguPlafon.objects.update_or_create(
                perangkat_daerah=self.pd, tahun=ceiling["tahun"], tahap="",  # the year's (stage-less) ceiling
                defaults={"pagu": pagu, "pagu_teks": text, "sumber": ceiling.get("sumber") or ""},
            )

    def load_renstra(self):
        data = self.doc.get("renstra")
        if not data:
            return
        existing = Renstra.objects.filter(perangkat_daerah=self.pd, periode_mulai=data["periode_mulai"]).first()
        if existing and not self.replace:
            self.notes.append(f"{existing} sudah ada dan tidak diubah (gunakan --replace untuk menggantinya).")
            return
        if existing and (refused := _set_refusal(existing)):  # the plan is loaded, its set Renstra kept
            self.notes.append(f"{refused.removesuffix(' Tidak ada yang diubah.')} Renstra tidak diganti.")
            return
        if existing:
            with signals.told_by_writer():  # every row of it concerns the PD's every year: raised once below
                existing.delete()
            versions.changed(self.pd.pk, None)
        if data["periode_selesai"] < data["periode_mulai"]:
            raise LoadError([f"$.renstra: periode_selesai {data['periode_selesai']} sebelum periode_mulai"])
        renstra = Renstra.objects.create(
            perangkat_daerah=self.pd, periode_mulai=data["periode_mulai"], periode_selesai=data["periode_selesai"]
        )
        # Read in document order, written level by level (one insert per table, as the plan tree).
        self.renstra_rows = {Tujuan: [], Sasaran: [], IndikatorKinerja: [], TargetKinerja: []}
        tujuan_by_nomor, sasaran_by_nomor = {}, {}
        for order, item in enumerate(data.get("tujuan") or []):
            tujuan = Tujuan(renstra=renstra, urutan=order, nomor=item.get("nomor") or "", uraian=item["uraian"])
            self.renstra_rows[Tujuan].append(tujuan)
            tujuan_by_nomor[tujuan.nomor] = tujuan
            self.renstra_indicators(renstra, item.get("indikator"), jenis="tujuan", tujuan=tujuan)
        for order, item in enumerate(data.get("sasaran") or []):
            tujuan = tujuan_by_nomor.get(item.get("tujuan"))
            if item.get("tujuan") and not tujuan:
                raise LoadError([f"$.renstra.sasaran[{order}].tujuan: tujuan nomor {item['tujuan']!r} tidak ada"])
            sasaran = Sasaran(renstra=renstra, tujuan=tujuan, urutan=order, nomor=item.get("nomor") or "",
                              uraian=item["uraian"])
            self.renstra_rows[Sasaran].append(sasaran)
            sasaran_by_nomor[sasaran.nomor] = sasaran
            self.renstra_indicators(renstra, item.get("indikator"), jenis="sasaran", sasaran=sasaran)
        for order, item in enumerate(data.get("iku") or []):
            sasaran = sasaran_by_nomor.get(item.get("sasaran"))
            if item.get("sasaran") and not sasaran:
                raise LoadError([f"$.renstra.iku[{order}].sasaran: sasaran nomor {item['sasaran']!r} tidak ada"])
            self.renstra_indicators(renstra, [item], jenis="iku", sasaran=sasaran, first_order=order)
        for model, rows in self.renstra_rows.items():
            bulk.insert(model, rows)
        versions.changed(self.pd.pk, None)  # bulk inserts send no signal; the Renstra concerns every year
        self.counts["renstra_indikator"] = len(self.renstra_rows[IndikatorKinerja])
        if data.get("program"):
            from renja.renstra.loading import load_matrix

            self.counts["renstra_baris"] = load_matrix(self, renstra, data["program"], sasaran_by_nomor)

    def load_renstra_only(self):
        """A document of a Renstra alone. With the matrix only (a Renstra workbook) and the PD's Renstra of that
        period already there, only its matrix is written (or replaced): its tujuan, sasaran and IKU stay."""
        data = self.doc["renstra"]
        existing = Renstra.objects.filter(perangkat_daerah=self.pd, periode_mulai=data["periode_mulai"]).first()
        # a document without IKU (a Renstra workbook: the matrix, with the tujuan and sasaran its columns name)
        # updates the matrix of the Renstra already there, whose own tujuan, sasaran and IKU stay
        matrix_only = not data.get("iku")
        if existing is None or not matrix_only:
            if existing is not None and not self.replace:
                raise LoadError([f"{existing} sudah ada di basis data; tidak ada yang diubah. "
                                 "Gunakan --replace untuk menggantinya seluruhnya."])
            if existing is not None and (refused := _set_refusal(existing)):
                raise LoadError([refused])
            self.load_renstra()
            return Renstra.objects.select_related("perangkat_daerah").get(perangkat_daerah=self.pd,
                                                                          periode_mulai=data["periode_mulai"])
        from renja.renstra.loading import load_matrix
        from renja.renstra.models import BarisRenstra

        if data["periode_selesai"] != existing.periode_selesai:
            raise LoadError([f"$.renstra.periode_selesai: dokumen menyebut periode {data['periode_mulai']}–"
                             f"{data['periode_selesai']}, {existing} berakhir {existing.periode_selesai}; "
                             "tidak ada yang diubah"])
        rows = BarisRenstra.objects.filter(renstra=existing)
        if rows.exists():
            if not self.replace:
                raise LoadError([f"matriks {existing} sudah ada di basis data; tidak ada yang diubah. "
                                 "Gunakan --replace untuk mengganti matriksnya (tujuan, sasaran dan IKU tetap)."])
            if refused := _set_refusal(existing):
                raise LoadError([refused])
            with signals.told_by_writer():
                rows.delete()
            self.notes.append(f"matriks {existing} diganti; tujuan, sasaran dan IKU-nya tetap.")
        if data.get("tujuan") or data.get("sasaran"):
            from renja.renstra.loading import merge_goals

            sasaran_by_nomor = merge_goals(self, existing, data)
        else:
            sasaran_by_nomor = {s.nomor: s for s in existing.sasaran.all()}
        self.counts["renstra_baris"] = load_matrix(self, existing, data.get("program") or [], sasaran_by_nomor)
        versions.changed(self.pd.pk, None)
        return existing

    def renstra_indicators(self, renstra, items, jenis, tujuan=None, sasaran=None, first_order=0):
        for order, item in enumerate(items or [], start=first_order):
            baseline = item.get("baseline") or {}
            label = item["uraian"][:60]
            value = parse_target(baseline.get("nilai")).nilai
            indicator = IndikatorKinerja(
                renstra=renstra, jenis=jenis, tujuan=tujuan, sasaran=sasaran, urutan=order,
                nomor=item.get("nomor") or "", uraian=item["uraian"],
                polaritas=item.get("polaritas") or "positif",
                baseline_tahun=baseline.get("tahun"), baseline_teks=_text(baseline.get("nilai")),
                baseline=value,
            )
            self.renstra_rows[IndikatorKinerja].append(indicator)
            for year, text in (item.get("target") or {}).items():
                parsed = self.target(text, "Renstra", label, f"target {year}")
                self.renstra_rows[TargetKinerja].append(TargetKinerja(
                    indikator=indicator, tahun=int(year), teks=parsed.teks, nilai=parsed.nilai,
                    satuan=parsed.satuan or ""))

    def load_renja(self):
        data = self.doc["renja"]
        existing = Renja.objects.filter(perangkat_daerah=self.pd, tahun=data["tahun"], tahap=data["tahap"]).first()
        if existing and not self.replace:
            raise LoadError([
                f"{existing} sudah ada di basis data; tidak ada yang diubah. "
                "Gunakan --replace untuk menggantinya seluruhnya."
            ])
        if existing:
            with signals.told_by_writer():  # every row of it concerns the plan's PD and year: raised once
                existing.delete()
            versions.changed(self.pd.pk, existing.tahun)
        versi = None
        if data.get("nomenklatur"):
            # The official version of that name, else the Pemda's own: the entries a plan adds to it (its
            # programs' and sub kegiatan's names) stay within the Pemda that loaded the plan.
            versi = NomenklaturVersi.objects.filter(nama=data["nomenklatur"], pemda__isnull=True, resmi=True).first()
            if versi is None:
                versi, _ = NomenklaturVersi.objects.get_or_create(
                    nama=data["nomenklatur"], pemda=self.pemda,
                    defaults={"keterangan": "Dibuat dari rencana yang dimuat."})
        signer = data.get("penandatangan") or {}
        source = self.doc.get("source") or {}
        self.renja = Renja.objects.create(
            perangkat_daerah=self.pd, tahun=data["tahun"], tahap=data["tahap"], nomenklatur=versi,
            judul=data.get("judul") or "", tempat_tanggal=data.get("tempat_tanggal") or "",
            penandatangan_nama=signer.get("nama") or "", penandatangan_jabatan=signer.get("jabatan") or "",
            penandatangan_pangkat=signer.get("pangkat") or "", penandatangan_nip=signer.get("nip") or "",
            sumber=source.get("document") or "",
        )

    # -- the plan tree ---------------------------------------------------------------------------------

    def load_plan_tree(self):
        """The tree is read in document order (values, problems, statements), then written level by level
        with one bulk insert per table, so that the number of queries does not grow with the plan. Rows are
        kept as their values (bulk.Row), not model instances: making those cost more than writing them."""
        self.nomenclature = NomenclatureLinker(self.renja, self.pemda, codes=self.plan_codes(), as_rows=True)
        self.sumber_dana_cache = {}
        self.pending_indicators = []
        self.pending_columns = []  # PaguKolom of the sub kegiatan, written after them
        self.pending_links = []  # (statement, attname, row): the tree row a stated figure belongs to
        programs, kegiatan_rows, sub_rows, sources = [], [], [], []
        order = 0
        renja_id = self.renja.pk
        for program_data in self.doc["renja"].get("program") or []:
            order += 1
            program = self.tree_row(program_data, order, "program", renja_id)
            programs.append(program)
            for kegiatan_data in program_data.get("kegiatan") or []:
                order += 1
                kegiatan = self.tree_row(kegiatan_data, order, "kegiatan", program)
                kegiatan_rows.append(kegiatan)
                for sub_data in kegiatan_data.get("sub_kegiatan") or []:
                    order += 1
                    sub = self.tree_row(sub_data, order, "sub_kegiatan", kegiatan)
                    found = self.sumber_dana(sub_data.get("sumber_dana"))
                    sub.values.append(plan_sources.ids_text(source.pk for source in found))  # as the links say
                    sub_rows.append(sub)
                    sources.append((sub, found))
        self.nomenclature.save_pending()
        # Each level after its parents: a row's key is known before the rows referring to it are written. Each
        # row's history starts here, so that the first edit in the app shows the value it replaced.
        history = {}
        for model, columns, rows in ((Program, PROGRAM_COLUMNS, programs), (Kegiatan, KEGIATAN_COLUMNS, kegiatan_rows),
                                     (SubKegiatan, SUB_COLUMNS, sub_rows),
                                     (PaguKolom, PAGU_KOLOM_COLUMNS, self.pending_columns),
                                     (Indikator, INDIKATOR_COLUMNS, self.pending_indicators)):
            history[model] = bulk.write_rows(model, columns, rows, LOADED_FROM_FILE)
        for statement, attname, row in self.pending_links:
            setattr(statement, attname, row.key)
        links = [{"subkegiatan_id": sub.key, "sumberdana_id": source_id}
                 for sub, found in sources for source_id in dict.fromkeys(source.pk for source in found)]
        link_ids = bulk.insert_values(SubKegiatan.sumber_dana.through, links)
        # ... and the sumber dana of each sub kegiatan belong to its first history record
        first_record = dict(zip((sub.key for sub in sub_rows), history[SubKegiatan]))
        bulk.insert_values(apps.get_model("plans", "HistoricalSubKegiatan_sumber_dana"), [
            dict(link, id=link_id, history_id=first_record[link["subkegiatan_id"]])
            for link, link_id in zip(links, link_ids)])
        self.counts.update({"program": len(programs), "kegiatan": len(kegiatan_rows), "sub_kegiatan": len(sub_rows),
                            "indikator": self.indicator_count})

    def tree_row(self, data, order, level, parent):
        """The Row of a program, kegiatan or sub kegiatan (values in the order of its table's columns), its
        indicators, further pagu columns and stated figures set aside for their tables."""
        label = self.label(data)  # once per row: its problems and its indicators' name it
        kode, kode_asli, nama, entry = self.row_fields(data, order, level, label)
        values = [None, order, kode, kode_asli, nama, None, _text(data.get("lokasi")),
                  _text(data.get("sumber_dana")), _text(data.get("catatan")), data.get("raw") or ""]
        refs = [(5, entry)] if entry is not None else []
        if level == "program":
            values[0] = parent  # the plan's key
        else:
            refs.append((0, parent))
        if level == "sub_kegiatan":
            for key in ("pagu_n", "pagu_n1", "pagu_sebelum"):
                values.extend(self.rupiah(data.get(key), "T-C.33", label, key))
        row = bulk.Row(values, refs)
        if level == "sub_kegiatan":
            self.pagu_columns(row, data.get("pagu_kolom"), label)
        self.node_extras(data, row, level, kode or kode_asli, nama, label)
        return row

    def pagu_columns(self, sub, columns, label):
        """The further pagu columns of a sub kegiatan, each its own figure; blank ones are not kept."""
        if not columns:
            return
        for kolom in PAGU_KOLOM:
            value = (columns or {}).get(kolom)
            if is_blank(value):
                continue
            nilai, teks = self.rupiah(value, "T-C.33", label, f"pagu_kolom.{kolom}")
            self.pending_columns.append(bulk.Row([None, kolom, nilai, teks], ((0, sub),)))

    def plan_codes(self):
        """Every code the plan tree may link to the nomenclature (its rows' codes read as `kode` reads them, and
        their parents): the linker reads those entries alone, not the whole version."""
        codes = set()
        levels = (("program", "kegiatan"), ("kegiatan", "sub_kegiatan"), ("sub_kegiatan", None))

        def walk(rows, depth):
            level, children = levels[depth]
            for data in rows or []:
                raw = data.get("kode")
                if raw is not None and str(raw).strip():
                    try:
                        raw = str(raw)
                        kode = raw if _CANONICAL_KODE.fullmatch(raw) else str(parse_kode(raw, level=level))
                        codes.add(kode)
                        codes.add(str(kode_parent(kode)))
                    except Exception:  # noqa: BLE001 — the row's own reading below reports (or raises) it
                        pass
                if children:
                    walk(data.get(children), depth + 1)
        walk(self.doc["renja"].get("program"), 0)
        return codes

    @staticmethod
    def label(data):
        name = _text(data.get("nama"))
        code = _text(data.get("kode")).replace("\t", " ")
        return f"{code} {name[:70]}".strip()

    def row_fields(self, data, order, level, label):
        kode, kode_asli = self.kode(data.get("kode"), "T-C.33", label, level=level)
        if kode and kode_level(kode) != level:
            self.problem("T-C.33", label, "kode", kode_asli,
                         f"kode tingkat {parse_kode(kode).level.replace('_', ' ')} dipakai pada baris {level.replace('_', ' ')}")
        if not _text(data.get("nama")) and kode_asli:
            self.problem("T-C.33", label, "nama", "", "baris hanya berisi kode, tanpa nama")
        elif not _text(data.get("nama")):
            self.problem("T-C.33", f"{level.replace('_', ' ')} ke-{order}", "nama", "",
                         f"baris {level.replace('_', ' ')} tanpa kode dan nama (tidak tertulis dalam dokumen)")
        nama = _text(data.get("nama"))
        return kode, kode_asli, nama, self.nomenclature.entry(kode, level, nama) if kode else None

    def node_extras(self, data, node, level, code, name, label):
        indicators = []
        for order, item in enumerate(data.get("indikator") or []):
            target_n = self.target(item.get("target_n"), "T-C.33", label, "target_n")
            target_n1 = self.target(item.get("target_n1"), "T-C.33", label, "target_n1")
            sebelum = self.target(item.get("target_sebelum"), "T-C.33", label, "target_sebelum")
            earlier = {key: self.target(item.get(key), "T-C.33", label, key)
                       for key in ("target_akhir_renstra", "realisasi_n2", "prakiraan_n1")}
            satuan = item.get("satuan")
            indicators.append(bulk.Row([
                None, None, None, order, _text(item.get("uraian")), item.get("polaritas") or "positif",
                target_n.teks, target_n.nilai, satuan or target_n.satuan or "",
                target_n1.teks, target_n1.nilai, satuan or target_n1.satuan or "",
                sebelum.teks, sebelum.nilai, satuan or sebelum.satuan or "",
                earlier["target_akhir_renstra"].teks, earlier["target_akhir_renstra"].nilai,
                earlier["realisasi_n2"].teks, earlier["realisasi_n2"].nilai,
                earlier["prakiraan_n1"].teks, earlier["prakiraan_n1"].nilai,
                item.get("raw") or "",
            ], ((LEVEL_POSITION[level], node),)))
        self.pending_indicators.extend(indicators)  # written by load_plan_tree once the rows have keys
        self.indicator_count += len(indicators)
        stated = dict(data.get("stated") or {})
        stated.update({f"pagu_{kolom}": value for kolom, value in (stated.pop("pagu_kolom", None) or {}).items()})
        for key in STATED_PAGU:
            if key in stated and not is_blank(stated[key]):
                statement = self.statement(
                    {"table": "T-C.33", "key": key, "code": code, "row": name, "value": stated[key]}, evaluasi=None)
                # the row it belongs to, even when its code is unreadable: its key once the tree is written
                self.pending_links.append((statement, f"{level}_id", node))
                self.statement_objects.append(statement)

    def sumber_dana(self, text):
        result = []
        for name in [part.strip() for part in _text(text).replace(";", ",").split(",")]:
            if not name:
                continue
            if name not in self.sumber_dana_cache:
                known = visible_to(SumberDana.objects.order_by(NATION_FIRST, "pk"), self.pemda)  # the nation's first
                source = known.filter(nama__iexact=name).first() or known.filter(kode__iexact=name).first()
                if source is None:
                    source = SumberDana.objects.create(nama=name, dari_rencana=True, pemda=self.pemda)
                self.sumber_dana_cache[name] = source
            result.append(self.sumber_dana_cache[name])
        return result

    # -- tables around the plan ---------------------------------------------------------------------

    def load_tables(self):
        data = self.doc["renja"]
        renja = self.renja
        bulk.insert(PrioritasDaerah, [
            PrioritasDaerah(renja=renja, urutan=i, nomor=_text(r.get("nomor")), prioritas=_text(r.get("prioritas")),
                            sasaran_daerah=_text(r.get("sasaran_daerah")),
                            indikator_sasaran_daerah=_lines(r.get("indikator_sasaran_daerah")),
                            sasaran_pd=_text(r.get("sasaran_pd")),
                            indikator_sasaran_pd=_lines(r.get("indikator_sasaran_pd")))
            for i, r in enumerate(data.get("prioritas_daerah") or [])
        ])
        bulk.insert(SasaranProgram, [
            SasaranProgram(renja=renja, urutan=i, nomor=_text(r.get("nomor")), sasaran=_text(r.get("sasaran")),
                           program=_text(r.get("program")), kegiatan=_lines(r.get("kegiatan")),
                           sub_kegiatan=_lines(r.get("sub_kegiatan")))
            for i, r in enumerate(data.get("sasaran_program") or [])
        ])
        rows = []
        for i, r in enumerate(data.get("reviu_rkpd") or []):
            left, right = r.get("rancangan") or {}, r.get("kebutuhan") or {}
            label = _text(left.get("nama") or right.get("nama"))[:70] or f"baris {i + 1}"
            left_pagu, left_text = self.rupiah(left.get("pagu"), "T-C.31", label, "pagu rancangan")
            right_pagu, right_text = self.rupiah(right.get("pagu"), "T-C.31", label, "kebutuhan dana")
            rows.append(ReviuRKPD(
                renja=renja, urutan=i, nomor=_text(r.get("nomor")), tingkat=r["tingkat"],
                rancangan_nama=_text(left.get("nama")), rancangan_lokasi=_text(left.get("lokasi")),
                rancangan_indikator=left.get("indikator") or [], rancangan_pagu=left_pagu,
                rancangan_pagu_teks=left_text,
                kebutuhan_nama=_text(right.get("nama")), kebutuhan_lokasi=_text(right.get("lokasi")),
                kebutuhan_indikator=right.get("indikator") or [], kebutuhan_pagu=right_pagu,
                kebutuhan_pagu_teks=right_text, catatan=_text(r.get("catatan")), raw=r.get("raw") or "",
            ))
        bulk.insert(ReviuRKPD, rows)
        bulk.insert(UsulanPemangku, [
            UsulanPemangku(renja=renja, urutan=i, nomor=_text(r.get("nomor")), tingkat=r.get("tingkat") or "",
                           nama=_text(r.get("nama")), lokasi=_text(r.get("lokasi")),
                           indikator=r.get("indikator") or [], catatan=_text(r.get("catatan")),
                           raw=r.get("raw") or "")
            for i, r in enumerate(data.get("usulan_pemangku") or [])
        ])
        bulk.insert(IndikatorPelayanan, [
            IndikatorPelayanan(renja=renja, urutan=i, kelompok=_text(r.get("kelompok")), nomor=_text(r.get("nomor")),
                               uraian=_text(r.get("uraian")), polaritas=r.get("polaritas") or "positif",
                               spm=_text(r.get("spm")), ikk=_text(r.get("ikk")),
                               target=r.get("target") or {}, realisasi=r.get("realisasi") or {},
                               proyeksi=r.get("proyeksi") or {}, catatan=_text(r.get("catatan")),
                               raw=r.get("raw") or "")
            for i, r in enumerate(data.get("indikator_pelayanan") or [])
        ])
        bulk.insert(Narasi, [
            Narasi(renja=renja, urutan=i, bab=r["bab"], nomor=_text(r.get("nomor")), judul=_text(r.get("judul")),
                   teks=r.get("teks") or "")
            for i, r in enumerate(data.get("narasi") or [])
        ])
        self.counts.update({
            "reviu_rkpd": len(rows),
            "usulan_pemangku": len(data.get("usulan_pemangku") or []),
            "indikator_pelayanan": len(data.get("indikator_pelayanan") or []),
            "narasi": len(data.get("narasi") or []),
        })

    # -- statements -----------------------------------------------------------------------------------

    def statement(self, item, evaluasi):
        key = item["key"]
        value = item.get("value")
        text = "" if value is None else str(value)
        number = None
        row = _text(item.get("row")) or _text(item.get("code"))
        if is_blank(value):
            pass
        elif key in MONEY_KEYS:
            try:
                number = Decimal(parse_rupiah(value))
            except NumberError as exc:
                self.problem(item["table"], row, key, value, str(exc))
        elif key in NUMBER_KEYS or key.startswith(NUMBER_PREFIXES):
            parsed = self.noted_target(parse_target(value), value, item["table"], row, key)  # "5,76 %", "23 kegiatan"
            number = parsed.nilai
            if number is None:
                self.problem(item["table"], row, key, value, parsed.masalah or "bukan angka")
        return Pernyataan(
            renja=self.renja, evaluasi=evaluasi, tabel=item["table"], kunci=key,
            kode=_text(item.get("code")), baris=_text(item.get("row")), teks=text, nilai=number,
            konteks=_text(item.get("context")),
        )

    def load_statements(self, items, evaluasi):
        objects = self.statement_objects + [self.statement(item, evaluasi) for item in items]
        self.statement_objects = []
        start = Pernyataan.objects.filter(renja=self.renja).count()
        for order, obj in enumerate(objects, start=start):
            obj.urutan = order
        bulk.insert(Pernyataan, objects)
        self.counts["pernyataan"] = self.counts.get("pernyataan", 0) + len(objects)

    # -- evaluation of earlier years ----------------------------------------------------------------

    def load_evaluations(self):
        for data in self.doc.get("evaluasi") or []:
            evaluasi = Evaluasi.objects.create(perangkat_daerah=self.pd, tahun=data["tahun"], renja=self.renja,
                                               keterangan=_text(data.get("keterangan")))
            self.load_evaluation_tables(evaluasi, data)
            self.load_spending(evaluasi, data)
            self.load_tc29(evaluasi, data)
            bulk.insert(SkalaCapaian, [
                SkalaCapaian(evaluasi=evaluasi, urutan=i, skala=_text(r.get("skala")), kategori=_text(r.get("kategori")))
                for i, r in enumerate(data.get("skala_capaian") or [])
            ])
            self.load_statements(data.get("statements") or [], evaluasi=evaluasi)

    def load_evaluation_tables(self, evaluasi, data):
        seen = set()
        rows = []
        for order, table_data in enumerate(data.get("tabel") or []):
            table_id = table_data["id"]
            if table_id in seen:
                raise LoadError([f"$.evaluasi[{data['tahun']}].tabel: id tabel '{table_id}' dipakai dua kali"])
            seen.add(table_id)
            table = TabelEvaluasi.objects.create(
                evaluasi=evaluasi, urutan=order, kode=table_id, judul=_text(table_data.get("judul")),
                program=_text(table_data.get("program")), kegiatan=_text(table_data.get("kegiatan")),
            )
            where = f"BAB II {table_id}"
            for i, r in enumerate(table_data.get("baris") or []):
                label = f"{_text(r.get('nomor'))} {_text(r.get('uraian'))[:60]}".strip()
                alokasi, alokasi_text = self.rupiah(r.get("alokasi"), where, label, "alokasi")
                realisasi, realisasi_text = self.rupiah(r.get("realisasi"), where, label, "realisasi")
                fisik, fisik_text = self.decimal(r.get("fisik"), where, label, "fisik")
                keuangan, keuangan_text = self.decimal(r.get("keuangan"), where, label, "keuangan")
                persen, persen_text = self.decimal(r.get("persen"), where, label, "persen")
                target = self.noted_target(parse_target(r.get("target")), r.get("target"), where, label, "target")
                rows.append(BarisRealisasi(
                    tabel=table, urutan=i, nomor=_text(r.get("nomor")), uraian=_text(r.get("uraian")),
                    indikator=_text(r.get("indikator")), target_teks=target.teks, target=target.nilai,
                    alokasi=alokasi, alokasi_teks=alokasi_text, realisasi=realisasi, realisasi_teks=realisasi_text,
                    fisik=fisik, fisik_teks=fisik_text, keuangan=keuangan, keuangan_teks=keuangan_text,
                    persen=persen, persen_teks=persen_text, triwulan=r.get("triwulan"), raw=r.get("raw") or "",
                ))
            total = dict(table_data.get("total") or {})
            total.pop("raw", None)  # the source line, not a stated figure
            for key, value in total.items():
                if not is_blank(value):
                    self.statement_objects.append(self.statement(
                        {"table": table_id, "key": key, "row": "Total", "value": value}, evaluasi=evaluasi))
        bulk.insert(BarisRealisasi, rows)
        self.counts["baris_realisasi"] = self.counts.get("baris_realisasi", 0) + len(rows)

    def load_spending(self, evaluasi, data):
        rows = []
        for i, r in enumerate(data.get("belanja") or []):
            table = _text(r.get("tabel"))
            label = f"{_text(r.get('kode_rekening'))} {_text(r.get('uraian'))}".strip()
            anggaran, anggaran_text = self.rupiah(r.get("anggaran"), table, label, "anggaran")
            realisasi, realisasi_text = self.rupiah(r.get("realisasi"), table, label, "realisasi")
            persen, persen_text = self.decimal(r.get("persen"), table, label, "persen")
            code = _text(r.get("kode_rekening")).rstrip(".")
            account = None
            if code:
                account = visible_to(AkunBelanja.objects.order_by(NATION_FIRST, "pk"), self.pemda).filter(
                    kode=code).first() or AkunBelanja.objects.create(
                    kode=code, nama=_text(r.get("uraian")), dari_rencana=True, pemda=self.pemda)
            rows.append(BelanjaAkun(
                evaluasi=evaluasi, tabel=table, urutan=i, kode_rekening=_text(r.get("kode_rekening")), akun=account,
                uraian=_text(r.get("uraian")), anggaran=anggaran, anggaran_teks=anggaran_text, realisasi=realisasi,
                realisasi_teks=realisasi_text, persen=persen, persen_teks=persen_text, raw=r.get("raw") or "",
            ))
        bulk.insert(BelanjaAkun, rows)

    def load_tc29(self, evaluasi, data):
        rows = []
        for i, r in enumerate(data.get("tc29") or []):
            label = _text(r.get("uraian"))[:70] or f"baris {i + 1}"
            kode, kode_asli = self.kode(r.get("kode"), "T-C.29", label)
            rows.append(BarisTC29(
                evaluasi=evaluasi, urutan=i, kode_asli=kode_asli, kode=kode, uraian=_text(r.get("uraian")),
                indikator=_text(r.get("indikator")), kolom=r.get("kolom") or {}, raw=r.get("raw") or "",
            ))
        bulk.insert(BarisTC29, rows)
        self.counts["tc29"] = self.counts.get("tc29", 0) + len(rows)


class NomenclatureLinker:
    """Links plan rows to the nomenclature version of their Renja.

    With an official version loaded, a row links to its entry when the code exists there (rules report
    codes that do not). Without one, entries are created from the plan itself and marked `dari_rencana`.
    """

    def __init__(self, renja, pemda, codes=None, as_rows=False):
        """`codes`: the only codes `entry` will be asked for, with their parents (None: any code). `as_rows`:
        the entries made are bulk.Row (for rows written with bulk.write_rows), not model instances."""
        self.as_rows = as_rows
        self.versi = renja.nomenklatur
        self.jenis = pemda.jenis_nomenklatur
        self.entries = {}
        self.pending = []  # entries made from the plan, written by save_pending
        if self.versi is None:
            return
        entries = Nomenklatur.objects.filter(versi=self.versi, jenis_pemda=self.jenis)
        if codes is None:
            self.entries = {e.kode: e for e in entries}
            return
        codes = sorted(codes)
        for start in range(0, len(codes), 900):  # within every database's limit of parameters
            self.entries.update((e.kode, e) for e in entries.filter(kode__in=codes[start:start + 900]))

    def entry(self, kode, level, nama):
        if self.versi is None:
            return None
        if kode in self.entries:
            return self.entries[kode]
        if self.versi.resmi or not nama:
            return None
        parent = self.entries.get(str(kode_parent(kode))) if level != "program" else None
        if self.as_rows:  # a Row: the plan's rows refer to it by its key once written
            entry = bulk.Row([self.versi.pk, self.jenis, level, kode, nama, None, True], ((5, parent),))
        else:
            entry = Nomenklatur(versi=self.versi, jenis_pemda=self.jenis, tingkat=level, kode=kode, nama=nama,
                                induk=parent, dari_rencana=True)
        self.entries[kode] = entry
        self.pending.append((kode.count("."), entry))
        return entry

    def save_pending(self):
        """Write the entries made by `entry`, parents first (a parent's code has fewer segments)."""
        by_depth = {}
        for depth, entry in self.pending:
            by_depth.setdefault(depth, []).append(entry)
        for depth in sorted(by_depth):
            if self.as_rows:
                bulk.write_rows(Nomenklatur, NOMENKLATUR_COLUMNS, by_depth[depth])
            else:
                bulk.insert(Nomenklatur, by_depth[depth])
        self.pending = []


def _set_refusal(renstra):
    """Why a Renstra submitted or set (renja/workflow/renstra.py) is not replaced by a file, or None."""
    from renja.workflow.renstra import edit_refusal

    return edit_refusal(renstra)

"""The open data of set plans: which plans are open, their tables, and the files made of them (CSV, JSON, a
Frictionless data package and its ZIP). Plain functions over plan ids, testable without a request.

Only what a set plan publishes goes out: codes, names, pagu, sumber dana, lokasi, indicators with their targets,
and realisation figures. Nothing personal or internal: not the signatory (penandatangan_*, tempat_tanggal),
not the raw document rows, notes (catatan), history, the realisation's free text, nor who did what.
"""

import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from renja.monitoring.models import RealisasiIndikator, RealisasiSubKegiatan
from renja.organizations.models import Pemda
from renja.plans.models import Indikator, Renja, SubKegiatan
from renja.plans.rollup import plans_totals
from renja.workflow.models import Transisi

# Budget columns as the Fiscal Data Package types them: a number column whose columnType is "value", amounts
# in whole Rupiah (IDR), with schema.org's MonetaryAmount as its RDF type.
MONEY = {"type": "integer", "columnType": "value", "rdfType": "http://schema.org/MonetaryAmount",
         "currency": "IDR", "bareNumber": True}
FDP = {  # the Fiscal Data Package's column types of the classification columns
    "tahun": "date:fiscal-year",
    "kode_pd": "administrative-classification:generic:level1:code",
    "nama_pd": "administrative-classification:generic:level1:label",
    "kode_program": "activity:generic:program:code", "nama_program": "activity:generic:program:label",
    "kode_kegiatan": "activity:generic:subprogram:code", "nama_kegiatan": "activity:generic:subprogram:label",
    "kode_sub_kegiatan": "activity:generic:project:code", "nama_sub_kegiatan": "activity:generic:project:label",
}


def open_plans():
    """The plans anyone may read: set (Ditetapkan), of a Pemda whose open data is on."""
    return Renja.objects.filter(status=Renja.Status.DITETAPKAN, perangkat_daerah__pemda__data_terbuka=True)


def open_pemdas():
    return Pemda.objects.filter(data_terbuka=True)


def field(name, kind, title, **extra):
    spec = {"name": name, "type": kind, "title": title}
    if name in FDP:
        spec["columnType"] = FDP[name]
    spec.update(extra)
    return spec


PLAN_FIELDS = [
    field("renja_id", "integer", "ID Renja"),
    field("tahun", "integer", "Tahun rencana"),
    field("tahap", "string", "Tahap Renja"),
    field("kode_pd", "string", "Kode Perangkat Daerah"),
    field("nama_pd", "string", "Nama Perangkat Daerah"),
]


@dataclass
class Table:
    name: str
    title: str
    fields: list
    rows: list  # tuples in the order of `fields`

    @property
    def filename(self):
        return f"{self.name}.csv"


def _kode(kode, kode_asli):
    return kode or kode_asli


def _plan_columns(plans):
    return {p.id: (p.id, p.tahun, p.tahap, p.perangkat_daerah.kode, p.perangkat_daerah.nama) for p in plans}


def renja_table(plans):
    totals = plans_totals(plans)
    set_on = dict(Transisi.objects.filter(renja__in=plans, ke=Renja.Status.DITETAPKAN)
                  .order_by("renja_id", "pada").values_list("renja_id", "pada"))  # the last one wins
    rows = []
    for p in plans:
        t = totals[p.id]
        pada = set_on.get(p.id)
        rows.append((*_plan_columns([p])[p.id], p.get_tahap_display(), p.judul,
                     timezone.localtime(pada).date().isoformat() if pada else None, t.jumlah_sub_kegiatan, t.pagu_n, t.pagu_n1))
    fields = PLAN_FIELDS + [
        field("nama_tahap", "string", "Nama tahap"),
        field("judul", "string", "Judul dokumen"),
        field("ditetapkan_pada", "date", "Tanggal ditetapkan"),
        field("jumlah_sub_kegiatan", "integer", "Jumlah sub kegiatan"),
        field("pagu_n", "integer", "Total pagu indikatif tahun n (Rp)", **MONEY),
        field("pagu_n1", "integer", "Total prakiraan maju tahun n+1 (Rp)", **MONEY),
    ]
    return Table("renja", "Renja yang ditetapkan", fields, rows)


def sub_kegiatan_table(plans):
    columns = _plan_columns(plans)
    sources = {}
    through = SubKegiatan.sumber_dana.through
    for sub_id, nama in (through.objects.filter(subkegiatan__kegiatan__program__renja__in=plans)
                         .order_by("subkegiatan_id", "sumberdana__kode", "sumberdana__nama")
                         .values_list("subkegiatan_id", "sumberdana__nama")):
        sources.setdefault(sub_id, []).append(nama)
    rows = []
    query = (SubKegiatan.objects.filter(kegiatan__program__renja__in=plans)
             .order_by("kegiatan__program__renja_id", "kegiatan__program__urutan", "kegiatan__urutan", "urutan", "id")
             .values_list("id", "kegiatan__program__renja_id", "kegiatan__program__kode",
                          "kegiatan__program__kode_asli", "kegiatan__program__nama", "kegiatan__kode",
                          "kegiatan__kode_asli", "kegiatan__nama", "kode", "kode_asli", "nama", "pagu_n", "pagu_n1",
                          "sumber_dana_teks", "lokasi"))
    for (sub_id, renja_id, p_kode, p_asli, p_nama, k_kode, k_asli, k_nama, kode, asli, nama, n, n1, sd_teks,
         lokasi) in query:
        sumber = "; ".join(sources[sub_id]) if sub_id in sources else sd_teks
        rows.append((*columns[renja_id], _kode(p_kode, p_asli), p_nama, _kode(k_kode, k_asli), k_nama,
                     _kode(kode, asli), nama, n, n1, sumber, lokasi))
    fields = PLAN_FIELDS + [
        field("kode_program", "string", "Kode program"), field("nama_program", "string", "Nama program"),
        field("kode_kegiatan", "string", "Kode kegiatan"), field("nama_kegiatan", "string", "Nama kegiatan"),
        field("kode_sub_kegiatan", "string", "Kode sub kegiatan"),
        field("nama_sub_kegiatan", "string", "Nama sub kegiatan"),
        field("pagu_n", "integer", "Pagu indikatif tahun n (Rp)", **MONEY),
        field("pagu_n1", "integer", "Prakiraan maju tahun n+1 (Rp)", **MONEY),
        field("sumber_dana", "string", "Sumber dana"),
        field("lokasi", "string", "Lokasi"),
    ]
    return Table("sub_kegiatan", "Sub kegiatan dengan pagu indikatif", fields, rows)


# An indicator belongs to one row of a plan: (level, the path from the indicator to that row)
LEVELS = (("program", "program"), ("kegiatan", "kegiatan"), ("sub_kegiatan", "sub_kegiatan"))
RENJA_PATH = {"program": "program__renja_id", "kegiatan": "kegiatan__program__renja_id",
              "sub_kegiatan": "sub_kegiatan__kegiatan__program__renja_id"}
ORDER_PATH = {"program": ("program__urutan",), "kegiatan": ("kegiatan__program__urutan", "kegiatan__urutan"),
              "sub_kegiatan": ("sub_kegiatan__kegiatan__program__urutan", "sub_kegiatan__kegiatan__urutan",
                               "sub_kegiatan__urutan")}


def _indicators(plans, values):
    """(indicator id, renja id, level, code of its row, *values) of every indicator of the plans: one query a
    level, not an OR over three joins."""
    result = []
    for level, owner in LEVELS:
        renja = RENJA_PATH[level]
        query = (Indikator.objects.filter(**{f"{renja}__in": [p.id for p in plans]})
                 .order_by(renja, *ORDER_PATH[level], "urutan", "id")
                 .values_list("id", renja, f"{owner}__kode", f"{owner}__kode_asli", *values))
        for ind_id, renja_id, kode, asli, *rest in query:
            result.append((ind_id, renja_id, level, _kode(kode, asli), *rest))
    return result


_NUMBERS = {}


def _number(value):
    """A stored decimal as a plain number: no exponent, no trailing zeros. Kept per value: a city's targets and
    progress figures repeat a few thousand distinct values over a hundred thousand cells."""
    if value is None:
        return None
    number = _NUMBERS.get(value)
    if number is None:
        if len(_NUMBERS) > 100_000:
            _NUMBERS.clear()
        number = _NUMBERS[value] = Decimal(format(value.normalize(), "f"))
    return number


def indikator_table(plans):
    columns = _plan_columns(plans)
    rows = []
    for _, renja_id, level, kode, uraian, n, n_teks, n_sat, n1, n1_teks, n1_sat in _indicators(
            plans, ("uraian", "target_n", "target_n_teks", "target_n_satuan", "target_n1", "target_n1_teks",
                    "target_n1_satuan")):
        rows.append((*columns[renja_id], level, kode, uraian, _number(n), n_sat, n_teks, _number(n1), n1_sat,
                     n1_teks))
    fields = PLAN_FIELDS + [
        field("level", "string", "Tingkat (program, kegiatan, sub_kegiatan)",
              constraints={"enum": [level for level, _ in LEVELS]}),
        field("kode", "string", "Kode baris"),
        field("tolok_ukur", "string", "Tolok ukur kinerja (indikator)"),
        field("target_n", "number", "Target tahun n"),
        field("satuan_n", "string", "Satuan target tahun n"),
        field("target_n_teks", "string", "Target tahun n seperti tertulis"),
        field("target_n1", "number", "Target tahun n+1"),
        field("satuan_n1", "string", "Satuan target tahun n+1"),
        field("target_n1_teks", "string", "Target tahun n+1 seperti tertulis"),
    ]
    return Table("indikator", "Indikator kinerja dengan target", fields, rows)


def realisasi_table(plans):
    columns = _plan_columns(plans)
    rows = []
    query = (RealisasiSubKegiatan.objects.filter(sub_kegiatan__kegiatan__program__renja__in=plans)
             .order_by("sub_kegiatan__kegiatan__program__renja_id", "sub_kegiatan__kegiatan__program__urutan",
                       "sub_kegiatan__kegiatan__urutan", "sub_kegiatan__urutan", "sub_kegiatan_id", "triwulan")
             .values_list("sub_kegiatan__kegiatan__program__renja_id", "sub_kegiatan__kode",
                          "sub_kegiatan__kode_asli", "triwulan", "rencana_keuangan", "keuangan", "fisik"))
    for renja_id, kode, asli, triwulan, rencana, keuangan, fisik in query:
        rows.append((*columns[renja_id], _kode(kode, asli), triwulan, rencana, keuangan, _number(fisik)))
    fields = PLAN_FIELDS + [
        field("kode_sub_kegiatan", "string", "Kode sub kegiatan"),
        field("triwulan", "integer", "Triwulan", constraints={"minimum": 1, "maximum": 4}),
        field("rencana_keuangan", "integer", "Rencana penyerapan triwulan ini (Rp)", **MONEY),
        field("realisasi_keuangan", "integer", "Realisasi keuangan triwulan ini (Rp)", **MONEY),
        field("realisasi_fisik", "number", "Realisasi fisik kumulatif (%)",
              constraints={"minimum": 0, "maximum": 100}),
    ]
    return Table("realisasi", "Realisasi sub kegiatan per triwulan", fields, rows)


def realisasi_indikator_table(plans):
    columns = _plan_columns(plans)
    ids = [p.id for p in plans]
    rows = []
    for level, owner in LEVELS:  # one query a level, in the order of the indicator table
        renja = f"indikator__{RENJA_PATH[level]}"
        query = (RealisasiIndikator.objects.filter(**{f"{renja}__in": ids})
                 .order_by(renja, *(f"indikator__{o}" for o in ORDER_PATH[level]), "indikator__urutan",
                           "indikator_id", "triwulan")
                 .values_list(renja, f"indikator__{owner}__kode", f"indikator__{owner}__kode_asli",
                              "indikator__uraian", "triwulan", "nilai", "teks"))
        for renja_id, kode, asli, uraian, triwulan, nilai, teks in query:
            rows.append((*columns[renja_id], level, _kode(kode, asli), uraian, triwulan, _number(nilai), teks))
    fields = PLAN_FIELDS + [
        field("level", "string", "Tingkat (program, kegiatan, sub_kegiatan)"),
        field("kode", "string", "Kode baris"),
        field("tolok_ukur", "string", "Tolok ukur kinerja (indikator)"),
        field("triwulan", "integer", "Triwulan", constraints={"minimum": 1, "maximum": 4}),
        field("realisasi", "number", "Realisasi indikator"),
        field("realisasi_teks", "string", "Realisasi seperti tertulis"),
    ]
    return Table("realisasi_indikator", "Realisasi indikator per triwulan", fields, rows)


TABLES = {"renja": renja_table, "sub_kegiatan": sub_kegiatan_table, "indikator": indikator_table,
          "realisasi": realisasi_table, "realisasi_indikator": realisasi_indikator_table}


def tables(plans, names=None):
    plans = list(plans.select_related("perangkat_daerah") if hasattr(plans, "select_related") else plans)
    return [TABLES[name](plans) for name in (names or TABLES)]


def csv_bytes(table):
    """UTF-8, comma-separated, a header row, plain numbers (no thousands separators), empty for unknown."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([f["name"] for f in table.fields])
    writer.writerows(table.rows)  # csv writes None as an empty cell
    return out.getvalue().encode("utf-8")


def _json_value(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def json_bytes(title, all_tables):
    document = {"judul": title, "sumber": "Renja: data terbuka dari Renja yang ditetapkan"}
    for table in all_tables:
        names = [f["name"] for f in table.fields]
        document[table.name] = [{n: _json_value(v) for n, v in zip(names, row)} for row in table.rows]
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")  # compact


def package_name(*parts):
    return re.sub(r"[^a-z0-9._-]+", "-", "-".join(str(p) for p in parts).lower()).strip("-")


def datapackage(name, title, description, all_tables):
    """A tabular data package (Frictionless) whose budget columns are typed as the Fiscal Data Package does."""
    measures = {}
    resources = []
    for table in all_tables:
        resources.append({
            "name": table.name, "title": table.title, "path": table.filename, "profile": "tabular-data-resource",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "dialect": {"delimiter": ",", "header": True},
            "schema": {"fields": table.fields, "missingValues": [""]},
        })
        for f in table.fields:
            if f.get("columnType") == "value":
                measures[f"{table.name}.{f['name']}"] = {"resource": table.name, "source": f["name"],
                                                        "currency": "IDR", "factor": 1}
    return {
        "profile": "tabular-data-package", "name": name, "title": title, "description": description,
        "keywords": ["renja", "anggaran", "perencanaan", "fiscal-data-package"],
        "resources": resources,
        # the Fiscal Data Package's model: which columns are amounts, in which currency
        "model": {"measures": measures},
    }


def package_bytes(package):
    return json.dumps(package, ensure_ascii=False, indent=1).encode("utf-8")


def zip_bytes(package, all_tables):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", package_bytes(package))
        for table in all_tables:
            archive.writestr(table.filename, csv_bytes(table))
    return out.getvalue()

"""The JSON Schema of the exchange format (docs/exchange.schema.json) against docs/exchange-format.md.

Plain pytest, no Django: the schema must be a valid draft 2020-12 schema, accept what the format
allows (including numbers the loader will only report, never reject) and reject, at the right place,
what the format forbids.
"""

import copy
import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from renja.exchange.merge import read_document

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_PATH = ROOT / "docs" / "exchange.schema.json"
FORMAT_DOC = ROOT / "docs" / "exchange-format.md"
DEMO = ROOT / "renja" / "demo" / "jambi_2022"


@pytest.fixture(scope="module")
def schema():
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator(schema):
    return Draft202012Validator(schema)


def minimal():
    return {
        "format": "renja-exchange",
        "version": 1,
        "pemda": {"kode": "15.71", "nama": "Kota Jambi", "jenis": "kota"},
        "perangkat_daerah": {"kode": "2.08.0.00.0.00.01.0000", "nama": "Dinas Contoh"},
        "renja": {"tahun": 2022, "tahap": "final"},
    }


def with_tree():
    document = minimal()
    document["renja"]["program"] = [
        {
            "kode": "2\t08\t03",
            "nama": "PROGRAM PERLINDUNGAN PEREMPUAN",
            "stated": {"pagu_n": "225.247.250", "pagu_n1": "247.771.975"},
            "kegiatan": [
                {
                    "kode": "2.08.03.2.01",
                    "nama": "Pencegahan Kekerasan terhadap Perempuan",
                    "stated": {"pagu_n": "225.247.250", "pagu_n1": None},
                    "sub_kegiatan": [
                        {
                            "kode": "2.08.03.2.01.0001",
                            "nama": "Koordinasi dan Sinkronisasi",
                            "indikator": [{"uraian": "Jumlah kegiatan", "target_n": "4 Kegiatan"}],
                            "lokasi": "DPMP-PA",
                            "sumber_dana": "APBD",
                            "catatan": None,
                            "pagu_n": "160.049.500",
                            "pagu_n1": 176054450,
                        }
                    ],
                }
            ],
        }
    ]
    return document


def full():
    """Every section of docs/exchange-format.md, with the values its examples show."""
    document = with_tree()
    document["source"] = {"document": "Renja 2022 DPMPPA Kota Jambi (PDF diubah ke teks)", "notes": "…"}
    document["perangkat_daerah"].update(
        {
            "singkatan": "DPMP-PA",
            "unit": [{"nama": "Sekretariat", "singkatan": None}],
            "pagu_plafon": [
                {"tahun": 2022, "pagu": "10.922.004.616", "sumber": "T-C.31 kolom 6 (Rancangan Awal RKPD)"}
            ],
        }
    )
    indikator = {
        "uraian": "Persentase Pemberdayaan Masyarakat Dalam Pembangunan",
        "polaritas": "positif",
        "baseline": {"tahun": 2018, "nilai": "…"},
        "target": {"2022": "71 %"},
    }
    document["renstra"] = {
        "periode_mulai": 2018,
        "periode_selesai": 2023,
        "tujuan": [{"nomor": "1", "uraian": "Peningkatan Pemberdayaan Masyarakat", "indikator": [indikator]}],
        "sasaran": [{"nomor": "1", "tujuan": None, "uraian": "…", "indikator": [indikator]}],
        "iku": [{"nomor": "1", "sasaran": "1", "uraian": "…", "polaritas": "negatif", "target": {"2022": "64%"}}],
    }
    document["renja"].update(
        {
            "nomenklatur": "Permendagri 90/2019",
            "judul": "Rencana Kerja (Renja) … Tahun 2022",
            "tempat_tanggal": "Jambi, Juli 2021",
            "penandatangan": {"nama": "…", "jabatan": "…", "pangkat": "…", "nip": "…"},
            "prioritas_daerah": [
                {
                    "nomor": "1",
                    "prioritas": "Meningkatkan Partisipasi Dalam Pembangunan",
                    "sasaran_daerah": "…",
                    "indikator_sasaran_daerah": ["…"],
                    "sasaran_pd": "…",
                    "indikator_sasaran_pd": ["…"],
                }
            ],
            "sasaran_program": [
                {"nomor": "1", "sasaran": "…", "program": "PROGRAM …", "kegiatan": ["…"], "sub_kegiatan": ["…", "-"]}
            ],
            "reviu_rkpd": [
                {
                    "nomor": "1",
                    "tingkat": "program",
                    "rancangan": {
                        "nama": "PROGRAM PENUNJANG …",
                        "lokasi": "Jambi",
                        "indikator": [{"uraian": "…", "target": "74,53"}],
                        "pagu": "5.011.924.360",
                    },
                    "kebutuhan": {
                        "nama": "…",
                        "lokasi": "Jambi",
                        "indikator": [{"uraian": "…", "target": "…"}],
                        "pagu": "5.030.195.057",
                    },
                    "catatan": None,
                    "raw": "…",
                }
            ],
            "usulan_pemangku": [
                {
                    "nomor": "1",
                    "tingkat": "program",
                    "nama": "…",
                    "lokasi": "Jambi",
                    "indikator": [{"uraian": "…", "target": "74,53"}],
                    "catatan": None,
                    "raw": "…",
                }
            ],
            "indikator_pelayanan": [
                {
                    "kelompok": "I",
                    "nomor": "1",
                    "uraian": "Penurunan Ratio KDRT",
                    "polaritas": "negatif",
                    "spm": None,
                    "ikk": None,
                    "target": {"2019": "0,025", "2020": "0,023"},
                    "realisasi": {"2019": None},
                    "proyeksi": {"2021": "0,021", "2022": "0,020"},
                    "catatan": None,
                    "raw": "…",
                }
            ],
            "narasi": [{"bab": "II", "nomor": "2.3", "judul": "ISU-ISU PENTING", "teks": "…\n\n…"}],
            "statements": [
                {
                    "table": "BAB IV",
                    "key": "total_pagu_n",
                    "code": None,
                    "row": None,
                    "value": "12.239.200.000",
                    "context": "… dengan total anggaran sebesar Rp 12.239.200.000 …",
                }
            ],
        }
    )
    document["evaluasi"] = [
        {
            "tahun": 2021,
            "keterangan": "Per Maret 2021",
            "tabel": [
                {
                    "id": "2.1-ringkasan",
                    "judul": "…",
                    "program": "Program Penunjang Urusan Pemerintah Daerah",
                    "kegiatan": "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
                    "baris": [
                        {
                            "nomor": "1.",
                            "uraian": "Penyusunan dokumen perencanaan Perangkat Daerah",
                            "indikator": "Terlaksananya penyusunan laporan",
                            "target": "100",
                            "alokasi": "4.499.792",
                            "realisasi": None,
                            "fisik": "0",
                            "keuangan": "0",
                            "persen": None,
                            "triwulan": None,
                            "raw": "…",
                        }
                    ],
                    "total": {
                        "alokasi": "21.679.001",
                        "target": None,
                        "fisik": None,
                        "keuangan": None,
                        "realisasi": None,
                        "persen": None,
                    },
                }
            ],
            "belanja": [
                {
                    "tabel": "Tabel 1",
                    "kode_rekening": "5.1.01",
                    "uraian": "Belanja Pegawai",
                    "anggaran": "3,458.571.116",
                    "realisasi": "0",
                    "persen": None,
                    "raw": "…",
                }
            ],
            "tc29": [
                {
                    "kode": "2\t08\t01\t02.07\t06",
                    "uraian": "Pengadaan Peralatan Mesin Lainnya",
                    "indikator": "Jumlah Peralatan dan Perlengkapan Kantor",
                    "kolom": {"4": "12 Item", "9": "10 Item"},
                    "raw": "…",
                }
            ],
            "skala_capaian": [{"skala": "85 s/d 100", "kategori": "Sangat Berhasil"}],
            "statements": [{"table": "Tabel 2", "key": "alokasi", "value": "10.922.004.616"}],
        },
        # A split document concatenates lists: a second entry of the same year may hold only T-C.29.
        {"tahun": 2021, "tc29": [{"kode": None, "uraian": "…", "kolom": {"12": None}}]},
    ]
    return document


def errors(validator, document):
    return sorted(validator.iter_errors(document), key=lambda error: list(error.absolute_path))


def walk(node, where="#"):
    """Every subschema of the schema, with a JSON pointer-ish location."""
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            yield from walk(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, f"{where}/{index}")


# -- the schema itself -------------------------------------------------------------------------------


def test_schema_is_a_valid_draft_2020_12_schema(schema):
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_every_object_is_closed(schema):
    """Unknown keys are errors: each object schema forbids extra keys (maps constrain their keys instead)."""
    open_objects = [
        where
        for where, node in walk(schema)
        if node.get("type") == "object"
        and node.get("additionalProperties") is not False
        and "propertyNames" not in node
    ]
    assert open_objects == []


def test_every_property_is_described(schema):
    undocumented = [
        f"{where}/properties/{name}"
        for where, node in walk(schema)
        if isinstance(node.get("properties"), dict) and where.split("/")[-1] != "properties"
        for name, sub in node["properties"].items()
        if not sub.get("description")
    ]
    assert undocumented == []


# -- what is accepted --------------------------------------------------------------------------------


def test_minimal_document_validates(validator):
    assert errors(validator, minimal()) == []


def test_document_with_every_section_of_the_doc_validates(validator):
    assert [(list(e.absolute_path), e.message) for e in errors(validator, full())] == []


def test_malformed_money_text_validates(validator):
    """The loader keeps unreadable numbers as text and reports them; the schema must not reject them."""
    document = with_tree()
    sub = document["renja"]["program"][0]["kegiatan"][0]["sub_kegiatan"][0]
    sub["pagu_n"] = "275.884.120."
    sub["pagu_n1"] = "109.716110"
    document["renja"]["program"][0]["stated"]["pagu_n"] = "3,458.571.116"
    document["evaluasi"] = [
        {"tahun": 2021, "belanja": [{"anggaran": "3,458.571.116", "realisasi": "275.884.120.", "persen": "22,74"}]}
    ]
    assert errors(validator, document) == []


# -- what is rejected, and where ---------------------------------------------------------------------


def sub_kegiatan_path():
    return ["renja", "program", 0, "kegiatan", 0, "sub_kegiatan", 0]


def drop(document, key):
    del document[key]
    return document


def set_at(document, path, key, value):
    node = document
    for step in path:
        node = node[step]
    node[key] = value
    return document


REJECTED = {
    "unknown key at top level": (lambda d: set_at(d, [], "renjaa", {}), [], "additionalProperties", "renjaa"),
    "unknown key in a sub_kegiatan": (
        lambda d: set_at(d, sub_kegiatan_path(), "pagu", "1.000"),
        sub_kegiatan_path(),
        "additionalProperties",
        "'pagu'",
    ),
    "pagu_n on a program": (
        lambda d: set_at(d, ["renja", "program", 0], "pagu_n", "225.247.250"),
        ["renja", "program", 0],
        "additionalProperties",
        "pagu_n",
    ),
    "pagu_n1 on a kegiatan": (
        lambda d: set_at(d, ["renja", "program", 0, "kegiatan", 0], "pagu_n1", "1"),
        ["renja", "program", 0, "kegiatan", 0],
        "additionalProperties",
        "pagu_n1",
    ),
    "stated on a sub_kegiatan": (
        lambda d: set_at(d, sub_kegiatan_path(), "stated", {"pagu_n": "1"}),
        sub_kegiatan_path(),
        "additionalProperties",
        "stated",
    ),
    "wrong tahap": (lambda d: set_at(d, ["renja"], "tahap", "akhir"), ["renja", "tahap"], "enum", "akhir"),
    "missing renja": (lambda d: drop(d, "renja"), [], "required", "'renja'"),
    "tahun as text": (lambda d: set_at(d, ["renja"], "tahun", "2022"), ["renja", "tahun"], "type", "'2022'"),
    "tahun out of range": (lambda d: set_at(d, ["renja"], "tahun", 1999), ["renja", "tahun"], "minimum", "1999"),
    "wrong format": (lambda d: set_at(d, [], "format", "renja"), ["format"], "const", "renja-exchange"),
    "wrong version": (lambda d: set_at(d, [], "version", 2), ["version"], "const", "1"),
    "wrong jenis": (lambda d: set_at(d, ["pemda"], "jenis", "kab"), ["pemda", "jenis"], "enum", "kab"),
    "wrong polaritas": (
        lambda d: set_at(d, sub_kegiatan_path() + ["indikator", 0], "polaritas", "naik"),
        sub_kegiatan_path() + ["indikator", 0, "polaritas"],
        "enum",
        "naik",
    ),
    "money as a boolean": (
        lambda d: set_at(d, sub_kegiatan_path(), "pagu_n", True),
        sub_kegiatan_path() + ["pagu_n"],
        "type",
        "True",
    ),
    "code as a number": (
        lambda d: set_at(d, sub_kegiatan_path(), "kode", 2.08),
        sub_kegiatan_path() + ["kode"],
        "type",
        "2.08",
    ),
    "wrong tingkat": (
        lambda d: set_at(d, ["renja"], "reviu_rkpd", [{"tingkat": "urusan"}]),
        ["renja", "reviu_rkpd", 0, "tingkat"],
        "enum",
        "urusan",
    ),
    "bab VI": (
        lambda d: set_at(d, ["renja"], "narasi", [{"bab": "VI"}]),
        ["renja", "narasi", 0, "bab"],
        "enum",
        "VI",
    ),
    "year key not four digits": (
        lambda d: set_at(d, ["renja"], "indikator_pelayanan", [{"target": {"n+1": "1"}}]),
        ["renja", "indikator_pelayanan", 0, "target"],
        "pattern",
        "n+1",
    ),
    "tc29 column 3": (
        lambda d: set_at(d, [], "evaluasi", [{"tahun": 2021, "tc29": [{"kolom": {"3": "x"}}]}]),
        ["evaluasi", 0, "tc29", 0, "kolom"],
        "pattern",
        "'3'",
    ),
    "triwulan 5": (
        lambda d: set_at(d, [], "evaluasi", [{"tahun": 2021, "tabel": [{"id": "t", "baris": [{"triwulan": 5}]}]}]),
        ["evaluasi", 0, "tabel", 0, "baris", 0, "triwulan"],
        "maximum",
        "5",
    ),
    "evaluasi without tahun": (
        lambda d: set_at(d, [], "evaluasi", [{"tc29": []}]),
        ["evaluasi", 0],
        "required",
        "'tahun'",
    ),
}


@pytest.mark.parametrize("case", sorted(REJECTED))
def test_rejected_with_path_to_the_culprit(validator, case):
    change, path, keyword, culprit = REJECTED[case]
    document = change(copy.deepcopy(with_tree()))
    found = errors(validator, document)
    assert len(found) == 1, [(list(e.absolute_path), e.message) for e in found]
    error = found[0]
    assert list(error.absolute_path) == path
    assert error.validator == keyword
    assert culprit in error.message


# -- the demo data -----------------------------------------------------------------------------------


def test_merged_demo_document_validates(validator):
    document = read_document(DEMO)
    problems = [
        "$" + "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in e.absolute_path)
        + f": {e.message[:300]}"
        for e in errors(validator, document)
    ]
    assert problems == []


def statement_vocabulary():
    """The `key` vocabulary table of docs/exchange-format.md (the schema checks only the key's shape)."""
    text = FORMAT_DOC.read_text(encoding="utf-8")
    section = text.split("Vocabulary of `key`", 1)[1].split("\n#", 1)[0]
    keys = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            keys.update(re.findall(r"`([a-z][a-z0-9_]*)`", line.split("|")[1]))
    counts = {"jumlah_program", "jumlah_kegiatan", "jumlah_sub_kegiatan"}  # "suffix _urusan, _non_urusan"
    return keys | {f"{key}_{suffix}" for key in counts & keys for suffix in ("urusan", "non_urusan")}


def test_demo_statement_keys_are_in_the_vocabulary_of_the_doc():
    document = read_document(DEMO)
    where = [("renja", document.get("renja", {}).get("statements", []))]
    where += [(f"evaluasi[{i}]", e.get("statements", [])) for i, e in enumerate(document.get("evaluasi", []))]
    vocabulary = statement_vocabulary()
    assert {"total_pagu_n", "pagu_n1", "jumlah_program_urusan", "terbilang"} <= vocabulary
    unknown = [
        f"$.{owner}.statements[{i}].key = {statement.get('key')!r}"
        for owner, statements in where
        for i, statement in enumerate(statements)
        if statement.get("key") not in vocabulary
    ]
    assert unknown == []

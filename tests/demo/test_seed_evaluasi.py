"""The demo evaluation of 2021 (BAB II 2.1-2.2.4 of the seed, without T-C.29 and T-C.30) matches the seed.

Plain tests: no Django, no database. They read the merged demo document (conftest.demo_document) and
the seed text, and prove that every captured row comes from the seed line(s) in its `raw`, in document
order, that every structured value is a cell of that raw, that the totals are the seed's Total rows and
that every statement is stated by the seed. A sample of cells is checked against values read by hand.
"""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
MY_FILE = ROOT / "renja" / "demo" / "jambi_2022" / "40_evaluasi_2021.yaml"
FORMAT_DOC = ROOT / "docs" / "exchange-format.md"

# Document column -> key, per table (None: a column that has no key of its own).
KEG = ["nomor", "uraian", "indikator", "alokasi", "target", "fisik", "keuangan"]
COLUMNS = {
    "Tabel 2": ["nomor", "uraian", "alokasi", "realisasi", "target", "persen"],
    "Tabel 4": ["nomor", "uraian", "indikator", "target", "alokasi"],
    "Tabel 5": ["nomor", "uraian", "indikator", "target", "alokasi", "realisasi", "persen"],
    "Tabel 6": ["nomor", "uraian", "indikator", "target", "persen"],
}
BELANJA_COLUMNS = {
    "Tabel 1": ["kode_rekening", "uraian", "anggaran", "realisasi", "persen"],
    "Tabel 3": [None, "uraian", "anggaran", "realisasi", "target", "persen"],
}
ROW_VALUE_KEYS = ["nomor", "uraian", "indikator", "target", "alokasi", "realisasi", "fisik", "keuangan", "persen"]
TOTAL_KEYS = ["alokasi", "target", "fisik", "keuangan", "realisasi", "persen"]

# Rows counted by hand in the seed (Tabel 5: 15 numbered sasaran, the first with 9 indicator lines;
# Tabel 6: 9 + 3 + 3 + 4 indicators split into rows, plus row 5 kept whole).
ROW_COUNTS = {
    "2.1-ringkasan": 19,
    "2.1-01a-perencanaan": 7,
    "2.1-02a-administrasi-keuangan": 4,
    "2.1-03a-administrasi-kepegawaian": 2,
    "2.1-04a-administrasi-umum": 5,
    "2.1-05a-pengadaan-bmd": 2,
    "2.1-06a-jasa-penunjang": 2,
    "2.1-07a-pemeliharaan-bmd": 5,
    "2.1-08a-pelembagaan-pug": 2,
    "2.1-09a-pencegahan-kekerasan-perempuan": 3,
    "2.1-10a-kualitas-keluarga": 2,
    "2.1-11a-data-gender": 2,
    "2.1-12a-pelembagaan-pha": 2,
    "2.1-12b-kualitas-hidup-anak": 2,
    "2.1-pka-a-pencegahan-kekerasan-anak": 1,
    "2.1-13a-layanan-perlindungan-khusus": 1,
    "2.1-14a-lembaga-kemasyarakatan": 7,
    "2.1-lama-2-disiplin-aparatur": 3,
    "2.1-lama-4-pug-pemberdayaan-perempuan": 4,
    "2.1-lama-5-pemberdayaan-kelembagaan-masyarakat": 4,
    "Tabel 2": 8,
    "Tabel 4": 5,
    "Tabel 5": 23,
    "Tabel 6": 20,
}
# Tables that have a Total / JUMLAH row in the seed.
WITH_TOTAL = {
    "2.1-ringkasan", "2.1-01a-perencanaan", "2.1-02a-administrasi-keuangan", "2.1-03a-administrasi-kepegawaian",
    "2.1-04a-administrasi-umum", "2.1-05a-pengadaan-bmd", "2.1-06a-jasa-penunjang", "2.1-07a-pemeliharaan-bmd",
    "2.1-08a-pelembagaan-pug", "2.1-09a-pencegahan-kekerasan-perempuan", "2.1-10a-kualitas-keluarga",
    "2.1-11a-data-gender", "2.1-12a-pelembagaan-pha", "2.1-12b-kualitas-hidup-anak",
    "2.1-14a-lembaga-kemasyarakatan", "Tabel 2", "Tabel 4",
}

ALLOWED = {
    "evaluasi": {"tahun", "keterangan", "tabel", "belanja", "tc29", "skala_capaian", "statements"},
    "tabel": {"id", "judul", "program", "kegiatan", "baris", "total"},
    "baris": set(ROW_VALUE_KEYS) | {"triwulan", "raw"},
    "total": set(TOTAL_KEYS) | {"raw"},
    "belanja": {"tabel", "kode_rekening", "uraian", "anggaran", "realisasi", "persen", "raw"},
    "skala_capaian": {"skala", "kategori", "raw"},
    "statements": {"table", "key", "code", "row", "value", "context"},
}
# A key this capture needs that the vocabulary table of docs/exchange-format.md does not list yet.
PENDING_KEYS = {"jumlah_sasaran"}


def untag(text):
    return text.replace("<b>", "").replace("</b>", "")


def cells(line):
    return [untag(c) for c in line.split("\t")]


def column_text(lines, index):
    """The cells of one column over the lines of a row, joined by a space; None when all are blank."""
    parts = []
    for line in lines:
        row = cells(line)
        if index < len(row) and row[index].strip():
            parts.append(row[index])
    return " ".join(parts) if parts else None


def norm(text):
    return " ".join(text.replace("**", "").split())


def columns_of(table_id):
    return KEG if table_id.startswith("2.1-") else COLUMNS[table_id]


# ---------------------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session", autouse=True)
def expected_database():
    """These tests read files only: no Django, no database (overrides the check in tests/conftest.py here)."""


@pytest.fixture(scope="module")
def evaluasi(demo_document):
    """Our evaluation: the one entry of demo_document["evaluasi"] that has tables (others may add tc29)."""
    entries = [e for e in demo_document["evaluasi"] if "tabel" in e]
    assert len(entries) == 1
    return entries[0]


@pytest.fixture(scope="module")
def tables(evaluasi):
    return {t["id"]: t for t in evaluasi["tabel"]}


@pytest.fixture(scope="module")
def section(seed_lines):
    """0-based bounds of our part: 2.1 up to 2.3, minus the T-C.29 and T-C.30 tables."""

    def find(prefix, start=0):
        return next(i for i in range(start, len(seed_lines)) if seed_lines[i].startswith(prefix))

    start = find("**2.1 EVALUASI PELAKSANAAN RENJA")
    end = find("### **2.3 ISU-ISU")
    tc29 = (find("Tabel T-C 29", start), find("## 1) ALOKASI DAN REALISASI BELANJA", start))
    tc30 = (find("## T-.C.30", start), find("## 2.2.4 ANALISA CAPAIAN KINERJA", start))
    return start, end, [tc29, tc30]


def locate(raw, seed_lines, start):
    """0-based line indexes of `raw` (its lines consecutive up to blank lines), first match from `start`."""
    parts = raw.split("\n")
    for i in range(start, len(seed_lines)):
        if seed_lines[i] != parts[0]:
            continue
        found, j = [i], i
        for part in parts[1:]:
            j += 1
            while j < len(seed_lines) and seed_lines[j] == "":
                j += 1
            if j >= len(seed_lines) or seed_lines[j] != part:
                break
            found.append(j)
        else:
            return found
    return None


@pytest.fixture(scope="module")
def positions(evaluasi, seed_lines):
    """id(row) -> line indexes, located in document order for the tables and for belanja separately."""
    result = {}
    in_tables = []
    for table in evaluasi["tabel"]:
        in_tables += [r for r in table["baris"] if "raw" in r] + ([table["total"]] if "total" in table else [])
    for rows in (in_tables, evaluasi["belanja"], evaluasi["skala_capaian"]):
        cursor = 0
        for row in rows:
            found = locate(row["raw"], seed_lines, cursor)
            assert found is not None, f"raw not found after line {cursor + 1}: {row['raw']!r}"
            result[id(row)] = found
            cursor = found[-1] + 1
    return result


def groups(table):
    """A row with raw and the rows without raw that follow it (a cell split into one row per indicator)."""
    out = []
    for row in table["baris"]:
        if "raw" in row:
            out.append([row])
        else:
            assert out, f"{table['id']}: a row without raw opens the table"
            out[-1].append(row)
    return out


# ---------------------------------------------------------------------------------------------- shape


def test_my_file_holds_only_one_evaluation():
    document = yaml.safe_load(MY_FILE.read_text(encoding="utf-8"))
    assert set(document) == {"evaluasi"}
    assert len(document["evaluasi"]) == 1
    evaluation = document["evaluasi"][0]
    assert evaluation["tahun"] == 2021
    assert evaluation["keterangan"] == "Per Maret 2021"
    assert "tc29" not in evaluation


def test_keys_are_those_of_the_format_and_values_are_text(evaluasi):
    def check(mapping, kind):
        unknown = set(mapping) - ALLOWED[kind]
        assert not unknown, f"{kind}: unknown keys {unknown}"
        for key, value in mapping.items():
            if kind in {"tabel", "evaluasi"} and key in {"baris", "total", "tabel", "belanja", "skala_capaian",
                                                          "statements", "tc29", "tahun"}:
                continue
            assert value is None or isinstance(value, str), f"{kind}.{key} = {value!r} is not text"
            assert value != "", f"{kind}.{key} is an empty string (a blank cell is null)"

    check(evaluasi, "evaluasi")
    assert evaluasi["tahun"] == 2021
    for table in evaluasi["tabel"]:
        check(table, "tabel")
        for row in table["baris"]:
            check(row, "baris")
        if "total" in table:
            check(table["total"], "total")
    for kind in ("belanja", "skala_capaian", "statements"):
        for entry in evaluasi[kind]:
            check(entry, kind)


def test_table_ids_are_unique_and_rows_counted_by_hand(tables, evaluasi):
    assert len(tables) == len(evaluasi["tabel"])
    assert {t: len(tables[t]["baris"]) for t in tables} == ROW_COUNTS
    assert {t for t in tables if "total" in tables[t]} == WITH_TOTAL


# ---------------------------------------------------------------------------------------------- raw


def test_every_raw_is_in_the_seed_in_document_order_and_used_once(evaluasi, positions, section):
    raws = [r["raw"] for t in evaluasi["tabel"] for r in t["baris"] if "raw" in r]
    raws += [t["total"]["raw"] for t in evaluasi["tabel"] if "total" in t]
    raws += [b["raw"] for b in evaluasi["belanja"]] + [s["raw"] for s in evaluasi["skala_capaian"]]
    assert len(raws) == len(set(raws)), "a raw is used twice"
    used = [i for found in positions.values() for i in found]
    assert len(used) == len(set(used)), "a seed line is used by two raws"
    start, end, excluded = section
    for i in used:
        assert start < i < end, f"line {i + 1} is outside BAB II 2.1-2.2"
        for low, high in excluded:
            assert not low <= i < high, f"line {i + 1} belongs to T-C.29 / T-C.30"
    assert len(positions) == len(raws)


def test_row_values_are_the_cells_of_their_raw(tables):
    for table_id, table in tables.items():
        columns = columns_of(table_id)
        for group in groups(table):
            lines = group[0]["raw"].split("\n")
            for index, key in enumerate(columns):
                expected = column_text(lines, index)
                values = [row.get(key) for row in group if row.get(key) is not None]
                actual = " ".join(values) if values else None
                assert actual == expected, f"{table_id} {group[0]['raw'][:40]!r} {key}: {actual!r} != {expected!r}"
            width = max(len(cells(line)) for line in lines)
            for index in range(len(columns), width):
                assert column_text(lines, index) is None, f"{table_id}: a cell beyond the mapped columns"
            for row in group:
                stray = {k for k in ROW_VALUE_KEYS if k not in columns and row.get(k) is not None}
                assert not stray, f"{table_id}: {stray} has no column in this table"


def test_split_rows_are_one_numbered_indicator_each(tables):
    for table_id, table in tables.items():
        for group in groups(table):
            if len(group) == 1:
                continue
            assert table_id == "Tabel 6", f"{table_id}: only Tabel 6 cells are split"
            for number, row in enumerate(group, start=1):
                assert row["indikator"].startswith(f"{number}. ")
                assert row["target"] == "100"
                assert " " not in row["persen"]
                if number > 1:
                    assert row["nomor"] is None and row["uraian"] is None


def test_belanja_values_are_the_cells_of_their_raw(evaluasi):
    assert [b["tabel"] for b in evaluasi["belanja"]] == ["Tabel 1"] * 4 + ["Tabel 3"] * 4
    statements = evaluasi["statements"]
    for entry in evaluasi["belanja"]:
        row = cells(entry["raw"])
        columns = BELANJA_COLUMNS[entry["tabel"]]
        assert len(row) == len(columns)
        for cell, key in zip(row, columns):
            value = cell if cell.strip() else None
            if key == "target":  # Tabel 3's Target % has no key in belanja: it is a statement
                if value is not None:
                    assert {"table": "Tabel 3", "key": "target", "code": None, "row": entry["uraian"],
                            "value": value, "context": entry["raw"]} in statements
            elif key is not None:
                assert entry[key] == value, f"{entry['raw']!r} {key}"
        if entry["tabel"] == "Tabel 3":
            assert entry["kode_rekening"] is None


# ---------------------------------------------------------------------------------------------- totals


def is_total_line(line):
    return re.match(r"(Total|TOTAL|JUMLAH)\b", untag(line).lstrip("\t")) is not None


def test_totals_are_the_total_rows_of_the_seed(evaluasi, positions, seed_lines):
    for table in evaluasi["tabel"]:
        last = positions[id([r for r in table["baris"] if "raw" in r][-1])][-1]
        following = next(i for i in range(last + 1, len(seed_lines)) if seed_lines[i].strip())
        if "total" not in table:
            assert not is_total_line(seed_lines[following]), f"{table['id']}: the seed has a Total row"
            continue
        assert is_total_line(seed_lines[following]), f"{table['id']}: no Total row right after its last row"
        assert table["total"]["raw"] == seed_lines[following], f"{table['id']}: total raw"
        total_line = cells(seed_lines[following])
        for index, key in enumerate(columns_of(table["id"])):
            if key in TOTAL_KEYS:
                cell = total_line[index] if index < len(total_line) and total_line[index].strip() else None
                assert table["total"].get(key) == cell, f"{table['id']} total {key}"
        for key, value in table["total"].items():
            if key == "raw":
                continue
            assert key in columns_of(table["id"]), f"{table['id']} total {key} has no column"
            if value is not None:
                assert value in total_line, f"{table['id']} total {key} {value!r} is not a cell of the Total row"


# ---------------------------------------------------------------------------------------------- by hand


def test_cells_read_by_hand(tables, evaluasi):
    summary = tables["2.1-ringkasan"]
    assert summary["baris"][1]["alokasi"] == "3.644.845.175"
    assert summary["baris"][1]["fisik"] == "6,62"
    assert summary["baris"][1]["keuangan"] == "6,62"
    assert summary["baris"][10]["fisik"] == "34,07"
    assert summary["baris"][12]["uraian"] == (
        "Penguatan dan Pengembangan Lembaga Penyedia Layanan Peningkatan Kualitas Keluarga dalam Mewujudkan KG "
        "dan Hak Anak wilayah Kerjanya Dalam Daerah Kabupaten/Kota"
    )
    assert summary["baris"][18]["alokasi"] == "3.411.703.751"
    assert summary["total"] == {"alokasi": "10.922.004.616", "target": None, "fisik": None, "keuangan": None,
                                "raw": "<b>Total</b>\t\t\t10.922.004.616\t\t\t"}

    assert tables["2.1-01a-perencanaan"]["baris"][6]["indikator"] is None
    assert tables["2.1-01a-perencanaan"]["baris"][3]["nomor"] == "4"
    assert tables["2.1-01a-perencanaan"]["total"]["alokasi"] == "21.679.001"
    assert tables["2.1-03a-administrasi-kepegawaian"]["total"] == {
        "alokasi": "104.400.000", "target": "100", "fisik": "0", "keuangan": "0",
        "raw": "Total\t\t\t104.400.000\t100\t0\t0"}
    assert tables["2.1-07a-pemeliharaan-bmd"]["baris"][0]["alokasi"] == "275.884.120."
    second = tables["2.1-10a-kualitas-keluarga"]["baris"][1]
    assert (second["alokasi"], second["target"], second["fisik"], second["keuangan"]) == ("25.599.500", None, None, None)
    assert tables["2.1-12a-pelembagaan-pha"]["baris"][1]["nomor"] is None
    assert tables["2.1-12a-pelembagaan-pha"]["baris"][1]["alokasi"] == "123.467.327"
    pka = tables["2.1-pka-a-pencegahan-kekerasan-anak"]
    assert pka["program"] == "Program Perlindungan Khusus Anak"
    assert (pka["baris"][0]["alokasi"], pka["baris"][0]["fisik"]) == ("109.716110", "1,20")
    assert tables["2.1-14a-lembaga-kemasyarakatan"]["baris"][3]["alokasi"] == "1.118.224.340"
    assert tables["2.1-lama-5-pemberdayaan-kelembagaan-masyarakat"]["baris"][0]["alokasi"] == "1.188.224.340"
    assert tables["2.1-lama-5-pemberdayaan-kelembagaan-masyarakat"]["baris"][2]["indikator"].endswith(
        "- Terbinanya kelembagaan LPM, dan Ketua RT - Termotivasinya kelurahan dan lokasi binaan di kota jambi.")

    tabel2 = tables["Tabel 2"]
    assert tabel2["baris"][7]["alokasi"] == "3.411.703.751 212.931.704"
    assert tabel2["baris"][2]["persen"] == "-"
    assert {k: v for k, v in tabel2["total"].items() if k != "raw"} == {
        "alokasi": "10.922.004.616", "realisasi": "212.931704", "target": "100", "persen": "3,90"}

    tabel4 = tables["Tabel 4"]
    assert tabel4["baris"][0]["alokasi"] == "2.422.223.486,00. -"
    assert tabel4["baris"][3]["alokasi"] == "1.032.570.000,00 571.677. 357.809.861 1.199.999.684"
    assert tabel4["baris"][4]["target"] == "1 kegiatan 1 kegiatan 1 kegiatan 1 kegiatan"
    assert tabel4["total"] == {"target": "23 kegiatan", "alokasi": "9.167.000.000,00.-",
                               "raw": "\t\tJUMLAH\t23 kegiatan\t9.167.000.000,00.-"}

    tabel5 = tables["Tabel 5"]
    assert [r["nomor"] for r in tabel5["baris"] if r["nomor"]] == [f"{n}." for n in range(1, 16)]
    assert (tabel5["baris"][8]["alokasi"], tabel5["baris"][8]["realisasi"], tabel5["baris"][8]["persen"]) == (
        "50.500.000", "49.900.000", "98,81")
    assert tabel5["baris"][1]["persen"] == "14,06"
    assert tabel5["baris"][20]["nomor"] == "13."
    assert tabel5["baris"][20]["alokasi"] == "120.050.000"

    tabel6 = tables["Tabel 6"]
    assert [r["persen"] for r in tabel6["baris"][:9]] == ["0", "14,06", "11,44", "8,30", "0", "0", "8,49", "6,56", "98,81"]
    assert tabel6["baris"][12]["persen"] == "99,99"
    assert tabel6["baris"][16]["indikator"] == "2. Penurunan kasus kekerasan terhadap anak"
    assert tabel6["baris"][16]["persen"] == "12,07"
    assert tabel6["baris"][19]["persen"] == "0 0 0 0"

    belanja = evaluasi["belanja"]
    assert (belanja[0]["kode_rekening"], belanja[0]["anggaran"], belanja[0]["realisasi"]) == ("5.1.01", "3,458.571.116", "0")
    assert (belanja[1]["realisasi"], belanja[1]["persen"]) == ("246.646.704", "22,74")
    assert belanja[3]["uraian"] == "Belanja Modal Peralatan Me- sin"
    assert belanja[7]["uraian"] == "Belanja Modal Peralatan Mesin"

    assert [{k: v for k, v in e.items() if k != "raw"} for e in evaluasi["skala_capaian"]] == [
        {"skala": "85 s/d 100", "kategori": "Sangat Berhasil"},
        {"skala": "70 \u2013 < 85", "kategori": "Berhasil"},
        {"skala": "55 \u2013 < 70", "kategori": "Cukup Berhasil"},
        {"skala": "> 55", "kategori": "Kurang Berhasil"},
    ]


def test_skala_capaian_is_tabel_7(evaluasi, seed_lines, positions):
    start = seed_lines.index("**Tabel 7**")
    for number, entry in enumerate(evaluasi["skala_capaian"], start=1):
        assert entry["raw"] == f"{number}.\t{entry['skala']}\t{entry['kategori']}"
        assert start < positions[id(entry)][0] < start + 12


def test_headings_belong_to_their_table(evaluasi, positions, seed_lines, seed_text):
    previous_end = positions[id(evaluasi["tabel"][0]["baris"][0])][0] - 12
    for table in evaluasi["tabel"]:
        first = positions[id(table["baris"][0])][0]
        before = norm(" ".join(seed_lines[previous_end:first]))
        assert norm(table["judul"]) in before, f"{table['id']}: judul not above the table"
        for key in ("program", "kegiatan"):
            if table[key] is not None:
                assert table[key] in seed_text
        last = [r for r in table["baris"] if "raw" in r][-1]
        previous_end = positions[id(last)][-1] + 1


# ---------------------------------------------------------------------------------------------- statements


def vocabulary():
    text = FORMAT_DOC.read_text(encoding="utf-8")
    table = text.split("Vocabulary of `key`", 1)[1].split("\n\n", 2)[1]
    keys = set()
    for line in table.splitlines():
        if line.startswith("| `"):
            keys |= set(re.findall(r"`([a-z_0-9]+)`", line.split("|")[1]))
    return keys


def test_statement_keys_are_in_the_vocabulary(evaluasi):
    known = vocabulary() | PENDING_KEYS
    assert "nilai_capaian" in known and "tahun" in known
    for statement in evaluasi["statements"]:
        assert statement["key"] in known, statement


def test_every_statement_is_stated_by_the_seed(evaluasi, seed_lines, seed_text):
    text = norm(seed_text)
    for statement in evaluasi["statements"]:
        value, context = statement["value"], statement["context"]
        assert value in seed_text
        if "\t" in context:  # a table row: the context is the seed line, value and row are its cells
            assert context in seed_lines, context
            row = cells(context)
            assert value in row, statement
            assert statement["row"] is None or statement["row"] in row, statement
            assert statement["code"] is None or statement["code"] == row[0], statement
        else:  # prose: the context is the sentence, the value is written in it
            assert norm(context) in text, context
            assert value in context, statement
            assert statement["row"] is None or statement["row"] in context, statement


def test_the_prose_figures_are_stated(evaluasi):
    stated = {(s["table"], s["key"], s["row"], s["value"]) for s in evaluasi["statements"]}
    expected = {
        ("BAB II", "alokasi", None, "Rp. 10.922.004.616,-"),
        ("BAB II", "alokasi", "refocussing", "Rp 930.710.829,-"),
        ("BAB II", "jumlah_program", None, "8"),
        ("BAB II", "jumlah_kegiatan", None, "20"),
        ("BAB II", "persen_realisasi", None, "5,76 %"),
        ("BAB II", "jumlah_sasaran", None, "9"),
        ("BAB II", "nilai_capaian", None, "95,20 %"),
        ("BAB II", "kategori_capaian", None, "SANGAT BERHASIL / SANGAT BAIK"),
        ("BAB II", "tahun", None, "2020"),
        ("Tabel 6", "tahun", None, "2020"),
        ("Tabel 7", "tahun", None, "2020"),
        ("Tabel 8", "tahun", None, "2020"),
        ("Tabel 1", "alokasi", "TOTAL BELANJA", "10.922.004.616"),
        ("Tabel 1", "persen_realisasi", "TOTAL BELANJA", "22,74"),
        ("Tabel 3", "realisasi", "TOTAL BELANJA", "246.646.704"),
        ("Tabel 8", "kategori_capaian", "< 55", "Kurang berhasil"),
        ("Tabel 8", "kategori_capaian", "86 \u2013 100", "Sangat berhasil"),
    }
    assert expected <= stated, expected - stated
    contexts = [s["context"] for s in evaluasi["statements"] if s["key"] == "tahun"]
    assert any("Renja Dinas" in c and "tahun 2020 disusun" in c for c in contexts)
    assert any("Per Februari 2020" in c for c in contexts)
    assert len(evaluasi["statements"]) == 40

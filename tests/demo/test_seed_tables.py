"""The demo data of T-C.29, T-C.30, T-C.31 and T-C.32 matches the seed document.

Plain tests: no Django, no database. They read the merged demo document (conftest.demo_document) and the
seed text (conftest.seed_lines / seed_text) and prove that

- every row's `raw` is made of seed lines of its table's body, in document order, none used twice, and
  that together the raws cover every non-blank line of each table body;
- every structured value is a cell of its raw (tags of the PDF conversion removed), or, for a value the PDF
  split over lines, the cells' texts joined by one space; every non-blank cell of a raw ends up in a value;
- each value comes from the column its key stands for (by cell position);
- the row counts equal counts made by hand, and a sample of values equals what was read by hand;
- every statement is stated by the seed.

Only the keys these tables own are looked at (other files of the demo add other keys).
"""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "renja" / "demo" / "jambi_2022"
TC29_FILE = DEMO / "41_evaluasi_2021_tc29.yaml"
RENJA_FILE = DEMO / "30_renja_tc30_tc31_tc32.yaml"

# Table bodies, first and last line (1-based, inclusive), read by hand; the anchors below prove them.
BODY = {"T-C.29": (384, 528), "T-C.30": (730, 737), "T-C.31": (825, 882), "T-C.32": (895, 925)}
PAGE_FOOTER = "Renja 2022 | DPMPPA"

TAG = re.compile(r"</?[a-zA-Z][^>]*>")

MY_STATEMENT_TABLES = {"T-C.31", "T-C.32", "BAB II 2.4", "BAB II 2.5"}


def strip_tags(text):
    return TAG.sub("", text)


def cells_of(seed_lines, n):
    """The cells of seed line n (1-based), markup tags removed."""
    return [strip_tags(c) for c in seed_lines[n - 1].split("\t")]


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def tc29(demo_document):
    elements = [e for e in demo_document.get("evaluasi", []) if "tc29" in e]
    assert elements, "no evaluasi element has tc29"
    assert all(e["tahun"] == 2021 for e in elements)
    rows = [row for e in elements for row in e["tc29"]]
    return rows


@pytest.fixture(scope="module")
def renja(demo_document):
    return demo_document["renja"]


@pytest.fixture(scope="module")
def pelayanan(renja):
    return renja["indikator_pelayanan"]


@pytest.fixture(scope="module")
def reviu(renja):
    return renja["reviu_rkpd"]


@pytest.fixture(scope="module")
def usulan(renja):
    return renja["usulan_pemangku"]


@pytest.fixture(scope="module")
def my_statements(renja):
    return [s for s in renja.get("statements", []) if s.get("table") in MY_STATEMENT_TABLES]


def t31_total_lines(my_statements):
    return [s["context"] for s in my_statements if s["table"] == "T-C.31" and s.get("row") == "Total"]


# --------------------------------------------------------------------------- helpers


def locate(raws, seed_lines, table):
    """Line numbers of each raw, searched in document order inside the table body.

    Returns one list of line numbers per raw. Fails when a raw line is not a seed line of the body, or
    comes before the line of the previous raw (order), which also forbids using a line twice.
    """
    first, last = BODY[table]
    position = first - 1
    found = []
    for raw in raws:
        assert isinstance(raw, str) and raw, f"{table}: empty raw"
        numbers = []
        for part in raw.split("\n"):
            assert part.strip(), f"{table}: blank line inside raw {raw!r}"
            n = next((i for i in range(position + 1, last + 1) if seed_lines[i - 1] == part), None)
            assert n is not None, f"{table}: not found after line {position} (order or text): {part!r}"
            numbers.append(n)
            position = n
        found.append(numbers)
    return found


def body_lines(seed_lines, table):
    first, last = BODY[table]
    return {
        n
        for n in range(first, last + 1)
        if seed_lines[n - 1].strip() and seed_lines[n - 1].strip() != PAGE_FOOTER
    }


def check_cover(found, seed_lines, table):
    used = [n for numbers in found for n in numbers]
    assert len(used) == len(set(used)), f"{table}: a line is used twice"
    missing = sorted(body_lines(seed_lines, table) - set(used))
    assert not missing, f"{table}: body lines in no raw: {missing}"
    assert set(used) <= body_lines(seed_lines, table)


def raw_cells(seed_lines, numbers):
    """[((line, index), text)] of the non-blank cells of the given lines, in document order."""
    return [((n, k), text) for n in numbers for k, text in enumerate(cells_of(seed_lines, n)) if text]


def _pieces(text, whole_only):
    """(start word, end word, piece) of a cell text: the whole cell, or a word-boundary prefix or suffix."""
    words = text.split(" ")
    yield 0, len(words), text
    if whole_only:
        return
    for k in range(1, len(words)):
        yield 0, k, " ".join(words[:k])
        yield k, len(words), " ".join(words[k:])


def assemble(value, cells, whole_only):
    """Spans [((line, index), start, end)] of cells whose texts, joined by one space, give `value`.

    The pieces come from distinct cells in document order. With whole_only (a row of a single line),
    the value must be one whole cell.
    """
    if value is None:
        return []
    for pos, text in cells:
        if text == value:
            return [(pos, 0, len(text.split(" ")))]
    if whole_only:
        return None

    def search(rest, start):
        for i in range(start, len(cells)):
            pos, text = cells[i]
            for a, b, piece in _pieces(text, False):
                if rest == piece:
                    return [(pos, a, b)]
                if rest.startswith(piece + " "):
                    tail = search(rest[len(piece) + 1:], i + 1)
                    if tail is not None:
                        return [(pos, a, b)] + tail
        return None

    return search(value, 0)


def spans_cover(spans, pos, text):
    """True when the spans on cell `pos` cover every word of its text."""
    words = len(text.split(" "))
    covered = set()
    for p, a, b in spans:
        if p == pos:
            covered.update(range(a, b))
    return covered == set(range(words))


def check_fields(entry_label, fields, cells, whole_only, extra=None):
    """Assemble each (name, value, allowed cell indexes) from the cells it may come from; prove that every
    non-blank cell ends up in a value (fully) or repeats the value of a field of its column."""
    extra = extra or {}
    spans = []
    for name, value, allowed in fields:
        if value is None:
            continue
        assert isinstance(value, str), f"{entry_label}: {name} is not text: {value!r}"
        candidates = [(pos, t) for pos, t in cells if pos[1] in allowed or extra.get(pos) == name]
        found = assemble(value, candidates, whole_only)
        assert found is not None, f"{entry_label}: {name} {value!r} is not made of its column's cells"
        spans.extend(found)
    for pos, text in cells:
        if spans_cover(spans, pos, text):
            continue
        repeats = [v for name, v, allowed in fields if pos[1] in allowed and v == text]
        assert repeats, f"{entry_label}: cell {pos} {text!r} is in no value"


# --------------------------------------------------------------------------- anchors: the table bodies


def test_table_bodies_are_where_they_were_read(seed_lines):
    line = lambda n: seed_lines[n - 1]  # noqa: E731
    # T-C.29: title, column numbers, then the body up to the next heading.
    assert "REKAPITULASI EVALUASI HASIL PELAKSANAAN RENJA" in line(379)
    assert line(383).startswith("1\t2\t3\t4\t5\t6\t7\t8=(7/6)\t9\t10=(5+7+9)\t11=(10/4)")
    assert line(384).startswith("1 <sup>22</sup> 01\t<b>PROGRAM PELAYANAN ADMINISTRASI PERKANTORAN")
    assert [line(n) for n in (529, 530, 531)] == ["", "", ""]
    assert line(532) == "## 1) ALOKASI DAN REALISASI BELANJA"
    # T-C.30
    assert "PENCAPAIAN KINERJA PELAYANAN PERANGKAT DAERAH" in line(722)
    assert line(729).startswith("1\t2\t3\t4")
    assert line(738) == "" and line(739) == "## 2.2.4 ANALISA CAPAIAN KINERJA"
    # T-C.31
    assert line(818) == "Review terhadap Rancangan Awal RKPD tahun 2022"
    assert line(824) == "1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\t12"
    assert line(882).startswith("<b>Total</b>")
    assert line(883) == "" and line(884).startswith("## **2.5")
    # T-C.32
    assert line(890).startswith("Usulan Program dan Kegiatan dari Para Pemangku Kepentingan Tahun 2022")
    assert line(894) == "1\t2\t3\t4\t5\t6"
    assert [line(n) for n in (926, 927, 928)] == ["", "", ""] and line(929) == "### BAB III"
    # The only non-table line inside a body is one page footer (T-C.31).
    footers = [n for t in BODY for n in range(BODY[t][0], BODY[t][1] + 1) if line(n).strip() == PAGE_FOOTER]
    assert footers == [878]


# --------------------------------------------------------------------------- my files: keys only


def test_my_files_hold_only_their_keys():
    tc29_doc = yaml.safe_load(TC29_FILE.read_text(encoding="utf-8"))
    assert set(tc29_doc) == {"evaluasi"}
    assert len(tc29_doc["evaluasi"]) == 1
    assert set(tc29_doc["evaluasi"][0]) == {"tahun", "tc29"}
    assert tc29_doc["evaluasi"][0]["tahun"] == 2021
    renja_doc = yaml.safe_load(RENJA_FILE.read_text(encoding="utf-8"))
    assert set(renja_doc) == {"renja"}
    assert set(renja_doc["renja"]) == {"indikator_pelayanan", "reviu_rkpd", "usulan_pemangku", "statements"}


def test_entry_keys_follow_the_format(tc29, pelayanan, reviu, usulan, my_statements):
    for row in tc29:
        assert set(row) == {"kode", "uraian", "indikator", "kolom", "raw"}, row
        assert set(row["kolom"]) <= {str(c) for c in range(4, 13)}, row
        assert all(isinstance(v, str) for v in row["kolom"].values()), row
        for key in ("kode", "uraian", "indikator"):
            assert row[key] is None or isinstance(row[key], str), row
    for row in pelayanan:
        assert set(row) == {"kelompok", "nomor", "uraian", "polaritas", "spm", "ikk", "target", "realisasi",
                            "proyeksi", "catatan", "raw"}, row
        assert row["polaritas"] in {"positif", "negatif"}
        for key in ("target", "realisasi", "proyeksi"):
            assert all(isinstance(y, str) and (v is None or isinstance(v, str)) for y, v in row[key].items())
    for row in reviu:
        assert set(row) == {"nomor", "tingkat", "rancangan", "kebutuhan", "catatan", "raw"}, row
        assert row["tingkat"] in {"program", "kegiatan", "sub_kegiatan"}
        for side in ("rancangan", "kebutuhan"):
            assert set(row[side]) == {"nama", "lokasi", "indikator", "pagu"}, row
            assert all(set(i) == {"uraian", "target"} for i in row[side]["indikator"]), row
    for row in usulan:
        assert set(row) == {"nomor", "tingkat", "nama", "lokasi", "indikator", "catatan", "raw"}, row
        assert row["tingkat"] in {"program", "kegiatan", "sub_kegiatan"}
        assert all(set(i) == {"uraian", "target"} for i in row["indikator"]), row
    for s in my_statements:
        assert set(s) == {"table", "key", "code", "row", "value", "context"}, s


# --------------------------------------------------------------------------- T-C.29


def tc29_check_row(row, numbers, seed_lines):
    label = f"T-C.29 line {numbers[0]}"
    cells = raw_cells(seed_lines, numbers)
    whole_only = len(numbers) == 1
    spans = {}
    for key in ("uraian", "indikator"):
        found = assemble(row[key], cells, whole_only)
        assert found is not None, f"{label}: {key} {row[key]!r} is not made of cells of its raw"
        spans[key] = found
    first = cells_of(seed_lines, numbers[0])
    # Anchor of the first line: the uraian cell, or the cell before the indicator.
    on_first = {k: [p[1] for p, a, b in spans[k] if p[0] == numbers[0]] for k in spans}
    if on_first["uraian"]:
        anchor = on_first["uraian"][0]
        if on_first["indikator"]:
            assert on_first["indikator"][0] == anchor + 1, f"{label}: indicator is not the cell after uraian"
    else:
        assert on_first["indikator"], f"{label}: neither uraian nor indicator on the first line"
        anchor = on_first["indikator"][0] - 1
    # kode: the cells before the uraian, joined by TAB, blank cells at both ends left out.
    expected_kode = "\t".join(first[:anchor]).strip("\t") or None
    assert row["kode"] == expected_kode, f"{label}: kode"
    # kolom: the cells after the indicator are columns 4, 5, ... (measured on each line from its own
    # indicator cell, or from its uraian cell = column 2).
    used = spans["uraian"] + spans["indikator"]
    expected = {}
    for n in numbers:
        line_cells = cells_of(seed_lines, n)
        ind = [p[1] for p, a, b in spans["indikator"] if p[0] == n]
        ura = [p[1] for p, a, b in spans["uraian"] if p[0] == n]
        base, origin = (3, ind[0]) if ind else (2, ura[0]) if ura else (None, None)
        for k, text in enumerate(line_cells):
            if not text or spans_cover(used, (n, k), text):
                continue
            if n == numbers[0] and k < anchor:
                continue  # a code cell
            assert origin is not None and k > origin, f"{label}: cell {k} of line {n} {text!r} is in no value"
            column = str(base + k - origin)
            assert column not in expected, f"{label}: two cells for column {column}"
            expected[column] = text
    assert row["kolom"] == expected, f"{label}: kolom by position"
    assert all(4 <= int(c) <= 12 for c in expected), f"{label}: column outside 4..12"


def test_tc29_raws_in_order_and_cover_the_body(tc29, seed_lines):
    found = locate([row["raw"] for row in tc29], seed_lines, "T-C.29")
    check_cover(found, seed_lines, "T-C.29")


def test_tc29_values_are_cells_at_their_column(tc29, seed_lines):
    found = locate([row["raw"] for row in tc29], seed_lines, "T-C.29")
    for row, numbers in zip(tc29, found):
        tc29_check_row(row, numbers, seed_lines)


def test_tc29_counts_by_hand(tc29):
    assert len(tc29) == 96
    # Rows of more than one line: 386+388, 401+405, 422+424, 459+461, 470+472, 510+514-516, 517+518-519.
    assert sum(1 for r in tc29 if "\n" in r["raw"]) == 7
    # Program rows (PROGRAM in the uraian): 384, 400, 414, 416, 418, 420, 450, 455, 475, 481, 487, 498, 507.
    assert sum(1 for r in tc29 if (r["uraian"] or "").startswith("PROGRAM")) == 13
    # Rows without any code cell: 385, 386, 436, 440, 442, 443, 447, 449, 469, 526.
    assert sum(1 for r in tc29 if r["kode"] is None) == 10
    # Rows without uraian (indicator rows): 436, 440, 442, 443, 447, 469, 489.
    assert sum(1 for r in tc29 if r["uraian"] is None) == 7
    # Rows with values: all but 400, 414, 416, 418, 420, 427, 436, 438, 450, 455, 487, 507.
    assert sum(1 for r in tc29 if r["kolom"]) == 96 - 12


def test_tc29_sample_read_by_hand(tc29, seed_lines):
    first = tc29[0]
    assert first["kode"] == "1 22 01"
    assert first["uraian"] == "PROGRAM PELAYANAN ADMINISTRASI PERKANTORAN"
    assert first["kolom"] == {"4": "2022", "5": "2019", "6": "2020", "7": "2020", "9": "2021"}
    rows = {r["uraian"] or r["indikator"]: r for r in tc29}
    assert rows["01 Penyediaan Jasa Surat Menyurat"]["kolom"] == {"5": "10 Orang"}
    assert rows["Pengadaan Peralatan Mesin Lainnya"]["kode"] == "2\t08\t01\t02.07\t06"
    assert rows["Pengadaan Peralatan Mesin Lainnya"]["kolom"] == {"4": "12 Item", "10": "10 Item"}
    assert rows["Jumlah Tenaga TKK"]["kolom"] == {"4": "3 Orang", "9": "3 Orang"}
    assert rows["Jumlah Tenaga TKK"]["kode"] is None
    assert rows["PROGRAM PERLINDUNGAN KHUSUS ANAK"]["kolom"] == {"4": "0,0207", "10": "0,0217"}
    assert rows["Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah"]["kolom"] == {
        "4": "BB", "9": "72.53 B"}
    assert rows["Jumlah Anak Ikut dalam Organisasi Forum Anak Daerah (FAD)"]["kode"] == "8\t6\t1"
    assert rows["san Pemerintah Daerah"]["uraian"] is None
    assert rows["Penyusunan Rencana Kerja SKPD"]["indikator"] == "Terwujudnya Penyusunan Buku Renja dan KUA PPAS"
    keg = rows["Penguatan Kelembagaan dan Pengembangan Partisipasi Masyarakat"]
    assert keg["kolom"] == {"5": "100%"}
    assert keg["indikator"].startswith("1. Tersedianya Forum KPM di Kota Jambi 2. Terlestarkannya")
    assert rows["Pencegahan kekerasan terhadap Perempuan Lingkup Daerah Kab/Kota"]["kolom"] == {
        "4": "8 Kali", "10": "6 Kali"}
    # Lines 425 and 429 are the same row printed twice: both are kept.
    assert seed_lines[424] == seed_lines[428]
    assert [r["raw"] for r in tc29].count(seed_lines[424]) == 2


# --------------------------------------------------------------------------- T-C.30


def test_tc30_raws_in_order_and_cover_the_body(pelayanan, seed_lines):
    found = locate([row["raw"] for row in pelayanan], seed_lines, "T-C.30")
    check_cover(found, seed_lines, "T-C.30")
    assert all(len(numbers) == 1 for numbers in found)


def test_tc30_header_is_one_cell_left_of_the_rows(seed_lines):
    top, years = cells_of(seed_lines, 726), cells_of(seed_lines, 727)
    assert top[0] == "NO" and top[1] == "INDIKATOR"
    assert top[4].startswith("TARGET") and top[8].startswith("REALISASI") and top[10] == "PROYEKSI"
    assert top[12].startswith("CATATAN")
    assert [re.search(r"20\d\d", c).group() for c in years[4:12]] == [
        "2018", "2019", "2020", "2021", "2019", "2020", "2021", "2022"]
    for n in range(730, 738):
        if seed_lines[n - 1]:
            row = cells_of(seed_lines, n)
            assert len(row) == len(years) == 14
            assert row[9] == "" and row[13] == ""  # under REALISASI 2019 and CATATAN once shifted


def test_tc30_values_by_position(pelayanan, seed_lines):
    found = locate([row["raw"] for row in pelayanan], seed_lines, "T-C.30")
    kelompok = None
    for row, (n,) in zip(pelayanan, found):
        c = [x or None for x in cells_of(seed_lines, n)]
        kelompok = c[0] or kelompok
        assert row["kelompok"] == kelompok
        assert (row["nomor"], row["uraian"], row["spm"], row["ikk"]) == (c[1], c[2], c[3], c[4])
        assert row["target"] == {"2018": c[5], "2019": c[6], "2020": c[7], "2021": c[8]}
        assert row["realisasi"] == {"2019": c[9], "2020": c[10]}
        assert row["proyeksi"] == {"2021": c[11], "2022": c[12]}
        assert row["catatan"] == c[13]


def test_tc30_by_hand(pelayanan):
    assert len(pelayanan) == 7
    assert [(r["kelompok"], r["nomor"]) for r in pelayanan] == [
        ("I", "1"), ("I", "2"), ("I", "3"), ("II", "1"), ("II", "2"), ("II", "3"), ("II", "4")]
    negatif = [r["uraian"] for r in pelayanan if r["polaritas"] == "negatif"]
    assert negatif == ["Penurunan Ratio KDRT", "Ratio Penurunan Kekerasan Terhadap Anak"]
    kdrt = pelayanan[0]
    assert kdrt["target"] == {"2018": "0,025", "2019": "0,023", "2020": "0,021", "2021": "0,020"}
    assert kdrt["realisasi"] == {"2019": None, "2020": "0,023"}
    assert kdrt["proyeksi"] == {"2021": "0,021", "2022": "0,020"}
    assert pelayanan[1]["proyeksi"]["2022"] == "0,0207"
    assert pelayanan[5]["target"]["2019"] == "75%"  # bold in the source
    assert pelayanan[6]["target"]["2021"] == "96%" and pelayanan[6]["proyeksi"]["2022"] == "95%"


# --------------------------------------------------------------------------- T-C.31

# Cell index of each value: 0 No, 1-5 left side, 6-10 right side, 11 Catatan Penting.
SIDE_CELLS = {"rancangan": 1, "kebutuhan": 6}
# The one value taken from another cell than its column: "200 anak" of the right side stands in the
# indicator column (cell 8) of line 859; it is the target of the right-hand second indicator.
TC31_EXTRA = {(859, 8): "kebutuhan.target"}


def reviu_fields(row):
    fields = [("nomor", row["nomor"], {0}), ("catatan", row["catatan"], {11})]
    for side, first in SIDE_CELLS.items():
        s = row[side]
        fields.append((f"{side}.nama", s["nama"], {first}))
        fields.append((f"{side}.lokasi", s["lokasi"], {first + 1}))
        for i in s["indikator"]:
            fields.append((f"{side}.indikator", i["uraian"], {first + 2}))
            fields.append((f"{side}.target", i["target"], {first + 3}))
        fields.append((f"{side}.pagu", s["pagu"], {first + 4}))
    return fields


def test_tc31_raws_in_order_and_cover_the_body(reviu, my_statements, seed_lines):
    totals = t31_total_lines(my_statements)
    assert totals and all(t == totals[0] for t in totals)
    found = locate([row["raw"] for row in reviu] + [totals[0]], seed_lines, "T-C.31")
    check_cover(found, seed_lines, "T-C.31")


def test_tc31_values_are_cells_of_their_column(reviu, seed_lines):
    found = locate([row["raw"] for row in reviu], seed_lines, "T-C.31")
    for row, numbers in zip(reviu, found):
        check_fields(f"T-C.31 line {numbers[0]}", reviu_fields(row), raw_cells(seed_lines, numbers),
                     whole_only=len(numbers) == 1, extra=TC31_EXTRA)


def test_tc31_counts_by_hand(reviu):
    assert len(reviu) == 34
    tingkat = [r["tingkat"] for r in reviu]
    assert (tingkat.count("program"), tingkat.count("kegiatan"), tingkat.count("sub_kegiatan")) == (8, 19, 7)
    # Rows of more than one line: 827, 838, 843, 848, 854, 864, 868, 873, 876.
    assert sum(1 for r in reviu if "\n" in r["raw"]) == 9
    assert [r["nomor"] for r in reviu].count(None) == 33 and reviu[0]["nomor"] == "1"


def test_tc31_program_pagu_read_by_hand(reviu):
    programs = [(r["rancangan"]["nama"], r["rancangan"]["pagu"], r["kebutuhan"]["pagu"])
                for r in reviu if r["tingkat"] == "program"]
    assert programs == [
        ("PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA", "5.011.924.360", "5.030.195.057"),
        ("PROGRAM PENGARUSUTAMAAN GENDER DAN PEMBERDAYAAN PEREMPUAN", "685.255.185", "715.341.993"),
        ("PROGRAM PERLINDUNGAN PEREMPUAN", "485.107.261", "65.197.750"),
        ("PROGRAM PENINGKATAN KUALITAS KELUARGA", "168.951.590", "177.149.200"),
        ("PROGRAM PENGELOLAAN SISTEM DATA GENDER DAN ANAK", "282.101.733", "282.101.590"),
        ("PROGRAM PEMENUHAN HAK ANAK (PHA)", "305.283.114", "281.451.949"),
        ("PROGRAM PERLINDUNGAN KHUSUS ANAK", "571.677.622", "783.234.984"),
        ("PROGRAM PEMBERDAYAAN LEMBAGA KEMASYARAKATAN, LEMBAGA ADAT DAN MASYARAKAT HUKUM",
         "3.411.703.751", "4.744.445.907"),
    ]
    for r in reviu:
        is_program = r["raw"].split("\t")[1].startswith("<b>PROGRAM")
        assert (r["tingkat"] == "program") == is_program, r["raw"]


def test_tc31_sub_kegiatan_read_by_hand(reviu):
    subs = [r for r in reviu if r["tingkat"] == "sub_kegiatan"]
    assert [(r["rancangan"]["pagu"], r["kebutuhan"]["pagu"]) for r in subs] == [
        ("1.073.521.950", "1.073.521.779"), ("52.619.440", "38.073.384"), ("444.611.340", "540.761.329"),
        ("2.888.373.600", "2.841.740.192"), ("67.959.934", "67.959.724"), ("77.064.800", "77.059.800"),
        ("197.182.900", "105.329.699")]
    # They follow the kegiatan "Pemberdayaan Lembaga Kemasyarakatan ..." and have only a left-hand name.
    start = next(i for i, r in enumerate(reviu) if r["tingkat"] == "sub_kegiatan")
    assert reviu[start - 1]["rancangan"]["nama"].startswith("Pemberdayaan Lembaga Kemasyarakatan yang Bergerak")
    assert all(r["tingkat"] == "sub_kegiatan" for r in reviu[start:])
    assert all(r["kebutuhan"]["nama"] is None and r["kebutuhan"]["indikator"] == [] for r in subs)
    assert subs[0]["rancangan"]["nama"] == (
        "Fasilitasi Tim Penggerak PKK dalam Penyelenggaraan Gerakan Pemberdayaan Masyarakat dan Kesejahteraan Keluarga")
    assert subs[5]["rancangan"]["indikator"] == [
        {"uraian": "Jumlah Doku- men Kerjasama yang menjalin kemitraan", "target": "6 Doku- men"}]


def test_tc31_reassembled_values_read_by_hand(reviu):
    by_name = {r["rancangan"]["nama"]: r for r in reviu}
    pha = by_name["Pelebagaan PHA pada Lembaga Pemerintah, Nonpemerintah, dan Dunia Usaha"]
    fad = {"uraian": "JUMLAH Anak Ikut dalam Organisasi Forum Anak Daerah (FAD)", "target": "200 anak"}
    assert pha["rancangan"]["indikator"] == [
        {"uraian": "Persentase Cakupan Kota Layak Anak", "target": "100%"}, fad]
    assert pha["kebutuhan"]["indikator"] == [
        {"uraian": "Persentase Cakupan Kota Layak Anak", "target": "100%"}, fad]
    assert pha["kebutuhan"]["nama"] == "Pelebagaan PHA pada Lem- baga Pemerintah, Non-pemerintah, dan Dunia Usaha"
    assert pha["kebutuhan"]["lokasi"] == "Jambi"
    org = by_name["Pemberdayaan Perempuan Bidang Politik, Hukum, Sosial, dan Ekonomi pada Organisasi Masyarakat "
                  "Kewenangan Kabupaten/Kota"]
    assert org["kebutuhan"]["nama"].endswith("pada Organ- isasi Kemasyarakatan Kewenangan Kabupaten/Kota")
    kdrt = by_name["PROGRAM PERLINDUNGAN PEREMPUAN"]
    assert kdrt["rancangan"]["indikator"][0]["target"] == kdrt["kebutuhan"]["indikator"][0]["target"] == "'0'019"
    keu = by_name["Administrasi Keuangan Perangkat Daerah"]
    assert keu["rancangan"]["indikator"][1] == {
        "uraian": "Jumlah Laporan Keuangan Bu-lanan/semester", "target": "12 Doku- men"}
    data = by_name["Pengumpulan, Pengolahan Analisis dan Penyajian Data Gender dan Anak Dalam Kelembagaan Data "
                   "diTingkat Daerah Kabupaten/Kota"]
    assert data["tingkat"] == "kegiatan" and data["rancangan"]["pagu"] is None


def test_tc31_total_statements(my_statements, seed_lines):
    total = {s["key"]: s for s in my_statements if s["table"] == "T-C.31" and s["row"] == "Total"}
    assert set(total) == {"pagu_rancangan", "pagu_kebutuhan"}
    c = cells_of(seed_lines, 882)
    assert c[0] == "Total"
    assert total["pagu_rancangan"]["value"] == c[5] == "10.922.004.616"
    assert total["pagu_kebutuhan"]["value"] == c[10] == "12.239.200.000"
    assert all(s["context"] == seed_lines[881] for s in total.values())


# --------------------------------------------------------------------------- T-C.32


def usulan_fields(row):
    fields = [("nomor", row["nomor"], {0}), ("nama", row["nama"], {1}), ("lokasi", row["lokasi"], {2}),
              ("catatan", row["catatan"], {5})]
    for i in row["indikator"]:
        fields.append(("indikator", i["uraian"], {3}))
        fields.append(("target", i["target"], {4}))
    return fields


def test_tc32_raws_in_order_and_cover_the_body(usulan, seed_lines):
    found = locate([row["raw"] for row in usulan], seed_lines, "T-C.32")
    check_cover(found, seed_lines, "T-C.32")


def test_tc32_values_are_cells_of_their_column(usulan, seed_lines):
    found = locate([row["raw"] for row in usulan], seed_lines, "T-C.32")
    for row, numbers in zip(usulan, found):
        check_fields(f"T-C.32 line {numbers[0]}", usulan_fields(row), raw_cells(seed_lines, numbers),
                     whole_only=len(numbers) == 1)


def test_tc32_by_hand(usulan):
    assert len(usulan) == 27
    programs = [r for r in usulan if r["tingkat"] == "program"]
    assert [r["nomor"] for r in programs] == ["1", "2", "3", "4", "5", "6", "7", "8"]
    assert sum(1 for r in usulan if r["tingkat"] == "kegiatan") == 19
    assert all(r["nomor"] is None for r in usulan if r["tingkat"] == "kegiatan")
    assert programs[2]["indikator"] == [{"uraian": "Penurunan Rasio KDRT", "target": "'0'019"}]
    assert programs[7]["nama"] == "PROGRAM PEMBERDAYAAN LEMBAGA KEMASYARAKATAN, LEMBAGA ADAT DAN MASYARAKAT HUKUM"
    # Rows of more than one line: 897+898 and 918+919 (a second indicator each).
    two = [r for r in usulan if "\n" in r["raw"]]
    assert [len(r["indikator"]) for r in two] == [2, 2]
    assert two[1]["indikator"][1] == {
        "uraian": "JUMLAH Anak Ikut dalam Organisasi Forum Anak Daerah (FAD)", "target": "200 anak"}
    assert all(r["catatan"] is None for r in usulan)


# --------------------------------------------------------------------------- statements


def test_statements_are_stated_by_the_seed(my_statements, seed_text):
    for s in my_statements:
        assert s["context"] in seed_text, s
        if s["key"] == "tahun":
            assert re.search(rf"\b{s['value']}\b", s["context"]), s
        else:
            assert str(s["value"]) in s["context"], s


def test_statements_read_by_hand(my_statements, seed_lines):
    got = sorted((s["table"], s["key"], s["row"], str(s["value"])) for s in my_statements)
    assert got == sorted([
        ("T-C.31", "tahun", None, "2022"),
        ("BAB II 2.4", "tahun", None, "2021"),
        ("BAB II 2.4", "tahun", None, "2021"),
        ("T-C.31", "pagu_rancangan", "Total", "10.922.004.616"),
        ("T-C.31", "pagu_kebutuhan", "Total", "12.239.200.000"),
        ("BAB II 2.5", "tahun", None, "2020"),
        ("T-C.32", "tahun", None, "2022"),
    ])
    contexts = {s["context"] for s in my_statements}
    assert "Review terhadap Rancangan Awal RKPD tahun 2022" in contexts
    assert "2.4 Reviu terhadap Rancangan awal RKPD 2021" in contexts and "2.4 Reviu" in seed_lines[809]
    assert seed_lines[813] in contexts  # "... Tahun 2021 sesuai dengan pagu indikatif ..."
    assert "sesuai dengan pagu indikatif" in seed_lines[813]
    assert any("pada Rencana Kerja (RENJA) Tahun 2020 tidak ada yang diusulkan" in c for c in contexts)

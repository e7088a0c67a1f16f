"""Prove, row by row, that the demo T-C.33 (renja/demo/jambi_2022/20_renja_tc33.yaml) matches the seed.

Everything is checked against the text of the seed document, never against the YAML itself:

(a) the lines of the T-C.33 body, in order, are exactly the `raw` lines of the plan tree (plus the
    header row and the two total rows, which are statements);
(b) every value of every node equals the cell of its raw line that holds it (the column layout of the
    table is decoded below), and every non-empty cell of a raw line is captured somewhere;
(c) the numbers of programs, kegiatan and sub kegiatan (counted by hand) and the pagu of the sub
    kegiatan equal what the seed rows give;
(d) every statement of T-C.33, BAB IV and Tabel 4.1 is read from the seed.

Plain pytest: no Django, no database.
"""

import re
from pathlib import Path

import pytest
import yaml

TITLE = "Rumusan Rencana Program dan Kegiatan Perangkat Daerah Tahun 2022"
FOOTER = "Renja 2022 | DPMPPA"  # page footer of the PDF, repeated inside the table
LAST_TOTAL = "<b>12.239.200.000</b>"
BOLD = re.compile(r"</?b>")
MY_TABLES = {"T-C.33", "BAB IV", "Tabel 4.1"}

# Counted by hand in the seed (lines 1095-1186), per program in document order.
# Program 6 (PEMENUHAN HAK ANAK) has no kegiatan row: its one kegiatan is the placeholder.
HAND_KEGIATAN_PER_PROGRAM = [7, 2, 2, 2, 1, 1, 2, 1]
HAND_SUB_PER_PROGRAM = [18, 2, 2, 1, 2, 1, 4, 7]
HAND_PROGRAMS = 8
HAND_KEGIATAN = 18  # 17 kegiatan rows + 1 placeholder
HAND_SUB_KEGIATAN = 37  # 3 of them code-only rows (lines 1098, 1099, 1101)

# The one cell the format cannot hold: the pagu n+1 "-" written on the indicator continuation line
# of sub kegiatan 02.08.01 (an indicator has no pagu). It stays only in that indicator's raw.
NOT_EXPRESSIBLE = {("Jumlah Tenaga TKK", "pagu_n1"): "-"}

FIELDS = ("lokasi", "sumber_dana", "catatan", "pagu_n", "pagu_n1")


def clean(cell):
    """A cell as the YAML holds it: <b></b> removed, empty → None."""
    text = BOLD.sub("", cell)
    return text if text != "" else None


def parse(line):
    """Decode one T-C.33 line into its columns.

    Layouts found in the seed:
    - 10 cells: a code-only row ("2 081 02.01 01"): four code cells and nothing else;
    - 14 cells: five code cells, then columns 2-10 (name, indicator, lokasi, target n, pagu n,
      sumber dana, catatan, target n+1, pagu n+1);
    - 13 cells: the same without the (empty) Catatan Penting cell;
    - shifted: a continuation written one cell to the left, recognisable by the lokasi "DPMP-PA" in
      the indicator column: indicator in the name column, lokasi, target n, then (after sumber dana
      and empty cells) the target n+1.
    """
    c = line.split("\t")
    if len(c) == 10:
        assert all(x == "" for x in c[4:]), line
        code = [x for x in c[:4] if x]
        level = {1: "?", 2: "program", 3: "kegiatan", 4: "sub_kegiatan"}[len(code)]
        return dict(code=code, level=level, nama=None, uraian=None, target_n=None, target_n1=None,
                    lokasi=None, sumber_dana=None, catatan=None, pagu_n=None, pagu_n1=None, layout=10)
    code = [x for x in c[:5] if x]
    level = None
    if code:
        level = "sub_kegiatan" if c[4] else "kegiatan" if c[3] else "program"
    if len(c) in (13, 14) and c[6] == "DPMP-PA":
        rest = [x for x in c[8:] if x and x != "APBD"]
        assert len(rest) <= 1, line
        return dict(code=code, level=level, nama=None, uraian=clean(c[5]), lokasi=clean(c[6]),
                    target_n=clean(c[7]), sumber_dana="APBD" if "APBD" in c[8:] else None,
                    target_n1=rest[0] if rest else None, catatan=None, pagu_n=None, pagu_n1=None,
                    layout="shifted")
    if len(c) == 14:
        keys = ("nama", "uraian", "lokasi", "target_n", "pagu_n", "sumber_dana", "catatan", "target_n1", "pagu_n1")
    elif len(c) == 13:
        keys = ("nama", "uraian", "lokasi", "target_n", "pagu_n", "sumber_dana", "target_n1", "pagu_n1")
    else:
        raise AssertionError(f"unknown layout ({len(c)} cells): {line!r}")
    row = dict(zip(keys, (clean(x) for x in c[5:])))
    row.setdefault("catatan", None)
    row.update(code=code, level=level, layout=len(c))
    return row


def nonempty_cells(line):
    return [clean(x) for x in line.split("\t") if clean(x) is not None]


# --- the seed ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def table(seed_lines):
    """The T-C.33 body: (line number, text) of its non-blank lines, page footers left out."""
    assert seed_lines.count(TITLE) == 1
    title = seed_lines.index(TITLE)
    start = next(i for i in range(title, len(seed_lines)) if seed_lines[i].startswith("2\t081\t"))
    ends = [i for i, line in enumerate(seed_lines) if LAST_TOTAL in line]
    assert len(ends) == 1 and ends[0] > start
    body, footers = [], []
    for i in range(start, ends[0] + 1):
        text = seed_lines[i]
        if text.strip() == "":
            continue
        (footers if text == FOOTER else body).append((i + 1, text))
    # The only lines left out are the three page footers inside the table.
    assert [n for n, _ in footers] == [1103, 1115, 1139]
    return body


@pytest.fixture(scope="module")
def rows(table):
    """The table body without its first row (bidang urusan header) and the two total rows."""
    return table[1:-2]


@pytest.fixture(scope="module")
def seed_sub_rows(rows):
    """Sub kegiatan rows classified from the seed alone, one entry (line, parsed) per sub kegiatan.

    A sub kegiatan row has a sub kegiatan code; the name half of a row the PDF split (no code, a name
    and a pagu: lines 1129 and 1132) also starts a sub kegiatan, and the code line right after it
    (lines 1130 and 1133, no pagu of their own) belongs to that same sub kegiatan.
    """
    subs, previous_was_name_half = [], False
    for number, text in rows:
        row = parse(text)
        name_half = not row["code"] and row["nama"] is not None and row["pagu_n"] is not None
        if name_half:
            subs.append((number, row))
        elif row["level"] == "sub_kegiatan":
            if previous_was_name_half and row["pagu_n"] is None and row["nama"] is None:
                pass  # the code line of the split row above
            else:
                subs.append((number, row))
        previous_was_name_half = name_half
    return subs


# --- the YAML ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def programs(demo_document):
    return demo_document["renja"]["program"]


def walk(programs):
    """(level, node) for every node in document order."""
    for program in programs:
        yield "program", program
        for kegiatan in program.get("kegiatan", []):
            yield "kegiatan", kegiatan
            for sub in kegiatan.get("sub_kegiatan", []):
                yield "sub_kegiatan", sub


def raw_lines(programs):
    """Every raw line of the plan tree in document order (node raw, then its indicators' raws)."""
    lines = []
    for _, node in walk(programs):
        if node.get("raw") is not None:
            lines.extend(node["raw"].split("\n"))
        for indikator in node.get("indikator") or []:
            if indikator.get("raw") is not None:
                lines.extend(indikator["raw"].split("\n"))
    return lines


@pytest.fixture(scope="module")
def statements(demo_document):
    return [s for s in demo_document["renja"].get("statements", []) if s["table"] in MY_TABLES]


def of_table(statements, table):
    return [s for s in statements if s["table"] == table]


def test_file_holds_only_the_plan_tree_and_statements():
    path = Path(__file__).resolve().parents[2] / "renja" / "demo" / "jambi_2022" / "20_renja_tc33.yaml"
    part = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert list(part) == ["renja"]
    assert list(part["renja"]) == ["program", "statements"]


# --- (a) every line once, in order ---------------------------------------------------------------------


def test_body_is_the_expected_stretch_of_the_seed(table):
    assert table[0] == (1095, "2\t081" + "\t" * 8)
    assert table[1] == (1096, "2\t081" + "\t" * 8)
    assert table[-1][0] == 1186 and LAST_TOTAL in table[-1][1]
    # Lines 1095-1186 are 92 lines: 14 blank lines and 3 page footers are left out.
    assert len(table) == 92 - 14 - 3


def test_every_table_line_is_one_raw_in_document_order(table, rows, programs, statements):
    # The plan tree's raws are exactly the table rows, each once, in the document's order.
    assert raw_lines(programs) == [text for _, text in rows]
    # The first line is the bidang urusan header statement, the last two the total statements.
    tc33 = [s for s in of_table(statements, "T-C.33") if s.get("raw") is not None]
    assert [s["raw"] for s in tc33] == [table[0][1], table[-2][1], table[-1][1]]
    assert tc33[0]["key"] == "baris_bidang_urusan"
    assert [s["key"] for s in tc33[1:]] == ["total_pagu_n", "total_pagu_n"]


# --- (b) values against the cells of their raw -----------------------------------------------------------


def check_node(level, node, failures):
    where = f"{level} {node.get('kode')!r} {node.get('nama')!r}"

    def fail(message):
        failures.append(f"{where}: {message}")

    lines = node["raw"].split("\n")
    parsed = [parse(line) for line in lines]
    coded = [p for p in parsed if p["code"]]
    if len(coded) != 1:
        return fail(f"{len(coded)} lines with a code in raw")
    if node["kode"] != "\t".join(coded[0]["code"]):
        fail(f"kode != code cells {coded[0]['code']}")
    if coded[0]["level"] != level:
        fail(f"the code cells make it a {coded[0]['level']}")
    names = [p["nama"] for p in parsed if p["nama"] is not None]
    if node.get("nama") != (" ".join(names) if names else None):
        fail(f"nama != name cell(s) {names}")

    if all(p["layout"] == 10 for p in parsed):  # code-only row: nothing else may be captured
        extra = set(node) - {"kode", "nama", "raw", "kegiatan", "sub_kegiatan"}
        if extra:
            fail(f"code-only row with {sorted(extra)}")
        return

    # Indicators: one per raw line of the node that has an indicator cell, in order, unless the
    # indicator has its own raw (a continuation line), which must carry nothing but the indicator.
    node_inds = iter([p for p in parsed if p["uraian"] is not None])
    for indikator in node.get("indikator", []):
        if indikator.get("raw") is not None:
            own = [parse(line) for line in indikator["raw"].split("\n")]
            if len(own) != 1 or own[0]["code"] or own[0]["nama"]:
                fail(f"indicator raw {indikator['raw']!r} is not a continuation line")
                continue
            source = own[0]
            for key in ("lokasi", "sumber_dana"):
                if source[key] not in (None, node.get(key)):
                    fail(f"continuation {key} {source[key]!r} differs from the node's")
            for key in ("catatan", "pagu_n", "pagu_n1"):
                allowed = NOT_EXPRESSIBLE.get((source["uraian"], key))
                if source[key] is not None and source[key] != allowed:
                    fail(f"continuation line has {key} {source[key]!r}")
        else:
            source = next(node_inds, None)
            if source is None:
                fail(f"indicator {indikator.get('uraian')!r} has no line in raw")
                continue
        for key in ("uraian", "target_n", "target_n1"):
            if indikator.get(key) != source[key]:
                fail(f"indicator {key} {indikator.get(key)!r} != cell {source[key]!r}")
        lower_is_better = bool(re.match(r"(Penurunan|Rasio|Ratio)\b", source["uraian"]))
        if (indikator.get("polaritas", "positif") == "negatif") != lower_is_better:
            fail(f"polaritas of {source['uraian']!r}")
    left = list(node_inds)
    if left:
        fail(f"indicator cells not captured: {[p['uraian'] for p in left]}")

    # lokasi, sumber dana, catatan and pagu come from the node's first line; its other lines must not
    # write a different one.
    first = parsed[0]
    for other in parsed[1:]:
        for key in ("lokasi", "sumber_dana"):
            if other[key] not in (None, first[key]):
                fail(f"a further line has another {key} {other[key]!r}")
        for key in ("catatan", "pagu_n", "pagu_n1"):
            if other[key] is not None:
                fail(f"a further line has {key} {other[key]!r}")
    for key in ("lokasi", "sumber_dana", "catatan"):
        if node.get(key) != first[key]:
            fail(f"{key} {node.get(key)!r} != cell {first[key]!r}")
    pagu = {"pagu_n": first["pagu_n"], "pagu_n1": first["pagu_n1"]}
    if level == "sub_kegiatan":
        if "stated" in node or {k: node.get(k) for k in pagu} != pagu:
            fail(f"pagu {node.get('pagu_n')!r}/{node.get('pagu_n1')!r} != cells {pagu}")
    elif "pagu_n" in node or "pagu_n1" in node or node.get("stated") != pagu:
        fail(f"stated {node.get('stated')} != cells {pagu}")

    # Conversely, every non-empty cell of the raw lines is captured somewhere in the node.
    captured = set(node["kode"].split("\t")) | set(names) | {node.get("nama")}
    captured |= {node.get(k) for k in FIELDS} | set((node.get("stated") or {}).values())
    for indikator in node.get("indikator", []):
        captured |= {indikator.get("uraian"), indikator.get("target_n"), indikator.get("target_n1")}
    all_lines = lines + [i["raw"] for i in node.get("indikator", []) if i.get("raw") is not None]
    for line in all_lines:
        for cell in nonempty_cells(line):
            if cell not in captured and cell not in NOT_EXPRESSIBLE.values():
                fail(f"cell {cell!r} of {line!r} not captured")


def test_every_node_matches_the_cells_of_its_raw(programs):
    failures = []
    checked = 0
    for level, node in walk(programs):
        if node.get("raw") is None:
            continue  # the placeholder kegiatan, see test_placeholder_kegiatan
        check_node(level, node, failures)
        checked += 1
    assert not failures, "\n".join(failures)
    assert checked == HAND_PROGRAMS + HAND_KEGIATAN - 1 + HAND_SUB_KEGIATAN


def test_not_expressible_cell_is_where_we_say(rows):
    found = [(n, parse(text)) for n, text in rows if "\tJumlah Tenaga TKK\t" in text]
    assert [(n, row["pagu_n1"]) for n, row in found] == [(1123, "-")]


def test_placeholder_kegiatan(programs):
    """The only node without raw: program PEMENUHAN HAK ANAK has a sub kegiatan but no kegiatan row."""
    placeholders = [(p["nama"], k) for p in programs for k in p.get("kegiatan", []) if k.get("raw") is None]
    assert len(placeholders) == 1
    program_name, kegiatan = placeholders[0]
    assert program_name == "PROGRAM PEMENUHAN HAK ANAK"
    assert kegiatan["kode"] == "" and kegiatan["nama"] is None
    assert set(kegiatan) == {"kode", "nama", "sub_kegiatan"}
    assert [s["kode"] for s in kegiatan["sub_kegiatan"]] == ["2\t0\t0\t2.01\t01"]


def test_seed_has_no_kegiatan_row_between_program_and_sub_kegiatan(rows):
    numbers = [n for n, text in rows if "PROGRAM PEMENUHAN HAK ANAK" in text]
    assert len(numbers) == 1
    following = next(parse(text) for n, text in rows if n > numbers[0])
    assert following["level"] == "sub_kegiatan"


# --- (c) counts and pagu -------------------------------------------------------------------------------------


def test_counts_counted_by_hand(programs):
    assert len(programs) == HAND_PROGRAMS
    assert [len(p["kegiatan"]) for p in programs] == HAND_KEGIATAN_PER_PROGRAM
    assert [sum(len(k["sub_kegiatan"]) for k in p["kegiatan"]) for p in programs] == HAND_SUB_PER_PROGRAM
    levels = [level for level, _ in walk(programs)]
    assert levels.count("kegiatan") == HAND_KEGIATAN
    assert levels.count("sub_kegiatan") == HAND_SUB_KEGIATAN
    code_only = [n for level, n in walk(programs) if level == "sub_kegiatan" and n.get("nama") is None]
    assert len(code_only) == 3


def test_counts_match_the_seed_rows(rows, seed_sub_rows, programs):
    levels = [parse(text)["level"] for _, text in rows]
    assert levels.count("program") == HAND_PROGRAMS
    assert levels.count("kegiatan") == HAND_KEGIATAN - 1  # the placeholder has no row
    assert len(seed_sub_rows) == HAND_SUB_KEGIATAN


def test_sub_kegiatan_pagu_equal_the_seed_column_6_and_10(seed_sub_rows, programs):
    subs = [node for level, node in walk(programs) if level == "sub_kegiatan"]
    assert [node.get("pagu_n") for node in subs] == [row["pagu_n"] for _, row in seed_sub_rows]
    assert [node.get("pagu_n1") for node in subs] == [row["pagu_n1"] for _, row in seed_sub_rows]
    assert subs[3]["pagu_n"] == "385.677.840"  # a value written out, in case both lists go empty


def test_program_and_kegiatan_stated_pagu_equal_the_seed(rows, programs):
    seed = [(row["pagu_n"], row["pagu_n1"]) for row in (parse(t) for _, t in rows)
            if row["level"] in ("program", "kegiatan") and row["layout"] != 10]
    yaml = [(n["stated"]["pagu_n"], n["stated"]["pagu_n1"]) for level, n in walk(programs)
            if level in ("program", "kegiatan") and "stated" in n]
    assert yaml == seed
    # Rows with their own pagu, counted by hand: programs 1136, 1144, 1151, 1156, 1160, 1163, 1173 and
    # kegiatan 1107, 1110, 1119, 1121, 1127, 1137, 1142, 1145, 1149, 1152, 1153, 1157, 1164, 1167, 1174.
    assert len(seed) == 7 + 15


# --- (d) statements ----------------------------------------------------------------------------------------------


def test_every_statement_value_is_in_the_seed(statements, seed_text, seed_lines):
    assert len(statements) == 3 + 10 + 9
    for s in statements:
        if s["value"] is not None:
            assert str(s["value"]) in seed_text, s
        if s.get("raw") is not None:
            assert s["raw"] in seed_lines, s


def test_tc33_statements(statements, table, seed_lines):
    tc33 = of_table(statements, "T-C.33")
    assert [s["key"] for s in tc33] == ["baris_bidang_urusan", "total_pagu_n", "total_pagu_n"]
    header, first, second = tc33
    assert header["context"] == "baris hanya berisi kode"
    assert header["raw"] == table[0][1] and header["code"] == header["raw"].rstrip("\t")
    assert header["value"] is None
    for s in (first, second):
        assert nonempty_cells(s["raw"]) == [s["value"]]
        assert s["raw"].split("\t")[9] == f"<b>{s['value']}</b>"  # column 6 (pagu n)
        assert s["row"]
    assert (first["value"], second["value"]) == ("7.208.972.850", "12.239.200.000")


@pytest.fixture(scope="module")
def bab_iv(seed_lines):
    """The lines of BAB IV up to Tabel 4.1, with the Markdown ** of the PDF conversion removed."""
    start = seed_lines.index("## BAB IV")
    end = seed_lines.index("**Tabel 4.1**  ")
    return [line.replace("**", "") for line in seed_lines[start:end]]


def test_bab_iv_statements(statements, bab_iv):
    bab = of_table(statements, "BAB IV")
    assert sorted(s["key"] for s in bab) == sorted([
        "nama_instansi", "nama_instansi", "jumlah_program", "jumlah_kegiatan", "total_pagu_n", "terbilang",
        "sumber_dana", "jumlah_program_non_urusan", "jumlah_kegiatan_non_urusan", "jumlah_sub_kegiatan_non_urusan"])
    counted = {
        "jumlah_program": "program",
        "jumlah_kegiatan": "kegiatan",
        "jumlah_program_non_urusan": "program",
        "jumlah_kegiatan_non_urusan": "Kegiatan",
        "jumlah_sub_kegiatan_non_urusan": r"Sub\. Kegiatan",
    }
    for s in bab:
        assert s["context"] in bab_iv, s  # the whole sentence, exactly as in BAB IV (** removed)
        assert s["value"] in s["context"], s
        if s["key"] in counted:  # "5 (lima) program", "1(satu) program", "23 (Dua Puluh Tiga) Sub. Kegiatan"
            pattern = rf"(?<![\d.]){re.escape(s['value'])} ?\([A-Za-z ]+\) {counted[s['key']]}"
            assert re.search(pattern, s["context"]), s
        if s["key"].endswith("_non_urusan"):
            assert "Program Non urusan" in s["context"]
    by_key = {s["key"]: s["value"] for s in bab if s["key"] != "nama_instansi"}
    assert by_key == {
        "jumlah_program": "5", "jumlah_kegiatan": "30", "total_pagu_n": "12.239.200.000",
        "terbilang": "Dua Belas Milyar Dua Ratus Tiga Puluh Sembilan Juta Dua Ratus Ribu Rupiah",
        "sumber_dana": "APBD Kota Jambi", "jumlah_program_non_urusan": "1",
        "jumlah_kegiatan_non_urusan": "7", "jumlah_sub_kegiatan_non_urusan": "23"}
    sentence = next(s["context"] for s in bab if s["key"] == "total_pagu_n")
    assert f"Rp {by_key['total_pagu_n']}" in sentence and f"({by_key['terbilang']})" in sentence
    assert f"dari {by_key['sumber_dana']}," in sentence
    names = [s for s in bab if s["key"] == "nama_instansi"]
    for s in names:
        assert f" {s['value']} " in s["context"]
    assert [bab_iv.index(s["context"]) for s in names] == sorted(bab_iv.index(s["context"]) for s in names)


TABEL_4_1_COLUMNS = {
    "jumlah_program_urusan": 3, "jumlah_kegiatan_urusan": 4, "pagu_urusan": 5,
    "jumlah_program_non_urusan": 6, "jumlah_kegiatan_non_urusan": 7, "pagu_non_urusan": 8,
    "jumlah_program": 9, "jumlah_kegiatan": 10, "total_pagu_n": 11,
}


def test_tabel_4_1_statements(statements, seed_lines):
    start = seed_lines.index("**Tabel 4.1**  ")
    numbering = seed_lines.index("\t".join(str(i) for i in range(1, 12)), start)
    line = seed_lines[numbering + 1]
    cells = line.split("\t")
    assert len(cells) == 11

    cells_stated = of_table(statements, "Tabel 4.1")
    assert [s["key"] for s in cells_stated] == list(TABEL_4_1_COLUMNS)
    for s in cells_stated:
        assert s["raw"] == line
        assert s["value"] == cells[TABEL_4_1_COLUMNS[s["key"]] - 1], s
        assert s["row"] == cells[1]
        assert s["context"].startswith(f"kolom {TABEL_4_1_COLUMNS[s['key']]} ")

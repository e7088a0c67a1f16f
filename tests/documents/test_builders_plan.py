"""The plan tables (renja/documents/builders/plan.py), checked against the data they are built from: the
demo plan (the seed), the clean hand-made plan and small views made by hand."""

from pathlib import Path

import pytest
import yaml
from django.db import transaction

from renja.demo.setup import DATA
from renja.documents.builders import BUILDERS, all_builders, build_tables, plan
from renja.documents.tables import Add, SumOf
from renja.exchange.loader import load_document, load_file
from renja.plans.rollup import renja_totals
from renja.plans.view import (
    IndicatorView,
    Node,
    PlanView,
    RenstraIndicator,
    build_view,
    target,
)

pytestmark = pytest.mark.django_db

CLEAN_PLAN = Path(__file__).resolve().parents[1] / "fixtures" / "exchange" / "clean_plan.yaml"

PLAN_BUILDERS = {
    "T-C.30": ("2.2", 30), "T-C.31": ("2.4", 40), "T-C.32": ("2.5", 50), "Tabel 3.1": ("3.1", 55),
    "Tabel 3.2.1": ("3.2", 56), "Tabel 3.2.2": ("3.2", 57), "Tabel 3.2.3": ("3.2", 58), "T-C.33": ("3.3", 60),
    "Tabel 4": ("IV", 75), "Tabel 4.1": ("IV", 80),
}


def _read(load):
    """A view and the roll-up of the same plan, read inside a transaction that is rolled back."""
    with transaction.atomic():
        renja = load().renja
        result = build_view(renja), renja_totals(renja)
        transaction.set_rollback(True)
    return result


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return _read(lambda: load_file(DATA, replace=True))


@pytest.fixture(scope="module")
def clean(django_db_setup, django_db_blocker):
    document = yaml.safe_load(CLEAN_PLAN.read_text(encoding="utf-8"))
    with django_db_blocker.unblock():
        return _read(lambda: load_document(document, replace=True))


@pytest.fixture(params=["demo", "clean"])
def any_plan(request):
    return request.getfixturevalue(request.param)


def only(view, table_id):
    tables = build_tables(view, only=table_id)
    assert len(tables) == 1
    return tables[0]


def body(table):
    return [(i, r) for i, r in enumerate(table.rows) if r.kind == "body"]


def owners(table, key):
    """The rows that stand for an item of the data (they carry `key`); continuation rows do not."""
    return [(i, r) for i, r in body(table) if key in r.cells]


def lines_of(table, key, start):
    """The values of column `key` on the item row at `start` and on its continuation rows."""
    values = [table.rows[start].value(key)]
    for row in table.rows[start + 1:]:
        if row.kind != "body" or set(row.cells) & {"no", "pagu_n", "kode"}:
            break
        values.append(row.value(key))
    return values


def header_grid(table):
    """Lay the header out as a spreadsheet would (a cell takes the first free place of its row, rowspans
    reserve the places below): every header row is filled exactly, nothing spills over."""
    width, height = len(table.columns), len(table.header)
    taken = [[False] * width for _ in range(height)]
    for r, header_row in enumerate(table.header):
        c = 0
        for cell in header_row:
            while c < width and taken[r][c]:
                c += 1
            assert c + cell.colspan <= width, f"{table.id}: header row {r + 1} is wider than the table"
            assert r + cell.rowspan <= height, f"{table.id}: {cell.text!r} spans below the header"
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    assert not taken[r + dr][c + dc], f"{table.id}: header cells overlap"
                    taken[r + dr][c + dc] = True
            c += cell.colspan
    return taken


# --- every table -------------------------------------------------------------------------------------------


def test_the_plan_builders_are_registered_where_the_document_places_them():
    all_builders()
    for table_id, (section, order) in PLAN_BUILDERS.items():
        registered = BUILDERS[table_id]
        assert (registered.section, registered.order) == (section, order)
        assert registered.title and registered.build.__module__ == plan.__name__


def test_every_table_has_a_complete_header_numbering_title_and_known_cells(any_plan):
    view, _ = any_plan
    for table_id in PLAN_BUILDERS:
        table = only(view, table_id)
        assert table.id == table_id
        assert all(all(row) for row in header_grid(table)), f"{table_id}: a header row has a hole"
        assert table.numbering == [str(i) for i in range(1, len(table.columns) + 1)]
        assert len(set(table.keys)) == len(table.keys)
        assert view.pd_nama in table.title[-1] and str(view.tahun) in " ".join(table.title)
        assert table.title[0].startswith("Tabel ")
        for row in table.rows:
            assert set(row.cells) <= set(table.keys), f"{table_id}: a row has a cell of no column"
        assert table.rows or table.notes, f"{table_id}: an empty table says why"


def test_every_sum_is_the_sum_of_the_rows_it_names(any_plan):
    view, _ = any_plan
    for table in build_tables(view):
        if table.id not in PLAN_BUILDERS:
            continue
        for row in table.rows:
            for key, cell in row.cells.items():
                if isinstance(cell.formula, SumOf):
                    assert all(table.rows[i].kind == "body" for i in cell.formula.rows)
                    assert cell.value == sum(table.rows[i].value(key) or 0 for i in cell.formula.rows)
                elif isinstance(cell.formula, Add):
                    assert cell.value == sum(row.value(k) for k in cell.formula.columns)


# --- T-C.33 ------------------------------------------------------------------------------------------------


def test_tc33_has_one_row_per_node_in_plan_order(any_plan):
    view, _ = any_plan
    table = only(view, "T-C.33")
    nodes = list(view.nodes())
    rows = owners(table, "pagu_n")
    assert len(rows) == len(nodes)
    for node, (_, row) in zip(nodes, rows, strict=True):
        assert row.value("kode") == (node.code or "")
        assert row.value("uraian") == node.nama.strip()
        assert row.level == plan.LEVEL[node.level]
        assert row.bold == (node.level != "sub_kegiatan")
        assert row.value("lokasi") == node.lokasi.strip() and row.value("sumber_dana") == node.sumber_dana.strip()


def test_tc33_shows_every_indicator_of_a_node_on_its_own_line(any_plan):
    view, _ = any_plan
    table = only(view, "T-C.33")
    for node, (at, _) in zip(view.nodes(), owners(table, "pagu_n"), strict=True):
        expected = [i.uraian.strip() for i in node.indicators] or [None]
        assert lines_of(table, "indikator", at) == expected
        if node.indicators:
            assert lines_of(table, "target_n", at) == [i.target_n.teks.strip() for i in node.indicators]
            assert lines_of(table, "target_n1", at) == [i.target_n1.teks.strip() for i in node.indicators]


def test_tc33_sub_kegiatan_money_is_as_entered_and_every_sum_above_is_a_formula_over_its_subs(any_plan):
    view, _ = any_plan
    table = only(view, "T-C.33")
    row_of = {id(node): at for node, (at, _) in zip(view.nodes(), owners(table, "pagu_n"), strict=True)}
    for node in view.nodes():
        row = table.rows[row_of[id(node)]]
        for key in ("pagu_n", "pagu_n1"):
            cell = row.cells[key]
            if node.level == "sub_kegiatan":
                assert cell.value == getattr(node, key) and cell.formula is None
            elif node.subs():
                assert cell.formula == SumOf(tuple(row_of[id(s)] for s in node.subs()))
                assert cell.value == node.total(key)
            else:
                assert cell.value is None and cell.formula is None and row.note


def test_tc33_total_is_the_sum_of_the_programs_and_equals_the_plan_total(any_plan):
    view, _ = any_plan
    table = only(view, "T-C.33")
    total = table.rows[-1]
    assert total.kind == "total" and total.value("uraian") == "TOTAL"
    programs = tuple(at for node, (at, _) in zip(view.nodes(), owners(table, "pagu_n"), strict=True)
                     if node.level == "program")
    assert total.cells["pagu_n"].formula == SumOf(programs)
    assert (total.value("pagu_n"), total.value("pagu_n1")) == (view.total_n, view.total_n1)


def test_tc33_demo_keeps_unreadable_codes_as_written(demo):
    view, _ = demo
    table = only(view, "T-C.33")
    unreadable = [n for n in view.nodes() if not n.kode and n.kode_asli.strip()]
    assert unreadable, "the seed has codes that cannot be read"
    codes = [r.value("kode") for _, r in owners(table, "pagu_n")]
    for node in unreadable:
        assert " ".join(node.kode_asli.split()) in codes


def test_tc33_headers_name_the_years(demo):
    view, _ = demo
    texts = [c.text for row in only(view, "T-C.33").header for c in row]
    assert f"Rencana Tahun {view.tahun}" in texts
    assert f"Prakiraan Maju Rencana Tahun {view.tahun + 1}" in texts


# --- Tabel 4.1 ---------------------------------------------------------------------------------------------


def test_tabel41_figures_are_those_of_the_rollup(any_plan):
    view, (_, urusan, non_urusan, whole) = any_plan
    rows = only(view, "Tabel 4.1").rows
    assert len(rows) == 1
    row = rows[0]
    assert row.value("bagian") == view.pd_nama
    for prefix, totals in (("urusan", urusan), ("non_urusan", non_urusan), ("semua", whole)):
        assert row.value(f"{prefix}_program") == totals.jumlah_program
        assert row.value(f"{prefix}_kegiatan") == totals.jumlah_kegiatan
        assert row.value(f"{prefix}_pagu") == totals.pagu_n
    assert row.cells["semua_pagu"].formula == Add(("urusan_pagu", "non_urusan_pagu"))
    assert row.value("semua_pagu") == view.total_n


# --- T-C.31, T-C.32 ----------------------------------------------------------------------------------------


def test_tc31_rows_are_the_review_rows(demo):
    view, _ = demo
    table = only(view, "T-C.31")
    rows = owners(table, "no")
    assert len(rows) == len(view.review)
    for review, (at, row) in zip(view.review, rows, strict=True):
        assert row.value("no") == review.nomor
        assert (row.value("r_nama"), row.value("k_nama")) == (review.rancangan.nama, review.kebutuhan.nama)
        assert (row.value("r_pagu"), row.value("k_pagu")) == (review.rancangan.pagu, review.kebutuhan.pagu)
        assert row.bold == (review.tingkat == "program")
        for side, prefix in (("rancangan", "r"), ("kebutuhan", "k")):
            indicators = [plan.text(i.get("uraian")) for i in getattr(review, side).indikator]
            written = [v for v in lines_of(table, f"{prefix}_indikator", at) if v is not None]
            assert written == indicators


def test_tc31_total_adds_the_program_rows(demo):
    view, _ = demo
    table = only(view, "T-C.31")
    total = table.rows[-1]
    assert total.kind == "total"
    programs = [r for r in view.review if r.tingkat == "program"]
    assert programs
    assert total.value("r_pagu") == sum(r.rancangan.pagu or 0 for r in programs)
    assert total.value("k_pagu") == sum(r.kebutuhan.pagu or 0 for r in programs)
    assert all(table.rows[i].bold for i in total.cells["k_pagu"].formula.rows)


def test_tc32_rows_are_the_proposals(demo):
    view, _ = demo
    table = only(view, "T-C.32")
    rows = owners(table, "no")
    assert len(rows) == len(view.proposals)
    for proposal, (at, row) in zip(view.proposals, rows, strict=True):
        assert row.value("nama") == proposal["nama"]
        assert [v for v in lines_of(table, "indikator", at) if v is not None] == [
            plan.text(i.get("uraian")) for i in proposal["indikator"]]


def test_tables_without_data_say_so(clean):
    view, _ = clean
    for table_id in ("T-C.31", "T-C.32", "T-C.30", "Tabel 3.1", "Tabel 4"):
        table = only(view, table_id)
        assert not table.rows and table.notes


# --- T-C.30 ------------------------------------------------------------------------------------------------


def test_tc30_has_a_column_per_year_of_the_data_and_its_values(demo):
    view, _ = demo
    table = only(view, "T-C.30")
    for key in ("target", "realisasi", "proyeksi"):
        years = sorted({int(y) for row in view.service_indicators for y in row[key]})
        assert [c.key for c in table.columns if c.key.startswith(key + "_")] == [f"{key}_{y}" for y in years]
    rows = [r for r in table.rows if r.kind == "body"]
    assert len(rows) == len(view.service_indicators)
    for entry, row in zip(view.service_indicators, rows, strict=True):
        assert row.value("indikator") == entry["uraian"]
        for key in ("target", "realisasi", "proyeksi"):
            for year, value in entry[key].items():
                assert row.value(f"{key}_{year}") == (value or "")
    groups = [r.value("no") for r in table.rows if r.kind == "section"]
    assert groups == list(dict.fromkeys(e["kelompok"] for e in view.service_indicators))


# --- BAB III and IV ----------------------------------------------------------------------------------------


def test_tabel31_rows_are_the_priorities(demo):
    view, _ = demo
    table = only(view, "Tabel 3.1")
    rows = owners(table, "no")
    assert len(rows) == len(view.priorities)
    for entry, (at, row) in zip(view.priorities, rows, strict=True):
        assert row.value("prioritas") == entry["prioritas"]
        for key, column in (("indikator_sasaran_daerah", "indikator_daerah"), ("indikator_sasaran_pd",
                                                                               "indikator_pd")):
            assert [v for v in lines_of(table, column, at) if v is not None] == entry[key]


def test_tabel4_lists_program_kegiatan_and_sub_kegiatan_under_each_sasaran(demo):
    view, _ = demo
    table = only(view, "Tabel 4")
    rows = owners(table, "no")
    assert len(rows) == len(view.targets_programs)
    for entry, (at, row) in zip(view.targets_programs, rows, strict=True):
        assert row.value("sasaran") == entry["sasaran"]
        assert lines_of(table, "uraian", at) == [entry["program"], *entry["kegiatan"], *entry["sub_kegiatan"]]


@pytest.mark.parametrize("table_id,jenis", [("Tabel 3.2.1", "tujuan"), ("Tabel 3.2.2", "sasaran"),
                                            ("Tabel 3.2.3", "iku")])
def test_renstra_tables_show_each_indicator_with_its_target_of_the_year(any_plan, table_id, jenis):
    view, _ = any_plan
    table = only(view, table_id)
    indicators = [i for i in view.renstra if i.jenis == jenis]
    assert indicators
    assert len(table.rows) == len(indicators)

    def shown(i):
        written = i.targets.get(view.tahun)
        return i.uraian, written.teks if written else ""

    assert sorted((r.value("indikator"), r.value("target")) for r in table.rows) == sorted(map(shown, indicators))
    if jenis == "iku":
        assert [r.value("indikator") for r in table.rows] == [i.uraian for i in indicators]
        assert [r.value("no") for r in table.rows] == [i.nomor for i in indicators]


@pytest.mark.parametrize("table_id,jenis", [("Tabel 3.2.1", "tujuan"), ("Tabel 3.2.2", "sasaran")])
def test_renstra_indicators_stand_under_their_owner_numbered_once(any_plan, table_id, jenis):
    view, _ = any_plan
    table = only(view, table_id)
    owner_of, current, seen = {}, None, []
    for i in view.renstra:
        if i.jenis == jenis:
            owner_of.setdefault(i.uraian, set()).add(i.owner)
    for row in table.rows:
        if "no" in row.cells:
            current = row.value("no")
            seen.append(current)
        assert current in owner_of[row.value("indikator")]
    owners_of_data = {i.owner for i in view.renstra if i.jenis == jenis}
    assert sorted(seen) == sorted(owners_of_data) and seen == sorted(seen, key=int)


def test_renstra_demo_sasaran_2_keeps_both_its_indicators_together(demo):
    view, _ = demo
    table = only(view, "Tabel 3.2.2")
    numbers = [r.value("no") if "no" in r.cells else "…" for r in table.rows]
    assert numbers == ["1", "2", "…", "3", "4", "5"]


# --- views made by hand ------------------------------------------------------------------------------------


def hand_view():
    view = PlanView(pd_nama="Dinas Kesehatan", pemda_nama="Kota Contoh", tahun=2025)
    program = Node("program", kode="1.02.02", nama="PROGRAM PEMENUHAN UPAYA KESEHATAN")
    empty = Node("kegiatan", kode="1.02.02.2.01", nama="Kegiatan tanpa sub kegiatan", parent=program)
    kegiatan = Node("kegiatan", kode_asli="1 02 02\t2 0x", nama="Kegiatan dengan kode rusak", parent=program)
    sub = Node("sub_kegiatan", kode="1.02.02.2.02.0001", nama="Sub", parent=kegiatan, pagu_n_teks="1.2.3 Juta",
               pagu_n1=5, pagu_n1_teks="5",
               indicators=[IndicatorView("Jumlah A", target_n=target("3 Dokumen")), IndicatorView("Jumlah B")])
    kegiatan.children = [sub]
    program.children = [empty, kegiatan]
    view.programs = [program]
    view.renstra = [RenstraIndicator("tujuan", "Indikator", owner="1", targets={2024: target("9")})]
    return view


def test_hand_made_view_edge_cases():
    view = hand_view()
    table = plan.tc33_table(view)
    assert table.title[-1] == "Dinas Kesehatan Kota Contoh"
    program, empty, kegiatan, sub, second_line, total = table.rows
    assert empty.value("pagu_n") is None and "sub kegiatan" in empty.note
    assert kegiatan.value("kode") == "1 02 02 2 0x"
    assert sub.value("pagu_n") is None and sub.note == 'Pagu tahun n tertulis "1.2.3 Juta" tidak terbaca.'
    assert (sub.value("indikator"), sub.value("target_n")) == ("Jumlah A", "3 Dokumen")
    assert (second_line.value("indikator"), second_line.value("target_n")) == ("Jumlah B", "")
    assert "pagu_n" not in second_line.cells
    assert kegiatan.cells["pagu_n"].formula == SumOf((3,)) and kegiatan.value("pagu_n") == 0
    assert program.value("pagu_n1") == 5 and total.value("pagu_n1") == 5
    assert plan.owner_table(view, "tujuan", "Tabel 3.2.1", "Tujuan").rows[0].value("target") == ""

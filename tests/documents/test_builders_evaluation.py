"""BAB II builders: the evaluation tables, spending by account, T-C.29 and the findings appendix."""

from decimal import Decimal

import pytest

from renja.core.numbers import clean_cell, is_blank
from renja.documents.builders import BUILDERS, all_builders, build_tables
from renja.documents.builders import evaluation as ev
from renja.documents.tables import (
    MONEY,
    PERCENT,
    Add,
    InverseRatio,
    Latest,
    Ratio,
    SumOf,
    WeightedMean,
)
from renja.monitoring import measures
from renja.plans.view import (
    EvaluationTable,
    EvaluationView,
    IndicatorView,
    Node,
    PlanView,
    RealisationRow,
    RenstraIndicator,
    SpendingRow,
)
from renja.rules import engine
from renja.rules.engine import run

pytestmark = pytest.mark.django_db



@pytest.fixture(scope="session")
def demo_tables(demo_view):
    return {t.id: t for t in ev.build_evaluation_tables(demo_view)}


def _body(table):
    return [r for r in table.rows if r.kind == "body"]


def _total(table):
    totals = [r for r in table.rows if r.kind == "total"]
    assert len(totals) <= 1
    return totals[0] if totals else None


def _text(value):
    return " ".join(clean_cell(value).split())


def _expected_cell(row, key, kind):
    """What the builder must show for a data cell: the value read, else the text as written, else nothing."""
    if key in ("nomor", "uraian", "indikator"):
        return _text(getattr(row, key) or "")
    if key == "target":
        if kind == PERCENT and row.target is not None:
            return row.target
        return _text(row.target_teks) or None
    value, text = getattr(row, key), getattr(row, f"{key}_teks")
    if value is not None:
        return value
    return None if is_blank(text) else _text(text)


# --- registration ---------------------------------------------------------------------------------------


def test_builders_are_registered_where_the_document_places_them():
    all_builders()
    expected = {"BAB II": ("2.1", 10), "Belanja": ("2.1", 15), "T-C.29": ("2.1", 20), "Temuan": ("lampiran", 1000)}
    for builder_id, (section, order) in expected.items():
        assert (BUILDERS[builder_id].section, BUILDERS[builder_id].order) == (section, order)


# --- BAB II: evaluation tables ----------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["demo_view", "clean_view"])
def test_every_evaluation_table_becomes_a_table_with_its_rows_and_values(request, which):
    view = request.getfixturevalue(which)
    tables = {t.id: t for t in ev.build_evaluation_tables(view)}
    evaluation_tables = [t for e in view.evaluations for t in e.tables]
    assert evaluation_tables
    assert len(tables) == len(evaluation_tables)
    for source in evaluation_tables:
        table = tables[f"BAB II {source.id}"]
        body = _body(table)
        assert len(body) == len(source.rows), source.id
        kinds = {c.key: c.kind for c in table.columns}
        for row, data in zip(body, source.rows, strict=True):
            for key, kind in kinds.items():
                assert row.value(key) == _expected_cell(data, key, kind), (source.id, key, data.uraian)
                assert not row.cells[key].computed
        assert table.numbering == [str(i) for i in range(1, len(table.columns) + 1)]


def test_the_columns_are_those_each_table_uses(demo_tables):
    summary = demo_tables["BAB II 2.1-ringkasan"]
    assert summary.keys == ["nomor", "uraian", "indikator", "alokasi", "target", "fisik", "keuangan"]
    assert [[(h.text, h.colspan, h.rowspan) for h in line] for line in summary.header] == [
        [("No", 1, 2), ("Kegiatan", 1, 2), ("Hasil yang dicapai", 1, 2), ("Alokasi Dana", 1, 2), ("Target %", 1, 2),
         ("Realisasi", 2, 1)],
        [("Fisik %", 1, 1), ("Keu %", 1, 1)],
    ]
    assert summary.column("alokasi").kind == MONEY and summary.column("fisik").kind == PERCENT
    tabel2 = demo_tables["BAB II Tabel 2"]
    assert tabel2.keys == ["nomor", "uraian", "alokasi", "realisasi", "target", "persen"]
    assert [h.text for h in tabel2.header[0]] == [
        "No", "Program / Kegiatan", "Alokasi Dana", "Realisasi Capaian Dana", "Target %", "Realisasi %"]
    tabel4 = demo_tables["BAB II Tabel 4"]
    assert tabel4.keys == ["nomor", "uraian", "indikator", "target", "alokasi"]
    assert tabel4.column("target").kind == "text"
    assert _body(tabel4)[0].value("target") == "9 kegiatan"
    tabel5 = demo_tables["BAB II Tabel 5"]
    assert tabel5.keys == ["nomor", "uraian", "indikator", "target", "alokasi", "realisasi", "persen"]
    tabel6 = demo_tables["BAB II Tabel 6"]
    assert tabel6.keys == ["nomor", "uraian", "indikator", "target", "persen"]
    assert tabel6.column("target").kind == PERCENT


def _weighted(rows, key):
    """The pagu-weighted mean the way the test reads the rule: rows with a readable alokasi and a readable or
    blank value (blank = 0)."""
    pairs, values = [], 0
    for r in rows:
        value = r.target if key == "target" else getattr(r, key)
        text = r.target_teks if key == "target" else getattr(r, f"{key}_teks")
        if (value is None and not is_blank(text)) or r.alokasi is None:
            continue
        values += value is not None
        pairs.append((value if value is not None else Decimal(0), r.alokasi))
    return measures.weighted_mean(pairs) if values else None


@pytest.mark.parametrize("which", ["demo_view", "clean_view"])
def test_totals_are_sums_of_the_readable_rows_and_percentages_their_weighted_mean(request, which):
    view = request.getfixturevalue(which)
    tables = {t.id: t for t in ev.build_evaluation_tables(view)}
    checked = 0
    for source in (t for e in view.evaluations for t in e.tables):
        table = tables[f"BAB II {source.id}"]
        total = _total(table)
        if "alokasi" not in table.keys and "realisasi" not in table.keys:
            assert total is None
            continue
        assert total is not None and total.bold
        assert table.rows[-1] is total
        for key in ("alokasi", "realisasi"):
            if key not in table.keys:
                continue
            readable = [i for i, r in enumerate(source.rows) if getattr(r, key) is not None]
            cell = total.cells[key]
            if not readable:
                assert cell.value is None
                continue
            assert cell.formula == SumOf(tuple(readable))
            assert cell.value == sum(getattr(source.rows[i], key) for i in readable)
            unreadable = [r for r in source.rows if getattr(r, key) is None and not is_blank(getattr(r, f"{key}_teks"))]
            for r in unreadable:
                assert any(_text(getattr(r, f"{key}_teks")) in note for note in table.notes)
        for key in ("target", "fisik", "keuangan", "persen"):
            if key not in table.keys or table.column(key).kind != PERCENT or "alokasi" not in table.keys:
                continue
            cell = total.cells[key]
            expected = _weighted(source.rows, key)
            if expected is None:
                assert cell.value is None and not cell.computed
                continue
            checked += 1
            assert isinstance(cell.formula, WeightedMean)
            assert (cell.formula.values, cell.formula.weights) == (key, "alokasi")
            assert cell.value == expected, (source.id, key)
            pairs = [(table.rows[i].value(key) or Decimal(0), table.rows[i].value("alokasi"))
                     for i in cell.formula.rows]
            assert cell.value == measures.weighted_mean(pairs)
    assert checked


def test_demo_totals(demo_tables):
    summary = _total(demo_tables["BAB II 2.1-ringkasan"])
    # 19 kegiatan; the document's stated 10.922.004.616 is a statement for the checker, not copied here.
    assert summary.value("alokasi") == 10_921_753_816
    fisik = summary.cells["fisik"]
    assert fisik.formula == WeightedMean("fisik", "alokasi", tuple(range(19)))
    assert measures.round_percent(fisik.value) == Decimal("6.06")
    assert fisik.value != sum(r.value("fisik") for r in _body(demo_tables["BAB II 2.1-ringkasan"]))
    # Tabel 4 writes four of its five amounts unreadably: they print as written and stay out of the sum.
    tabel4 = demo_tables["BAB II Tabel 4"]
    assert _body(tabel4)[0].value("alokasi") == "2.422.223.486,00. -"
    assert _total(tabel4).value("alokasi") == 70_880_000
    assert any("4 nilai tidak terbaca" in note for note in tabel4.notes)
    # Tabel 2 row 8 has two amounts in one cell: out of the alokasi sum and of the weighted mean.
    tabel2 = demo_tables["BAB II Tabel 2"]
    total = _total(tabel2)
    assert total.value("realisasi") == 212_931_704
    assert 7 not in total.cells["persen"].formula.rows
    # A table whose only amount is unreadable has an empty Total.
    assert _total(demo_tables["BAB II 2.1-pka-a-pencegahan-kekerasan-anak"]).value("alokasi") is None


def test_sheet_names_are_short_and_unique(demo_view):
    tables = build_tables(demo_view)
    names = [t.sheet_name or t.id for t in tables]
    assert all(0 < len(name) <= 31 for name in names)
    assert len({n.casefold() for n in names}) == len(names)
    mine = [t for t in tables if t.id.startswith("BAB II")]
    assert len({t.id for t in mine}) == len(mine)


def test_sheet_names_helper_shortens_and_deduplicates():
    names = ev._sheet_names(["2.1-lama-5-pemberdayaan-kelembagaan-masyarakat",
                             "2.1-lama-5-pemberdayaan-kelembagaan-masyarakat-lain", "a/b:c"], prefix="II ")
    assert names[0] == "II 2.1-lama-5-pemberdayaan-kele"
    assert names[1] == "II 2.1-lama-5-pemberdayaan- (2)"
    assert names[2] == "II a-b-c"
    assert all(len(n) <= 31 for n in names)


def _hand_view(rows, table_id="ringkasan", tc29=None, spending=None, renstra=None, programs=None):
    evaluation = EvaluationView(tahun=2024, tables=[EvaluationTable(id=table_id, judul="Uji", rows=rows)],
                                tc29=tc29 or [], spending=spending or [])
    return PlanView(pd_nama="Dinas Uji", tahun=2025, evaluations=[evaluation], renstra=renstra or [],
                    programs=programs or [])


def test_weighted_mean_leaves_out_unreadable_rows_and_counts_blanks_as_zero():
    rows = [
        RealisationRow(nomor="1", uraian="A", alokasi=100, alokasi_teks="100", fisik=Decimal(50), fisik_teks="50"),
        RealisationRow(nomor="2", uraian="B", alokasi=300, alokasi_teks="300", fisik=None, fisik_teks=""),
        RealisationRow(nomor="3", uraian="C", alokasi=None, alokasi_teks="1.2.3", fisik=Decimal(90), fisik_teks="90"),
        RealisationRow(nomor="4", uraian="D", alokasi=600, alokasi_teks="600", fisik=None, fisik_teks="5O"),
    ]
    (table,) = ev.build_evaluation_tables(_hand_view(rows))
    total = _total(table)
    assert total.value("alokasi") == 1000
    assert total.cells["alokasi"].formula == SumOf((0, 1, 3))
    assert total.cells["fisik"].formula == WeightedMean("fisik", "alokasi", (0, 1))
    assert total.value("fisik") == Decimal("12.5")  # (50 × 100 + 0 × 300) / 400, never 50 + 90
    assert _body(table)[2].value("alokasi") == "1.2.3"
    assert _body(table)[3].value("fisik") == "5O"
    assert any("1.2.3" in note for note in table.notes)
    assert any("3 C" in note and "4 D" in note for note in table.notes)
    assert any("dihitung 0" in note for note in table.notes)


def test_quarterly_rows_get_no_total():
    rows = [RealisationRow(uraian="A", alokasi=100, alokasi_teks="100", triwulan=q) for q in (1, 2)]
    (table,) = ev.build_evaluation_tables(_hand_view(rows))
    assert _total(table) is None
    assert "triwulan" in table.keys


def test_several_evaluations_keep_their_ids_apart():
    rows = [RealisationRow(uraian="A", alokasi=100, alokasi_teks="100")]
    view = PlanView(pd_nama="Dinas Uji", tahun=2025, evaluations=[
        EvaluationView(tahun=2024, tables=[EvaluationTable(id="Tabel 2", rows=rows)]),
        EvaluationView(tahun=2023, tables=[EvaluationTable(id="Tabel 2", rows=rows)]),
    ])
    tables = ev.build_evaluation_tables(view)
    assert [t.id for t in tables] == ["BAB II 2024 Tabel 2", "BAB II 2023 Tabel 2"]
    assert len({t.sheet_name for t in tables}) == 2


# --- Belanja ----------------------------------------------------------------------------------------------


def test_spending_tables_group_accounts_by_code(demo_view):
    tables = {t.id: t for t in ev.build_spending_tables(demo_view)}
    assert set(tables) == {"BAB II Tabel 1", "BAB II Tabel 3"}
    for table in tables.values():
        assert table.keys == ["kode", "uraian", "anggaran", "realisasi", "persen"]
        labels = [r.value("uraian") for r in table.rows]
        assert labels[0] == "BELANJA" and table.rows[0].kind == "section"
        assert labels[-1] == "TOTAL BELANJA"
        accounts = [i for i, r in enumerate(table.rows) if r.level == 1]
        assert len(accounts) == 4
        operasi = table.rows[labels.index("BELANJA OPERASI")]
        modal = table.rows[labels.index("BELANJA MODAL")]
        total = table.rows[-1]
        # 5.1.01 Belanja Pegawai is written "3,458.571.116": unreadable, shown as written, out of the sums.
        pegawai = table.rows[accounts[0]]
        assert pegawai.value("anggaran") == "3,458.571.116" and pegawai.value("persen") is None
        assert operasi.value("anggaran") == 7_176_909_883 + 126_000_000
        assert operasi.cells["anggaran"].formula == SumOf((accounts[1], accounts[2]))
        assert operasi.value("realisasi") == 246_646_704
        assert operasi.cells["realisasi"].formula == SumOf(tuple(accounts[:3]))
        assert modal.value("anggaran") == 159_923_500
        assert total.value("anggaran") == 7_176_909_883 + 126_000_000 + 159_923_500
        assert total.cells["anggaran"].formula == SumOf(tuple(accounts[1:]))
        assert total.cells["persen"].formula == Ratio("realisasi", "anggaran")
        assert total.value("persen") == measures.realisation_percent(246_646_704, total.value("anggaran"))
        barang = table.rows[accounts[1]]
        assert barang.cells["persen"].formula == Ratio("realisasi", "anggaran")
        assert barang.value("persen") == measures.realisation_percent(246_646_704, 7_176_909_883)
        assert any("3,458.571.116" in note for note in table.notes)
    # Tabel 3 writes no codes: its accounts are grouped by the codes Tabel 1 gives the same names.
    tabel3 = tables["BAB II Tabel 3"]
    assert all(not r.value("kode") for r in tabel3.rows)


def test_spending_without_codes_is_grouped_by_name():
    spending = [
        SpendingRow(tabel="Tabel X", uraian="Belanja Pegawai", anggaran=100, anggaran_teks="100", realisasi=50,
                    realisasi_teks="50"),
        SpendingRow(tabel="Tabel X", uraian="Belanja Modal Gedung", anggaran=200, anggaran_teks="200", realisasi=0,
                    realisasi_teks="0"),
        SpendingRow(tabel="Tabel X", uraian="Lain-lain", anggaran=10, anggaran_teks="10"),
    ]
    (table,) = ev.build_spending_tables(_hand_view([], spending=spending))
    labels = [r.value("uraian") for r in table.rows]
    assert labels == ["BELANJA", "BELANJA OPERASI", "Belanja Pegawai", "BELANJA MODAL", "Belanja Modal Gedung",
                      "Lain-lain", "TOTAL BELANJA"]
    assert table.rows[-1].value("anggaran") == 310
    assert table.rows[-1].value("realisasi") == 50
    assert table.rows[1].value("persen") == Decimal(50)


def test_clean_spending(clean_view):
    (table,) = ev.build_spending_tables(clean_view)
    total = table.rows[-1]
    assert (total.value("anggaran"), total.value("realisasi")) == (350_000_000, 340_000_000)


# --- T-C.29 -----------------------------------------------------------------------------------------------


def _tc29(indikator, kolom, uraian="Uraian", kode="2.08.02.2.01", **view_parts):
    view = _hand_view([], tc29=[{"kode": kode, "kode_asli": kode, "uraian": uraian, "indikator": indikator,
                                 "kolom": kolom}], **view_parts)
    (table,) = ev.build_tc29(view)
    (row,) = table.rows
    return row


def test_tc29_layout(demo_view):
    (table,) = ev.build_tc29(demo_view)
    assert table.id == "T-C.29"
    assert len(table.rows) == len(demo_view.evaluations[0].tc29)
    assert table.numbering == ["1", "2", "3", "4", "5", "6", "7", "8=(7/6)", "9", "10=(5+7+9)", "11=(10/4)", "12"]
    assert len(table.columns) == 12
    top, bottom = table.header
    assert sum(h.colspan for h in top) == 12
    assert [h.colspan for h in top if h.colspan > 1] == [3, 2]
    assert len(bottom) == 5
    assert "2021" in table.title[0]


def test_tc29_cumulative_indicator_adds_up():
    row = _tc29("Jumlah Dokumen Perencanaan", {"4": "10 Dokumen", "5": "2 Dokumen", "6": "3 Dokumen",
                                                  "7": "3 Dokumen", "9": "3 Dokumen"})
    assert row.value("indikator") == "Jumlah Dokumen Perencanaan (Dokumen)"
    assert row.value("target_renstra") == 10
    assert row.cells["tingkat_realisasi"].formula == Ratio("realisasi_n2", "target_n2")
    assert row.value("tingkat_realisasi") == 100
    assert row.cells["realisasi_n1"].formula == Add(("realisasi_n3", "realisasi_n2", "target_n1"))
    assert row.value("realisasi_n1") == 8
    assert row.cells["tingkat_capaian"].formula == Ratio("realisasi_n1", "target_renstra")
    assert row.value("tingkat_capaian") == 80
    assert row.value("catatan") is None and row.note == ""


def test_tc29_count_unit_makes_an_indicator_cumulative():
    row = _tc29("Terlaksananya rapat koordinasi", {"4": "12 Kali", "5": "4 kali", "9": "4 Kali"})
    assert row.value("realisasi_n1") == 8 and isinstance(row.cells["realisasi_n1"].formula, Add)


def test_tc29_level_indicator_takes_the_latest_value_and_is_marked():
    row = _tc29("Persentase Cakupan Layanan", {"4": "80%", "5": "60%", "6": "70", "7": "65 %", "9": "75%",
                                                "12": "Bidang PPA"})
    assert row.value("tingkat_realisasi") == Decimal(65) * 100 / Decimal(70)
    assert row.cells["realisasi_n1"].formula == Latest(("realisasi_n3", "realisasi_n2", "target_n1"))
    assert row.value("realisasi_n1") == 75
    assert row.value("tingkat_capaian") == Decimal("93.75")
    assert row.value("catatan") == "Bidang PPA; perlu penjelasan: indikator bukan kumulatif"
    assert "bukan kumulatif" in row.note


def test_tc29_lower_is_better_by_wording():
    row = _tc29("Rasio kekerasan terhadap anak", {"4": "0,02", "6": "0,03", "7": "0,025", "9": "0,022"})
    assert row.cells["tingkat_realisasi"].formula == InverseRatio("realisasi_n2", "target_n2")
    assert row.value("tingkat_realisasi") == measures.capaian(Decimal("0.025"), Decimal("0.03"), "negatif")
    assert row.value("realisasi_n1") == Decimal("0.022")  # a ratio is a level: latest value, marked
    assert "perlu penjelasan" in row.value("catatan")
    assert row.cells["tingkat_capaian"].formula == InverseRatio("realisasi_n1", "target_renstra")
    assert row.value("tingkat_capaian") == Decimal(90)
    worse = _tc29("Penurunan kasus kekerasan terhadap perempuan", {"4": "20 Kasus", "10": "45 Kasus"})
    assert worse.value("tingkat_capaian") == 0  # (2T − R)/T is never below 0


def test_tc29_lower_is_better_from_the_renstra():
    renstra = [RenstraIndicator(jenis="sasaran", uraian="Angka Putus Sekolah Anak", polaritas="negatif")]
    row = _tc29("Angka Putus Sekolah Anak", {"4": "10", "10": "8"}, renstra=renstra)
    assert row.value("tingkat_capaian") == Decimal(120)
    program = Node(level="program", nama="P", indicators=[IndicatorView(uraian="Tingkat Stunting",
                                                                        polaritas="negatif")])
    row = _tc29("Tingkat Stunting", {"4": "10 %", "10": "12 %"}, programs=[program])
    assert row.value("tingkat_capaian") == Decimal(80)
    assert ev.polarity("Persentase Kasus Kekerasan Terhadap Perempuan yang dilayani") == "positif"
    assert ev.polarity("Jumlah kasus kekerasan terhadap anak") == "negatif"


def test_tc29_target_zero():
    positive = _tc29("Jumlah Fasilitasi", {"4": "0", "9": "5 Kali"})
    assert positive.value("realisasi_n1") == 5
    assert positive.value("tingkat_capaian") is None
    assert "target 0" in positive.note
    zero = _tc29("Penurunan kasus kekerasan", {"4": "0 Kasus", "10": "0 Kasus"})
    assert zero.value("tingkat_capaian") == 100
    assert zero.cells["tingkat_capaian"].formula == InverseRatio("realisasi_n1", "target_renstra")
    missed = _tc29("Penurunan kasus kekerasan", {"4": "0 Kasus", "10": "3 Kasus"})
    assert missed.value("tingkat_capaian") == 0


def test_tc29_unreadable_or_mixed_units_print_as_written():
    row = _tc29("Jumlah Peningkatan Dasawisma", {"4": "11 Kecamatan 62 Kelurahan", "9": "11 Kecamatan 62 Kelurahan"})
    assert row.value("target_renstra") == "11 Kecamatan 62 Kelurahan"
    assert row.value("realisasi_n1") is None and row.value("tingkat_capaian") is None
    assert "Kolom 10 tidak dihitung" in row.note
    mixed = _tc29("Jumlah Dokumen", {"4": "5 Dokumen", "6": "5 Dokumen", "7": "4 Orang"})
    assert mixed.value("realisasi_n2") == "4 Orang"
    assert not mixed.cells["tingkat_realisasi"].computed
    bare = _tc29("Terwujudnya surat", {"4": "BB", "10": "72.53 B"})
    assert bare.value("target_renstra") == "BB" and bare.value("tingkat_capaian") is None


def test_tc29_row_without_indicator_is_not_computed():
    row = _tc29(None, {"4": "2022", "5": "2019", "6": "2020", "7": "2020", "9": "2021"},
                uraian="PROGRAM PELAYANAN ADMINISTRASI PERKANTORAN", kode="1.22.01")
    assert row.value("target_renstra") == "2022" and row.value("target_n1") == "2021"
    assert not any(cell.computed for cell in row.cells.values())
    assert row.level == 0 and row.bold


def _number(value):
    return value if isinstance(value, Decimal) else None


def test_tc29_demo_rows_with_numbers(demo_view):
    (table,) = ev.build_tc29(demo_view)
    by_indicator = {}
    for row in table.rows:
        by_indicator.setdefault((row.value("indikator") or "").split(" (")[0], row)
    computed = {"Ratio": 0, "InverseRatio": 0, "Add": 0, "Latest": 0}
    for row in table.rows:
        for key in ("tingkat_realisasi", "tingkat_capaian", "realisasi_n1"):
            cell = row.cells[key]
            if not cell.computed:
                continue
            computed[type(cell.formula).__name__] += 1
            f = cell.formula
            if isinstance(f, Ratio):
                assert cell.value == row.value(f.numerator) * 100 / row.value(f.denominator)
            elif isinstance(f, InverseRatio):
                assert cell.value == measures.capaian(row.value(f.realisation), row.value(f.target), "negatif")
            elif isinstance(f, Add):
                assert cell.value == sum(_number(row.value(k)) or 0 for k in f.columns)
            elif isinstance(f, Latest):
                assert cell.value == next(row.value(k) for k in reversed(f.columns) if row.value(k) is not None)
                assert "perlu penjelasan" in row.value("catatan")
    assert all(computed.values()), computed
    rasio = by_indicator["Rasio Penurunan Kekerasan Terhadap Anak"]
    assert rasio.cells["tingkat_capaian"].formula == InverseRatio("realisasi_n1", "target_renstra")
    assert measures.round_percent(rasio.value("tingkat_capaian")) == Decimal("95.17")
    data = by_indicator["Jumlah Data yang Disajikan dan Dimanfaatkan dalam Kelembagaan Data"]
    assert (data.value("target_renstra"), data.value("realisasi_n1")) == (3, 2)
    assert measures.round_percent(data.value("tingkat_capaian")) == Decimal("66.67")
    cakupan = by_indicator["Cakupan Data Gender dan Anak"]
    assert cakupan.value("realisasi_n1") == 20 and isinstance(cakupan.cells["realisasi_n1"].formula, Latest)
    assert cakupan.value("tingkat_capaian") == 80
    assert cakupan.value("catatan") == ev.NOT_CUMULATIVE
    pendampingan = by_indicator["Jumlah Koordinasi dan Sinkronisasi Pendampingan Selama 1 Tahun"]
    assert pendampingan.value("realisasi_n1") == 20 and isinstance(pendampingan.cells["realisasi_n1"].formula, Add)
    assert measures.round_percent(pendampingan.value("tingkat_capaian")) == Decimal("95.24")
    fasilitasi = by_indicator["Fasilitasi Selama Satu Tahun"]
    assert fasilitasi.value("target_renstra") == 0 and fasilitasi.value("tingkat_capaian") is None
    first = table.rows[0]
    assert first.value("target_renstra") == "2022" and not first.cells["tingkat_capaian"].computed


def test_no_evaluation_no_bab_ii_tables(clean_view):
    assert ev.build_tc29(clean_view) == []
    assert ev.build_evaluation_tables(PlanView()) == []
    assert ev.build_spending_tables(PlanView()) == []


# --- Temuan -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["demo_view", "clean_view"])
def test_findings_table_is_what_the_checker_finds(request, which):
    view = request.getfixturevalue(which)
    findings = run(view)
    (table,) = ev.build_findings(view)
    assert table.id == "Temuan" and table.sheet_name == "Temuan"
    assert [h.text for h in table.header[0]] == [
        "Aturan", "Tingkat", "Tabel", "Kode", "Baris", "Pesan", "Seharusnya", "Tertulis"]
    if not findings:
        assert [r.value("pesan") for r in table.rows] == [ev.NO_FINDINGS]
        return
    assert len(table.rows) == len(findings)
    for row, finding in zip(table.rows, findings, strict=True):
        assert (row.value("aturan"), row.value("tabel"), row.value("kode"), row.value("baris"),
                row.value("pesan")) == (finding.rule, finding.table, finding.code, finding.row, finding.message)
        assert row.value("seharusnya") == (engine.shown(finding.expected) or None)
        assert row.value("tertulis") == (engine.shown(finding.found) or None)
    assert f"Jumlah temuan: {len(findings)}" in table.notes[0]


def test_findings_table_without_findings_says_so():
    table = ev.findings_table(PlanView(pd_nama="Dinas Uji", tahun=2025), [])
    assert [r.value("pesan") for r in table.rows] == [ev.NO_FINDINGS]


def test_the_workbook_always_holds_the_findings():
    tables = build_tables(PlanView(pd_nama="Dinas Uji", tahun=2025), only="Temuan")
    assert [t.id for t in tables] == ["Temuan"]


def test_shown_values_are_written_the_indonesian_way():
    assert engine.shown(21_697_001) == "21.697.001"
    assert engine.shown(2021) == "2021"
    assert engine.shown(Decimal("1.39")) == "1,39"
    assert engine.shown(Decimal("0.0207")) == "0,0207"
    assert engine.shown(None) == ""
    assert engine.shown("teks") == "teks"


# --- Tabel 7 and 8 ---------------------------------------------------------------------------------------------


def test_scale_and_categories_are_built_from_the_scale_and_the_indicators(demo_view):
    from renja.documents.builders.evaluation import build_scale_tables
    from renja.monitoring import measures

    scale, counts = build_scale_tables(demo_view)
    evaluation = demo_view.evaluations[0]
    assert [(r.value("skala"), r.value("kategori")) for r in scale.rows] == list(evaluation.scale)
    capaian = [c for _, c in measures.indicator_table(evaluation)[1]]
    body = [r for r in counts.rows if r.kind == "body"]
    assert sum(r.value("jumlah") for r in body) == len(capaian) == counts.rows[-1].value("jumlah")
    by_label = {r.value("kategori"): r.value("jumlah") for r in body}
    for label in by_label:
        if label in dict(evaluation.scale).values():
            assert by_label[label] == sum(1 for c in capaian if measures.category(c, evaluation.scale) == label)


def test_no_scale_no_tables(clean_view):
    from dataclasses import replace

    from renja.documents.builders.evaluation import build_scale_tables

    view = replace(clean_view, evaluations=[replace(e, scale=[]) for e in clean_view.evaluations])
    assert build_scale_tables(view) == []

"""The Renstra matrix as a table: sums by formula, one Target|Rp pair per year, `renja document --table RENSTRA`,
and the round trip: a Renstra workbook loaded, written as XLSX, read back by the Renstra reader into the same
matrix."""

import docx
from openpyxl import load_workbook
from typer.testing import CliRunner

from renja.cli import app
from renja.documents.builders.renstra import renstra_table, renstra_view
from renja.documents.tables import Add, SumOf
from renja.exchange.loader import load_document
from renja.exchange.workbook import read_workbook
from renja.organizations.models import Pemda, PerangkatDaerah
from renja.plans.models import Renstra
from tests.exchange.test_workbook_renstra import build, sample

runner = CliRunner()


def loaded(tmp_path, rows=None):
    pemda = Pemda.objects.create(kode="99.01", nama="Kota Contoh", jenis="kota")
    pd = PerangkatDaerah.objects.create(pemda=pemda, kode="2.08.0.00.0.00.01.0000", nama="Dinas P3A Kota Contoh",
                                        singkatan="DP3A")
    reading = read_workbook(build(tmp_path / "renstra.xlsx", rows or sample()), pd=pd)
    load_document(reading.document)
    return Renstra.objects.get(perangkat_daerah=pd), reading


def row_of(table, kode):
    return next(r for r in table.rows if r.value("kode") == kode)


def test_program_and_kegiatan_pagu_are_sums_of_their_children(tmp_path, db):
    renstra, _ = loaded(tmp_path)
    table = renstra_table(renstra_view(renstra))
    assert [c.key for c in table.columns][4:8] == ["t2019", "rp2019", "t2020", "rp2020"]
    kegiatan, program = row_of(table, "2.08.02.2.01"), row_of(table, "2.08.02")
    # 600.000.000 + 400.000.000 in 2019; 650.000.000 + 450.000.000 in 2020; 700.000.000 alone in 2021
    assert [kegiatan.value(f"rp{y}") for y in (2019, 2020, 2021, 2022)] == [1000000000, 1100000000, 700000000, None]
    assert isinstance(kegiatan.cells["rp2019"].formula, SumOf)
    assert program.value("rp2021") == 700000000 and isinstance(program.cells["rp2021"].formula, SumOf)
    assert program.value("rp_akhir") == 2800000000 and isinstance(program.cells["rp_akhir"].formula, Add)
    # one row per indicator: the program's two, the first sub kegiatan's two
    assert sum(1 for r in table.rows if r.value("indikator")) == 6
    assert len(table.header) == 3 and table.header[1][0].text == "Tahun 2019"


def test_a_stated_total_that_differs_is_noted(tmp_path, db):
    rows = sample()
    rows[0]["rp2019"] = "999.000.000"  # the subs sum to 1.000.000.000
    renstra, _ = loaded(tmp_path, rows)
    table = renstra_table(renstra_view(renstra))
    assert row_of(table, "2.08.02").value("rp2019") == 1000000000
    assert any("999.000.000" in note and "1.000.000.000" in note for note in table.notes)


def _comparable(programs):
    """The matrix with program/kegiatan pagu left out (the table writes their sums) and amounts as numbers."""
    def amount(value):
        return int(str(value).replace(".", "")) if value is not None else None

    def node(item, children_key):
        result = {k: item.get(k) for k in ("kode", "nama", "unit", "lokasi")}
        result["indikator"] = [{k: i.get(k) for k in ("uraian", "kondisi_awal", "kondisi_akhir", "target")}
                               for i in item.get("indikator", [])]
        if children_key is None:
            result["pagu"] = {y: amount(v) for y, v in (item.get("pagu") or {}).items()}
        else:
            nested = "sub_kegiatan" if children_key == "kegiatan" else None
            result[children_key] = [node(child, nested) for child in item.get(children_key, [])]
        return result
    return [node(p, "kegiatan") for p in programs]


def test_round_trip_xlsx_reads_back_into_the_same_matrix(tmp_path, db):
    renstra, reading = loaded(tmp_path)
    output = tmp_path / "keluar.xlsx"
    result = runner.invoke(app, ["document", "--format", "xlsx", "--table", "RENSTRA", "--pd", "DP3A", "-o",
                                 str(output)])
    assert result.exit_code == 0, result.output
    sheet = load_workbook(output)["Renstra"]
    formulas = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)
                and c.value.startswith("=")]
    assert any("SUM" in f for f in formulas)  # live sums
    back = read_workbook(output)
    assert back.layout == "renstra"
    assert (back.document["renstra"]["periode_mulai"], back.document["renstra"]["periode_selesai"]) == (2019, 2023)
    assert _comparable(back.document["renstra"]["program"]) == _comparable(reading.document["renstra"]["program"])
    program = back.document["renstra"]["program"][0]
    assert program["pagu"]["2019"] == 1000000000  # the computed sum, read as the program's stated total


def test_docx_and_unknown_renstra(tmp_path, db):
    result = runner.invoke(app, ["document", "--format", "docx", "--table", "RENSTRA", "-o", str(tmp_path / "x.docx")])
    assert result.exit_code != 0 and "tidak ada Renstra" in result.output
    loaded(tmp_path)
    output = tmp_path / "renstra.docx"
    result = runner.invoke(app, ["document", "--format", "docx", "--table", "RENSTRA", "--pd", "DP3A", "-o",
                                 str(output)])
    assert result.exit_code == 0, result.output
    texts = [cell.text for table in docx.Document(output).tables for row in table.rows for cell in row.cells]
    assert "Tahun 2023" in texts and "Koordinasi dan Sinkronisasi Perumusan Kebijakan PUG" in texts

"""Renja's own workbook: written from a plan, edited by a planner, read back by its header texts."""

import copy

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renja.exchange.export import export_document
from renja.exchange.loader import load_document, load_file
from renja.exchange.workbook.own import (
    LISTS_SHEET,
    META_SHEET,
    README_SHEET,
    TREE_SHEET,
    is_own_workbook,
    read_own,
    write_workbook,
)
from renja.plans.models import SubKegiatan

from .test_export import CLEAN_PLAN, subs_of

LISTS = {"kode": [], "satuan": ["Dokumen", "Orang"], "sumber_dana": ["APBD", "DAK"]}


@pytest.fixture
def document():
    return export_document(load_file(CLEAN_PLAN).renja)


def written(document, tmp_path, name="plan.xlsx"):
    path = tmp_path / name
    write_workbook(document, path, lists=LISTS)
    return path


def header_columns(sheet):
    """{header text: column number} and the header row of the tree sheet, found the way a planner would."""
    for row in sheet.iter_rows(min_row=1, max_row=10):
        texts = {c.value: c.column for c in row if isinstance(c.value, str)}
        if "Tingkat" in texts and "Kode" in texts:
            return texts, row[0].row
    raise AssertionError("no header row")


def test_the_workbook_has_the_tree_the_tables_a_readme_and_hidden_metadata(document, tmp_path):
    book = openpyxl.load_workbook(written(document, tmp_path))
    assert book.sheetnames[:2] == [README_SHEET, TREE_SHEET]
    assert {"Prioritas Daerah", "Narasi", "Pernyataan", "Reviu RKPD (T-C.31)"} <= set(book.sheetnames)
    assert book[META_SHEET].sheet_state == "hidden" and book[LISTS_SHEET].sheet_state == "hidden"
    assert "Lembar Renja" in " ".join(str(c.value) for c in book[README_SHEET]["A"] if c.value)
    sheet = book[TREE_SHEET]
    columns, header = header_columns(sheet)
    # the numbering row under the headers
    assert [sheet.cell(header + 1, c).value for c in range(1, 5)] == [1, 2, 3, 4]
    levels = [sheet.cell(r, columns["Tingkat"]).value for r in range(header + 2, sheet.max_row + 1)]
    assert levels[:4] == ["Program", "Indikator", "Kegiatan", "Indikator"]
    assert levels.count("Sub Kegiatan") == 3
    # an amount written the usual way is a number cell; the program's computed sum is kept apart from the stated one
    row = header + 2
    assert sheet.cell(row, columns["Jumlah Pagu n Dihitung (tidak dibaca)"]).value == 400_000_000
    assert sheet.cell(row, columns["Pagu n Tertulis di Dokumen"]).value == "400.000.000"
    sub_row = header + 2 + levels.index("Sub Kegiatan")
    assert sheet.cell(sub_row, columns["Pagu Indikatif Tahun n (Rp)"]).value == 350_000_000
    # drop-down lists for codes, units and sumber dana, from the reference lists
    validations = {str(v.sqref).split(":")[0]: v for v in sheet.data_validations.dataValidation}
    letters = {h: openpyxl.utils.get_column_letter(c) for h, c in columns.items()}
    for header_text in ("Kode", "Satuan", "Sumber Dana", "Tingkat"):
        validation = validations[f"{letters[header_text]}{header + 2}"]
        assert validation.type == "list" and LISTS_SHEET in validation.formula1
    assert validations[f"{letters['Tingkat']}{header + 2}"].errorStyle in (None, "stop")
    assert validations[f"{letters['Sumber Dana']}{header + 2}"].errorStyle == "information"
    lists = book[LISTS_SHEET]
    assert [c.value for c in lists[openpyxl.utils.get_column_letter(5)]][:3] == ["sumber_dana", "APBD", "DAK"]


def test_a_workbook_edited_by_a_planner_reads_back_with_the_edit(document, tmp_path):
    path = written(document, tmp_path)
    book = openpyxl.load_workbook(path)
    sheet = book[TREE_SHEET]
    columns, header = header_columns(sheet)
    rows = {sheet.cell(r, columns["Kode"]).value: r for r in range(header + 2, sheet.max_row + 1)}
    # a pagu typed as a plain number, another written as text
    sheet.cell(rows["2.08.01.2.02.0001"], columns["Pagu Indikatif Tahun n (Rp)"]).value = 360000000
    sheet.cell(rows["2.08.01.2.02.07"], columns["Prakiraan Maju Tahun n+1 (Rp)"]).value = "Rp 60.000.000"
    # a sub kegiatan added at the end of the last kegiatan, with one indicator
    last = sheet.max_row + 1
    for header_text, value in (("Tingkat", "Sub Kegiatan"), ("Kode", "2.08.07.2.01.0005"),
                               ("Program / Kegiatan / Sub Kegiatan", "Sub kegiatan baru"),
                               ("Pagu Indikatif Tahun n (Rp)", 25000000), ("Sumber Dana", "APBD")):
        sheet.cell(last, columns[header_text]).value = value
    for header_text, value in (("Tingkat", "Indikator"), ("Indikator", "Jumlah anak didampingi"),
                               ("Target Tahun n", "30 Anak")):
        sheet.cell(last + 1, columns[header_text]).value = value
    book.save(path)

    read, problems = read_own(path)
    assert problems == []
    subs = subs_of(read)
    assert subs[0]["pagu_n"] == "360.000.000"
    assert subs[1]["pagu_n1"] == "Rp 60.000.000"
    assert subs[-1] == {"kode": "2.08.07.2.01.0005", "nama": "Sub kegiatan baru",
                        "indikator": [{"uraian": "Jumlah anak didampingi", "target_n": "30 Anak"}],
                        "sumber_dana": "APBD", "pagu_n": "25.000.000"}
    renja = load_document(read, replace=True).renja
    new = SubKegiatan.objects.get(kegiatan__program__renja=renja, kode="2.08.07.2.01.0005")
    assert (new.pagu_n, new.pagu_n_teks, new.indikator.get().target_n_satuan) == (25_000_000, "25.000.000", "Anak")
    assert SubKegiatan.objects.get(kegiatan__program__renja=renja, kode="2.08.01.2.02.0001").pagu_n == 360_000_000
    assert SubKegiatan.objects.get(kegiatan__program__renja=renja, kode="2.08.01.2.02.0007").pagu_n1 == 60_000_000


def test_columns_are_found_by_their_headers_not_their_letters(document, tmp_path):
    path = written(document, tmp_path)
    book = openpyxl.load_workbook(path)
    sheet = book[TREE_SHEET]
    sheet.move_range("A1:A3", cols=0)
    sheet.insert_cols(2)  # a planner's own column before Kode
    columns, header = header_columns(sheet)
    sheet.cell(header, 2).value = "Keterangan saya"
    for r in range(header + 2, sheet.max_row + 1):
        sheet.cell(r, 2).value = "abaikan"
    book.save(path)
    read, problems = read_own(path)
    assert problems == []
    assert read["renja"]["program"] == document["renja"]["program"]


def test_rows_that_cannot_be_placed_are_reported_with_sheet_row_column_and_value(document, tmp_path):
    path = written(document, tmp_path)
    book = openpyxl.load_workbook(path)
    sheet = book[TREE_SHEET]
    columns, header = header_columns(sheet)
    first = header + 2
    sheet.insert_rows(first, 2)
    sheet.cell(first, columns["Tingkat"]).value = "Indikator"
    sheet.cell(first, columns["Indikator"]).value = "tanpa induk"
    sheet.cell(first + 1, columns["Tingkat"]).value = "Subkeg"
    sheet.cell(first + 1, columns["Kode"]).value = "2.08.01.2.02.0099"
    reviu = book["Reviu RKPD (T-C.31)"]
    reviu_columns = {c.value: c.column for c in reviu[3]}
    reviu.cell(5, reviu_columns["Tingkat"]).value = "program"
    reviu.cell(5, reviu_columns["Rancangan Awal: Indikator dan Target (JSON)"]).value = "[tidak json"
    json_letter = openpyxl.utils.get_column_letter(reviu_columns["Rancangan Awal: Indikator dan Target (JSON)"])
    book.save(path)
    read, problems = read_own(path)
    letter = openpyxl.utils.get_column_letter(columns["Tingkat"])
    assert problems[:2] == [
        {"sheet": "Renja", "row": first, "column": letter, "value": "Indikator",
         "why": "indikator sebelum baris program/kegiatan/sub kegiatan mana pun; baris diabaikan"},
        {"sheet": "Renja", "row": first + 1, "column": letter, "value": "Subkeg",
         "why": "tingkat tidak dikenal (Program, Kegiatan, Sub Kegiatan atau Indikator); baris diabaikan"},
    ]
    assert problems[2]["sheet"] == "Reviu RKPD (T-C.31)" and problems[2]["row"] == 5
    assert problems[2]["column"] == json_letter == "F"
    assert problems[2]["value"] == "[tidak json" and "bukan JSON" in problems[2]["why"]
    assert len(problems) == 3
    assert read["renja"]["reviu_rkpd"] == [{"tingkat": "program"}]  # the row is kept, without the unreadable cell
    assert read["renja"]["program"] == document["renja"]["program"]  # the rest is read as it was


def test_a_kegiatan_above_every_program_is_reported(document, tmp_path):
    path = written(document, tmp_path)
    book = openpyxl.load_workbook(path)
    sheet = book[TREE_SHEET]
    columns, header = header_columns(sheet)
    sheet.insert_rows(header + 2)
    sheet.cell(header + 2, columns["Tingkat"]).value = "Kegiatan"
    book.save(path)
    _, problems = read_own(path)
    assert [(p["row"], p["why"]) for p in problems] == [
        (header + 2, "kegiatan tanpa baris program di atasnya; baris diabaikan")]


def test_the_workbook_is_recognised_by_its_headers(document, tmp_path):
    path = written(document, tmp_path)
    assert is_own_workbook(path)
    other = tmp_path / "lain.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Renja"
    book.active.append(["Kode", "Urusan/Bidang/Program/Kegiatan/Sub Kegiatan", "Indikator", "Pagu indikatif"])
    book.save(other)
    assert not is_own_workbook(other)
    junk = tmp_path / "rusak.xlsx"
    junk.write_bytes(b"PK\x03\x04 bukan buku kerja")
    assert not is_own_workbook(junk)


def test_odd_texts_survive_the_workbook(document, tmp_path):
    odd = copy.deepcopy(document)
    sub = odd["renja"]["program"][0]["kegiatan"][0]["sub_kegiatan"][0]
    sub["nama"] = "=SUM(A1) awal\tkolom\r\nbaris \x01 kontrol 😀"
    sub["catatan"] = "  spasi di tepi  "
    sub["kode"] = "2\t08\t01\t02.02\t01"
    odd["renja"]["narasi"] = [{"bab": "I", "judul": "Panjang", "teks": "abc " * 20_000}]
    odd["renja"]["prioritas_daerah"] = [{"nomor": "1", "indikator_sasaran_daerah": ["satu", "", "dua\nbaris"]},
                                        {"nomor": "2", "indikator_sasaran_daerah": [""]},
                                        {"nomor": "3", "indikator_sasaran_daerah": ["a", "b"]}]
    read, problems = read_own(written(odd, tmp_path))
    assert problems == []
    assert read == odd


def test_renja_perubahan_columns_appear_only_when_the_plan_has_them(document, tmp_path):
    assert "Pagu Sebelum Perubahan (Rp)" not in header_columns(openpyxl.load_workbook(
        written(document, tmp_path))[TREE_SHEET])[0]
    changed = copy.deepcopy(document)
    sub = changed["renja"]["program"][0]["kegiatan"][0]["sub_kegiatan"][0]
    sub["pagu_sebelum"] = "300.000.000"
    sub["pagu_kolom"] = {"rkpd": "300.000.000", "apbd_perubahan": "350.000.000"}
    sub["indikator"][0]["target_sebelum"] = "35 Orang"
    changed["renja"]["program"][0]["stated"].update(pagu_sebelum="390.000.000", pagu_kolom={"apbd": "Rp 1"})
    path = written(changed, tmp_path, "perubahan.xlsx")
    columns, _ = header_columns(openpyxl.load_workbook(path)[TREE_SHEET])
    assert {"Pagu Sebelum Perubahan (Rp)", "Target Sebelum Perubahan", "Pagu RKPD (Rp)",
            "Pagu APBD Perubahan (Rp)", "Pagu Sebelum Perubahan Tertulis di Dokumen",
            "Pagu APBD Tertulis di Dokumen"} <= set(columns)
    assert "Pagu APBD (Rp)" not in columns
    read, problems = read_own(path)
    assert problems == [] and read == changed


def test_options_replace_the_identity_kept_in_the_workbook(document, tmp_path):
    read, _ = read_own(written(document, tmp_path), year=2026, stage="final")
    assert (read["renja"]["tahun"], read["renja"]["tahap"]) == (2026, "final")


def test_a_workbook_without_its_metadata_says_so(document, tmp_path):
    path = written(document, tmp_path)
    book = openpyxl.load_workbook(path)
    del book[META_SHEET]
    book.save(path)
    read, problems = read_own(path)
    assert problems[0]["sheet"] == META_SHEET and "tidak ada" in problems[0]["why"]
    assert read["renja"]["program"] == document["renja"]["program"]


@pytest.mark.parametrize("text, why", [("x" * 40_000, "terlalu panjang"), ("a _x000D_ b", "urutan '_x000D_'")])
def test_a_text_a_cell_cannot_hold_is_refused_not_changed(document, tmp_path, text, why):
    from renja.exchange.workbook.own import WorkbookError

    odd = copy.deepcopy(document)
    odd["renja"]["program"][0]["raw"] = text
    with pytest.raises(WorkbookError, match=why) as refused:
        written(odd, tmp_path)
    assert "lembar Renja baris 7 kolom Baris Asli Dokumen" in str(refused.value)


def test_a_file_that_is_no_workbook_is_refused_with_its_name(tmp_path):
    from renja.exchange.workbook.own import WorkbookError

    junk = tmp_path / "rusak.xlsx"
    junk.write_bytes(b"PK\x03\x04 bukan buku kerja")
    with pytest.raises(WorkbookError, match="rusak.xlsx: bukan buku kerja Excel"):
        read_own(junk)


cell_values = st.one_of(st.none(), st.integers(-10**12, 10**16), st.floats(allow_nan=False, allow_infinity=False),
                        st.sampled_from(["Program", "Kegiatan", "Sub Kegiatan", "Indikator", "x", "1.2.3", "[", "{}"]),
                        st.text(st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn")), max_size=12))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.integers(1, 30), st.integers(1, 24), cell_values), max_size=12))
def test_a_workbook_edited_at_random_reads_and_loads_whole_or_not_at_all(document, tmp_path, edits):
    from django.db import transaction

    from renja.exchange.loader import LoadError
    from renja.plans.models import Renja

    path = written(document, tmp_path, "acak.xlsx")
    book = openpyxl.load_workbook(path)
    for row, col, value in edits:
        book[TREE_SHEET].cell(row, col).value = value
    book.save(path)
    read, problems = read_own(path)
    assert all(set(p) == {"sheet", "row", "column", "value", "why"} for p in problems)
    plans = Renja.objects.count()
    with transaction.atomic():
        try:
            load_document(read, replace=True)
        except LoadError:
            assert Renja.objects.count() == plans  # refused: nothing written
        transaction.set_rollback(True)

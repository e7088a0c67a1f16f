"""Digits int() cannot read: str.isdigit() is true of "³" and "①", int() refuses them (found by the fuzz bench in
a plan workbook's numbering row: ValueError). Every check before an int() is str.isdecimal(), which is true of
exactly what int() reads (Arabic-Indic digits too)."""

import pytest

from renja.exchange.workbook.grid import Sheet
from renja.exchange.workbook.headers import is_numbering_row
from renja.exchange.workbook.own import _is_numbering_row
from renja.reference.loaders import _level_value
from renja.web.views.workflow import _posted_comments


@pytest.mark.parametrize("row, numbering", [
    (["1", "2", "3"], True), (["(1)", "(2)", "(3)", "(4)"], True), (["١", "٢", "٣"], True),
    (["1", "²", "3"], False), (["①", "②", "③"], False), (["1", "2", "3³"], False),
])
def test_a_numbering_row_of_digits_int_cannot_read_is_not_one(row, numbering):
    assert is_numbering_row(Sheet("T-C.33", [row]), 1) is numbering
    assert bool(_is_numbering_row(row)) is (numbering and "(1)" not in row)


def test_a_level_cell_in_superscript_is_refused_as_any_other_text():
    assert _level_value("٣") == 3
    with pytest.raises(ValueError):
        _level_value("³")


def test_a_posted_comment_on_a_row_id_int_cannot_read_is_ignored():
    assert _posted_comments({"komentar-program-³": "catatan", "komentar-kegiatan-①": "catatan"}) == []

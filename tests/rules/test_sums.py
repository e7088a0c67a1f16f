import pytest

from .helpers import clean_document, findings, sub_kegiatan, view_of

pytestmark = pytest.mark.django_db


def test_program_pagu_that_is_the_sum_of_its_sub_kegiatan_passes():
    assert findings("PAGU-SUM-PROGRAM", view_of(clean_document())) == []


def test_program_pagu_that_is_not_the_sum_fails_with_expected_and_found():
    document = clean_document()
    sub_kegiatan(document, program=1)["pagu_n1"] = "540.000.000"
    [finding] = findings("PAGU-SUM-PROGRAM", view_of(document))
    assert (finding.code, finding.expected, finding.found) == ("2.08.07", 540000000, 550000000)
    assert finding.severity == "error" and finding.table == "T-C.33"
    assert "2026" in finding.message


def test_kegiatan_pagu_that_is_the_sum_passes():
    assert findings("PAGU-SUM-KEGIATAN", view_of(clean_document())) == []


def test_kegiatan_pagu_that_is_not_the_sum_fails():
    document = clean_document()
    document["renja"]["program"][0]["kegiatan"][0]["stated"]["pagu_n"] = "450.000.000"
    [finding] = findings("PAGU-SUM-KEGIATAN", view_of(document))
    assert (finding.code, finding.expected, finding.found) == ("2.08.01.2.02", 400000000, 450000000)


def test_demo_pug_program_n1_is_found(demo_view):
    found = [f for f in findings("PAGU-SUM-PROGRAM", demo_view) if f.code == "2.08.02"]
    assert [(f.expected, f.found) for f in found] == [(715342190, 715341993), (786876409, 1573752601)]
